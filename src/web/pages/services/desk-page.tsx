import { Grid, Statistic, Tabs } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useAuth } from '../../auth.js';
import { Panel } from '../../components/panel.js';
import { useApi } from '../../use-api.js';
import { BookingsTab } from './desk-bookings.js';
import { ConsultationsTab } from './desk-consultations.js';
import { MediationsTab } from './desk-mediations.js';
import type { ServiceStats } from './desk-bits.js';
import './desk.css';

/**
 * 服务受理 (/services/desk): where a hall operator or community secretary works the alliance's
 * consultations (log, answer, turn into a case), mediated disputes and the bookings at the points
 * in their scope, under the alliance's figures.
 */
export default function ServiceDeskPage() {
  const { t } = useTranslation();
  const { can } = useAuth();
  const screens = Grid.useBreakpoint();
  const stats = useApi<ServiceStats>('/api/services/stats');
  const open = useApi<{ total: number }>('/api/services/consultations', { status: 'open', limit: 1 });
  const [tab, setTab] = useState('consultations');
  const refresh = () => {
    stats.reload();
    open.reload();
  };
  const figures: [string, number | undefined][] = [
    ['consultations', stats.data?.consultations],
    ['open', open.data?.total],
    ['disputesSettled', stats.data?.disputesSettledByAlliance],
    ['servicePoints', stats.data?.servicePoints],
  ];
  const tabs = [
    { key: 'consultations', label: t('services.desk.tab.consultations'), children: <ConsultationsTab onChanged={refresh} /> },
    ...(can('mediation.read') ? [{ key: 'mediations', label: t('services.desk.tab.mediations'), children: <MediationsTab onChanged={refresh} /> }] : []),
    ...(can('booking.handle') ? [{ key: 'bookings', label: t('services.desk.tab.bookings'), children: <BookingsTab /> }] : []),
  ];

  return (
    <div className="gg-page" data-testid="service-desk">
      <div className="gg-page-head">
        <div>
          <h1 className="gg-page-title">{t('services.desk.title')}</h1>
          {screens.md && <div className="gg-muted">{t('services.desk.subtitle')}</div>}
        </div>
      </div>
      <div className="gg-desk-figures" data-testid="desk-figures">
        {figures.map(([key, value]) => (
          <Panel key={key} className="gg-stat-card">
            <Statistic title={t(`services.desk.stats.${key}`)} value={value ?? '—'} loading={stats.isLoading && !stats.data} data-testid={`desk-figure-${key}`} />
          </Panel>
        ))}
      </div>
      <Tabs activeKey={tab} onChange={setTab} items={tabs} destroyOnHidden />
    </div>
  );
}
