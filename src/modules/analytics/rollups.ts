/**
 * Case roll-ups kept current in the transaction of every case change, and read for any subtree
 * and period by summing a bounded number of rows of one path.
 *
 * Exports for other modules: `recordCaseChange` / `recordOverdueMark` (the hooks in the case
 * commands), `rebuildRollups` (demo load, `gridgov analytics rebuild`), `kpisByGrid` (rankings),
 * `sumRollups` and `rangesOf` (the dashboard and the results report).
 */
import type SqliteDatabase from 'better-sqlite3';
import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.js';
import { contributions, needsFacts, NO_FACTS, NO_GRID, rollupPaths, type CaseFacts, type RollupCase } from './contributions.js';
import { isRootPath } from './case-figures.js';
import { addDays } from './period.js';
import { analyticsRepository, appendPendingSync, countPendingSync, foldPendingSync, type BucketRange, type RollupRow } from './repository.js';

export type { RollupRow };

/**
 * Applies one case change to the roll-ups: `contributions(after) − contributions(before)` on every
 * ancestor grid of each. Call it inside the transaction that writes the case (after its referrals
 * and log entries), with the row as it was and as it is now (null for a new or a deleted case).
 */
export async function recordCaseChange(trx: Kysely<Database>, before: RollupCase | null, after: (RollupCase & { id: string }) | null): Promise<void> {
  const delta: RollupDelta = new Map();
  await addCaseChange(trx, delta, before, after);
  const rows = sortedRows(delta);
  if (rows.length > 0) await analyticsRepository(trx).addToRollups(rows);
}

/** Counters being summed: one entry per (path, bucket, key). */
export type RollupDelta = Map<string, RollupRow>;

/**
 * Adds one case change to `delta`. The intake's group commit sums the changes of all the cases of
 * one transaction this way and writes them once (`writeRollupRowsSync`).
 */
export async function addCaseChange(trx: Kysely<Database>, delta: RollupDelta, before: RollupCase | null, after: (RollupCase & { id: string }) | null): Promise<void> {
  const id = after?.id ?? (before as { id?: string } | null)?.id;
  const facts = id && (needsFacts(before) || needsFacts(after)) ? await analyticsRepository(trx).factsOf(id) : NO_FACTS;
  const apply = (row: RollupCase | null, sign: 1 | -1) => {
    if (!row) return;
    const parts = contributions(row, facts);
    for (const path of rollupPaths(row.grid_path)) {
      for (const c of parts) {
        const key = `${path}\u0000${c.bucket}\u0000${c.k}`;
        const found = delta.get(key);
        if (found) found.n += sign * c.n;
        else delta.set(key, { path, bucket: c.bucket, k: c.k, n: sign * c.n });
      }
    }
  };
  apply(before, -1);
  apply(after, 1);
}

/** The counters of `delta` that changed, sorted so that concurrent writers lock rows in one order. */
function sortedRows(delta: RollupDelta): RollupRow[] {
  return [...delta.values()].filter((r) => r.n !== 0).sort(compareRows);
}

/**
 * When the intake's pending counts are added to `case_rollups`: once `atRows` wait, or the last
 * fold was `everyMs` ago (a fold adds about a second of intakes at once), and `idleMs` after the
 * last intake of a burst. Tests may change it.
 */
export const pendingFold = { atRows: 20_000, everyMs: 1_000, idleMs: 1_000 };
const pendingState = new WeakMap<SqliteDatabase.Database, { rows: number; foldedAt: number }>();

/**
 * Writes summed counters through SQLite's raw handle (the intake's group commit), inside its
 * transaction. Updating the counters themselves dirties about a hundred pages of `case_rollups`
 * per group (one per grid and key), so they are appended to `case_rollup_pending` instead and
 * added to `case_rollups` in bulk (`fold`) once enough wait or enough time has passed
 * (`pendingFold`), or when `fold` is asked for. Readers add both tables, so the counts are exact
 * from the commit on. Returns how many counters still wait.
 */
