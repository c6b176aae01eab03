import type { AppContext } from '../../core/context.js';
import { kpisByGrid, RATE_KEYS, sumRollups, type RateId } from '../analytics/rollups.js';

/** One grid's subtree over the period, as the dashboard counts it: the cases received, the stocks now, and each rate's numerator and denominator. */
export interface GridCaseMeasures {
  received: number;
  overdueNow: number;
  rates: Record<RateId, { numerator: number; denominator: number }>;
}

/**
 * Case measures per ranked grid from the analytics roll-ups (`kpisByGrid` for the received count
 * and the overdue stock, the rates' own counters for their numerators and denominators), so a
 * ranking says exactly what each grid's dashboard says.
 */
export async function gridCaseMeasures(ctx: AppContext, q: { root: string; level: string; from: string; to: string }): Promise<Map<string, GridCaseMeasures>> {
  const rows = await kpisByGrid(ctx.db.kysely, { path: q.root, level: q.level, from: q.from, to: q.to });
  const keys = [...new Set(Object.values(RATE_KEYS).flat())];
  const result = new Map<string, GridCaseMeasures>();
  for (const row of rows) {
    const sums = await sumRollups(ctx.db.kysely, { paths: [row.path], from: q.from, to: q.to, keys: { in: keys } });
    const v = (k: string) => sums.get(k) ?? 0;
    const rates = Object.fromEntries(Object.entries(RATE_KEYS).map(([id, [n, d]]) => [id, { numerator: v(n), denominator: v(d) }])) as GridCaseMeasures['rates'];
    result.set(row.id, { received: row.received, overdueNow: row.overdueNow, rates });
  }
  return result;
}
