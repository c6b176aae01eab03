import { useState } from 'react';
import { Col, Empty, Grid, Progress, Row, Skeleton, Statistic, Table, Tabs, type TableColumnsType } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { CoverageItem, CoverageReport } from '../../api.js';
import { ExportButton } from '../../components/export-button.js';
import { LevelTag, detailPath } from '../../components/grid-bits.js';
import { SubtreeReportHead } from '../../components/subtree-report-head.js';
import { ProblemAlert } from '../../components/problem-alert.js';
import { useApi } from '../../use-api.js';
import { Panel } from '../../components/panel.js';

type GapKey = 'missingPartyOrg' | 'missingSteward' | 'missingGridWorker';

/** "一网格一组织、一楼道一管家": every grid lacking its organisation, steward or grid worker. */
export default function CoveragePage() {
  const { t, i18n } = useTranslation();
  const [root, setRoot] = useState<string>();
  const [tab, setTab] = useState<GapKey>('missingPartyOrg');
  const isPhone = !Grid.useBreakpoint().md;
  const report = useApi<CoverageReport>(root ? '/api/coverage' : null, { root });
  const data = report.data;
  const number = (n: number) => n.toLocaleString(i18n.language);

  const rate = (missing: number, total: number) => (total > 0 ? Math.round(((total - missing) / total) * 1000) / 10 : 100);
  const gaps: { key: GapKey; total: number }[] = data
    ? [
        { key: 'missingPartyOrg', total: data.compounds },
        { key: 'missingSteward', total: data.stairwells },
        { key: 'missingGridWorker', total: data.compounds },
      ]
    : [];

  const columns: TableColumnsType<CoverageItem> = [
    { key: 'name', title: t('detail.name'), render: (_, item) => <Link to={detailPath(item.id)}>{item.name}</Link> },
    { key: 'level', title: t('detail.level'), render: (_, item) => <LevelTag level={item.level} /> },
    { key: 'parent', title: t('coverage.parent'), render: (_, item) => item.parentName ?? '—' },
    { key: 'code', title: t('detail.code'), dataIndex: 'code', responsive: ['md'] },
  ];
  const table = (items: CoverageItem[], key: GapKey) => (
    <Table<CoverageItem>
      size="small"
      rowKey="id"
      dataSource={items}
      pagination={{ pageSize: 20, hideOnSinglePage: true, showSizeChanger: false }}
      data-testid={`coverage-${key}`}
      locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('coverage.noneMissing')} /> }}
      columns={columns}
    />
  );

  return (
    <div className="gg-page">
      <SubtreeReportHead title={t('coverage.title')} subtitle={t('coverage.subtitle')} pickerLabel={t('coverage.root')} root={root} onRoot={setRoot} />
      {report.error ? <ProblemAlert error={report.error} /> : null}
      {!data && !report.error ? <Skeleton active /> : null}
      {data && (
        <>
          <Row gutter={[12, 12]}>
            <Col xs={12} md={6}>
              <Panel className="gg-stat-card">
                <Statistic title={t('counts.compound')} value={number(data.compounds)} />
              </Panel>
            </Col>
            <Col xs={12} md={6}>
              <Panel className="gg-stat-card">
                <Statistic title={t('counts.stairwell')} value={number(data.stairwells)} />
              </Panel>
            </Col>
            <Col xs={24} md={12}>
              <Panel className="gg-stat-card">
                <div className="gg-rates">
                  {gaps.map((g) => (
                    <div key={g.key} className="gg-rate">
                      <Progress
                        type="circle"
                        size={64}
                        percent={rate(data[g.key].length, g.total)}
                        status={data[g.key].length ? 'normal' : 'success'}
                        strokeColor={data[g.key].length ? '#fa8c16' : undefined}
                        format={(p) => `${p}%`}
                        aria-label={t(`coverage.rate.${g.key}`)}
                      />
                      <span className="gg-muted">{t(`coverage.rate.${g.key}`)}</span>
                    </div>
                  ))}
                </div>
              </Panel>
            </Col>
          </Row>
          <Panel extra={<ExportButton rows={data[tab]} columns={columns} texts={{ level: (item) => t(`level.${item.level}`) }} fileName={`${t('coverage.title')}-${t(`coverage.${tab}`)}`} />}>
            <Tabs
              activeKey={tab}
              onChange={(k) => setTab(k as GapKey)}
              items={gaps.map((g) => ({
                key: g.key,
                label: `${t(isPhone ? `coverage.short.${g.key}` : `coverage.${g.key}`)} (${number(data[g.key].length)})`,
                children: table(data[g.key], g.key),
              }))}
            />
          </Panel>
        </>
      )}
    </div>
  );
}
