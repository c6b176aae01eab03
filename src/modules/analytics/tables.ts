/** Row types of the analytics module's tables (see migration 0010-analytics). */

/**
 * One counter of the case roll-ups: `n` cases of grid subtree `path` (`-` for the cases outside
 * every grid) count under `k` in `bucket` (`dYYYY-MM-DD`, `mYYYY-MM` or `now`).
 * See contributions.ts for the keys.
 */
export interface CaseRollupTable {
  path: string;
  bucket: string;
  k: string;
  n: number;
}

export interface AnalyticsTables {
  case_rollups: CaseRollupTable;
  /** Counts appended by the SQLite intake, added to `case_rollups` in bulk (migration 0017). */
  case_rollup_pending: CaseRollupTable;
}