export function writeRollupRowsSync(raw: SqliteDatabase.Database, delta: RollupDelta, options: { fold?: boolean } = {}): number {
  const now = Date.now();
  let state = pendingState.get(raw);
  if (!state) {
    state = { rows: countPendingSync(raw), foldedAt: now };
    pendingState.set(raw, state);
  }
  const rows = sortedRows(delta);
  if (rows.length > 0) {
    appendPendingSync(raw, rows);
    state.rows += rows.length;
  }
  if (state.rows > 0 && (options.fold || state.rows >= pendingFold.atRows || now - state.foldedAt >= pendingFold.everyMs)) {
    foldPendingSync(raw);
    state.rows = 0;
    state.foldedAt = now;
  }
  return state.rows;
}

/** The SLA sweep marked a case overdue (only `overdue_at` changed): read it back and apply the change. */
export async function recordOverdueMark(trx: Kysely<Database>, caseId: string): Promise<void> {
  const after = await analyticsRepository(trx).findCase(caseId);
  if (after) await recordCaseChange(trx, { ...after, overdue_at: null }, after);
}

function compareRows(a: RollupRow, b: RollupRow): number {
  return a.path < b.path ? -1 : a.path > b.path ? 1 : a.bucket < b.bucket ? -1 : a.bucket > b.bucket ? 1 : a.k < b.k ? -1 : a.k > b.k ? 1 : 0;
}

/**
 * Recomputes every roll-up from the cases, set-based (`rebuildSteps` in repository.ts): one scan
 * of `cases` into a narrow temporary table, a few grouped inserts of the leaf counters from it (the
 * same counters as `contributions()`), then months, then every ancestor path level by level. Runs
 * in one transaction (its own unless `db` already is one), a progress line per step.
 */
export async function rebuildRollups(db: Kysely<Database>, progress: (line: string) => void = () => {}): Promise<{ cases: number; rows: number }> {
  if (!db.isTransaction) return db.transaction().execute((trx) => rebuildRollups(trx, progress));
  const repo = analyticsRepository(db);
  const started = performance.now();
  const cases = await repo.countCases();
  for (const step of repo.rebuildSteps()) {
    const t = performance.now();
    await step.run();
    progress(`analytics: roll-ups step ${step.name} in ${((performance.now() - t) / 1000).toFixed(1)} s`);
  }
  const rows = await repo.countRollups();
  progress(`analytics: roll-ups rebuilt from ${cases} cases (${rows} rows) in ${((performance.now() - started) / 1000).toFixed(1)} s`);
  return { cases, rows };
}

/**
 * The same rebuild in JS, case by case with `contributions()` (grid by grid in path order, each
 * subtree's counters written once when the scan leaves it): slow (about 180 s per 100,000 cases);
 * kept as the reference the set-based rebuild is checked against.
 */
export async function rebuildRollupsInJs(db: Kysely<Database>, progress: (line: string) => void = () => {}): Promise<{ cases: number; rows: number }> {
  const repo = analyticsRepository(db);
  const started = performance.now();
  await repo.clearRollups();
  const paths = (await repo.casePaths()).sort((a, b) => (a === null ? -1 : b === null ? 1 : a < b ? -1 : a > b ? 1 : 0));
  const open = new Map<string, Map<string, number>>();
  let cases = 0;
  let written = 0;
  let lastLine = performance.now();
  const flush = async (path: string) => {
    const counters = open.get(path)!;
    open.delete(path);
    const rows: RollupRow[] = [];
    for (const [key, n] of counters) {
      if (n === 0) continue;
      const cut = key.indexOf('\u0000');
      rows.push({ path, bucket: key.slice(0, cut), k: key.slice(cut + 1), n });
    }
    await repo.addToRollups(rows);
    written += rows.length;
  };
  for (const gridPath of paths) {
    const keys = rollupPaths(gridPath);
    // Leaving a subtree: nothing more will count under its path.
    for (const path of [...open.keys()]) if (!keys.includes(path)) await flush(path);
    for (const path of keys) if (!open.has(path)) open.set(path, new Map());
    const targets = keys.map((path) => open.get(path)!);
    for (const row of await repo.casesUnder(gridPath)) {
      const facts: CaseFacts = { hasReferral: row.has_referral === 1, hasFourOfficeReferral: row.has_four_offices === 1, wasOverdue: row.was_overdue === 1 };
      for (const c of contributions(row, facts)) {
        const key = `${c.bucket}\u0000${c.k}`;
        for (const t of targets) t.set(key, (t.get(key) ?? 0) + c.n);
      }
      cases++;
    }
    if (performance.now() - lastLine > 5000) {
      progress(`analytics: roll-ups ${cases} cases read, ${written} rows written`);
      lastLine = performance.now();
    }
  }
  for (const path of [...open.keys()]) await flush(path);
  progress(`analytics: roll-ups rebuilt from ${cases} cases (${written} rows) in ${((performance.now() - started) / 1000).toFixed(1)} s`);
  return { cases, rows: written };
}

