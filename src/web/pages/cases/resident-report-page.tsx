import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { Page } from '../../api.js';
import { Panel } from '../../components/panel.js';
import { useApi } from '../../use-api.js';
import { StateTag } from './case-bits.js';
import { ReportForm } from './report-form.js';
import { formatTime, type CaseSummary } from './types.js';

/** 我要上报 inside the workbench (/cases/report): a signed-in resident reports and sees their own reports. */
export default function ResidentReportPage() {
  const { t } = useTranslation();
  const mine = useApi<Page<CaseSummary>>('/api/cases/mine', { limit: 20 });
  return (
    <div className="gg-page">
      <div className="gg-page-head">
        <div>
          <h1 className="gg-page-title">{t('cases.report.title')}</h1>
          <span className="gg-muted">{t('cases.report.subtitle')}</span>
        </div>
      </div>
      <div className="gg-case-grid">
        <div>
          <Panel>
            <ReportForm mode="resident" />
          </Panel>
        </div>
        <div>
          <Panel title={t('cases.report.mine')} data-testid="my-reports">
            {(mine.data?.items ?? []).length === 0 ? (
              <span className="gg-muted">{t('cases.report.mineEmpty')}</span>
            ) : (
              <div className="gg-inbox-list">
                {mine.data!.items.map((c) => (
                  <Link key={c.id} to={`/cases/${c.id}`} className="gg-inbox-card">
                    <div className="gg-inbox-card-head">
                      <strong>{c.number}</strong>
                      <StateTag state={c.state} />
                    </div>
                    <div>{c.title}</div>
                    <div className="gg-muted" style={{ fontSize: 12 }}>
                      {formatTime(c.createdAt)}
                    </div>
                  </Link>
                ))}
              </div>
            )}
          </Panel>
        </div>
      </div>
    </div>
  );
}
