/**
 * What one case row contributes to the case roll-ups (issue 7, A1/A5). Pure: the same row and
 * facts always give the same contributions, so a change of a case is applied to the roll-ups as
 * `contributions(after) − contributions(before)` on every ancestor grid, and a rebuild is the sum
 * of `contributions(row)` over all rows.
 *
 * Buckets: `dYYYY-MM-DD` (a local day in Asia/Shanghai), `mYYYY-MM` (its month, the same numbers
 * again so that long periods read a few rows per month), and `now` for stocks.
 */
import type { CaseTable } from '../cases/tables.js';
import type { CaseFigureId } from './case-figures.js';
import { localDay } from './period.js';

/** The columns of a case row that the roll-ups read. */
export type RollupCase = Pick<
  CaseTable,
  | 'type' | 'category_id' | 'state' | 'is_open' | 'tier' | 'channel' | 'grid_path' | 'overdue_at' | 'discovered_at' | 'accepted_at' | 'response_due_at' | 'responded_at' | 'assessed_at' | 'intervened_at'
  | 'resolved_at' | 'closed_at' | 'closed_via' | 'rework_count' | 'lowest_tier' | 'feedback' | 'rating' | 'is_skipped_level' | 'is_criminal_risk' | 'created_at'
>;

export const ROLLUP_COLUMNS = [
  'type', 'category_id', 'state', 'is_open', 'tier', 'channel', 'grid_path', 'overdue_at', 'discovered_at', 'accepted_at', 'response_due_at', 'responded_at', 'assessed_at', 'intervened_at',
  'resolved_at', 'closed_at', 'closed_via', 'rework_count', 'lowest_tier', 'feedback', 'rating', 'is_skipped_level', 'is_criminal_risk', 'created_at',
] as const satisfies readonly (keyof CaseTable)[];

/**
 * What a resolved case's contributions need beyond its row: its 吹哨 referrals and whether it was
 * ever overdue. They only change while a case is open, so they are read only for resolved rows.
 */
export interface CaseFacts {
  hasReferral: boolean;
  /** Referred to police, procuratorate, court or justice (四室联动). */
  hasFourOfficeReferral: boolean;
  /** The SLA sweep marked it overdue at some stage. */
  wasOverdue: boolean;
}

export const NO_FACTS: CaseFacts = { hasReferral: false, hasFourOfficeReferral: false, wasOverdue: false };

export interface Contribution {
  bucket: string;
  k: string;
  n: number;
}

/** The 五早 stages and the milestones that end them (the previous milestone starts them). */
export const STAGES = ['discover', 'report', 'assess', 'intervene', 'resolve'] as const;
export type Stage = (typeof STAGES)[number];

/** Upper edges (hours) of the duration histogram buckets; the last bucket is open. */
export const STAGE_EDGES_HOURS = [0.25, 0.5, 0.75, 1, 1.5, 2, 3, 4, 6, 8, 12, 16, 24, 36, 48, 72, 96, 120, 168, 240, 336, 504, 720, 1080, 1440, 2160];

export function stageBucket(hours: number): number {
  const i = STAGE_EDGES_HOURS.findIndex((edge) => hours < edge);
  return i === -1 ? STAGE_EDGES_HOURS.length : i;
}

const isResolvedState = (state: string) => state === 'closed' || state === 'rated';

/** The milestones of a case (start of each 五早 stage, then its end). */
function stageSpans(c: RollupCase): [Stage, string, string | null][] {
  const reported = c.created_at;
  const afterAccept = c.accepted_at ?? reported;
  const afterAssess = c.assessed_at ?? afterAccept;
  const afterIntervene = c.intervened_at ?? afterAssess;
  return [
    ['discover', c.discovered_at, reported],
    ['report', reported, c.accepted_at],
    ['assess', afterAccept, c.assessed_at],
    ['intervene', afterAssess, c.intervened_at],
    ['resolve', afterIntervene, c.resolved_at],
  ];
}

/**
 * The case figures of the results report this row counts in (see case-figures.ts), with the time
 * that dates each; `propertyDisputesMediated` is read from the closed count of its category.
 */
