import { Suspense, useEffect, useMemo, useRef, useState } from 'react';
import { Segmented, Space, Spin, Table, type TableColumnsType } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router';
import { ApiError, type PublicConfig } from '../../api.js';
import { useAuth } from '../../auth.js';
import { ExportButton } from '../../components/export-button.js';
import { GridTreeSelect } from '../../components/grid-tree-select.js';
import { Panel } from '../../components/panel.js';
import { ProblemAlert } from '../../components/problem-alert.js';
import { useApi } from '../../use-api.js';
import { CaseMap, StateTag } from './case-bits.js';
import type { CaseMarker } from './case-map.js';
import { categoryName, formatTime, openStates, stateHex, type CaseState } from './types.js';

interface Overview {
  at: string;
  open: number;
  byState: Record<string, number>;
  byTier: Record<string, number>;
  byAge: { under1d: number; d1to3: number; d3to7: number; over7d: number };
  overdue: number;
  today: { created: number; closed: number };
}
interface OverdueBoard {
  total: number;
  items: { id: string; number: string; title: string; state: CaseState; tier: string; gridName: string | null; handlingGridName: string | null; isTriage: boolean; dueAt: string; overdueHours: number; overdueWorkingHours: number; categoryName: string | null; categoryNameEn: string | null }[];
}
interface Hotspots {
  days: number;
  total: number;
  byCommunity: { gridId: string; name: string; count: number }[];
  byCompound: { gridId: string; name: string; count: number }[];
  byCategory: { categoryId: string; name: string; nameEn: string; count: number }[];
  byHour: { hour: number; count: number }[];
}
interface MapPoints {
  items: { id: string; number: string; lng: number; lat: number; state: CaseState; isOverdue: boolean; categoryName: string | null; categoryNameEn: string | null }[];
}
interface LiveEvent {
  caseId: string;
  number: string;
  action: string;
  to: string | null;
  toTier: string | null;
  at: string;
}

