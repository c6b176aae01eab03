import { sql } from 'kysely';
import type { AppContext } from '../../core/context.js';
import { underPath } from '../../core/scope.js';
import type { PeriodBounds } from './repository.js';

/** The counts behind the case indicators of one grid's subtree in a period. */
export interface GridCaseMeasures {
  received: number;
  resolved: number;
  closed: number;
  shouldClose: number;
  closedOnTime: number;
  satisfied: number;
  rated: number;
  overdueNow: number;
}

/** Maps a path in the subtree to the ranked grid holding it: all ranked grids are at one level, hence one depth. */
export function holderOf(grids: { id: string; path: string }[]): (path: string | null) => string | undefined {
  const byPath = new Map(grids.map((g) => [g.path, g.id]));
  const segments = grids[0] ? grids[0].path.split('/').length : 0;
  return (path) => (path ? byPath.get(path.split('/').slice(0, segments - 1).join('/') + '/') : undefined);
}

/**
 * Case measures per ranked grid, from the cases received (created) in the period under the root:
 * resolved and closed count those of the received that are resolved or closed now; 应结案 are the
 * received less those rejected or merged; on time means closed without a stage ever going overdue;
 * satisfied means rated 4 or 5. Overdue-now counts open cases past their due time today, whatever
 * the period.
 */
export async function gridCaseMeasures(ctx: AppContext, q: { root: string; grids: { id: string; path: string }[]; bounds: PeriodBounds }): Promise<Map<string, GridCaseMeasures>> {
  const result = new Map<string, GridCaseMeasures>(q.grids.map((g) => [g.id, { received: 0, resolved: 0, closed: 0, shouldClose: 0, closedOnTime: 0, satisfied: 0, rated: 0, overdueNow: 0 }]));
  if (q.grids.length === 0) return result;
  const holder = holderOf(q.grids);
  const sum = (cond: ReturnType<typeof sql>) => sql<number>`coalesce(sum(case when ${cond} then 1 else 0 end), 0)`;
  const nowIso = ctx.clock.now().toISOString();
  const [period, overdue] = await Promise.all([
    ctx.db.kysely
      .selectFrom('cases')
      .select([
        'grid_path',
        (eb) => eb.fn.countAll<number>().as('received'),
        sum(sql`resolved_at is not null`).as('resolved'),
        sum(sql`closed_at is not null`).as('closed'),
        sum(sql`state not in ('rejected', 'merged')`).as('should_close'),
        sum(sql`closed_at is not null and overdue_at is null`).as('on_time'),
        sum(sql`rating >= 4`).as('satisfied'),
        sum(sql`rating is not null`).as('rated'),
      ])
      .where(underPath('grid_path', q.root))
      .where('created_at', '>=', q.bounds.from)
      .where('created_at', '<', q.bounds.to)
      .groupBy('grid_path')
      .execute(),
    ctx.db.kysely
      .selectFrom('cases')
      .select(['grid_path', (eb) => eb.fn.countAll<number>().as('n')])
      .where('is_open', '=', 1)
      .where('due_at', '<', nowIso)
      .where(underPath('grid_path', q.root))
      .groupBy('grid_path')
      .execute(),
  ]);
  for (const r of period) {
    const m = result.get(holder(r.grid_path) ?? '');
    if (!m) continue;
    m.received += Number(r.received);
    m.resolved += Number(r.resolved);
    m.closed += Number(r.closed);
    m.shouldClose += Number(r.should_close);
    m.closedOnTime += Number(r.on_time);
    m.satisfied += Number(r.satisfied);
    m.rated += Number(r.rated);
  }
  for (const r of overdue) {
    const m = result.get(holder(r.grid_path) ?? '');
    if (m) m.overdueNow += Number(r.n);
  }
  return result;
}