export function figuresOf(c: RollupCase, facts: CaseFacts): [Exclude<CaseFigureId, 'propertyDisputesMediated'>, string][] {
  const out: [Exclude<CaseFigureId, 'propertyDisputesMediated'>, string][] = [];
  if (isResolvedState(c.state) && c.closed_at) {
    const at = c.closed_at;
    const byHandling = c.closed_via === 'handling';
    if (c.type === 'demand' && byHandling && facts.hasReferral) out.push(['pressingProblemsResolved', at]);
    if (c.closed_via === 'deliberation') out.push(['casesSolvedByDeliberation', at]);
    if (c.type === 'hazard' && byHandling && facts.hasReferral) out.push(['cobuildHazardsResolved', at]);
    if (c.type === 'demand' && byHandling && !facts.hasReferral) out.push(['demandsResolved', at]);
    if (c.type === 'petition' && facts.hasFourOfficeReferral) out.push(['petitionCasesResolved', at]);
    if (c.type === 'petition' && !facts.hasReferral) out.push(['petitionConflictsMediated', at]);
  }
  if (c.type === 'dispute' && (c.channel === 'patrol' || c.channel === 'steward') && c.state !== 'rejected' && c.state !== 'merged') out.push(['hazardsFound', c.created_at]);
  if (c.type === 'petition' && c.is_skipped_level === 1) out.push(['skippedLevelPetitions', c.created_at]);
  if (c.is_criminal_risk === 1) out.push(['civilToCriminalCases', c.created_at]);
  return out;
}

/**
 * Everything one case row contributes, grid-independent. The rates' counters are dated by the
 * day the case was received (a cohort: each case once in each rate); counts of things that
 * happened (resolved, closed, stages, figures) by the day they happened; stocks by `now`.
 */
export function contributions(c: RollupCase, facts: CaseFacts): Contribution[] {
  const out: Contribution[] = [];
  const add = (at: string, k: string) => {
    const day = localDay(at);
    out.push({ bucket: `d${day}`, k, n: 1 }, { bucket: `m${day.slice(0, 7)}`, k, n: 1 });
  };
  const received = c.created_at;
  const isValid = c.state !== 'rejected' && c.state !== 'merged';
  const isResolved = isResolvedState(c.state) && c.closed_at !== null;
  const isOverdue = c.is_open === 1 && c.overdue_at !== null;
  for (const k of ['rcv', `rcv:t:${c.type}`, `rcv:c:${c.category_id}`, `rcv:r:${c.tier}`, `rcv:s:${c.state}`]) add(received, k);
  if (isValid) add(received, 'c.valid');
  // 响应率 counts answers in time: accepted, rejected or merged by the acceptance deadline fixed at intake.
  if (c.responded_at !== null && (c.response_due_at === null || c.responded_at <= c.response_due_at)) add(received, 'c.resp');
  if (isResolved) {
    add(received, 'c.closed');
    if (!facts.wasOverdue) add(received, 'c.onTime');
    if (c.tier === c.lowest_tier) add(received, 'c.lowest');
    add(c.closed_at!, 'e.closed');
    // By category too: propertyDisputesMediated is the closed count of one category.
    add(c.closed_at!, `e.closed:c:${c.category_id}`);
  }
  if (isResolved || isOverdue) add(received, 'c.due');
  if (c.resolved_at !== null || c.rework_count > 0) add(received, 'c.back');
  if (c.rework_count > 0) add(received, 'c.rework');
  if (c.feedback !== null) {
    add(received, 'c.rated');
    if (c.feedback === 'confirmed' && (c.rating === null || c.rating >= 4)) add(received, 'c.sat');
  }
  if (c.resolved_at !== null) add(c.resolved_at, 'e.resolved');
  for (const [stage, start, end] of stageSpans(c)) {
    if (end === null) continue;
    const hours = Math.max(0, (Date.parse(end) - Date.parse(start)) / 3_600_000);
    add(end, `st:${stage}:${stageBucket(hours)}`);
  }
  for (const [figure, at] of figuresOf(c, facts)) add(at, `f.${figure}`);
  if (c.is_open === 1) out.push({ bucket: 'now', k: 'open', n: 1 });
  if (isOverdue) out.push({ bucket: 'now', k: 'overdue', n: 1 });
  return out;
}

/** The roll-up keys (grid paths) a case counts under: every ancestor of its grid, or `-` outside every grid. */
export function rollupPaths(gridPath: string | null): string[] {
  if (!gridPath) return [NO_GRID];
  const codes = gridPath.split('/').filter(Boolean);
  return codes.map((_, i) => `/${codes.slice(0, i + 1).join('/')}/`);
}

/** Roll-up key of cases reported outside every grid (the city's triage queue). */
export const NO_GRID = '-';

/** Whether a resolved row's contributions depend on its facts (only then are they read). */
export function needsFacts(c: RollupCase | null): boolean {
  return c !== null && isResolvedState(c.state);
}