/** 指挥中心 (/command): live map of open cases, counts by state and age, the overdue board and hotspots. */
export default function CommandPage() {
  const { t, i18n } = useTranslation();
  const navigate = useNavigate();
  const [grid, setGrid] = useState<string | undefined>();
  const [tick, setTick] = useState(0);
  const [live, setLive] = useState<'connecting' | 'live' | 'polling'>('connecting');
  const [feed, setFeed] = useState<LiveEvent[]>([]);
  const [hotspotTab, setHotspotTab] = useState<'community' | 'compound' | 'category'>('community');
  const q = { grid };
  const overview = useApi<Overview>('/api/command/overview', q);
  const overdue = useApi<OverdueBoard>('/api/command/overdue', { ...q, limit: 50 });
  const hotspots = useApi<Hotspots>('/api/command/hotspots', { grid, days: 30 });
  const points = useApi<MapPoints>('/api/command/map', q);
  const config = useApi<PublicConfig>('/api/config');
  const { me } = useAuth();
  // The grids under the chosen one (or my scope) drawn faintly beneath the markers.
  const contextGrid = grid ?? me?.scopes[0]?.id;
  const gridShapes = useApi<GeoJSON.FeatureCollection>(contextGrid ? '/api/grids/features' : null, { parent: contextGrid });
  const pending = useRef<number | null>(null);
  const reloads = useRef<(() => void)[]>([]);
  reloads.current = [overview.reload, overdue.reload, points.reload];
  useEffect(() => {
    if (tick) for (const reload of reloads.current) reload();
  }, [tick]);

  // Live: the SSE feed refreshes the figures (coalesced); without it, poll every 10 s.
  useEffect(() => {
    let source: EventSource | null = null;
    let poll: number | null = null;
    const refresh = () => {
      if (pending.current) return;
      pending.current = window.setTimeout(() => {
        pending.current = null;
        setTick((n) => n + 1);
      }, 600);
    };
    const startPolling = () => {
      setLive('polling');
      if (poll === null) poll = window.setInterval(() => setTick((n) => n + 1), 10_000);
    };
    if (typeof EventSource === 'undefined') startPolling();
    else {
      source = new EventSource('/api/command/stream');
      source.onopen = () => setLive('live');
      source.onmessage = (message) => {
        try {
          const event = JSON.parse(message.data as string) as LiveEvent;
          setFeed((f) => [event, ...f].slice(0, 30));
        } catch {
          // a malformed event: refresh anyway
        }
        refresh();
      };
      source.onerror = () => {
        if (source?.readyState === EventSource.CLOSED) startPolling();
        else setLive('connecting');
      };
    }
    return () => {
      source?.close();
      if (poll !== null) clearInterval(poll);
      if (pending.current) clearTimeout(pending.current);
    };
  }, []);

  const markers = useMemo<CaseMarker[]>(
    () =>
      (points.data?.items ?? []).map((p) => ({
        id: p.id,
        lng: p.lng,
        lat: p.lat,
        color: p.isOverdue ? '#cf1322' : stateHex[p.state],
        isAlert: p.isOverdue,
        title: `${p.number} ${categoryName(p, i18n.language)} · ${t(`cases.state.${p.state}`)}${p.isOverdue ? ` · ${t('cases.command.overdue')}` : ''}`,
      })),
    [points.data, i18n.language, t],
  );
  const o = overview.data;
  const notAvailable = overview.error instanceof ApiError && overview.error.status === 404;
  const maxAge = o ? Math.max(1, ...Object.values(o.byAge)) : 1;
  const hotList =
    hotspotTab === 'category'
      ? (hotspots.data?.byCategory ?? []).map((c) => ({ key: c.categoryId, name: i18n.language === 'en' ? c.nameEn : c.name, count: c.count }))
      : ((hotspotTab === 'community' ? hotspots.data?.byCommunity : hotspots.data?.byCompound) ?? []).map((g) => ({ key: g.gridId, name: g.name, count: g.count }));
  const maxHot = Math.max(1, ...hotList.map((h) => h.count));
  const maxHour = Math.max(1, ...(hotspots.data?.byHour ?? []).map((h) => h.count));

  const overdueColumns: TableColumnsType<OverdueBoard['items'][number]> = [
    { title: t('cases.field.number'), dataIndex: 'number', width: 120, render: (n: string, r) => <Link to={`/cases/${r.id}`}>{n}</Link> },
    { title: t('cases.field.category'), key: 'c', ellipsis: true, render: (_: unknown, r) => categoryName(r, i18n.language) },
    { title: t('cases.field.state'), dataIndex: 'state', width: 90, render: (s: string) => <StateTag state={s} /> },
    { title: t('cases.command.holder'), key: 'h', width: 150, ellipsis: true, render: (_: unknown, r) => (r.isTriage ? t('cases.tier.triage') : `${t(`cases.tier.${r.tier}`)} ${r.handlingGridName ?? ''}`) },
    { title: t('cases.command.overdueBy'), dataIndex: 'overdueWorkingHours', width: 120, render: (h: number) => <span className="gg-overdue">{t('cases.command.workingHours', { h })}</span> },
  ];

  return (
    <div className="gg-page" data-testid="command-page">
      <div className="gg-page-head">
        <div>
          <h1 className="gg-page-title">{t('cases.command.title')}</h1>
          <span className="gg-live" data-testid="command-live">
            <span className={`gg-live-dot ${live === 'live' ? 'is-on' : ''}`} />
            {t(`cases.command.live.${live}`)} · {t('cases.command.updated', { at: formatTime(o?.at) })}
          </span>
        </div>
        <GridTreeSelect value={grid} onChange={setGrid} allowClear placeholder={t('cases.command.allGrids')} aria-label={t('cases.field.grid')} style={{ width: 240 }} />
      </div>
      {notAvailable ? <ProblemAlert error={overview.error} /> : null}
      <div className="gg-kpis" data-testid="command-kpis">
        <Kpi label={t('cases.command.open')} value={o?.open} />
        <Kpi label={t('cases.command.overdue')} value={o?.overdue} isAlert={Boolean(o?.overdue)} testId="command-overdue-count" />
        <Kpi label={t('cases.command.todayNew')} value={o?.today.created} />
        <Kpi label={t('cases.command.todayClosed')} value={o?.today.closed} />
        <Kpi label={t('cases.command.escalatedUp')} value={o ? (o.byTier.community ?? 0) + (o.byTier.subdistrict ?? 0) + (o.byTier.city ?? 0) : undefined} />
      </div>
      <div className="gg-command">
        <Panel
          title={t('cases.command.map')}
          extra={
            <span className="gg-legend">
              {(['reported', 'registered', 'dispatched', 'handling', 'reportedBack'] as CaseState[]).map((s) => (
                <span key={s}>
                  <i style={{ background: stateHex[s] }} />
                  {t(`cases.state.${s}`)}
                </span>
              ))}
              <span>
                <i style={{ background: '#cf1322', boxShadow: '0 0 0 2px #a8071a' }} />
                {t('cases.command.overdue')}
              </span>
            </span>
          }
          bodyStyle={{ padding: 0 }}
        >
          <div className="gg-command-map">
            <Suspense fallback={<Spin />}>
              <CaseMap markers={markers} features={gridShapes.data} tileUrl={config.data?.mapTileUrl ?? null} label={t('cases.command.map')} onMarker={(id) => navigate(`/cases/${id}`)} testId="command-map" />
            </Suspense>
          </div>
        </Panel>
        <div className="gg-command-side">
          <Panel title={t('cases.command.byState')} data-testid="command-by-state">
            <div className="gg-bars">
              {openStates.map((s) => (
                <Bar key={s} label={<StateTag state={s} />} value={o?.byState[s] ?? 0} max={Math.max(1, ...Object.values(o?.byState ?? {}))} color={stateHex[s]} />
              ))}
            </div>
          </Panel>
          <Panel title={t('cases.command.byAge')}>
            <div className="gg-bars">
              {(['under1d', 'd1to3', 'd3to7', 'over7d'] as const).map((k) => (
                <Bar key={k} label={t(`cases.command.age.${k}`)} value={o?.byAge[k] ?? 0} max={maxAge} color={k === 'over7d' ? '#cf1322' : '#c0392b'} />
              ))}
            </div>
          </Panel>
          <Panel title={t('cases.command.feed')} data-testid="command-feed">
            {feed.length === 0 ? (
              <span className="gg-muted">{t('cases.command.feedEmpty')}</span>
            ) : (
              <ul className="gg-feed">
                {feed.map((e, i) => (
                  <li key={`${e.caseId}-${e.at}-${i}`}>
                    <span className="gg-muted">{formatTime(e.at).slice(11)}</span> <Link to={`/cases/${e.caseId}`}>{e.number}</Link> {t(`cases.action.${e.action}`, { defaultValue: e.action })}
                    {e.to ? ` → ${t(`cases.state.${e.to}`)}` : ''}
                  </li>
                ))}
              </ul>
            )}
          </Panel>
        </div>
      </div>
      <div className="gg-case-grid">
        <Panel
          title={t('cases.command.overdueBoard', { count: overdue.data?.total ?? 0 })}
          extra={<ExportButton path="/api/command/overdue" query={q} columns={overdueColumns} texts={{ state: (r) => t(`cases.state.${r.state}`) }} fileName={t('cases.command.overdueBoard', { count: overdue.data?.total ?? 0 })} />}
          data-testid="command-overdue"
        >
          <Table
            rowKey="id"
            size="small"
            dataSource={overdue.data?.items ?? []}
            pagination={{ pageSize: 8, showSizeChanger: false, hideOnSinglePage: true }}
            scroll={{ x: 720 }}
            rowClassName={() => 'gg-row-overdue'}
            columns={overdueColumns}
          />
        </Panel>
        <Panel
          title={t('cases.command.hotspots', { days: hotspots.data?.days ?? 30 })}
          extra={
            <Segmented
              size="small"
              value={hotspotTab}
              onChange={(v) => setHotspotTab(v as typeof hotspotTab)}
              options={(['community', 'compound', 'category'] as const).map((k) => ({ value: k, label: t(`cases.command.hot.${k}`) }))}
            />
          }
          data-testid="command-hotspots"
        >
          <div className="gg-bars">
            {hotList.slice(0, 8).map((h) => (
              <Bar key={h.key} label={h.name} value={h.count} max={maxHot} />
            ))}
          </div>
          <h2 className="gg-section-title" style={{ marginTop: 12 }}>
            {t('cases.command.byHour')}
          </h2>
          <div className="gg-hours" role="img" aria-label={t('cases.command.byHour')}>
            {(hotspots.data?.byHour ?? []).map((h) => (
              <div key={h.hour} style={{ height: `${(h.count / maxHour) * 100}%` }} title={`${h.hour}:00 · ${h.count}`} />
            ))}
          </div>
          <Space style={{ justifyContent: 'space-between', width: '100%', fontSize: 11 }} className="gg-muted">
            <span>0</span>
            <span>6</span>
            <span>12</span>
            <span>18</span>
            <span>23</span>
          </Space>
        </Panel>
      </div>
    </div>
  );
}

function Kpi({ label, value, isAlert, testId }: { label: string; value?: number; isAlert?: boolean; testId?: string }) {
  return (
    <div className={`gg-kpi ${isAlert ? 'is-alert' : ''}`}>
      <div className="gg-kpi-label">{label}</div>
      <div className="gg-kpi-value" data-testid={testId}>
        {value ?? '—'}
      </div>
    </div>
  );
}

function Bar({ label, value, max, color }: { label: React.ReactNode; value: number; max: number; color?: string }) {
  return (
    <div className="gg-bar">
      <span className="gg-bar-label">{label}</span>
      <span className="gg-bar-track">
        <span className="gg-bar-fill" style={{ width: `${(value / max) * 100}%`, display: 'block', background: color }} />
      </span>
      <span style={{ textAlign: 'right' }}>{value}</span>
    </div>
  );
}
