import { Alert, Button, Empty, Form, Input, Select, Tag, message } from 'antd';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, ApiError } from '../../api.js';
import { Panel } from '../../components/panel.js';
import { ProblemAlert } from '../../components/problem-alert.js';
import { useApi } from '../../use-api.js';
import { beijingTime, PortalFrame } from './portal-bits.js';
import type { Booking, Catalogue, OpeningInterval, ServicePoint } from './types.js';

const DAY_MS = 24 * 60 * 60 * 1000;
/** Beijing is UTC+8 all year. */
const BEIJING_MS = 8 * 60 * 60 * 1000;

/** The next week's days in Beijing time, as YYYY-MM-DD with their ISO weekday (1 = Monday). */
function nextDays(now: Date, count = 7): { date: string; weekday: number }[] {
  return Array.from({ length: count }, (_, i) => {
    const local = new Date(now.getTime() + BEIJING_MS + i * DAY_MS);
    return { date: local.toISOString().slice(0, 10), weekday: ((local.getUTCDay() + 6) % 7) + 1 };
  });
}

/** Slot starts of one day from the point's opening hours, skipping those already past. */
function slotsOf(date: string, weekday: number, hours: OpeningInterval[], slotMinutes: number, now: Date): string[] {
  const slots: string[] = [];
  for (const h of hours.filter((x) => x.weekday === weekday)) {
    const open = new Date(`${date}T${h.open}:00+08:00`).getTime();
    const close = new Date(`${date}T${h.close}:00+08:00`).getTime();
    for (let t = open; t + slotMinutes * 60_000 <= close; t += slotMinutes * 60_000) if (t > now.getTime()) slots.push(new Date(t).toISOString());
  }
  return slots;
}

/** The slots the server suggests in a 409 (ISO times inside its message). */
function suggestedSlots(error: unknown): string[] {
  if (!(error instanceof ApiError) || error.status !== 409) return [];
  const text = (error.problem.errors ?? []).map((e) => e.message ?? '').join(' ');
  return text.match(/\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z/g) ?? [];
}

