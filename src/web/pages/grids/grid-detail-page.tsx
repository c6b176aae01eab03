import { Button, Descriptions, Empty, Skeleton, Space, Statistic, Table, Tag, type TableColumnsType } from 'antd';
import { EnvironmentOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import type { Assignment, CoverageItem, CoverageReport, GridDetail, GridNode, Page } from '../../api.js';
import { useAuth } from '../../auth.js';
import { ExportButton } from '../../components/export-button.js';
import { AssignmentTable, assignmentColumns } from '../../components/assignment-table.js';
import { sortAssignments } from '../../components/assignments.js';
import { GridBreadcrumb, LevelTag, detailPath, mapPath, useFormatArea } from '../../components/grid-bits.js';
import { ProblemAlert } from '../../components/problem-alert.js';
import { useApi } from '../../use-api.js';
import { Panel } from '../../components/panel.js';

const countLevels = ['compound', 'building', 'stairwell'] as const;

export default function GridDetailPage() {
  const { t, i18n } = useTranslation();
  const { id } = useParams();
  const { can } = useAuth();
  const formatArea = useFormatArea();
  const detail = useApi<GridDetail>(`/api/grids/${id}`);
  const assignments = useApi<{ items: Assignment[] }>(can('assignment.read') ? `/api/grids/${id}/assignments` : null);
  const children = useApi<Page<GridNode>>(`/api/grids/${id}/children`, { limit: 500 });
  const grid = detail.data;
  const showsCoverage = can('coverage.read') && grid && ['city', 'subdistrict', 'community', 'compound', 'building'].includes(grid.level);
  const coverage = useApi<CoverageReport>(showsCoverage ? '/api/coverage' : null, { root: id });
  const number = (n: number | undefined) => (n ?? 0).toLocaleString(i18n.language);

  if (detail.error) return <ProblemAlert error={detail.error} />;
  if (!grid) return <Skeleton active />;

  const stats = [
    { key: 'children', value: grid.counts.children },
    ...countLevels.filter((level) => grid.counts.descendants[level] !== undefined || levelBelow(grid.level, level)).map((level) => ({ key: level, value: grid.counts.descendants[level] ?? 0 })),
    { key: 'persons', value: grid.counts.persons },
    { key: 'households', value: grid.counts.households },
    { key: 'partyMembers', value: grid.counts.partyMembers },
  ];

  const gaps: { key: string; items: CoverageItem[] }[] = coverage.data
    ? [
        { key: 'missingPartyOrg', items: coverage.data.missingPartyOrg },
        { key: 'missingSteward', items: coverage.data.missingSteward },
        { key: 'missingGridWorker', items: coverage.data.missingGridWorker },
      ]
    : [];

  const childColumns: TableColumnsType<GridNode> = [
    { key: 'name', title: t('detail.name'), render: (_, g) => <Link to={detailPath(g.id)}>{g.name}</Link> },
    { key: 'level', title: t('detail.level'), render: (_, g) => <LevelTag level={g.level} /> },
    { key: 'code', title: t('detail.code'), dataIndex: 'code', responsive: ['md'] },
    { key: 'childCount', title: t('counts.children'), render: (_, g) => g.childCount ?? '—' },
    { key: 'area', title: t('detail.area'), render: (_, g) => formatArea(g.areaM2) },
  ];

  return (
    <div className="gg-page" data-testid="grid-detail">
      <div className="gg-page-head">
        <div>
          <GridBreadcrumb ancestors={grid.ancestors} current={grid} />
          <Space size={12} align="center" wrap style={{ marginTop: 8 }}>
            <h1 className="gg-page-title" style={{ margin: 0 }} data-testid="grid-name">
              {grid.name}
            </h1>
            <LevelTag level={grid.level} />
            {grid.gridScale && <Tag>{t(`gridScale.${grid.gridScale}`)}</Tag>}
          </Space>
        </div>
        <Link to={mapPath(grid.id)}>
          <Button icon={<EnvironmentOutlined />}>{t('detail.showOnMap')}</Button>
        </Link>
      </div>

      <Panel>
        <Descriptions size="small" column={{ xs: 1, sm: 2, lg: 4 }}>
          <Descriptions.Item label={t('detail.code')}>{grid.code}</Descriptions.Item>
          <Descriptions.Item label={t('detail.level')}>{t(`level.${grid.level}`)}</Descriptions.Item>
          <Descriptions.Item label={t('detail.area')}>{formatArea(grid.areaM2)}</Descriptions.Item>
          <Descriptions.Item label={t('detail.centroid')}>{grid.centroid ? `${grid.centroid.lng.toFixed(5)}, ${grid.centroid.lat.toFixed(5)}` : '—'}</Descriptions.Item>
        </Descriptions>
      </Panel>

      <div className="gg-stat-row">
        {stats.map((s) => (
          <Panel key={s.key} className="gg-stat-card">
            <Statistic title={t(`counts.${s.key}`)} value={number(s.value)} />
          </Panel>
        ))}
      </div>

      {can('assignment.read') && (
        <Panel
          title={t('assignment.title')}
          extra={(assignments.data?.items.length ?? 0) > 0 && <ExportButton rows={sortAssignments(assignments.data!.items)} columns={assignmentColumns(t)} fileName={`${grid.name}-${t('assignment.title')}`} testId="export-assignments" />}
        >
          {assignments.error ? <ProblemAlert error={assignments.error} /> : <AssignmentTable items={assignments.data?.items ?? []} isLoading={assignments.isLoading} />}
        </Panel>
      )}

      {showsCoverage && (
        <Panel title={t('detail.coverageGaps')} data-testid="coverage-gaps">
          {coverage.error ? <ProblemAlert error={coverage.error} /> : null}
          {!coverage.data && !coverage.error ? <Skeleton active paragraph={{ rows: 2 }} /> : null}
          {coverage.data && gaps.every((g) => g.items.length === 0) && <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('coverage.allCovered')} />}
          {gaps
            .filter((g) => g.items.length > 0)
            .map((g) => (
              <div key={g.key} className="gg-gap-group">
                <strong>
                  {t(`coverage.${g.key}`)} <Tag color="red">{g.items.length}</Tag>
                </strong>
                <div className="gg-gap-links">
                  {g.items.slice(0, 30).map((item) => (
                    <Link key={item.id} to={detailPath(item.id)}>
                      {item.parentName ? `${item.parentName} · ` : ''}
                      {item.name}
                    </Link>
                  ))}
                  {g.items.length > 30 && (
                    <Link to="/coverage">{t('detail.moreGaps', { count: g.items.length - 30 })}</Link>
                  )}
                </div>
              </div>
            ))}
        </Panel>
      )}

      <Panel
        title={t('detail.children', { count: children.data?.total ?? 0 })}
        extra={<ExportButton rows={children.data?.items ?? []} columns={childColumns} texts={{ level: (g) => t(`level.${g.level}`) }} fileName={`${grid.name}-${t('counts.children')}`} />}
      >
        {children.error ? <ProblemAlert error={children.error} /> : null}
        <Table<GridNode>
          size="small"
          rowKey="id"
          loading={children.isLoading}
          dataSource={children.data?.items ?? []}
          pagination={{ pageSize: 20, hideOnSinglePage: true, showSizeChanger: false }}
          locale={{ emptyText: t('detail.noChildren') }}
          data-testid="children-table"
          columns={childColumns}
        />
      </Panel>
    </div>
  );
}

const order = ['city', 'subdistrict', 'community', 'compound', 'building', 'stairwell'];

function levelBelow(level: string, other: string): boolean {
  return order.indexOf(other) > order.indexOf(level);
}
