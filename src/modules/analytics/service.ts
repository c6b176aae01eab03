import { requirePermission } from '../../core/accounts/policy.js';
import { localDateOf, isValidDate } from '../../core/calendar/working-time.js';
import type { AppContext } from '../../core/context.js';
import { AppError, invalidField } from '../../core/errors.js';
import { isInScope, type Actor } from '../../core/scope.js';
import { STAGE_EDGES_HOURS, STAGES } from './contributions.js';
import en from './locales/en.json' with { type: 'json' };
import zhCN from './locales/zh-CN.json' with { type: 'json' };
import { addDays, daysBetween, periodInstants } from './period.js';
import { analyticsRepository } from './repository.js';
import type { Dashboard } from './schemas.js';
import { kpisByGrid, pathsOf, RATE_IDS, rangesOf, subtreeKpis } from './rollups.js';

/** The longest period a dashboard covers (ten years of days, leap days included). */
export const MAX_PERIOD_DAYS = 3653;
const DEFAULT_DAYS = 30;

export interface DashboardQuery {
  from?: string;
  to?: string;
  grid?: string;
}

/** The period asked for, checked: dates, order, length (400 naming the field). Defaults to the last 30 days. */
export function checkPeriod(query: { from?: string; to?: string }, today: string): { from: string; to: string } {
  if (query.from !== undefined && !isValidDate(query.from)) throw invalidField('from', 'invalidDate', { value: query.from });
  if (query.to !== undefined && !isValidDate(query.to)) throw invalidField('to', 'invalidDate', { value: query.to });
  const to = query.to ?? (query.from && query.from > today ? query.from : today);
  const from = query.from ?? addDays(to, -(DEFAULT_DAYS - 1));
  if (from > to) throw invalidField('from', 'periodOrder', { from, to });
  if (daysBetween(from, to) > MAX_PERIOD_DAYS) throw invalidField('to', 'periodTooLong', { from, to });
  return { from, to };
}

/** p-th percentile (0..1) of a histogram over STAGE_EDGES_HOURS, interpolated inside its bucket. */
export function percentileHours(counts: number[], p: number): number | null {
  const total = counts.reduce((a, b) => a + b, 0);
  if (total === 0) return null;
  const target = p * total;
  let seen = 0;
  for (let i = 0; i < counts.length; i++) {
    if (counts[i] === 0) continue;
    if (seen + counts[i] >= target) {
      const lo = i === 0 ? 0 : STAGE_EDGES_HOURS[i - 1];
      // The open last bucket has no upper edge: report its lower edge (at least that long).
      if (i >= STAGE_EDGES_HOURS.length) return lo;
      const hi = STAGE_EDGES_HOURS[i];
      return Math.round((lo + ((target - seen) / counts[i]) * (hi - lo)) * 100) / 100;
    }
    seen += counts[i];
  }
  return null;
}

function weekStart(date: string): string {
  const weekday = new Date(`${date}T00:00:00Z`).getUTCDay();
  return addDays(date, -((weekday + 6) % 7));
}

