import { requirePermission } from '../../core/accounts/policy.js';
import type { AppContext } from '../../core/context.js';
import { AppError, invalidField } from '../../core/errors.js';
import { isInScope, type Actor } from '../../core/scope.js';
import type { GridLevel } from '../../db/schema.js';
import { ranking as assessmentRanking } from '../cobuild/assessment.js';
import { gridCaseMeasures } from './grid-measures.js';
import type { RateId } from '../analytics/rollups.js';
import { indicatorsOf, rankRows, ratio, redBlackLists, type IndicatorRule, type Measured } from './indicators.js';
import { rankingsRepository, type PeriodBounds } from './repository.js';
import type { Ranking, RankingQuery, RankingRow } from './schemas.js';

type IndicatorKind = IndicatorRule['kind'];

const levels: GridLevel[] = ['city', 'subdistrict', 'community', 'compound', 'building', 'stairwell'];
const DAY_MS = 86_400_000;
const OFFSET_MS = 8 * 3600_000;
const MAX_PERIOD_DAYS = 3653;

/** The local date (Asia/Shanghai, UTC+8, no daylight saving) of an instant. */
export function localDate(at: Date): string {
  return new Date(at.getTime() + OFFSET_MS).toISOString().slice(0, 10);
}

/** A period of local dates, both ends included, as stored instants `[from, to)` and dates `[fromDate, toDate)`. */
export function periodBounds(from: string, to: string): PeriodBounds {
  const start = Date.parse(`${from}T00:00:00Z`) - OFFSET_MS;
  const end = Date.parse(`${to}T00:00:00Z`) - OFFSET_MS + DAY_MS;
  return { from: new Date(start).toISOString(), to: new Date(end).toISOString(), fromDate: from, toDate: new Date(end + OFFSET_MS).toISOString().slice(0, 10) };
}

export interface RankingSubject {
  id: string;
  name: string;
  detail: string | null;
  level: string | null;
}

