import { sql, type Kysely } from 'kysely';
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
  if (gridPath) {
    scoped = isRootPath(gridPath)
      ? scoped.where((eb) => eb.or([underPath('c.grid_path', gridPath)(eb), eb('c.grid_path', 'is', null)]))
      : scoped.where(underPath('c.grid_path', gridPath));
  }
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
  let reported = scoped;
  if (fromIso) reported = reported.where('c.created_at', '>=', fromIso);
  if (toIso) reported = reported.where('c.created_at', '<', toIso);
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
 * case roll-ups: a few hundred counter rows of one path whatever the number of cases.
 */
export async function caseFigures(db: Kysely<Database>, q: CaseFiguresQuery): Promise<Record<CaseFigureId, number>> {
  const repo = analyticsRepository(db);
  const paths = q.gridPath ? (isRootPath(q.gridPath) ? [q.gridPath, NO_GRID] : [q.gridPath]) : [...(await repo.roots()).map((g) => g.path), NO_GRID];
  const propertyDispute = (await repo.categories()).find((c) => c.code === PROPERTY_DISPUTE_CODE);
  const ranges = rangesOf(q);
  const sums = new Map((await repo.sums(paths, ranges, { prefix: 'f.' })).map((r) => [r.k.slice(2), r.n]));
  if (propertyDispute) {
    const [row] = await repo.sums(paths, ranges, { in: [`e.closed:c:${propertyDispute.id}`] });
    sums.set('propertyDisputesMediated', row?.n ?? 0);
  }
  return Object.fromEntries(CASE_FIGURE_IDS.map((id) => [id, sums.get(id) ?? 0])) as Record<CaseFigureId, number>;
}

/** The 小类 whose resolved cases are the property disputes mediated (调解物业纠纷). */
export const PROPERTY_DISPUTE_CODE = 'disputes.propertyDispute';
