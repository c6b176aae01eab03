import { Alert, Button, Skeleton, Space, Statistic } from 'antd';
import { ArrowRightOutlined, CloseOutlined, NodeExpandOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { Assignment, GridDetail } from '../../api.js';
import { useAuth } from '../../auth.js';
import { AssignmentList } from '../../components/assignments.js';
import { GridBreadcrumb, LevelTag, detailPath, mapPath } from '../../components/grid-bits.js';
import { ProblemAlert } from '../../components/problem-alert.js';
import { useApi } from '../../use-api.js';
import { Panel } from '../../components/panel.js';

interface Props {
  gridId: string;
  /** The grid the map currently shows (a different focus can drill into it). */
  shownId?: string;
  /** The point the user clicked, when the focus came from the map. */
  point?: { lng: number; lat: number } | null;
  onClose?(): void;
  className?: string;
}

/** What a cadre needs about one grid at a glance: where it is, how big, who is responsible. */
export function GridPanel({ gridId, shownId, point, onClose, className }: Props) {
  const { t, i18n } = useTranslation();
  const { can } = useAuth();
  const detail = useApi<GridDetail>(`/api/grids/${gridId}`);
  const assignments = useApi<{ items: Assignment[] }>(can('assignment.read') ? `/api/grids/${gridId}/assignments` : null);
  const grid = detail.data;
  const number = (n: number | undefined) => (n ?? 0).toLocaleString(i18n.language);

  return (
    <Panel
      className={className}
      data-testid="grid-panel"
      title={
        grid ? (
          <Space size={8} wrap>
            <LevelTag level={grid.level} />
            <span data-testid="grid-panel-name">{grid.name}</span>
          </Space>
        ) : (
          t('common.loading')
        )
      }
      extra={onClose ? <Button type="text" size="small" icon={<CloseOutlined />} aria-label={t('map.closePick')} onClick={onClose} /> : null}
    >
      {detail.error ? <ProblemAlert error={detail.error} /> : null}
      {!grid && !detail.error ? <Skeleton active paragraph={{ rows: 4 }} /> : null}
      {grid ? (
        <Space orientation="vertical" size={12} style={{ width: '100%' }}>
          {grid.ancestors.length > 0 && <GridBreadcrumb ancestors={grid.ancestors} />}
          {point && (
            <span className="gg-muted" style={{ fontSize: 12 }}>
              {t('map.pickedAt', { lng: point.lng.toFixed(5), lat: point.lat.toFixed(5) })}
            </span>
          )}
          <div className="gg-stat-grid">
            <Statistic title={t('counts.children')} value={number(grid.counts.children)} />
            <Statistic title={t('counts.persons')} value={number(grid.counts.persons)} />
            <Statistic title={t('counts.households')} value={number(grid.counts.households)} />
            <Statistic title={t('counts.partyMembers')} value={number(grid.counts.partyMembers)} />
          </div>
          {can('assignment.read') && (
            <div>
              <h2 className="gg-section-title">
                {t('assignment.title')}
              </h2>
              {assignments.error ? <ProblemAlert error={assignments.error} /> : <AssignmentList items={assignments.data?.items ?? []} isLoading={assignments.isLoading} />}
            </div>
          )}
          <Space wrap>
            <Link to={detailPath(grid.id)} data-testid="grid-panel-detail">
              <Button type="primary" icon={<ArrowRightOutlined />}>
                {t('map.openDetail')}
              </Button>
            </Link>
            {grid.id !== shownId && grid.counts.children > 0 && (
              <Link to={mapPath(grid.id)}>
                <Button icon={<NodeExpandOutlined />}>{t('map.drillDown')}</Button>
              </Link>
            )}
          </Space>
        </Space>
      ) : null}
    </Panel>
  );
}

export function OutsideAlert({ onClose }: { onClose(): void }) {
  const { t } = useTranslation();
  return <Alert type="info" showIcon title={t('map.outside')} closable={{ onClose }} data-testid="map-outside" />;
}
