import { sql, type Expression, type ExpressionBuilder, type Kysely, type SqlBool } from 'kysely';
import type { Database } from '../../db/schema.js';
import { underPath } from '../../core/scope.js';
import { NO_GRID } from './contributions.js';
import { periodInstants } from './period.js';
import { analyticsRepository } from './repository.js';
import { rangesOf } from './rollups.js';

/** The case figures of the results report (issue 7), as defined in `demo/cases.ts` (`DEMO_CASE_FIGURES`). */
export const CASE_FIGURE_IDS = [
  'pressingProblemsResolved',
  'casesSolvedByDeliberation',
  'propertyDisputesMediated',
  'cobuildHazardsResolved',
  'demandsResolved',
  'petitionCasesResolved',
  'petitionConflictsMediated',
  'hazardsFound',
  'skippedLevelPetitions',
  'civilToCriminalCases',
] as const;

export type CaseFigureId = (typeof CASE_FIGURE_IDS)[number];

/** The department kinds of 四室联动 (police, procuratorate, court, justice). */
export const FOUR_OFFICE_KINDS = ['police', 'procuratorate', 'court', 'justice'] as const;

export interface CaseFiguresQuery {
  /**
   * Subtree root; a city (a root grid) also counts the cases reported outside every grid.
   * Undefined or null: every case.
   */
  gridPath?: string | null;
  /** First local date (Asia/Shanghai) of the period, included; undefined: from the beginning. */
  from?: string;
  /** Last local date of the period, included; undefined: up to now. */
  to?: string;
}

/** Whether a path is a root of the grid tree (the city), which also holds the cases outside every grid. */
export function isRootPath(path: string): boolean {
  return path.split('/').filter(Boolean).length === 1;
}

const isPostgres = (db: Kysely<Database>) => db.getExecutor().adapter.constructor.name.toLowerCase().includes('postgres');

/**
 * The rows of a subtree for the scans. A city (a root) also holds the cases outside every grid:
 * written as one range over `coalesce(grid_path, root)` so the scan reads the table in order (an
 * OR with `grid_path is null` makes SQLite walk the path index and fetch every row at random).
 */
export function scanScope(gridPath: string): (eb: ExpressionBuilder<Database & { c: Database['cases'] }, 'c'>) => Expression<SqlBool> {
  if (!isRootPath(gridPath)) return underPath('c.grid_path', gridPath);
  return (eb) => {
    const path = eb.fn.coalesce('c.grid_path', eb.val(gridPath));
    return eb.and([eb(path, '>=', gridPath), eb(path, '<', `${gridPath}~`)]);
  };
}

/**
 * The case figures by a direct scan of `cases` (with `case_referrals` for the referral
 * conditions). "Resolved" means state `closed` or `rated` and is dated by `closed_at`; the
 * figures of reports (hazards found, skipped-level petitions, civil-to-criminal) are dated by
 * `created_at`. This is the baseline the roll-up answer (`caseFigures`) is checked against.
 */
