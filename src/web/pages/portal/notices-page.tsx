import { Empty, Spin, Tag } from 'antd';
import { useTranslation } from 'react-i18next';
import { ProblemAlert } from '../../components/problem-alert.js';
import { useApi } from '../../use-api.js';
import { beijingTime, PortalFrame } from './portal-bits.js';
import type { BoardNotice } from './types.js';

/** 社区公告 (/portal/notices): notices of my grid and every grid above it, pinned first. */
export default function PortalNoticesPage() {
  const { t } = useTranslation();
  const board = useApi<{ items: BoardNotice[] }>('/api/notices', { limit: 50 });
  return (
    <PortalFrame testId="portal-notices" title={t('portal.notices.title')} intro={t('portal.notices.intro')}>
      <ProblemAlert error={board.error} />
      {board.isLoading && !board.data ? <Spin /> : (board.data?.items ?? []).length === 0 ? <Empty description={t('portal.notices.empty')} /> : (
        board.data!.items.map((n) => (
          <article key={n.id} id={n.id} className="gg-portal-card" data-testid="portal-notice">
            <div className="gg-portal-card-head">
              <h2 style={{ fontSize: 16, margin: 0 }}>{n.title}</h2>
              {n.pinned && <Tag color="red">{t('portal.notices.pinned')}</Tag>}
            </div>
            <div className="gg-portal-meta">{n.gridName} · {beijingTime(n.publishedAt)}</div>
            <p className="gg-portal-notice-body">{n.body.replace(/\*\*(.+?)\*\*/g, '$1')}</p>
          </article>
        ))
      )}
    </PortalFrame>
  );
}
