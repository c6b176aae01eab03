import { Button, List, Popconfirm, Tag, message } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../api.js';
import { ExportButton, type ExportableColumn } from '../../components/export-button.js';
import { Panel } from '../../components/panel.js';
import { ProblemAlert } from '../../components/problem-alert.js';
import { useApi } from '../../use-api.js';
import { DeskList, FilterSelect, useDeskList } from './desk-list.js';
import { beijing, bookingColor, type Booking } from './desk-bits.js';

const bookingStates = ['booked', 'done', 'cancelled'] as const;

type Filters = {
  status?: string;
  pointId?: string;
};

/** 预约: bookings at the service points in scope (latest slot first), by state and point, paged on the server, with cancelling. */
export function BookingsTab() {
  const { t } = useTranslation();
  const bookings = useDeskList<Booking, Filters>('/api/services/bookings');
  const { list, filters, update } = bookings;
  const catalogue = useApi<{ categories: { items: { id: string; name: string }[] }[] }>('/api/services/catalogue');
  const points = useApi<{ items: { id: string; name: string }[] }>('/api/services/points');
  const [error, setError] = useState<unknown>();
  const itemName = new Map((catalogue.data?.categories ?? []).flatMap((c) => c.items.map((i) => [i.id, i.name] as const)));
  const pointName = new Map((points.data?.items ?? []).map((p) => [p.id, p.name] as const));
  const columns: ExportableColumn<Booking>[] = [
    { key: 'slot', title: t('services.desk.field.slot'), render: (_, b) => beijing(b.slotStart) },
    { key: 'item', title: t('services.desk.field.item'), render: (_, b) => itemName.get(b.itemId) ?? '' },
    { key: 'point', title: t('services.desk.field.point'), render: (_, b) => pointName.get(b.pointId) ?? '' },
    { key: 'resident', title: t('services.desk.field.resident'), render: (_, b) => b.residentName },
    { key: 'address', title: t('services.desk.field.address'), render: (_, b) => b.address ?? '' },
    { key: 'state', title: t('services.desk.field.state'), render: (_, b) => t(`services.desk.bookingStatus.${b.status}`) },
  ];

  const cancel = async (b: Booking) => {
    setError(undefined);
    try {
      await api(`/api/services/bookings/${b.id}/cancel`, { method: 'POST', body: {} });
      void message.success(t('services.desk.cancelled'));
      list.reload();
    } catch (e) {
      setError(e);
    }
  };

  return (
    <div className="gg-page" data-testid="desk-bookings">
      <Panel>
        <div className="gg-desk-toolbar">
          <div className="gg-desk-filters">
            <FilterSelect label={t('services.desk.filter.state')} value={filters.status} onChange={(status) => update({ status })} options={bookingStates.map((v) => ({ value: v, label: t(`services.desk.bookingStatus.${v}`) }))} testId="filter-booking-state" />
            <FilterSelect label={t('services.desk.filter.point')} value={filters.pointId} onChange={(pointId) => update({ pointId })} options={(points.data?.items ?? []).map((p) => ({ value: p.id, label: p.name }))} width={200} isSearchable testId="filter-booking-point" />
          </div>
          <ExportButton path="/api/services/bookings" query={{ ...filters }} columns={columns} fileName={t('services.desk.exportBookings')} testId="export-desk-bookings" />
        </div>
        <div className="gg-muted">{t('services.desk.bookingsHint')}</div>
      </Panel>
      <ProblemAlert error={error ?? list.error} />
      <Panel>
        <div className="gg-muted" data-testid="bookings-total">{t('services.desk.total', { count: list.data?.total ?? 0 })}</div>
        <DeskList
          state={bookings}
          renderItem={(b: Booking) => (
            <List.Item key={b.id} className="gg-desk-item" data-testid="booking-item">
              <div className="gg-desk-item-head">
                <Tag color={bookingColor[b.status]}>{t(`services.desk.bookingStatus.${b.status}`)}</Tag>
                <strong>{beijing(b.slotStart)}</strong>
                <span>{itemName.get(b.itemId) ?? ''}</span>
              </div>
              <div className="gg-muted">
                {pointName.get(b.pointId) ?? ''} · {b.residentName}
                {b.address ? ` · ${b.address}` : ''}
              </div>
              {b.status === 'booked' && (
                <div>
                  <Popconfirm title={t('services.desk.cancelConfirm')} okText={t('services.desk.yes')} cancelText={t('services.desk.no')} onConfirm={() => cancel(b)}>
                    <Button size="small" danger data-testid="booking-cancel">
                      {t('services.desk.cancelBooking')}
                    </Button>
                  </Popconfirm>
                </div>
              )}
            </List.Item>
          )}
        />
      </Panel>
    </div>
  );
}
