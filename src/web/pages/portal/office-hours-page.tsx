import { Empty, Spin } from 'antd';
import { useTranslation } from 'react-i18next';
import { ProblemAlert } from '../../components/problem-alert.js';
import { useApi } from '../../use-api.js';
import { beijingTime, PortalFrame } from './portal-bits.js';

interface OfficeHour { id: string; gridName: string; startsAt: string; endsAt: string; place: string; hostName: string; topic: string | null }

/** 我在小区等您 (/portal/office-hours): when and where the community receives residents in the compounds. */
export default function PortalOfficeHoursPage() {
  const { t } = useTranslation();
  const hours = useApi<{ items: OfficeHour[] }>('/api/fieldwork/office-hours', { limit: 30 });
  return (
    <PortalFrame testId="portal-office-hours" title={t('portal.officeHours.title')} intro={t('portal.officeHours.intro')}>
      <ProblemAlert error={hours.error} />
      {hours.isLoading && !hours.data ? <Spin /> : (hours.data?.items ?? []).length === 0 ? <Empty description={t('portal.officeHours.empty')} /> : (
        hours.data!.items.map((h) => (
          <article key={h.id} className="gg-portal-card" data-testid="portal-office-hour">
            <h2 style={{ fontSize: 16, margin: 0 }}>{beijingTime(h.startsAt)}–{beijingTime(h.endsAt, false)}</h2>
            <div>{h.place} · {h.gridName}</div>
            <div className="gg-portal-meta">{t('portal.officeHours.host', { name: h.hostName })}{h.topic ? ` · ${h.topic}` : ''}</div>
          </article>
        ))
      )}
    </PortalFrame>
  );
}