/** 预约服务 (/portal/services): a service item, a service point, a free slot, an address; my bookings below. */
export default function PortalServicesPage() {
  const { t, i18n } = useTranslation();
  const catalogue = useApi<Catalogue>('/api/services/catalogue');
  const points = useApi<{ items: ServicePoint[] }>('/api/services/points');
  const bookings = useApi<{ items: Booking[] }>('/api/services/bookings', { limit: 20 });
  const [itemId, setItemId] = useState<string>();
  const [pointId, setPointId] = useState<string>();
  const [day, setDay] = useState(0);
  const [slot, setSlot] = useState<string>();
  const [address, setAddress] = useState('');
  const [error, setError] = useState<unknown>();
  const [isBooking, setBooking] = useState(false);
  const now = useMemo(() => new Date(), []);
  const days = useMemo(() => nextDays(now), [now]);
  const point = points.data?.items.find((p) => p.id === pointId);
  const slots = point ? slotsOf(days[day].date, days[day].weekday, point.openingHours, point.slotMinutes, now) : [];
  const suggestions = suggestedSlots(error);
  const isEnglish = i18n.language === 'en';
  const itemName = new Map((catalogue.data?.categories ?? []).flatMap((c) => c.items.map((i) => [i.id, i.name] as const)));
  const pointName = new Map((points.data?.items ?? []).map((p) => [p.id, p.name] as const));

  const book = async (slotStart = slot) => {
    if (!itemId || !pointId || !slotStart) return;
    setError(undefined);
    setBooking(true);
    try {
      await api('/api/services/bookings', { method: 'POST', body: { itemId, pointId, slotStart, address: address.trim() || undefined } });
      message.success(t('portal.services.booked', { time: beijingTime(slotStart) }));
      setSlot(undefined);
      bookings.reload();
    } catch (e) {
      setError(e);
    } finally {
      setBooking(false);
    }
  };

  return (
    <PortalFrame testId="portal-services" title={t('portal.services.title')} intro={t('portal.services.intro')}>
      <Panel>
        <Form layout="vertical" name="portal-booking" onFinish={() => book()}>
          <Form.Item label={t('portal.services.item')} required>
            <Select
              aria-label={t('portal.services.item')}
              showSearch={{ optionFilterProp: 'label' }}
              value={itemId}
              onChange={setItemId}
              placeholder={t('portal.services.itemPlaceholder')}
              options={(catalogue.data?.categories ?? []).map((c) => ({
                label: isEnglish ? c.nameEn : c.name,
                title: isEnglish ? c.nameEn : c.name,
                options: c.items.filter((i) => i.isBookable).map((i) => ({ value: i.id, label: i.name })),
              })).filter((g) => g.options.length > 0)}
              data-testid="booking-item"
            />
          </Form.Item>
          <Form.Item label={t('portal.services.point')} required>
            <Select
              aria-label={t('portal.services.point')}
              value={pointId}
              onChange={(v) => { setPointId(v); setSlot(undefined); }}
              placeholder={t('portal.services.pointPlaceholder')}
              options={(points.data?.items ?? []).map((p) => ({ value: p.id, label: `${p.name} · ${p.address}` }))}
              data-testid="booking-point"
            />
          </Form.Item>
          {point && (
            <>
              <fieldset style={{ border: 0, padding: 0, margin: '0 0 16px' }}>
                <legend style={{ fontSize: 14, marginBottom: 8 }}>{t('portal.services.day')}</legend>
                <div className="gg-portal-slots">
                  {days.map((d, i) => (
                    <Button key={d.date} type={day === i ? 'primary' : 'default'} aria-pressed={day === i} onClick={() => { setDay(i); setSlot(undefined); }} data-testid="booking-day">
                      {`${Number(d.date.slice(5, 7))}/${Number(d.date.slice(8))} ${t(`portal.services.weekday.${d.weekday}`)}`}
                    </Button>
                  ))}
                </div>
              </fieldset>
              <fieldset style={{ border: 0, padding: 0, margin: '0 0 16px' }}>
                <legend style={{ fontSize: 14, marginBottom: 8 }}>{t('portal.services.slot')}</legend>
                {slots.length === 0 ? <p className="gg-portal-meta">{t('portal.services.closed')}</p> : (
                  <div className="gg-portal-slots">
                    {slots.map((s) => (
                      <Button key={s} type={slot === s ? 'primary' : 'default'} aria-pressed={slot === s} onClick={() => setSlot(s)} data-testid="booking-slot">
                        {beijingTime(s, false)}
                      </Button>
                    ))}
                  </div>
                )}
              </fieldset>
            </>
          )}
          <Form.Item label={t('portal.services.address')} htmlFor="booking-address" extra={t('portal.services.addressHint')}>
            <Input id="booking-address" value={address} maxLength={200} onChange={(e) => setAddress(e.target.value)} autoComplete="street-address" data-testid="booking-address" />
          </Form.Item>
          {suggestions.length > 0 ? (
            <Alert
              type="warning"
              showIcon
              role="alert"
              title={(error as ApiError).problem.errors?.[0]?.reason === 'slotFull' ? t('portal.services.full') : t('portal.services.outside')}
              description={
                <div>
                  <p style={{ margin: '0 0 8px' }}>{t('portal.services.tryThese')}</p>
                  <div className="gg-portal-slots">
                    {suggestions.map((s) => (
                      <Button key={s} onClick={() => { setSlot(s); void book(s); }} data-testid="booking-suggestion">{beijingTime(s)}</Button>
                    ))}
                  </div>
                </div>
              }
              data-testid="booking-conflict"
            />
          ) : (
            <ProblemAlert error={error} />
          )}
          <Button type="primary" htmlType="submit" block disabled={!itemId || !pointId || !slot} loading={isBooking} style={{ marginTop: 12 }} data-testid="booking-submit">
            {t('portal.services.submit')}
          </Button>
        </Form>
      </Panel>
      <Panel title={<h2 className="gg-h2">{t('portal.services.mine')}</h2>}>
        <ProblemAlert error={bookings.error} />
        {(bookings.data?.items ?? []).length === 0 ? <Empty description={t('portal.services.none')} /> : (
          <ul style={{ listStyle: 'none', padding: 0, margin: 0 }}>
            {bookings.data!.items.map((b) => (
              <li key={b.id} style={{ padding: '8px 0', borderBottom: '1px solid #f0f0f0' }} data-testid="my-booking">
                <div>{itemName.get(b.itemId) ?? ''} <Tag>{t(`portal.services.status.${b.status}`, { defaultValue: b.status })}</Tag></div>
                <div className="gg-portal-meta">{[beijingTime(b.slotStart), pointName.get(b.pointId), b.address].filter(Boolean).join(' · ')}</div>
              </li>
            ))}
          </ul>
        )}
      </Panel>
    </PortalFrame>
  );
}
