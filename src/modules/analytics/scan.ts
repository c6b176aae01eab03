/**
 * The KPI panel's numbers by a direct scan of `cases`: the baseline of the `dashboard.kpis`
 * benchmark and the independent count the roll-up tests compare against. Same definitions as
 * contributions.ts, written as SQL over the rows.
 */
import { sql, type Kysely, type RawBuilder } from 'kysely';
import type { Database } from '../../db/schema.js';
import { scanScope } from './case-figures.js';
import { periodInstants } from './period.js';
import { kpisOf, type CaseKpis } from './rollups.js';

export async function kpisByScan(db: Kysely<Database>, q: { gridPath: string | null; from?: string; to?: string }): Promise<CaseKpis> {
  const { fromIso, toIso } = periodInstants(q);
  const within = (col: string) => sql`(${fromIso ? sql`${sql.ref(col)} >= ${fromIso}` : sql`1 = 1`} and ${toIso ? sql`${sql.ref(col)} < ${toIso}` : sql`1 = 1`})`;
  const count = (cond: RawBuilder<unknown>) => sql<number>`coalesce(sum(case when ${cond} then 1 else 0 end), 0)`;
  const rcv = within('c.created_at');
  const valid = sql`c.state not in ('rejected', 'merged')`;
  const closed = sql`c.state in ('closed', 'rated') and c.closed_at is not null`;
  const overdue = sql`c.is_open = 1 and c.overdue_at is not null`;
  const wasOverdue = sql`exists (select 1 from case_events e where e.case_id = c.id and e.action = 'overdue')`;
  let q1 = db.selectFrom('cases as c');
  if (q.gridPath === null) q1 = q1.where('c.grid_path', 'is', null);
  else q1 = q1.where(scanScope(q.gridPath));
  const r = await q1
    .select([
      count(rcv).as('rcv'),
      count(sql`${rcv} and (c.responded_at is not null and (c.response_due_at is null or c.responded_at <= c.response_due_at))`).as('c.resp'),
      count(sql`${rcv} and ${valid}`).as('c.valid'),
      count(sql`${rcv} and ${closed}`).as('c.closed'),
      count(sql`${rcv} and ((${closed}) or (${overdue}))`).as('c.due'),
      count(sql`${rcv} and ${closed} and not ${wasOverdue}`).as('c.onTime'),
      count(sql`${rcv} and c.rework_count > 0`).as('c.rework'),
      count(sql`${rcv} and (c.resolved_at is not null or c.rework_count > 0)`).as('c.back'),
      count(sql`${rcv} and c.feedback is not null`).as('c.rated'),
      count(sql`${rcv} and c.feedback = 'confirmed' and (c.rating is null or c.rating >= 4)`).as('c.sat'),
      count(sql`${rcv} and ${closed} and c.tier = c.lowest_tier`).as('c.lowest'),
      count(sql`c.resolved_at is not null and ${within('c.resolved_at')}`).as('e.resolved'),
      count(sql`${closed} and ${within('c.closed_at')}`).as('e.closed'),
      count(sql`c.is_open = 1`).as('open'),
      count(overdue).as('overdue'),
    ])
    .executeTakeFirstOrThrow();
  const row = r as unknown as Record<string, number | string>;
  const sums = new Map(Object.entries(row).map(([k, v]) => [k, Number(v)]));
  return kpisOf(sums, new Map([['open', sums.get('open')!], ['overdue', sums.get('overdue')!]]));
}
