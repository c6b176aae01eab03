import { Button, Empty, Input, Radio, Rate, Spin, message } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { api, type Page } from '../../api.js';
import { ProblemAlert } from '../../components/problem-alert.js';
import { useApi } from '../../use-api.js';
import { StateTag } from '../cases/case-bits.js';
import type { CaseSummary } from '../cases/types.js';
import { beijingTime, PortalFrame } from './portal-bits.js';

interface Draft { rating: number; feedback: 'confirmed' | 'disputed'; note: string }

/** 我的上报 (/portal/reports): what I reported, where each stands, and a rating for what was done. */
export default function PortalReportsPage() {
  const { t } = useTranslation();
  const mine = useApi<Page<CaseSummary>>('/api/cases/mine', { limit: 50 });
  const [drafts, setDrafts] = useState<Record<string, Draft>>({});
  const [error, setError] = useState<unknown>();
  const draftOf = (id: string): Draft => drafts[id] ?? { rating: 5, feedback: 'confirmed', note: '' };
  const edit = (id: string, patch: Partial<Draft>) => setDrafts({ ...drafts, [id]: { ...draftOf(id), ...patch } });

  const rate = async (c: CaseSummary) => {
    const d = draftOf(c.id);
    setError(undefined);
    try {
      await api(`/api/cases/${c.id}/actions/rate`, { method: 'POST', body: { version: c.version, note: d.note.trim() || undefined, data: { rating: d.rating, feedback: d.feedback } } });
      message.success(t('portal.reports.thanks'));
      mine.reload();
    } catch (e) {
      setError(e);
    }
  };

  return (
    <PortalFrame testId="portal-reports" title={t('portal.reports.title')} intro={t('portal.reports.intro')}>
      <div className="gg-portal-actions" style={{ marginTop: 0, marginBottom: 12 }}>
        <Link to="/cases/report"><Button type="primary">{t('portal.reports.new')}</Button></Link>
      </div>
      <ProblemAlert error={error ?? mine.error} />
      {mine.isLoading && !mine.data ? <Spin /> : (mine.data?.items ?? []).length === 0 ? <Empty description={t('portal.reports.empty')} /> : (
        mine.data!.items.map((c) => {
          const d = draftOf(c.id);
          const canRate = c.state === 'closed' && c.rating === null;
          return (
            <article key={c.id} className="gg-portal-card" data-testid="portal-report">
              <div className="gg-portal-card-head">
                <h3><Link to={`/cases/${c.id}`}>{c.title}</Link></h3>
                <StateTag state={c.state} />
              </div>
              <div className="gg-portal-meta">{c.number} · {beijingTime(c.createdAt)}{c.gridName ? ` · ${c.gridName}` : ''}</div>
              {c.rating !== null && <div style={{ marginTop: 6 }}>{t('portal.reports.rated')} <Rate disabled value={c.rating} aria-label={t('portal.reports.ratingValue', { rating: c.rating })} /></div>}
              {canRate && (
                <fieldset style={{ border: 0, padding: 0, margin: '10px 0 0' }}>
                  <legend style={{ fontSize: 14, marginBottom: 4 }}>{t('portal.reports.rateLegend')}</legend>
                  <Radio.Group value={d.feedback} onChange={(e) => edit(c.id, { feedback: e.target.value })} aria-label={t('portal.reports.feedback')}>
                    <Radio value="confirmed">{t('portal.reports.confirmed')}</Radio>
                    <Radio value="disputed">{t('portal.reports.disputed')}</Radio>
                  </Radio.Group>
                  <div style={{ margin: '8px 0' }}>
                    <span id={`rate-${c.id}`} style={{ marginInlineEnd: 8 }}>{t('portal.reports.stars')}</span>
                    <Rate value={d.rating} onChange={(v) => edit(c.id, { rating: v || 1 })} aria-labelledby={`rate-${c.id}`} />
                  </div>
                  <Input.TextArea rows={2} maxLength={2000} value={d.note} onChange={(e) => edit(c.id, { note: e.target.value })} aria-label={t('portal.reports.comment')} placeholder={t('portal.reports.comment')} />
                  <div className="gg-portal-actions">
                    <Button type="primary" onClick={() => rate(c)} data-testid="report-rate">{t('portal.reports.submitRating')}</Button>
                  </div>
                </fieldset>
              )}
            </article>
          );
        })
      )}
    </PortalFrame>
  );
}