/** The dashboard (A1): KPIs, breakdowns, trend, 五早 stages and drill-down of one subtree over a period. */
export function analyticsService(ctx: AppContext) {
  const repo = () => analyticsRepository(ctx.db.kysely);

  /** `?grid=` inside the viewer's scope (else 404), or the viewer's scope root. */
  async function gridOf(actor: Actor, gridId: string | undefined) {
    if (gridId) {
      const grid = await repo().gridById(gridId);
      if (!grid || !isInScope(actor, grid.path)) throw new AppError('notFound');
      return grid;
    }
    const grid = actor.isGlobal ? (await repo().roots())[0] : actor.scopeGridIds[0] ? await repo().gridById(actor.scopeGridIds[0]) : undefined;
    if (!grid) throw new AppError('notFound');
    return grid;
  }

  return {
    gridOf,

    async dashboard(actor: Actor | undefined, query: DashboardQuery): Promise<Dashboard> {
      requirePermission(actor, 'analytics.read');
      const period = checkPeriod(query, localDateOf(ctx.clock.now()));
      const grid = await gridOf(actor, query.grid);
      const db = ctx.db.kysely;
      const paths = pathsOf(grid.path);
      const ranges = rangesOf(period);
      const [kpis, received, stageRows, childGrids, categories] = await Promise.all([
        subtreeKpis(db, { gridPath: grid.path, ...period }),
        repo().sums(paths, ranges, { prefix: 'rcv:' }),
        repo().sums(paths, ranges, { prefix: 'st:' }),
        repo().childrenOf(grid.id),
        repo().categories(),
      ]);
      const breakdown = (dim: string) =>
        received
          .filter((r) => r.k.startsWith(`rcv:${dim}:`) && r.n !== 0)
          .map((r) => ({ key: r.k.slice(6), count: r.n }))
          .sort((a, b) => b.count - a.count || (a.key < b.key ? -1 : 1));
      const categoryById = new Map(categories.map((c) => [c.id, c]));
      const isEnglish = actor.locale.startsWith('en');

      const histograms = new Map<string, number[]>(STAGES.map((s) => [s, new Array<number>(STAGE_EDGES_HOURS.length + 1).fill(0)]));
      for (const r of stageRows) {
        const [, stage, bucket] = r.k.split(':');
        const h = histograms.get(stage);
        if (h) h[Number(bucket)] += r.n;
      }

      // Trend: days up to two months, weeks up to a year, months beyond.
      const days = daysBetween(period.from, period.to);
      const unit: 'day' | 'week' | 'month' = days <= 62 ? 'day' : days <= 366 ? 'week' : 'month';
      const trendRanges = unit === 'month' ? ranges : ([[`d${period.from}`, `d${period.to}`]] as [string, string][]);
      const bucketRows = await repo().byBucket(paths, trendRanges, ['rcv', 'e.resolved']);
      const pointOf = (bucket: string) => {
        const date = bucket.slice(1);
        if (unit === 'day') return date;
        if (unit === 'week') return weekStart(date);
        return date.slice(0, 7);
      };
      const points = new Map<string, { date: string; received: number; resolved: number }>();
      for (let d = period.from; d <= period.to; d = addDays(d, 1)) {
        const key = pointOf(`d${d}`);
        if (!points.has(key)) points.set(key, { date: key, received: 0, resolved: 0 });
      }
      for (const r of bucketRows) {
        const p = points.get(pointOf(r.bucket));
        if (!p) continue;
        if (r.k === 'rcv') p.received += r.n;
        else p.resolved += r.n;
      }

      const children = await kpisByGrid(db, { grids: childGrids, ...period });
      const { fromIso, toIso } = periodInstants(period);
      const others = await repo().otherFigures(grid.path, { ...period, fromIso: fromIso!, toIso: toIso! });
      return {
        grid: { id: grid.id, name: grid.name, level: grid.level, path: grid.path },
        period,
        kpis: {
          received: kpis.received,
          resolved: kpis.resolved,
          closed: kpis.closed,
          overdueNow: kpis.overdueNow,
          open: kpis.open,
          rates: kpis.rates,
          definitions: Object.fromEntries(RATE_IDS.map((id) => [id, { zh: zhCN.analytics.definitions[id], en: en.analytics.definitions[id] }])) as Dashboard['kpis']['definitions'],
        },
        byState: breakdown('s'),
        byType: breakdown('t'),
        byCategory: breakdown('c').map((r) => {
          const c = categoryById.get(r.key);
          return { key: r.key, label: c ? (isEnglish ? c.name_en : c.name) : r.key, count: r.count };
        }),
        byTier: breakdown('r'),
        trend: { unit, points: [...points.values()] },
        stages: STAGES.map((stage) => ({ stage, p50Hours: percentileHours(histograms.get(stage)!, 0.5), p90Hours: percentileHours(histograms.get(stage)!, 0.9) })),
        children: children.map((c) => ({
          id: c.id, name: c.name, level: c.level, received: c.received, resolved: c.resolved, overdueNow: c.overdueNow, open: c.open,
          resolutionRate: c.rates.resolutionRate, closureRate: c.rates.closureRate, satisfactionRate: c.rates.satisfactionRate,
        })),
        ...others,
      };
    },
  };
}
