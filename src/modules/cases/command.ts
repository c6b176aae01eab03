import { sql, type Kysely } from 'kysely';
import type { Database } from '../../db/schema.js';
import { requirePermission } from '../../core/accounts/policy.js';
import { loadBusinessCalendar } from '../../core/calendar/service.js';
import { workingMsBetween } from '../../core/calendar/working-time.js';
import type { AppContext } from '../../core/context.js';
import { AppError } from '../../core/errors.js';
import type { OutboxEvent } from '../../core/notifications/audience.js';
import { inScope, isInScope, underPath, type Actor } from '../../core/scope.js';
import type { CaseEventPayload } from './case-audience.js';
import { canSeeCase, seesTriage } from './policy.js';

const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;
/** China keeps one offset all year (no daylight saving), so local days are fixed UTC+8 windows. */
const SHANGHAI_OFFSET_MS = 8 * HOUR_MS;

/** Age buckets of open cases, in calendar days since they were reported. */
export const AGE_BUCKETS = [
  { key: 'under1d', maxDays: 1 },
  { key: 'd1to3', maxDays: 3 },
  { key: 'd3to7', maxDays: 7 },
  { key: 'over7d', maxDays: Infinity },
] as const;

/** Midnight of the current day in Asia/Shanghai, as an instant. */
export function startOfShanghaiDay(now: Date): Date {
  const local = new Date(now.getTime() + SHANGHAI_OFFSET_MS);
  return new Date(Date.UTC(local.getUTCFullYear(), local.getUTCMonth(), local.getUTCDate()) - SHANGHAI_OFFSET_MS);
}

type ScopeActor = Pick<Actor, 'isGlobal' | 'scopePaths' | 'role'>;

/** Cases the command centre may show: where they happened or who holds them lies in scope; the triage queue for city-level staff. */
function commandScope(actor: ScopeActor, underGridPath: string | undefined) {
  return (eb: Parameters<ReturnType<typeof inScope>>[0]) => {
    const visible = eb.or([inScope(actor, 'cases.grid_path')(eb), inScope(actor, 'cases.handling_path')(eb), ...(seesTriage(actor as Actor) ? [eb('cases.handling_path', '=', '/')] : [])]);
    return underGridPath ? eb.and([visible, underPath('cases.grid_path', underGridPath)(eb)]) : visible;
  };
}

/** SQL of the command centre: counts and lists over open and recent cases, always within the caller's scope. */
export function commandRepository(db: Kysely<Database>) {
  return {
    openByStateAndTier(actor: ScopeActor, under: string | undefined) {
      return db
        .selectFrom('cases')
        .select(['state', 'tier', (eb) => eb.fn.countAll<number>().as('n')])
        .where('is_open', '=', 1)
        .where(commandScope(actor, under))
        .groupBy(['state', 'tier'])
        .execute();
    },
    /** Open cases in each age bucket (by report time) and how many are past their deadline. */
    openAges(actor: ScopeActor, under: string | undefined, bounds: string[], nowIso: string) {
      return db
        .selectFrom('cases')
        .select((eb) => [
          ...bounds.map((b, i) => eb.fn.sum<number>(eb.case().when('created_at', '>=', b).then(1).else(0).end()).as(`b${i}`)),
          eb.fn.sum<number>(eb.case().when('due_at', '<', nowIso).then(1).else(0).end()).as('overdue'),
          eb.fn.countAll<number>().as('n'),
        ])
        .where('is_open', '=', 1)
        .where(commandScope(actor, under))
        .executeTakeFirstOrThrow();
    },
    countSince(actor: ScopeActor, under: string | undefined, column: 'created_at' | 'closed_at', since: string) {
      return db.selectFrom('cases').select((eb) => eb.fn.countAll<number>().as('n')).where(column, '>=', since).where(commandScope(actor, under)).executeTakeFirstOrThrow();
    },
    overdue(actor: ScopeActor, under: string | undefined, nowIso: string, page: { limit: number; offset: number }) {
      const q = db.selectFrom('cases').where('cases.is_open', '=', 1).where('cases.due_at', '<', nowIso).where(commandScope(actor, under));
      return Promise.all([
        q
          .leftJoin('grids as handling', 'handling.id', 'cases.handling_grid_id')
          .leftJoin('grids as place', 'place.id', 'cases.grid_id')
          .leftJoin('case_categories', 'case_categories.id', 'cases.category_id')
          .select([
            'cases.id', 'cases.number', 'cases.title', 'cases.state', 'cases.tier', 'cases.stage', 'cases.due_at', 'cases.overdue_at', 'cases.sla_escalated_at', 'cases.escalation_count', 'cases.handling_path', 'cases.address', 'cases.priority',
            'handling.name as handling_name', 'place.name as grid_name', 'case_categories.name as category_name', 'case_categories.name_en as category_name_en',
          ])
          .orderBy('cases.due_at')
          .orderBy('cases.id')
          .limit(page.limit)
          .offset(page.offset)
          .execute(),
        q.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
      ]);
    },
    createdByGridPath(actor: ScopeActor, under: string | undefined, since: string) {
      return db.selectFrom('cases').select(['grid_path', (eb) => eb.fn.countAll<number>().as('n')]).where('created_at', '>=', since).where(commandScope(actor, under)).groupBy('grid_path').execute();
    },
    createdByCategory(actor: ScopeActor, under: string | undefined, since: string) {
      return db
        .selectFrom('cases')
        .innerJoin('case_categories as c', 'c.id', 'cases.category_id')
        .leftJoin('case_categories as parent', 'parent.id', 'c.parent_id')
        .select(['c.id', 'c.name', 'c.name_en', 'parent.name as parent_name', (eb) => eb.fn.countAll<number>().as('n')])
        .where('cases.created_at', '>=', since)
        .where(commandScope(actor, under))
        .groupBy(['c.id', 'c.name', 'c.name_en', 'parent.name'])
        .execute();
    },
    /** Timestamps are ISO-8601 UTC text, so characters 12–13 are the UTC hour on both dialects. */
    createdByUtcHour(actor: ScopeActor, under: string | undefined, since: string) {
      const hour = sql<string>`substr(cases.created_at, 12, 2)`;
      return db.selectFrom('cases').select([hour.as('hour'), (eb) => eb.fn.countAll<number>().as('n')]).where('created_at', '>=', since).where(commandScope(actor, under)).groupBy(hour).execute();
    },
    gridsByCode(codes: string[]) {
      if (codes.length === 0) return Promise.resolve([]);
      return db.selectFrom('grids').select(['id', 'code', 'name', 'level', 'path']).where('code', 'in', codes).where('level', 'in', ['community', 'compound']).execute();
    },
    openPoints(actor: ScopeActor, under: string | undefined, limit: number) {
      return db
        .selectFrom('cases')
        .leftJoin('case_categories', 'case_categories.id', 'cases.category_id')
        .select(['cases.id', 'cases.number', 'cases.lng', 'cases.lat', 'cases.state', 'cases.tier', 'cases.due_at', 'cases.priority', 'case_categories.name as category_name', 'case_categories.name_en as category_name_en'])
        .where('cases.is_open', '=', 1)
        .where('cases.lng', 'is not', null)
        .where('cases.lat', 'is not', null)
        .where(commandScope(actor, under))
        .orderBy('cases.created_at', 'desc')
        .limit(limit + 1)
        .execute();
    },
  };
}