// ---------------------------------------------------------------------------------------------
// Reading
// ---------------------------------------------------------------------------------------------

const nextMonth = (month: string) => {
  const [y, m] = month.split('-').map(Number);
  return m === 12 ? `${y + 1}-01` : `${y}-${String(m + 1).padStart(2, '0')}`;
};
const prevMonth = (month: string) => {
  const [y, m] = month.split('-').map(Number);
  return m === 1 ? `${y - 1}-12` : `${y}-${String(m - 1).padStart(2, '0')}`;
};

/**
 * The buckets that cover a period of local dates exactly: whole months as month buckets, the
 * days before the first and after the last whole month as day buckets. At most two day ranges
 * of under a month each, so a period of ten years reads about 120 + 60 buckets per key.
 */
export function rangesOf(period: { from?: string; to?: string }): BucketRange[] {
  // Open ends: whole months far outside any record (four-digit years keep the text order).
  const from = period.from ?? '1900-01-01';
  const to = period.to ?? '2999-12-31';
  if (from > to) return [];
  const firstFull = from.endsWith('-01') ? from.slice(0, 7) : nextMonth(from.slice(0, 7));
  const lastFull = addDays(to, 1).endsWith('-01') ? to.slice(0, 7) : prevMonth(to.slice(0, 7));
  if (firstFull > lastFull) return [[`d${from}`, `d${to}`]];
  const ranges: BucketRange[] = [[`m${firstFull}`, `m${lastFull}`]];
  if (`${firstFull}-01` > from) ranges.unshift([`d${from}`, `d${addDays(`${firstFull}-01`, -1)}`]);
  const afterLast = `${nextMonth(lastFull)}-01`;
  if (afterLast <= to) ranges.push([`d${afterLast}`, `d${to}`]);
  return ranges;
}

/** The roll-up paths of a subtree: its own, and for a city (a root) also the cases outside every grid. */
export function pathsOf(gridPath: string | null): string[] {
  if (gridPath === null) return [NO_GRID];
  return isRootPath(gridPath) ? [gridPath, NO_GRID] : [gridPath];
}

/** Counter sums of a subtree over a period (and the stocks, under `now:<key>`). */
export async function sumRollups(db: Kysely<Database>, q: { paths: string[]; from?: string; to?: string; keys?: { in?: string[]; prefix?: string } }): Promise<Map<string, number>> {
  const repo = analyticsRepository(db);
  const sums = new Map<string, number>();
  for (const r of await repo.sums(q.paths, rangesOf(q), q.keys)) sums.set(r.k, r.n);
  return sums;
}

/** The numbers of a subtree's KPI panel from its counters (see docs/analytics.md for each definition). */
export interface CaseKpis {
  received: number;
  resolved: number;
  closed: number;
  overdueNow: number;
  open: number;
  rates: Record<RateId, number | null>;
}

export const RATE_IDS = ['responseRate', 'resolutionRate', 'satisfactionRate', 'closureRate', 'onTimeClosureRate', 'reworkRate', 'lowestTierShare'] as const;
export type RateId = (typeof RATE_IDS)[number];

/** Each rate as [numerator key, denominator key]. */
export const RATE_KEYS: Record<RateId, [string, string]> = {
  responseRate: ['c.resp', 'rcv'],
  resolutionRate: ['c.closed', 'c.valid'],
  satisfactionRate: ['c.sat', 'c.rated'],
  closureRate: ['c.closed', 'c.due'],
  onTimeClosureRate: ['c.onTime', 'c.due'],
  reworkRate: ['c.rework', 'c.back'],
  lowestTierShare: ['c.lowest', 'c.closed'],
};

