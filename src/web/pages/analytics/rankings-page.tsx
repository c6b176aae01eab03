import { useMemo } from 'react';
import { Button, Empty, InputNumber, Segmented, Select, Space, Spin, Table, Tag, Tooltip } from 'antd';
import { DownloadOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import { buildUrl } from '../../api.js';
import { Panel } from '../../components/panel.js';
import { ProblemAlert } from '../../components/problem-alert.js';
import { GridTreeSelect } from '../../components/grid-tree-select.js';
import { useApi } from '../../use-api.js';
import { isPreset, periodOf, presets, type Preset } from './period.js';
import './analytics.css';

type Subject = 'grid' | 'community' | 'worker' | 'organization';
const subjects: Subject[] = ['grid', 'community', 'worker', 'organization'];
const caseIndicators = ['resolutionRate', 'closureRate', 'onTimeClosureRate', 'satisfactionRate', 'overdueNow', 'receivedPer1000'];
const indicatorsOf: Record<Subject, string[]> = {
  grid: caseIndicators,
  community: caseIndicators,
  worker: ['closed', 'onTimeRate', 'reworkRate', 'averageRating'],
  organization: ['wishesFulfilled', 'volunteerHours', 'projectsCompleted', 'assessmentScore'],
};
const gridLevels = ['subdistrict', 'community', 'compound', 'building', 'stairwell'];

interface Row {
  rank: number | null;
  subject: { id: string; name: string; detail: string | null; level: string | null };
  value: number | null;
  numerator: number | null;
  denominator: number | null;
  volume: number | null;
  isEligible: boolean;
}

interface Ranking {
  subject: Subject;
  indicator: string;
  kind: 'rate' | 'average' | 'perThousand' | 'count' | 'score';
  isHigherBetter: boolean;
  grid: { id: string; name: string; level: string };
  level: string | null;
  period: { from: string; to: string };
  size: number;
  minVolume: number;
  items: Row[];
  red: Row[];
  black: Row[];
}

/**
 * 排名与红黑榜 (/rankings): grids, communities, grid workers or partner organisations of the
 * viewer's subtree ranked on an indicator over a period, the red and black lists side by side,
 * and the same in Excel.
 */
export default function RankingsPage() {
  const { t, i18n } = useTranslation();
  const [params, setParams] = useSearchParams();
  const subject: Subject = (subjects as string[]).includes(params.get('subject') ?? '') ? (params.get('subject') as Subject) : 'grid';
  const indicator = indicatorsOf[subject].includes(params.get('indicator') ?? '') ? params.get('indicator')! : indicatorsOf[subject][0];
  const presetParam = params.get('period');
  const preset: Preset = isPreset(presetParam) ? presetParam : 'thisYear';
  const period = useMemo(() => periodOf(preset), [preset]);
  const grid = params.get('grid') ?? undefined;
  const level = subject === 'grid' ? (params.get('level') ?? undefined) : undefined;
  const minVolume = Number(params.get('minVolume') ?? 10);
  const size = Number(params.get('size') ?? 5);
  const query = { subject, indicator, from: period.from, to: period.to, grid, level, minVolume, size };
  const ranking = useApi<Ranking>('/api/rankings', query);
  const data = ranking.data;

  const set = (patch: Record<string, string | number | undefined>) => {
    const p = new URLSearchParams(params);
    for (const [k, v] of Object.entries(patch)) {
      if (v === undefined || v === '') p.delete(k);
      else p.set(k, String(v));
    }
    setParams(p, { replace: true });
  };

  const nf = useMemo(() => new Intl.NumberFormat(i18n.language, { maximumFractionDigits: 2 }), [i18n.language]);
  const formatValue = (row: Row) => {
    if (row.value === null) return '—';
    if (data?.kind === 'rate') return `${(Math.round(row.value * 1000) / 10).toFixed(1)}%`;
    return nf.format(row.value);
  };
  const ratioText = (row: Row) => (row.numerator === null || row.denominator === null ? '' : `${nf.format(row.numerator)} / ${nf.format(row.denominator)}`);
  const detailText = (row: Row) => {
    if (subject === 'organization' && row.subject.detail) return t(`cobuild.organizationKind.${row.subject.detail}`, { defaultValue: row.subject.detail });
    if (row.subject.level) return t(`level.${row.subject.level}`);
    return row.subject.detail ?? '';
  };
  const isCount = data ? data.kind === 'count' || data.kind === 'score' : false;
  const indicatorName = t(`analytics.rankings.indicatorName.${indicator}`);

  const list = (kind: 'red' | 'black', rows: Row[]) => (
    <Panel
      title={`${t(`analytics.rankings.${kind}`)} · ${indicatorName}`}
      extra={t(`analytics.rankings.${kind}Hint`, { size: data?.size ?? size })}
      className={`gg-rank-${kind}`}
      data-testid={`rank-${kind}`}
    >
      {rows.length === 0 ? (
        <Empty description={t('analytics.rankings.empty')} />
      ) : (
        <ol className="gg-plain-list" style={{ listStyle: 'none', margin: 0, padding: 0 }}>
          {rows.map((row, i) => (
            <li key={row.subject.id} className="gg-rank-item">
              <span className="gg-rank-no">{i + 1}</span>
              <span className="gg-rank-name">
                {row.subject.name}
                <div className="gg-rank-sub">{[detailText(row), ratioText(row), t('analytics.rankings.overallRank', { rank: row.rank, of: data?.items.length ?? 0 })].filter(Boolean).join(' · ')}</div>
              </span>
              <span className="gg-rank-value">{formatValue(row)}</span>
            </li>
          ))}
        </ol>
      )}
    </Panel>
  );

  const exportUrl = buildUrl('/api/rankings.xlsx', query);

  return (
    <div className="gg-page" data-testid="rankings">
      <div className="gg-page-head">
        <div>
          <h1 className="gg-page-title">{t('analytics.rankings.title')}</h1>
          {data ? <span className="gg-muted">{t('analytics.rankings.subtitle', { grid: data.grid.name, period: t('analytics.dashboard.periodRange', data.period) })}</span> : null}
        </div>
        <Button type="primary" icon={<DownloadOutlined />} href={exportUrl} download data-testid="rank-export">
          {t('analytics.rankings.export')}
        </Button>
      </div>

      <Panel>
        <div className="gg-rank-tools">
          <Segmented aria-label={t('analytics.rankings.subject')} value={subject} onChange={(v) => set({ subject: v as string, indicator: undefined, level: undefined })} options={subjects.map((s) => ({ value: s, label: t(`analytics.rankings.subjectName.${s}`) }))} />
          <Select aria-label={t('analytics.rankings.indicator')} value={indicator} onChange={(v) => set({ indicator: v })} style={{ minWidth: 200 }} options={indicatorsOf[subject].map((i) => ({ value: i, label: t(`analytics.rankings.indicatorName.${i}`) }))} />
          {subject === 'grid' ? (
            <Select aria-label={t('analytics.rankings.level')} placeholder={t('analytics.rankings.level')} allowClear value={level} onChange={(v) => set({ level: v })} style={{ minWidth: 120 }} options={gridLevels.map((l) => ({ value: l, label: t(`level.${l}`) }))} />
          ) : null}
          <GridTreeSelect value={grid ?? data?.grid.id} onChange={(v) => set({ grid: v ?? undefined })} allowClear={false} aria-label={t('analytics.dashboard.gridPath')} style={{ width: 200 }} />
          <Segmented aria-label={t('analytics.dashboard.periodLabel')} value={preset} onChange={(v) => set({ period: v as string })} options={presets.map((p) => ({ value: p, label: t(`analytics.preset.${p}`) }))} />
          <Space size={4}>
            <span className="gg-muted">{t('analytics.rankings.minVolume')}</span>
            <InputNumber aria-label={t('analytics.rankings.minVolume')} size="small" min={0} max={100000} value={minVolume} onChange={(v) => set({ minVolume: v ?? 0 })} style={{ width: 72 }} />
            <span className="gg-muted">{t('analytics.rankings.size')}</span>
            <InputNumber aria-label={t('analytics.rankings.size')} size="small" min={1} max={50} value={size} onChange={(v) => set({ size: v ?? 5 })} style={{ width: 64 }} />
          </Space>
        </div>
        {data ? (
          <p className="gg-muted" style={{ margin: '8px 0 0', fontSize: 12 }}>
            <Tag className={data.isHigherBetter ? 'gg-tag-better-high' : 'gg-tag-better-low'} style={{ marginInlineEnd: 6 }}>
              {t(data.isHigherBetter ? 'analytics.rankings.higherBetter' : 'analytics.rankings.lowerBetter')}
            </Tag>
            {isCount ? t('analytics.rankings.countRule', { size: data.size }) : t('analytics.rankings.rule', { minVolume: data.minVolume, size: data.size })}
            {indicator === 'assessmentScore' ? ` ${t('analytics.rankings.assessmentNote')}` : ''}
          </p>
        ) : null}
      </Panel>

      {ranking.error ? <ProblemAlert error={ranking.error} /> : null}
      {!data && !ranking.error ? <Spin size="large" className="gg-page-spin" /> : null}
      {data ? (
        <>
          <div className="gg-rank-lists">
            {list('red', data.red)}
            {list('black', data.black)}
          </div>
          <Panel title={t('analytics.rankings.list')}>
            <Table<Row>
              size="small"
              rowKey={(r) => r.subject.id}
              dataSource={data.items}
              pagination={data.items.length > 50 ? { pageSize: 50, showSizeChanger: false } : false}
              scroll={{ x: 640 }}
              columns={[
                { key: 'rank', title: t('analytics.rankings.column.rank'), dataIndex: 'rank', width: 64, render: (r: number | null) => r ?? '—' },
                { key: 'name', title: t('analytics.rankings.column.name'), render: (_: unknown, r) => r.subject.name },
                { key: 'detail', title: t('analytics.rankings.column.detail'), render: (_: unknown, r) => detailText(r) },
                { key: 'value', title: indicatorName, align: 'right', render: (_: unknown, r) => formatValue(r) },
                ...(isCount ? [] : [{ key: 'ratio', title: t('analytics.rankings.column.ratio'), align: 'right' as const, render: (_: unknown, r: Row) => ratioText(r) }]),
                ...(isCount
                  ? []
                  : [
                      {
                        key: 'volume',
                        title: t('analytics.rankings.column.volume'),
                        align: 'right' as const,
                        render: (_: unknown, r: Row) =>
                          r.isEligible ? nf.format(r.volume ?? 0) : (
                            <Tooltip title={t('analytics.rankings.notEligible')}>
                              <span className="gg-muted">{r.volume === null ? '—' : nf.format(r.volume)} *</span>
                            </Tooltip>
                          ),
                      },
                    ]),
              ]}
            />
          </Panel>
        </>
      ) : null}
    </div>
  );
}
