import { lazy, Suspense, useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { Badge, Breadcrumb, Button, Empty, Segmented, Select, Space, Spin, Table, Tooltip, type TableColumnsType } from 'antd';
import { InfoCircleOutlined, ReloadOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router';
import type { FeatureCollection, GridDetail, PublicConfig } from '../../api.js';
import { ExportButton } from '../../components/export-button.js';
import { Panel } from '../../components/panel.js';
import { ProblemAlert } from '../../components/problem-alert.js';
import { useAuth } from '../../auth.js';
import { useApi } from '../../use-api.js';
import { Chart, palette, type ChartOption } from './chart.js';
import { isPreset, periodOf, presets, type Preset } from './period.js';
import './analytics.css';

const ChoroplethMap = lazy(() => import('./choropleth-map.js'));

type RateId = 'responseRate' | 'resolutionRate' | 'satisfactionRate' | 'closureRate' | 'onTimeClosureRate' | 'reworkRate' | 'lowestTierShare';
const rateIds: RateId[] = ['responseRate', 'resolutionRate', 'satisfactionRate', 'closureRate', 'onTimeClosureRate', 'reworkRate', 'lowestTierShare'];

interface Child {
  id: string;
  name: string;
  level: string;
  received: number;
  resolved: number;
  overdueNow: number;
  open: number;
  resolutionRate: number | null;
  closureRate: number | null;
  satisfactionRate: number | null;
}

export interface Dashboard {
  grid: { id: string; name: string; level: string; path: string };
  period: { from: string | null; to: string | null };
  kpis: { received: number; resolved: number; closed: number; overdueNow: number; open: number; rates: Record<RateId, number | null>; definitions: Partial<Record<RateId, { zh: string; en: string }>> };
  byState: { key: string; count: number }[];
  byType: { key: string; count: number }[];
  byCategory: { key: string; label: string; count: number }[];
  byTier: { key: string; count: number }[];
  trend: { unit: 'day' | 'week' | 'month'; points: { date: string; received: number; resolved: number }[] };
  stages: { stage: string; p50Hours: number | null; p90Hours: number | null }[];
  children: Child[];
  people: { volunteerHours: number; activities: number; volunteers: number };
  wishes: { fulfilled: number; valueYuan: number };
  cobuild: { projectsCompleted: number; projectsOpen: number; organizations: number };
}

type MapIndicator = 'received' | 'overdueNow' | 'resolutionRate' | 'closureRate' | 'satisfactionRate';
const mapIndicators: MapIndicator[] = ['received', 'overdueNow', 'resolutionRate', 'closureRate', 'satisfactionRate'];
const isRateIndicator = (i: MapIndicator) => i.endsWith('Rate');
/** Sequential reds for "more is worse" counts, blues for rates (more is better). */
const countColors = ['#fde0dd', '#fcbba1', '#fb8b6b', '#e0503a', '#a50f15'];
const rateColors = ['#deebf7', '#b3d3ea', '#7fb2d9', '#3f86c0', '#0b4f8a'];

const REFETCH_DEBOUNCE_MS = 1500;
const POLL_MS = 60_000;

/** Equal-interval class edges over the values (five classes), or fixed fifths for rates. */
function breaksOf(values: number[], isRate: boolean): number[] {
  if (isRate) return [0, 0.2, 0.4, 0.6, 0.8, 1.0000001];
  const max = Math.max(1, ...values);
  const step = Math.max(1, Math.ceil(max / 5));
  return [0, step, 2 * step, 3 * step, 4 * step, Math.max(5 * step, max + 1)];
}

/**
 * 数据看板 (/dashboard): the viewer's subtree over a period — case KPIs with each rate's
 * definition on hover, cases by state, type, category and tier, the trend, 五早 stage times, the
 * grids below on a map and in a table (click to drill down to the stairwell), volunteers, wishes
 * and co-building. Refetches when the server says cases changed.
 */
export default function DashboardPage() {
  const { t, i18n } = useTranslation();
  const { me, can } = useAuth();
  const [params, setParams] = useSearchParams();
  const gridId = params.get('grid') ?? me?.scopes[0]?.id ?? undefined;
  const presetParam = params.get('period');
  const preset: Preset = isPreset(presetParam) ? presetParam : 'thisYear';
  const period = useMemo(() => periodOf(preset), [preset]);
  const [mapIndicator, setMapIndicator] = useState<MapIndicator>('received');

  const dashboard = useApi<Dashboard>('/api/analytics/dashboard', { grid: gridId, from: period.from, to: period.to });
  const detail = useApi<GridDetail>(gridId ? `/api/grids/${gridId}` : null);
  const currentId = dashboard.data?.grid.id ?? gridId;
  const features = useApi<FeatureCollection>(currentId ? '/api/grids/features' : null, { parent: currentId });
  const config = useApi<PublicConfig>('/api/config');
  const [updatedAt, setUpdatedAt] = useState<Date | null>(null);
  const [isLive, setLive] = useState(false);
  const data = dashboard.data;

  useEffect(() => {
    if (data) setUpdatedAt(new Date());
  }, [data]);

  // Live: the server says `changed` when cases of the subtree change; refetch once things settle.
  const { reload } = dashboard;
  const timer = useRef<number | undefined>(undefined);
  const scheduleReload = useCallback(() => {
    window.clearTimeout(timer.current);
    timer.current = window.setTimeout(reload, REFETCH_DEBOUNCE_MS);
  }, [reload]);
  useEffect(() => {
    if (!currentId) return;
    let poll: number | undefined;
    let source: EventSource | null = null;
    const startPolling = () => {
      setLive(false);
      window.clearInterval(poll);
      poll = window.setInterval(reload, POLL_MS);
    };
    if (typeof EventSource === 'undefined') startPolling();
    else {
      source = new EventSource(`/api/analytics/stream?grid=${encodeURIComponent(currentId)}`);
      source.onopen = () => {
        setLive(true);
        window.clearInterval(poll);
      };
      source.addEventListener('changed', scheduleReload);
      source.onerror = () => {
        if (source?.readyState === EventSource.CLOSED) startPolling();
        else setLive(false);
      };
    }
    return () => {
      source?.close();
      window.clearInterval(poll);
      window.clearTimeout(timer.current);
    };
  }, [currentId, reload, scheduleReload]);

  const setQuery = (next: { grid?: string; period?: Preset }) => {
    const p = new URLSearchParams(params);
    if (next.grid) p.set('grid', next.grid);
    if (next.period) p.set('period', next.period);
    setParams(p);
  };
  const drill = (id: string) => setQuery({ grid: id });

  const lang = i18n.language === 'en' ? 'en' : 'zh';
  const nf = useMemo(() => new Intl.NumberFormat(i18n.language), [i18n.language]);
  const pct = (v: number | null | undefined) => (v === null || v === undefined ? t('analytics.dashboard.none') : t('analytics.dashboard.percent', { value: (Math.round(v * 1000) / 10).toFixed(1) }));
  const hours = (v: number | null) => (v === null ? '—' : v < 10 ? v.toFixed(1) : Math.round(v).toString());
  // The drill-down table's columns, also what its Excel export writes.
  const childColumns: TableColumnsType<Child> = [
    { key: 'name', title: t('analytics.dashboard.column.name'), dataIndex: 'name', fixed: 'left', width: 150, render: (name: string, row) => <a href={`?grid=${row.id}&period=${preset}`} onClick={(e) => { e.preventDefault(); drill(row.id); }}>{name}</a> },
    { key: 'level', title: t('analytics.dashboard.column.level'), dataIndex: 'level', width: 80, render: (l: string) => t(`level.${l}`) },
    ...(['received', 'resolved', 'open', 'overdueNow'] as const).map((k) => ({ key: k, title: t(`analytics.dashboard.column.${k}`), dataIndex: k, align: 'right' as const, sorter: (a: Child, b: Child) => a[k] - b[k], render: (v: number) => nf.format(v) })),
    ...(['resolutionRate', 'closureRate', 'satisfactionRate'] as const).map((k) => ({ key: k, title: t(`analytics.dashboard.column.${k}`), dataIndex: k, align: 'right' as const, sorter: (a: Child, b: Child) => (a[k] ?? -1) - (b[k] ?? -1), render: (v: number | null) => pct(v) })),
  ];
  const periodText = preset === 'all' ? t('analytics.dashboard.allTime') : t('analytics.dashboard.periodRange', { from: period.from, to: period.to });

  // Scope roots: the breadcrumb starts at the viewer's own root, never above it.
  const crumbs = useMemo(() => {
    const ancestors = detail.data?.ancestors ?? [];
    const rootIds = new Set(me?.scopes.map((s) => s.id) ?? []);
    const isGlobal = me?.role === 'admin';
    const start = isGlobal ? 0 : ancestors.findIndex((a) => rootIds.has(a.id));
    const visible = start < 0 ? [] : ancestors.slice(start);
    return [...visible.map((a) => ({ id: a.id, name: a.name })), ...(detail.data ? [{ id: detail.data.id, name: detail.data.name }] : [])];
  }, [detail.data, me]);

  const charts = useMemo(() => {
    if (!data) return null;
    const axisLabel = { color: '#595959' };
    const bar = (items: { name: string; value: number }[], color: string, horizontal = false): ChartOption => ({
      color: [color],
      tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
      grid: { left: 8, right: 16, top: 12, bottom: 8, containLabel: true },
      [horizontal ? 'yAxis' : 'xAxis']: { type: 'category', data: items.map((i) => i.name), axisLabel: { ...axisLabel, interval: 0, ...(horizontal ? { width: 110, overflow: 'truncate' } : { rotate: items.length > 6 ? 30 : 0 }) }, inverse: horizontal },
      [horizontal ? 'xAxis' : 'yAxis']: { type: 'value', minInterval: 1, axisLabel },
      series: [{ type: 'bar', data: items.map((i) => i.value), barMaxWidth: 28, label: { show: items.length <= 12, position: horizontal ? 'right' : 'top', color: '#262626' } }],
    });
    const trendDates = data.trend.points.map((p) => p.date);
    return {
      trend: {
        color: [palette[0], palette[1]],
        tooltip: { trigger: 'axis' },
        legend: { top: 0, data: [t('analytics.dashboard.series.received'), t('analytics.dashboard.series.resolved')] },
        grid: { left: 8, right: 16, top: 32, bottom: 8, containLabel: true },
        xAxis: { type: 'category', data: trendDates, axisLabel, boundaryGap: false },
        yAxis: { type: 'value', minInterval: 1, axisLabel },
        series: [
          { name: t('analytics.dashboard.series.received'), type: 'line', smooth: 0.3, smoothMonotone: 'x', showSymbol: trendDates.length <= 31, symbolSize: 5, areaStyle: { opacity: 0.08 }, data: data.trend.points.map((p) => p.received) },
          { name: t('analytics.dashboard.series.resolved'), type: 'line', smooth: 0.3, smoothMonotone: 'x', showSymbol: trendDates.length <= 31, symbolSize: 5, data: data.trend.points.map((p) => p.resolved) },
        ],
      } as ChartOption,
      byState: bar(data.byState.filter((s) => s.count > 0).map((s) => ({ name: t(`cases.state.${s.key}`), value: s.count })), palette[1], true),
      byType: {
        color: palette,
        tooltip: { trigger: 'item', formatter: '{b}: {c} ({d}%)' },
        legend: { bottom: 0, itemGap: 8, itemWidth: 12, itemHeight: 10, textStyle: { fontSize: 12 } },
        series: [{ type: 'pie', radius: ['36%', '60%'], center: ['50%', '44%'], label: { formatter: '{b} {c}', fontSize: 12 }, labelLine: { length: 8, length2: 6 }, data: data.byType.map((s) => ({ name: t(`cases.type.${s.key}`), value: s.count })) }],
      } as ChartOption,
      byCategory: bar([...data.byCategory].sort((a, b) => b.count - a.count).slice(0, 10).map((s) => ({ name: s.label, value: s.count })), palette[2], true),
      byTier: bar(data.byTier.map((s) => ({ name: t(`cases.tier.${s.key}`), value: s.count })), palette[3]),
      stages: {
        color: [palette[4], palette[0]],
        tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
        legend: { top: 0 },
        grid: { left: 8, right: 16, top: 32, bottom: 8, containLabel: true },
        xAxis: { type: 'category', data: data.stages.map((s) => t(`analytics.dashboard.stage.${s.stage}`, { defaultValue: s.stage })), axisLabel },
        yAxis: { type: 'value', axisLabel },
        series: [
          { name: t('analytics.dashboard.series.p50'), type: 'bar', barMaxWidth: 22, data: data.stages.map((s) => (s.p50Hours === null ? null : Math.round(s.p50Hours * 10) / 10)) },
          { name: t('analytics.dashboard.series.p90'), type: 'bar', barMaxWidth: 22, data: data.stages.map((s) => (s.p90Hours === null ? null : Math.round(s.p90Hours * 10) / 10)) },
        ],
      } as ChartOption,
    };
  }, [data, t]);

  const childValues = useMemo(() => new Map((data?.children ?? []).map((c) => [c.id, c[mapIndicator] as number | null])), [data, mapIndicator]);
  const isRate = isRateIndicator(mapIndicator);
  const breaks = useMemo(() => breaksOf([...childValues.values()].filter((v): v is number => v !== null), isRate), [childValues, isRate]);
  const colors = isRate ? rateColors : countColors;
  const formatValue = useCallback((v: number | null) => (v === null ? t('analytics.dashboard.legendNoData') : isRate ? pct(v) : nf.format(v)), [isRate, nf, t]); // eslint-disable-line react-hooks/exhaustive-deps
  const sortedChildren = useMemo(() => [...(data?.children ?? [])].sort((a, b) => ((b[mapIndicator] as number | null) ?? -1) - ((a[mapIndicator] as number | null) ?? -1)), [data, mapIndicator]);
  const childBar: ChartOption = useMemo(
    () => ({
      color: [isRate ? rateColors[3] : countColors[3]],
      tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' }, valueFormatter: (v: unknown) => formatValue(typeof v === 'number' ? v : null) },
      grid: { left: 8, right: 40, top: 8, bottom: 8, containLabel: true },
      yAxis: { type: 'category', inverse: true, data: sortedChildren.map((c) => c.name), axisLabel: { color: '#595959', width: 96, overflow: 'truncate', interval: 0 } },
      xAxis: { type: 'value', axisLabel: { color: '#595959', formatter: isRate ? (v: number) => `${Math.round(v * 100)}%` : undefined }, max: isRate ? 1 : undefined, minInterval: isRate ? undefined : 1 },
      series: [{ type: 'bar', barMaxWidth: 16, data: sortedChildren.map((c) => c[mapIndicator]), label: { show: sortedChildren.length <= 20, position: 'right', formatter: (p: { value: number | null }) => formatValue(p.value), color: '#262626' } }],
    }),
    [sortedChildren, mapIndicator, isRate, formatValue],
  );
  const hasShapes = (features.data?.features.length ?? 0) > 0;

  if (dashboard.error && !data) {
    return (
      <div className="gg-page">
        <h1 className="gg-page-title">{t('analytics.dashboard.title')}</h1>
        <ProblemAlert error={dashboard.error} />
      </div>
    );
  }

  const kpiCard = (key: 'received' | 'resolved' | 'closed' | 'open' | 'overdueNow', accent?: string) => (
    <div className={`gg-kpi${accent ? ` gg-kpi-${accent}` : ''}`} data-testid={`kpi-${key}`}>
      <div className="gg-kpi-label">{t(`analytics.dashboard.kpi.${key}`)}</div>
      <div className="gg-kpi-value">{data ? nf.format(data.kpis[key]) : '…'}</div>
      {key === 'overdueNow' && data && data.kpis.overdueNow > 0 ? (
        <Link className="gg-kpi-link" to="/command">
          {t('analytics.dashboard.overdueLink')}
        </Link>
      ) : null}
    </div>
  );

  return (
    <div className="gg-page gg-dashboard" data-testid="dashboard">
      <div className="gg-page-head">
        <div className="gg-dashboard-title">
          <h1 className="gg-page-title">{t('analytics.dashboard.title')}</h1>
          <div className="gg-dash-where">
          <Breadcrumb
            aria-label={t('analytics.dashboard.gridPath')}
            items={crumbs.map((c, i) => ({ key: c.id, title: i === crumbs.length - 1 ? <span data-testid="dashboard-current">{c.name}</span> : <a onClick={(e) => { e.preventDefault(); drill(c.id); }} href={`?grid=${c.id}&period=${preset}`}>{c.name}</a> }))}
          />
            <span className="gg-muted gg-dash-period">{periodText}</span>
          </div>
        </div>
        <div className="gg-dashboard-tools">
          <Segmented
            aria-label={t('analytics.dashboard.periodLabel')}
            value={preset}
            onChange={(v) => setQuery({ period: v as Preset })}
            options={presets.map((p) => ({ value: p, label: t(`analytics.preset.${p}`) }))}
          />
          <Tooltip title={updatedAt ? t('analytics.dashboard.updatedAt', { time: updatedAt.toLocaleTimeString(i18n.language) }) : undefined}>
            <Badge status={isLive ? 'processing' : 'default'} text={isLive ? t('analytics.dashboard.live') : t('analytics.dashboard.liveOff')} data-testid="dashboard-live" />
          </Tooltip>
          <Button size="small" icon={<ReloadOutlined />} onClick={reload} aria-label={t('analytics.dashboard.refresh')} loading={dashboard.isLoading && Boolean(data)} />
        </div>
      </div>

      {!data ? (
        <Spin size="large" className="gg-page-spin" />
      ) : (
        <>
          <section className="gg-kpis" aria-label={t('analytics.dashboard.kpi.rates')}>
            {kpiCard('received')}
            {kpiCard('resolved')}
            {kpiCard('closed')}
            {kpiCard('open')}
            {kpiCard('overdueNow', data.kpis.overdueNow > 0 ? 'alert' : undefined)}
            {rateIds.map((id) => {
              const definition = data.kpis.definitions[id]?.[lang];
              return (
                <Tooltip key={id} title={definition ? t('analytics.dashboard.kpi.definition', { text: definition }) : undefined}>
                  <div className="gg-kpi gg-kpi-rate" tabIndex={0} data-testid={`rate-${id}`}>
                    <div className="gg-kpi-label">
                      {t(`analytics.dashboard.rate.${id}`)} <InfoCircleOutlined className="gg-kpi-info" aria-hidden />
                    </div>
                    <div className="gg-kpi-value">{pct(data.kpis.rates[id])}</div>
                    <div className="gg-kpi-bar" aria-hidden>
                      <span style={{ width: `${Math.round((data.kpis.rates[id] ?? 0) * 100)}%`, background: id === 'reworkRate' ? '#e08e0b' : '#c0392b' }} />
                    </div>
                  </div>
                </Tooltip>
              );
            })}
          </section>

          <div className="gg-dash-grid">
            <Panel title={t('analytics.dashboard.panel.trend')} className="gg-span-2">
              {data.trend.points.length ? <Chart option={charts!.trend} label={t('analytics.dashboard.panel.trend')} height={280} /> : <Empty description={t('analytics.dashboard.kpi.noData')} />}
            </Panel>
            <Panel title={t('analytics.dashboard.panel.byState')}>
              <Chart option={charts!.byState} label={t('analytics.dashboard.panel.byState')} height={280} />
            </Panel>

            <Panel
              title={t('analytics.dashboard.panel.children')}
              className="gg-span-3"
              extra={
                <Space wrap size={8}>
                  <Select
                    size="small"
                    aria-label={t('analytics.dashboard.indicator')}
                    value={mapIndicator}
                    onChange={setMapIndicator}
                    style={{ minWidth: 120 }}
                    options={mapIndicators.map((i) => ({ value: i, label: t(`analytics.dashboard.column.${i}`) }))}
                  />
                  {data.children.length > 0 && <ExportButton rows={data.children} columns={childColumns} fileName={`${data.grid.name}-${t('analytics.dashboard.panel.children')}`} testId="export-children" />}
                </Space>
              }
            >
              {data.children.length === 0 ? (
                <Empty description={t('analytics.dashboard.noChildren')} />
              ) : (
                <>
                  <div className="gg-muted gg-dash-hint">{t('analytics.dashboard.drillHint')}</div>
                  <div className="gg-children">
                    <div className="gg-children-map">
                      {hasShapes ? (
                        <Suspense fallback={<Spin />}>
                          <ChoroplethMap features={features.data!} values={childValues} breaks={breaks} colors={colors} format={formatValue} tileUrl={config.data?.mapTileUrl} label={t('analytics.dashboard.panel.map')} onPick={drill} />
                        </Suspense>
                      ) : (
                        <Empty description={t('analytics.dashboard.noBoundaries')} />
                      )}
                      <ul className="gg-legend" aria-label={t('analytics.dashboard.indicator')}>
                        {colors.map((c, i) => (
                          <li key={c}>
                            <span style={{ background: c }} />
                            {isRate ? `${Math.round(breaks[i] * 100)}–${Math.min(100, Math.round(breaks[i + 1] * 100))}%` : `${nf.format(breaks[i])}–${nf.format(breaks[i + 1] - 1)}`}
                          </li>
                        ))}
                        <li>
                          <span style={{ background: '#d9d9d9' }} />
                          {t('analytics.dashboard.legendNoData')}
                        </li>
                      </ul>
                    </div>
                    <div className="gg-children-bar">
                      <Chart option={childBar} label={t('analytics.dashboard.panel.children')} height={Math.max(240, sortedChildren.length * 24 + 24)} onItemClick={(i) => sortedChildren[i] && drill(sortedChildren[i].id)} data-testid="children-bar" />
                    </div>
                  </div>
                  <Table<Child>
                    className="gg-children-table"
                    size="small"
                    rowKey="id"
                    dataSource={data.children}
                    pagination={data.children.length > 10 ? { pageSize: 10, showSizeChanger: false, size: 'small' } : false}
                    scroll={{ x: 760 }}
                    onRow={(row) => ({ onClick: () => drill(row.id), style: { cursor: 'pointer' } })}
                    columns={childColumns}
                  />
                </>
              )}
            </Panel>

            <Panel title={t('analytics.dashboard.panel.byType')}>
              <Chart option={charts!.byType} label={t('analytics.dashboard.panel.byType')} height={260} />
            </Panel>
            <Panel title={t('analytics.dashboard.panel.byTier')}>
              <Chart option={charts!.byTier} label={t('analytics.dashboard.panel.byTier')} height={260} />
            </Panel>
            <Panel title={t('analytics.dashboard.panel.stages')}>
              <Chart option={charts!.stages} label={t('analytics.dashboard.panel.stages')} height={260} />
              <div className="gg-stage-table" role="table" aria-label={t('analytics.dashboard.panel.stages')}>
                <div role="row" className="gg-stage-head">
                  <span role="columnheader">{t('analytics.dashboard.stageColumn')}</span>
                  <span role="columnheader">{t('analytics.dashboard.series.p50')}</span>
                  <span role="columnheader">{t('analytics.dashboard.series.p90')}</span>
                </div>
                {data.stages.map((s) => (
                  <div key={s.stage} role="row">
                    <span role="cell">{t(`analytics.dashboard.stage.${s.stage}`, { defaultValue: s.stage })}</span>
                    <span role="cell">{hours(s.p50Hours)}</span>
                    <span role="cell">{hours(s.p90Hours)}</span>
                  </div>
                ))}
              </div>
            </Panel>

            <Panel title={t('analytics.dashboard.panel.byCategory')} className="gg-span-2">
              <Chart option={charts!.byCategory} label={t('analytics.dashboard.panel.byCategory')} height={300} />
            </Panel>
            <div className="gg-dash-stack">
              <Panel title={t('analytics.dashboard.panel.people')}>
                <div className="gg-mini-stats">
                  <MiniStat label={t('analytics.dashboard.volunteers')} value={nf.format(data.people.volunteers)} />
                  <MiniStat label={t('analytics.dashboard.hours')} value={nf.format(Math.round(data.people.volunteerHours))} />
                  <MiniStat label={t('analytics.dashboard.activities')} value={nf.format(data.people.activities)} />
                </div>
              </Panel>
              <Panel title={t('analytics.dashboard.panel.wishes')}>
                <div className="gg-mini-stats">
                  <MiniStat label={t('analytics.dashboard.wishesFulfilled')} value={nf.format(data.wishes.fulfilled)} />
                  <MiniStat label={t('analytics.dashboard.wishValue')} value={nf.format(Math.round(data.wishes.valueYuan))} />
                </div>
              </Panel>
              <Panel title={t('analytics.dashboard.panel.cobuild')} extra={can('assessment.read') ? <Link to="/cobuild/assessment">{t('analytics.dashboard.assessmentLink')}</Link> : undefined}>
                <div className="gg-mini-stats">
                  <MiniStat label={t('analytics.dashboard.projectsCompleted')} value={nf.format(data.cobuild.projectsCompleted)} />
                  <MiniStat label={t('analytics.dashboard.projectsOpen')} value={nf.format(data.cobuild.projectsOpen)} />
                  <MiniStat label={t('analytics.dashboard.organizations')} value={nf.format(data.cobuild.organizations)} />
                </div>
              </Panel>
              {can('ranking.read') ? (
                <Link to={`/rankings?grid=${data.grid.id}`} className="gg-dash-more">
                  {t('analytics.dashboard.rankingsLink')} →
                </Link>
              ) : null}
            </div>
          </div>
        </>
      )}
    </div>
  );
}

function MiniStat({ label, value }: { label: string; value: string }) {
  return (
    <div className="gg-mini-stat">
      <div className="gg-mini-value">{value}</div>
      <div className="gg-mini-label">{label}</div>
    </div>
  );
}