export const KPI_KEYS = ['rcv', 'e.resolved', 'e.closed', 'c.resp', 'c.valid', 'c.closed', 'c.due', 'c.onTime', 'c.rework', 'c.back', 'c.rated', 'c.sat', 'c.lowest'];
const STOCK_KEYS = ['open', 'overdue'];
/** The panel's period counters and stocks: disjoint keys (stocks live only in the `now` bucket), read together. */
const PANEL_KEYS = [...KPI_KEYS, ...STOCK_KEYS];
const NOW_RANGE: BucketRange = ['now', 'now'];

export function ratio(n: number, d: number): number | null {
  return d > 0 ? n / d : null;
}

export function kpisOf(sums: Map<string, number>, stocks: Map<string, number>): CaseKpis {
  const v = (k: string) => sums.get(k) ?? 0;
  return {
    received: v('rcv'),
    resolved: v('e.resolved'),
    closed: v('e.closed'),
    overdueNow: stocks.get('overdue') ?? 0,
    open: stocks.get('open') ?? 0,
    rates: Object.fromEntries(RATE_IDS.map((id) => [id, ratio(v(RATE_KEYS[id][0]), v(RATE_KEYS[id][1]))])) as Record<RateId, number | null>,
  };
}

/**
 * The KPI panel of one subtree over a period: one statement reading only the counters it shows
 * (13 keys over whole months and the edge days, and the two stocks), about 100 rows per path and
 * key for three years whatever the number of cases.
 */
export async function subtreeKpis(db: Kysely<Database>, q: { gridPath: string | null; from?: string; to?: string }): Promise<CaseKpis> {
  const rows = await analyticsRepository(db).sums(pathsOf(q.gridPath), [...rangesOf(q), NOW_RANGE], { in: PANEL_KEYS });
  return kpisOf(new Map(rows.filter((r) => !STOCK_KEYS.includes(r.k)).map((r) => [r.k, r.n])), new Map(rows.filter((r) => STOCK_KEYS.includes(r.k)).map((r) => [r.k, r.n])));
}

export interface GridKpis extends CaseKpis {
  id: string;
  name: string;
  level: string;
  path: string;
}

/**
 * Per-grid KPI rows for rankings and drill-downs: the grids given by id, or every grid of a
 * level under a subtree (`path`), each with its subtree's numbers over the period.
 */
export async function kpisByGrid(
  db: Kysely<Database>,
  q: { gridIds?: string[]; grids?: { id: string; name: string; level: string; path: string }[]; path?: string | null; level?: string; from?: string; to?: string },
): Promise<GridKpis[]> {
  const repo = analyticsRepository(db);
  let grids: { id: string; name: string; level: string; path: string }[];
  if (q.grids) grids = q.grids;
  else if (q.gridIds) {
    const all = await Promise.all(q.gridIds.map((id) => repo.gridById(id)));
    grids = all.filter((g): g is NonNullable<typeof g> => g !== undefined);
  } else {
    if (!q.level) throw new Error('kpisByGrid: gridIds or level');
    grids = await repo.gridsAtLevel(q.path ?? null, q.level);
  }
  const pathsOfGrid = new Map(grids.map((g) => [g.id, isRootPath(g.path) ? [g.path, NO_GRID] : [g.path]]));
  const allPaths = [...new Set([...pathsOfGrid.values()].flat())];
  const sums = new Map<string, Map<string, number>>();
  const add = (path: string, k: string, n: number) => {
    if (!sums.has(path)) sums.set(path, new Map());
    const m = sums.get(path)!;
    m.set(k, (m.get(k) ?? 0) + n);
  };
  for (let i = 0; i < allPaths.length; i += 200) {
    const chunk = allPaths.slice(i, i + 200);
    for (const r of await repo.sumsByPath(chunk, [...rangesOf(q), NOW_RANGE], PANEL_KEYS)) add(r.path, STOCK_KEYS.includes(r.k) ? `now:${r.k}` : r.k, r.n);
  }
  return grids.map((g) => {
    const period = new Map<string, number>();
    const stocks = new Map<string, number>();
    for (const p of pathsOfGrid.get(g.id)!) {
      for (const [k, n] of sums.get(p) ?? []) {
        if (k.startsWith('now:')) stocks.set(k.slice(4), (stocks.get(k.slice(4)) ?? 0) + n);
        else period.set(k, (period.get(k) ?? 0) + n);
      }
    }
    return { id: g.id, name: g.name, level: g.level, path: g.path, ...kpisOf(period, stocks) };
  });
}