/** Rankings (A4): grids, communities, grid workers and partner organisations within the caller's subtree. */
export function rankingsService(ctx: AppContext) {
  const repo = () => rankingsRepository(ctx.db.kysely);

  /** `?grid=` inside the caller's scope (else 404), or their first scope root; the admin's default is the top of the tree. */
  async function rootOf(actor: Actor, gridId: string | undefined) {
    const id = gridId ?? actor.scopeGridIds[0];
    if (!id) {
      if (!actor.isGlobal) throw new AppError('notFound');
      const top = await ctx.db.kysely.selectFrom('grids').select(['id', 'name', 'level', 'path']).where('parent_id', 'is', null).orderBy('path').executeTakeFirst();
      if (!top) throw new AppError('notFound');
      return top;
    }
    const grid = await repo().grid(id);
    if (!grid || !isInScope(actor, grid.path)) throw new AppError('notFound');
    return grid;
  }

  function periodOf(q: Pick<RankingQuery, 'from' | 'to'>) {
    const today = localDate(ctx.clock.now());
    const from = q.from ?? `${today.slice(0, 4)}-01-01`;
    const to = q.to ?? today;
    if (from > to) throw invalidField('from', 'rankingPeriodReversed', { from, to });
    if ((Date.parse(to) - Date.parse(from)) / DAY_MS + 1 > MAX_PERIOD_DAYS) throw invalidField('to', 'rankingPeriodTooLong', { years: 10 });
    return { from, to, bounds: periodBounds(from, to) };
  }

  async function measureGrids(root: { path: string }, level: GridLevel, indicator: string, period: { from: string; to: string }, kind: IndicatorKind) {
    const grids = await repo().gridsAt(root.path, level);
    const measures = await gridCaseMeasures(ctx, { root: root.path, level, from: period.from, to: period.to });
    const residents = indicator === 'receivedPer1000' ? await repo().residentsByPath(root.path) : [];
    return grids.map((g): Measured<RankingSubject> => {
      const m = measures.get(g.id);
      const received = m?.received ?? 0;
      const subject = { id: g.id, name: g.name, detail: null, level: g.level };
      const rate = (numerator: number, denominator: number) => ({ subject, value: ratio(kind, numerator, denominator), numerator, denominator, volume: received });
      if (indicator === 'overdueNow') return { subject, value: m?.overdueNow ?? 0, numerator: null, denominator: null, volume: received };
      if (indicator === 'receivedPer1000') return rate(received, residents.filter((r) => r.path.startsWith(g.path)).reduce((s, r) => s + r.n, 0));
      const counts = m?.rates[indicator as RateId] ?? { numerator: 0, denominator: 0 };
      return rate(counts.numerator, counts.denominator);
    });
  }

  async function measureWorkers(root: string, indicator: string, bounds: PeriodBounds, kind: IndicatorKind) {
    const [workers, handled] = await Promise.all([repo().workers(root), repo().casesClosedByHandler(root, bounds)]);
    const seen = new Set<string>();
    return workers
      .filter((w) => !seen.has(w.id) && seen.add(w.id))
      .map((w): Measured<RankingSubject> => {
        const mine = handled.filter((c) => c.workerId === w.id);
        const rated = mine.filter((c) => c.rating !== null);
        const subject = { id: w.id, name: w.display_name, detail: w.grid_name, level: null };
        switch (indicator) {
          case 'closed':
            return { subject, value: mine.length, numerator: null, denominator: null, volume: null };
          case 'onTimeRate': {
            const n = mine.filter((c) => c.isOnTime).length;
            return { subject, value: ratio(kind, n, mine.length), numerator: n, denominator: mine.length, volume: mine.length };
          }
          case 'reworkRate': {
            const n = mine.filter((c) => c.isReworked).length;
            return { subject, value: ratio(kind, n, mine.length), numerator: n, denominator: mine.length, volume: mine.length };
          }
          default: {
            const stars = rated.reduce((s, c) => s + c.rating!, 0);
            return { subject, value: ratio(kind, stars, rated.length), numerator: stars, denominator: rated.length, volume: rated.length };
          }
        }
      });
  }

  async function measureOrganizations(actor: Actor, root: { id: string; path: string }, indicator: string, bounds: PeriodBounds, to: string) {
    const orgs = await repo().organizations(root.path);
    const count = (value: number) => ({ value, numerator: null, denominator: null, volume: null });
    const subjectOf = (o: (typeof orgs)[number]) => ({ id: o.id, name: o.name, detail: o.kind, level: null });
    if (indicator === 'wishesFulfilled') {
      const byContact = await repo().wishesFulfilledByContact(root.path, bounds);
      return orgs.map((o) => ({ subject: subjectOf(o), ...count(o.contact_user_id ? (byContact.get(o.contact_user_id) ?? 0) : 0) }));
    }
    if (indicator === 'volunteerHours') {
      const hours = await repo().memberHoursByEmployer(root.path, bounds);
      return orgs.map((o) => ({ subject: subjectOf(o), ...count(hours.get(o.id) ?? 0) }));
    }
    if (indicator === 'projectsCompleted') {
      const projects = await repo().projectsCompletedByOrganization(root.path, bounds);
      return orgs.map((o) => ({ subject: subjectOf(o), ...count(projects.get(o.id) ?? 0) }));
    }
    // The co-building assessment is yearly: the score of the year the period ends in, as the assessment page shows it.
    const scored = await assessmentRanking({ ctx, actor, year: Number(to.slice(0, 4)), grid: root.id });
    const totals = new Map(scored.items.map((r) => [r.organization.id, r.total]));
    return orgs.map((o) => ({ subject: subjectOf(o), ...count(totals.get(o.id) ?? 0) }));
  }

  return {
    async rank(actor: Actor | undefined, q: RankingQuery): Promise<Ranking> {
      requirePermission(actor, 'ranking.read');
      const rule = indicatorsOf[q.subject][q.indicator];
      if (!rule) throw invalidField('indicator', 'rankingIndicatorNotOfSubject', { subject: q.subject, allowed: Object.keys(indicatorsOf[q.subject]).join(', ') });
      const { from, to, bounds } = periodOf(q);
      const root = await rootOf(actor, q.grid);
      let level: GridLevel | null = null;
      let rows: Measured<RankingSubject>[];
      if (q.subject === 'grid' || q.subject === 'community') {
        level = q.subject === 'community' ? 'community' : ((q.level as GridLevel | undefined) ?? levels[levels.indexOf(root.level) + 1] ?? null);
        if (!level || levels.indexOf(level) <= levels.indexOf(root.level)) throw invalidField(q.subject === 'community' ? 'grid' : 'level', 'rankingLevelNotBelowRoot', { level: level ?? '', root: root.level });
        rows = await measureGrids(root, level, q.indicator, { from, to }, rule.kind);
      } else if (q.subject === 'worker') {
        rows = await measureWorkers(root.path, q.indicator, bounds, rule.kind);
      } else {
        rows = await measureOrganizations(actor, root, q.indicator, bounds, to);
      }
      const ranked = rankRows(rows, rule, q.minVolume, (s) => s.name);
      const { red, black } = redBlackLists(ranked, q.size, rule);
      return {
        subject: q.subject, indicator: q.indicator, kind: rule.kind, isHigherBetter: rule.isHigherBetter,
        grid: { id: root.id, name: root.name, level: root.level }, level, period: { from, to }, size: q.size, minVolume: q.minVolume,
        items: ranked as RankingRow[], red: red as RankingRow[], black: black as RankingRow[],
      };
    },
  };
}