const count = (n: unknown) => Number(n ?? 0);

/** The command centre (C9): where open cases stand, what is late, where problems cluster, and the live feed's visibility rule. */
export function commandService(ctx: AppContext) {
  const repo = () => commandRepository(ctx.db.kysely);

  /** `?grid=` narrows to a subtree the caller governs; anything else is 404. */
  async function subtree(actor: Actor, gridId: string | undefined): Promise<string | undefined> {
    if (!gridId) return undefined;
    const grid = await ctx.db.kysely.selectFrom('grids').select('path').where('id', '=', gridId).executeTakeFirst();
    if (!grid || !isInScope(actor, grid.path)) throw new AppError('notFound');
    return grid.path;
  }

  return {
    /** Open cases by state, tier and age (calendar days since reported), the overdue count, and today's intake and closures (Asia/Shanghai day). */
    async overview(actor: Actor | undefined, query: { grid?: string }) {
      requirePermission(actor, 'case.command');
      const under = await subtree(actor, query.grid);
      const now = ctx.clock.now();
      const nowIso = now.toISOString();
      const bounds = AGE_BUCKETS.filter((b) => Number.isFinite(b.maxDays)).map((b) => new Date(now.getTime() - b.maxDays * DAY_MS).toISOString());
      const today = startOfShanghaiDay(now).toISOString();
      const [groups, ages, created, closed] = await Promise.all([
        repo().openByStateAndTier(actor, under),
        repo().openAges(actor, under, bounds, nowIso),
        repo().countSince(actor, under, 'created_at', today),
        repo().countSince(actor, under, 'closed_at', today),
      ]);
      const byState: Record<string, number> = {};
      const byTier: Record<string, number> = {};
      for (const g of groups) {
        byState[g.state] = (byState[g.state] ?? 0) + count(g.n);
        byTier[g.tier] = (byTier[g.tier] ?? 0) + count(g.n);
      }
      // Cumulative "reported since bound i" counts become disjoint buckets.
      const since = bounds.map((_, i) => count((ages as Record<string, unknown>)[`b${i}`]));
      const total = count(ages.n);
      const byAge = { under1d: since[0], d1to3: since[1] - since[0], d3to7: since[2] - since[1], over7d: total - since[2] };
      return { at: nowIso, open: total, byState, byTier, byAge, ageUnit: 'calendarDays' as const, overdue: count(ages.overdue), today: { since: today, created: count(created.n), closed: count(closed.n) } };
    },

    /** The overdue board: open cases past their deadline, most overdue first, by how much in clock and working hours. */
    async overdue(actor: Actor | undefined, query: { grid?: string; limit: number; offset: number }) {
      requirePermission(actor, 'case.command');
      const under = await subtree(actor, query.grid);
      const now = ctx.clock.now();
      const [rows, total] = await repo().overdue(actor, under, now.toISOString(), query);
      const calendar = rows.length ? await loadBusinessCalendar(ctx.db) : undefined;
      return {
        at: now.toISOString(),
        total: count(total.n),
        items: rows.map((r) => {
          const due = new Date(r.due_at!);
          return {
            id: r.id, number: r.number, title: r.title, state: r.state, tier: r.tier, stage: r.stage, priority: r.priority, address: r.address,
            categoryName: r.category_name, categoryNameEn: r.category_name_en, gridName: r.grid_name,
            handlingGridName: r.handling_path === '/' ? null : r.handling_name, isTriage: r.handling_path === '/',
            dueAt: r.due_at!, overdueAt: r.overdue_at, slaEscalatedAt: r.sla_escalated_at, escalationCount: r.escalation_count,
            overdueHours: Math.round(((now.getTime() - due.getTime()) / HOUR_MS) * 10) / 10,
            overdueWorkingHours: Math.round((workingMsBetween(calendar!, due, now) / HOUR_MS) * 10) / 10,
          };
        }),
      };
    },

    /** Where and when problems cluster over the last `days`: by community and compound, by category, by hour of day in Asia/Shanghai. */
    async hotspots(actor: Actor | undefined, query: { grid?: string; days: number }) {
      requirePermission(actor, 'case.command');
      const under = await subtree(actor, query.grid);
      const now = ctx.clock.now();
      const since = new Date(now.getTime() - query.days * DAY_MS).toISOString();
      const [byPath, byCategory, byHour] = await Promise.all([repo().createdByGridPath(actor, under, since), repo().createdByCategory(actor, under, since), repo().createdByUtcHour(actor, under, since)]);
      const codes = [...new Set(byPath.flatMap((r) => (r.grid_path ?? '').split('/').filter(Boolean)))];
      const grids = await repo().gridsByCode(codes);
      const gridByCode = new Map(grids.map((g) => [g.code, g]));
      const tally = { community: new Map<string, number>(), compound: new Map<string, number>() };
      let outsideGrids = 0;
      let total = 0;
      for (const r of byPath) {
        const n = count(r.n);
        total += n;
        if (!r.grid_path) {
          outsideGrids += n;
          continue;
        }
        for (const code of r.grid_path.split('/').filter(Boolean)) {
          const g = gridByCode.get(code);
          if (g) tally[g.level as 'community' | 'compound'].set(g.id, (tally[g.level as 'community' | 'compound'].get(g.id) ?? 0) + n);
        }
      }
      const gridList = (m: Map<string, number>) =>
        [...m]
          .map(([id, n]) => ({ gridId: id, name: grids.find((g) => g.id === id)!.name, count: n }))
          .sort((a, b) => b.count - a.count || a.name.localeCompare(b.name));
      const hours = Array.from({ length: 24 }, () => 0);
      for (const r of byHour) hours[(Number(r.hour) + 8) % 24] += count(r.n);
      return {
        since, days: query.days, total, outsideGrids,
        byCommunity: gridList(tally.community),
        byCompound: gridList(tally.compound),
        byCategory: byCategory.map((c) => ({ categoryId: c.id, name: c.name, nameEn: c.name_en, parentName: c.parent_name, count: count(c.n) })).sort((a, b) => b.count - a.count),
        byHour: hours.map((n, hour) => ({ hour, count: n })),
        timeZone: 'Asia/Shanghai' as const,
      };
    },

    /** Open cases with a point, for the live map. */
    async map(actor: Actor | undefined, query: { grid?: string; limit: number }) {
      requirePermission(actor, 'case.command');
      const under = await subtree(actor, query.grid);
      const nowIso = ctx.clock.now().toISOString();
      const rows = await repo().openPoints(actor, under, query.limit);
      return {
        isTruncated: rows.length > query.limit,
        items: rows.slice(0, query.limit).map((r) => ({
          id: r.id, number: r.number, lng: r.lng!, lat: r.lat!, state: r.state, tier: r.tier, priority: r.priority,
          isOverdue: Boolean(r.due_at && r.due_at < nowIso), categoryName: r.category_name, categoryNameEn: r.category_name_en,
        })),
      };
    },
  };
}

/** May this actor see a case event on the live feed? The same rule as reading the case, from the event alone. */
export function canSeeCaseEvent(actor: Actor, event: OutboxEvent): boolean {
  const p = event.payload as Partial<CaseEventPayload>;
  return canSeeCase(actor, { grid_path: event.gridPath === '/' ? null : event.gridPath, handling_path: p.handlingPath ?? event.gridPath ?? '/', reporter_user_id: null }, { departmentIds: [], referralDepartmentIds: [] });
}

/** What the live feed sends for a case event: no personal data, no paths. */
export function liveCaseEvent(event: OutboxEvent) {
  const p = event.payload as Partial<CaseEventPayload>;
  return { topic: event.topic, caseId: p.caseId, number: p.number, action: p.action, from: p.from, to: p.to, fromTier: p.fromTier, toTier: p.toTier, at: event.createdAt };
}
