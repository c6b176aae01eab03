import { Button, Form, Input, List, Result, Select, Tabs, Tag } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../api.js';
import { useAuth } from '../../auth.js';
import { ExportButton, type ExportableColumn } from '../../components/export-button.js';
import { Panel } from '../../components/panel.js';
import { ProblemAlert } from '../../components/problem-alert.js';
import { useApi } from '../../use-api.js';
import { StructureSettings } from './structure-settings.js';
import { beijingTime } from '../../format.js';

interface Catalogue { categories: { id: string; name: string; items: { id: string; name: string; isBookable: boolean }[] }[] }
interface Point { id: string; name: string; address: string; openingHours: { weekday: number; open: string; close: string }[]; staff: string[] }
interface Booking { id: string; slotStart: string; status: string; itemId: string }

const beijing = (iso: string) => beijingTime(iso);

/** 便民服务 (/services): booking for everyone; admins and cadres also get 联盟设置 (editing the alliance). */
export default function ServicesPage() {
  const { t } = useTranslation();
  const { can } = useAuth();
  if (!can('service.configure')) return <BookingPage />;
  return (
    <div className="gg-page" data-testid="services-tabs">
      <h1 className="gg-page-title">{t('services.title')}</h1>
      <Tabs items={[{ key: 'book', label: t('services.tabBook'), children: <BookingPage isEmbedded /> }, { key: 'settings', label: t('services.tabSettings'), children: <StructureSettings /> }]} />
    </div>
  );
}

/** 预约服务: the catalogue, the service points with their hours, booking a slot and my bookings. */
function BookingPage({ isEmbedded = false }: { isEmbedded?: boolean }) {
  const { t } = useTranslation();
  const { can } = useAuth();
  const catalogue = useApi<Catalogue>('/api/services/catalogue');
  const points = useApi<{ items: Point[] }>('/api/services/points');
  const bookings = useApi<{ items: Booking[] }>('/api/services/bookings', { limit: 20 });
  const [error, setError] = useState<unknown>();
  const [booked, setBooked] = useState<Booking | null>(null);
  const [form] = Form.useForm();
  const itemName = new Map((catalogue.data?.categories ?? []).flatMap((c) => c.items.map((i) => [i.id, i.name] as const)));
  const hoursOf = (p: Point) => `${[...new Set(p.openingHours.map((h) => `${h.open}–${h.close}`))].join('，')}（${t('services.weekdays')}）`;
  const bookingColumns: ExportableColumn<Booking>[] = [
    { key: 'slot', title: t('services.slot'), render: (_, b) => beijing(b.slotStart) },
    { key: 'item', title: t('services.item'), render: (_, b) => itemName.get(b.itemId) ?? '' },
    { key: 'status', title: t('services.state'), render: (_, b) => t(`services.status.${b.status}`) },
  ];
  const pointColumns: ExportableColumn<Point>[] = [
    { key: 'name', title: t('services.structure.field.name'), render: (_, p) => p.name },
    { key: 'address', title: t('services.structure.field.address'), render: (_, p) => p.address },
    { key: 'hours', title: t('services.structure.field.openingHours'), render: (_, p) => hoursOf(p) },
  ];

  const submit = async (v: { itemId: string; pointId: string; slotStart: string; address?: string }) => {
    setError(undefined);
    try {
      // The input is Beijing wall-clock time.
      const slotStart = new Date(`${v.slotStart}:00+08:00`).toISOString();
      setBooked(await api<Booking>('/api/services/bookings', { method: 'POST', body: { ...v, slotStart } }));
      bookings.reload();
    } catch (e) {
      setError(e);
    }
  };

  return (
    <div className="gg-page" data-testid="services-page">
      {!isEmbedded && <h1 className="gg-page-title">{t('services.title')}</h1>}
      {can('service.book') && (
        <Panel title={<h2 className="gg-h2">{t('services.book')}</h2>}>
          <ProblemAlert error={error} />
          {booked ? (
            <Result status="success" title={t('services.booked', { at: beijing(booked.slotStart) })} extra={<Button onClick={() => setBooked(null)}>{t('services.again')}</Button>} />
          ) : (
            <Form form={form} layout="vertical" onFinish={submit}>
              <Form.Item name="itemId" label={t('services.item')} rules={[{ required: true }]}>
                <Select showSearch optionFilterProp="label" options={(catalogue.data?.categories ?? []).map((c) => ({ label: c.name, options: c.items.filter((i) => i.isBookable).map((i) => ({ value: i.id, label: i.name })) }))} />
              </Form.Item>
              <Form.Item name="pointId" label={t('services.point')} rules={[{ required: true }]}>
                <Select options={(points.data?.items ?? []).map((p) => ({ value: p.id, label: p.name }))} />
              </Form.Item>
              <Form.Item name="slotStart" label={t('services.slot')} rules={[{ required: true }]}><Input type="datetime-local" step={1800} /></Form.Item>
              <Form.Item name="address" label={t('services.address')}><Input /></Form.Item>
              <Button type="primary" htmlType="submit" block>{t('services.submit')}</Button>
            </Form>
          )}
        </Panel>
      )}
      <Panel title={<h2 className="gg-h2">{t('services.mine')}</h2>} extra={<ExportButton rows={bookings.data?.items ?? []} columns={bookingColumns} fileName={t('services.mine')} testId="export-bookings" />}>
        <List dataSource={bookings.data?.items ?? []} renderItem={(b) => <List.Item>{beijing(b.slotStart)} · {itemName.get(b.itemId) ?? ''} <Tag>{t(`services.status.${b.status}`)}</Tag></List.Item>} />
      </Panel>
      <Panel title={<h2 className="gg-h2">{t('services.points')}</h2>} extra={<ExportButton rows={points.data?.items ?? []} columns={pointColumns} fileName={t('services.points')} testId="export-points" />}>
        <List
          dataSource={points.data?.items ?? []}
          renderItem={(p) => (
            <List.Item>
              <div>
                <strong>{p.name}</strong> · {p.address}
                <div>{hoursOf(p)}</div>
              </div>
            </List.Item>
          )}
        />
      </Panel>
    </div>
  );
}