export async function caseFiguresByScan(db: Kysely<Database>, q: CaseFiguresQuery): Promise<Record<CaseFigureId, number>> {
  const { fromIso, toIso } = periodInstants(q);
  const gridPath = q.gridPath ?? null;
  const hasReferral = sql<boolean>`exists (select 1 from case_referrals r where r.case_id = c.id)`;
  const hasFourOffices = sql<boolean>`exists (select 1 from case_referrals r join departments d on d.id = r.department_id where r.case_id = c.id and d.kind in (${sql.join(FOUR_OFFICE_KINDS.map((k) => sql.lit(k)))}))`;
  const count = (cond: ReturnType<typeof sql>) => sql<number>`coalesce(sum(case when ${cond} then 1 else 0 end), 0)`;
  let scoped = db.selectFrom('cases as c');
  if (gridPath) scoped = scoped.where(scanScope(gridPath));
  let resolved = scoped.where('c.state', 'in', ['closed', 'rated']);
  if (fromIso) resolved = resolved.where('c.closed_at', '>=', fromIso);
  if (toIso) resolved = resolved.where('c.closed_at', '<', toIso);
  const r = await resolved
    .select([
      count(sql`c.type = 'demand' and c.closed_via = 'handling' and ${hasReferral}`).as('pressingProblemsResolved'),
      count(sql`c.closed_via = 'deliberation'`).as('casesSolvedByDeliberation'),
      count(sql`c.category_id in (select id from case_categories where code = ${PROPERTY_DISPUTE_CODE})`).as('propertyDisputesMediated'),
      count(sql`c.type = 'hazard' and c.closed_via = 'handling' and ${hasReferral}`).as('cobuildHazardsResolved'),
      count(sql`c.type = 'demand' and c.closed_via = 'handling' and not ${hasReferral}`).as('demandsResolved'),
      count(sql`c.type = 'petition' and ${hasFourOffices}`).as('petitionCasesResolved'),
      count(sql`c.type = 'petition' and not ${hasReferral}`).as('petitionConflictsMediated'),
    ])
    .executeTakeFirstOrThrow();
  // Not through the index on created_at: over a long period that fetches every row at random.
  const created = sql<string>`${sql.raw(isPostgres(db) ? '' : '+')}c.created_at`;
  let reported = scoped;
  if (fromIso) reported = reported.where(created, '>=', fromIso);
  if (toIso) reported = reported.where(created, '<', toIso);
  const f = await reported
    .select([
      count(sql`c.type = 'dispute' and c.channel in ('patrol', 'steward') and c.state not in ('rejected', 'merged')`).as('hazardsFound'),
      count(sql`c.type = 'petition' and c.is_skipped_level = 1`).as('skippedLevelPetitions'),
      count(sql`c.is_criminal_risk = 1`).as('civilToCriminalCases'),
    ])
    .executeTakeFirstOrThrow();
  const all = { ...r, ...f } as Record<CaseFigureId, number | string>;
  return Object.fromEntries(CASE_FIGURE_IDS.map((id) => [id, Number(all[id])])) as Record<CaseFigureId, number>;
}

/**
 * The case figures of the results report for a subtree and a period of local dates, from the
 * case roll-ups: one statement reading the ten counters it needs (nine `f.` keys and the closed
 * count of the property-dispute category) over whole months and the edge days, about 100 rows per
 * path and key for three years whatever the number of cases.
 */
export async function caseFigures(db: Kysely<Database>, q: CaseFiguresQuery): Promise<Record<CaseFigureId, number>> {
  const repo = analyticsRepository(db);
  const [paths, propertyDispute] = await Promise.all([
    q.gridPath ? (isRootPath(q.gridPath) ? [q.gridPath, NO_GRID] : [q.gridPath]) : repo.roots().then((roots) => [...roots.map((g) => g.path), NO_GRID]),
    repo.categoryByCode(PROPERTY_DISPUTE_CODE),
  ]);
  const propertyKey = propertyDispute ? `e.closed:c:${propertyDispute.id}` : undefined;
  const keys = [...ROLLUP_FIGURE_IDS.map((id) => `f.${id}`), ...(propertyKey ? [propertyKey] : [])];
  const sums = new Map<string, number>();
  for (const r of await repo.sums(paths, rangesOf(q), { in: keys })) sums.set(r.k === propertyKey ? 'propertyDisputesMediated' : r.k.slice(2), r.n);
  return Object.fromEntries(CASE_FIGURE_IDS.map((id) => [id, sums.get(id) ?? 0])) as Record<CaseFigureId, number>;
}

/** The figures counted under their own `f.` key (the property disputes are a category's closed count). */
const ROLLUP_FIGURE_IDS = CASE_FIGURE_IDS.filter((id) => id !== 'propertyDisputesMediated');

/** The 小类 whose resolved cases are the property disputes mediated (调解物业纠纷). */
export const PROPERTY_DISPUTE_CODE = 'disputes.propertyDispute';
