import { useState } from 'react';
import { Alert, Col, Empty, Row, Skeleton, Space, Statistic, Table, Tabs, type TableColumnsType } from 'antd';
import { EnvironmentOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { GridNode } from '../../api.js';
import { ExportButton } from '../../components/export-button.js';
import { detailPath, mapPath, useFormatArea } from '../../components/grid-bits.js';
import { SubtreeReportHead } from '../../components/subtree-report-head.js';
import { ProblemAlert } from '../../components/problem-alert.js';
import { useApi } from '../../use-api.js';
import { Panel } from '../../components/panel.js';

type IssueKey = 'gaps' | 'overlaps' | 'outsideParent';
const issueKeys: IssueKey[] = ['overlaps', 'gaps', 'outsideParent'];

interface GridRefLike {
  id?: string;
  name: string;
}

type Issue = Record<string, unknown> & { areaM2?: number };

interface BoundaryReport {
  root: GridNode | null;
  checkedNodes?: number;
  gaps: Issue[];
  overlaps: Issue[];
  outsideParent: Issue[];
  unchecked?: { parent: unknown; reason: string }[];
}

function asRef(value: unknown): GridRefLike | null {
  if (value && typeof value === 'object' && typeof (value as GridRefLike).name === 'string') return value as GridRefLike;
  return null;
}

/** The grids an issue is about, whatever the report calls them (a/b, grid, parent, grids, names). */
export function involvedGrids(issue: Issue): { subjects: GridRefLike[]; parent: GridRefLike | null } {
  const subjects: GridRefLike[] = [];
  for (const key of ['a', 'b', 'grid', 'child', 'first', 'second']) {
    const ref = asRef(issue[key]);
    if (ref) subjects.push(ref);
  }
  for (const key of ['grids', 'children', 'siblings']) {
    const list = issue[key];
    if (Array.isArray(list)) list.forEach((item) => asRef(item) && subjects.push(asRef(item)!));
  }
  if (!subjects.length && Array.isArray(issue.names)) {
    const ids = Array.isArray(issue.ids) ? (issue.ids as string[]) : [];
    (issue.names as string[]).forEach((name, i) => subjects.push({ id: ids[i], name }));
  }
  if (!subjects.length && typeof issue.name === 'string') subjects.push({ id: issue.id as string | undefined, name: issue.name });
  const parent = asRef(issue.parent) ?? (typeof issue.parentName === 'string' ? { id: issue.parentId as string | undefined, name: issue.parentName } : null);
  return { subjects, parent };
}

function GridLinks({ refs }: { refs: GridRefLike[] }) {
  return (
    <Space size={4} wrap separator={<span aria-hidden="true">↔</span>}>
      {refs.map((r, i) => (r.id ? <Link key={r.id} to={detailPath(r.id)}>{r.name}</Link> : <span key={i}>{r.name}</span>))}
    </Space>
  );
}

export default function BoundaryCheckPage() {
  const { t, i18n } = useTranslation();
  const formatArea = useFormatArea();
  const [root, setRoot] = useState<string>();
  const report = useApi<BoundaryReport>(root ? '/api/grids/boundary-check' : null, { root });
  const data = report.data;

  const [tab, setTab] = useState<IssueKey>(issueKeys[0]);
  const columnsOf = (key: IssueKey) => {
    const columns: TableColumnsType<Issue> = [];
    if (key !== 'gaps') columns.push({ key: 'grids', title: t(`boundary.subjects.${key}`), render: (_, issue) => <GridLinks refs={involvedGrids(issue).subjects} /> });
    columns.push(
      {
        key: 'parent',
        title: key === 'gaps' ? t('boundary.subjects.gaps') : t('boundary.parent'),
        render: (_, issue) => {
          const parent = involvedGrids(issue).parent;
          return parent ? <GridLinks refs={[parent]} /> : '—';
        },
      },
      { key: 'area', title: t('boundary.area'), align: 'right', render: (_, issue) => formatArea(typeof issue.areaM2 === 'number' ? issue.areaM2 : null) },
      {
        key: 'map',
        title: '',
        width: 100,
        render: (_, issue) => {
          const parent = involvedGrids(issue).parent;
          return parent?.id ? (
            <Link to={mapPath(parent.id)}>
              <EnvironmentOutlined /> {t('boundary.showOnMap')}
            </Link>
          ) : null;
        },
      },
    );
    return columns;
  };
  const table = (key: IssueKey) => {
    const columns = columnsOf(key);
    return (
      <Table<Issue>
        size="small"
        rowKey={(issue) => `${key}-${involvedGrids(issue).subjects.map((r) => r.id).join('-')}-${String(issue.areaM2)}`}
        dataSource={data?.[key] ?? []}
        pagination={{ pageSize: 20, hideOnSinglePage: true, showSizeChanger: false }}
        data-testid={`boundary-${key}`}
        locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('boundary.none')} /> }}
        columns={columns}
      />
    );
  };

  return (
    <div className="gg-page">
      <SubtreeReportHead title={t('boundary.title')} subtitle={t('boundary.subtitle')} pickerLabel={t('boundary.root')} root={root} onRoot={setRoot} />
      {report.error ? <ProblemAlert error={report.error} /> : null}
      {!data && !report.error ? <Skeleton active /> : null}
      {data && (
        <>
          <Row gutter={[12, 12]}>
            <Col xs={12} md={6}>
              <Panel className="gg-stat-card">
                <Statistic title={t('boundary.checked')} value={(data.checkedNodes ?? 0).toLocaleString(i18n.language)} />
              </Panel>
            </Col>
            {issueKeys.map((key) => (
              <Col key={key} xs={12} md={6}>
                <Panel className="gg-stat-card">
                  <Statistic title={t(`boundary.${key}`)} value={data[key].length} styles={{ content: { color: data[key].length ? '#cf1322' : '#389e0d' } }} />
                </Panel>
              </Col>
            ))}
          </Row>
          {issueKeys.every((key) => data[key].length === 0) && !data.unchecked?.length && <Alert type="success" showIcon title={t('boundary.allClear')} />}
          {data.unchecked?.length ? (
            <Alert
              type="warning"
              showIcon
              title={t('boundary.unchecked')}
              description={<GridLinks refs={data.unchecked.map((u) => asRef(u.parent)).filter((r): r is GridRefLike => r !== null)} />}
            />
          ) : null}
          <Panel extra={<ExportButton
                rows={data[tab]}
                columns={columnsOf(tab).filter((c) => c.key !== 'map')}
                texts={{ grids: (issue) => involvedGrids(issue).subjects.map((r) => r.name).join(' ↔ '), parent: (issue) => involvedGrids(issue).parent?.name ?? '—' }}
                fileName={`${t('boundary.title')}-${t(`boundary.${tab}`)}`}
              />}>
            <Tabs
              activeKey={tab}
              onChange={(k) => setTab(k as IssueKey)}
              items={issueKeys.map((key) => ({ key, label: `${t(`boundary.${key}`)} (${data[key].length})`, children: table(key) }))} />
          </Panel>
        </>
      )}
    </div>
  );
}
