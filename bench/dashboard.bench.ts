/**
 * dashboard.kpis and report.results: the dashboard's KPI panel and the results report's case
 * figures for the whole city over three years, served from the case roll-ups, against the same
 * numbers computed by a full scan of `cases` in the same run (and checked equal). One million
 * cases by default or with `--1m` (`BENCH_DASHBOARD_ROWS` to change it); ten million with `--10m`.
 * The set-based roll-up rebuild is timed too; with `--rebuild-js` also the case-by-case JS
 * rebuild on the same rows, as its baseline (slow: about 180 s per 100,000 cases), checked equal.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { CaseState } from '../src/modules/cases/tables.js';
import { caseFigures, caseFiguresByScan } from '../src/modules/analytics/case-figures.js';
import { KPI_KEYS, pathsOf, rangesOf, rebuildRollups, rebuildRollupsInJs, subtreeKpis } from '../src/modules/analytics/rollups.js';
import { kpisByScan } from '../src/modules/analytics/scan.js';
import { transaction } from '../src/db/index.js';
import type { BenchContext } from './run.js';
import { gridAt, insertCaseRows, OPEN_STATES, openCaseWorld, openTier, tempDir, unit, type CaseRowsWorld, type RowSpec } from './case-rows.js';

const DAY = 86_400_000;
const CALLS = 50;
const SCAN_CALLS = 3;

function wants10m(): boolean {
  return process.argv.includes('--10m') || process.env.BENCH_10M === '1';
}

/** Three years of cases over every grid and tier; 2% open (a third of those overdue), the rest closed or rated. */
function spec(w: CaseRowsWorld, now: number): (i: number) => RowSpec {
  const start = now - 3 * 365 * DAY;
  return (i) => {
    const isOpen = unit(i, 1) < 0.02;
    const tier = openTier(unit(i, 3));
    const createdAt = isOpen ? now - Math.floor(unit(i, 4) * 20 * DAY) : start + Math.floor(unit(i, 4) * 3 * 365 * DAY);
    const dueAt = isOpen ? now + Math.floor((unit(i, 5) * 13 - 4) * DAY) : null;
    const state: CaseState = isOpen ? OPEN_STATES[Math.floor(unit(i, 6) * OPEN_STATES.length)] : unit(i, 6) < 0.8 ? 'rated' : 'closed';
    return { isOpen, state, tier, grid: unit(i, 8) < 0.01 ? null : gridAt(w, tier, unit(i, 7)), createdAt, dueAt, overdueAt: dueAt !== null && dueAt < now ? dueAt + 30_000 : null };
  };
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

/** Median of `calls` timed calls after one untimed warm-up call (none with `warmUp: false`). */
async function timeMedian<T>(calls: number, fn: () => Promise<T>, options: { warmUp?: boolean } = {}): Promise<{ ms: number; value: T }> {
  let value = options.warmUp === false ? (undefined as T) : await fn();
  const times: number[] = [];
  for (let i = 0; i < calls; i++) {
    const t = performance.now();
    value = await fn();
    times.push(performance.now() - t);
  }
  return { ms: median(times), value };
}

/** The database file's size (with its WAL) and the free space of its disk. */
function disk(file: string): string {
  const size = (f: string) => (fs.existsSync(f) ? fs.statSync(f).size : 0);
  const fsStats = fs.statfsSync(path.dirname(file));
  const gb = (bytes: number) => `${(bytes / 1e9).toFixed(1)} GB`;
  return `database ${gb(size(file) + size(`${file}-wal`))}, ${gb(fsStats.bavail * fsStats.bsize)} free on its disk`;
}

function label(n: number): string {
  return n >= 1_000_000 ? `${n / 1_000_000}m` : `${n / 1000}k`;
}

export async function run(bench: BenchContext): Promise<void> {
  const rows = wants10m() ? 10_000_000 : process.argv.includes('--1m') ? 1_000_000 : Number(process.env.BENCH_DASHBOARD_ROWS ?? 1_000_000);
  // A scan of ten million rows takes minutes: once (without a warm-up) is enough for its baseline.
  const scanCalls = wants10m() ? 1 : SCAN_CALLS;
  const size = label(rows);
  const tmp = tempDir('gridgov-bench-dashboard-');
  let w: CaseRowsWorld | undefined;
  try {
    w = await openCaseWorld(path.join(tmp.dir, 'cases.db'));
    const now = Date.now();
    bench.log(`dashboard: writing ${rows.toLocaleString('en-US')} cases…`);
    insertCaseRows(w, rows, spec(w, now), (line) => bench.log(`dashboard: ${line}`));
    const db = w.db;
    const dbFile = path.join(tmp.dir, 'cases.db');
    bench.log(`dashboard: ${disk(dbFile)}`);
    // The product's rebuild, run as a bulk load is (like the case rows above): a rollback journal
    // instead of the WAL (which would hold a second copy of every roll-up page until the
    // checkpoint), no sync until the end, a 1 GB page cache and two sorter threads for its sorts;
    // then the production pragmas again for the measurement.
    const raw = db.sqlite!;
    const cacheSize = raw.pragma('cache_size', { simple: true });
    raw.pragma('journal_mode = TRUNCATE');
    raw.pragma('synchronous = OFF');
    raw.pragma('cache_size = -1048576');
    raw.pragma('threads = 2');
    const t = performance.now();
    const rebuilt = await transaction(db, (trx) => rebuildRollups(trx, (line) => bench.log(`dashboard: ${line}`)));
    const rebuildS = (performance.now() - t) / 1000;
    raw.pragma(`cache_size = ${cacheSize}`);
    raw.pragma('threads = 0');
    raw.pragma('journal_mode = WAL');
    raw.pragma('synchronous = FULL');
    bench.log(`dashboard: roll-ups ${rebuilt.rows.toLocaleString('en-US')} rows from ${rebuilt.cases.toLocaleString('en-US')} cases in ${rebuildS.toFixed(1)} s; ${disk(dbFile)}`);
    if (process.argv.includes('--rebuild-js')) {
      const snapshot = async () => JSON.stringify(await db.kysely.selectFrom('case_rollups').selectAll().orderBy('path').orderBy('bucket').orderBy('k').execute());
      const bySql = await snapshot();
      const tJs = performance.now();
      await transaction(db, (trx) => rebuildRollupsInJs(trx));
      const jsS = (performance.now() - tJs) / 1000;
      if ((await snapshot()) !== bySql) throw new Error('dashboard: the set-based rebuild differs from the JS rebuild');
      bench.log(`dashboard.rebuild.${size}: set-based ${rebuildS.toFixed(1)} s, case by case in JS ${jsS.toFixed(1)} s (same rows)`);
      bench.emit({ name: `dashboard.rebuild.${size}`, value: rebuildS, unit: 's', baseline: `the case-by-case JS rebuild of the same ${rows.toLocaleString('en-US')} cases (same rows)`, baselineValue: jsS });
    }
    const city = w.grids.city[0].path;
    const toDate = new Date(now + 8 * 3600_000).toISOString().slice(0, 10);
    const fromDate = new Date(now + 8 * 3600_000 - 3 * 365 * DAY).toISOString().slice(0, 10);
    const q = { gridPath: city, from: fromDate, to: toDate };

    const fast = await timeMedian(CALLS, () => subtreeKpis(db.kysely, q));
    // What the panel reads: its own keys' rows, against every row of its paths in the period
    // (what a read in the old key order, path then bucket, walked through).
    const countRows = async (keys?: string[]) => {
      let c = db.kysely.selectFrom('case_rollups').select((eb) => eb.fn.countAll<number>().as('n')).where('path', 'in', pathsOf(city));
      c = c.where((eb) => eb.or([...rangesOf(q), ['now', 'now']].map(([a, b]) => eb.and([eb('bucket', '>=', a), eb('bucket', '<=', b)]))));
      if (keys) c = c.where('k', 'in', keys);
      return Number((await c.executeTakeFirstOrThrow()).n);
    };
    bench.log(`dashboard: the KPI panel reads ${(await countRows([...KPI_KEYS, 'open', 'overdue'])).toLocaleString('en-US')} roll-up rows; its paths hold ${(await countRows()).toLocaleString('en-US')} rows in the period`);
    bench.log(`dashboard: KPI panel from the roll-ups ${fast.ms.toFixed(2)} ms; full scan of ${rows.toLocaleString('en-US')} cases…`);
    const scan = await timeMedian(scanCalls, () => kpisByScan(db.kysely, q), { warmUp: !wants10m() });
    if (JSON.stringify(fast.value) !== JSON.stringify(scan.value)) throw new Error(`dashboard: roll-ups ${JSON.stringify(fast.value)} ≠ scan ${JSON.stringify(scan.value)}`);
    bench.log(`dashboard.kpis.${size}: received ${fast.value.received}, closed ${fast.value.closed}, overdue ${fast.value.overdueNow}; median ${fast.ms.toFixed(2)} ms over ${CALLS} calls, full scan ${scan.ms.toFixed(0)} ms`);
    bench.emit({ name: `dashboard.kpis.${size}`, value: fast.ms, unit: 'ms', baseline: `the same KPI panel (city, ${fromDate}..${toDate}) by one full scan of ${rows.toLocaleString('en-US')} cases`, baselineValue: scan.ms });

    const figures = await timeMedian(CALLS, () => caseFigures(db.kysely, q));
    bench.log(`dashboard: results report's case figures from the roll-ups ${figures.ms.toFixed(2)} ms; full scan…`);
    const figuresScan = await timeMedian(scanCalls, () => caseFiguresByScan(db.kysely, q), { warmUp: !wants10m() });
    if (JSON.stringify(figures.value) !== JSON.stringify(figuresScan.value)) throw new Error(`report: roll-ups ${JSON.stringify(figures.value)} ≠ scan ${JSON.stringify(figuresScan.value)}`);
    bench.log(`report.results.${size}: median ${figures.ms.toFixed(2)} ms over ${CALLS} calls, full scan ${figuresScan.ms.toFixed(0)} ms`);
    bench.emit({ name: `report.results.${size}`, value: figures.ms, unit: 'ms', baseline: `the same ten case figures by one full scan of ${rows.toLocaleString('en-US')} cases`, baselineValue: figuresScan.ms });
    if (!wants10m()) bench.log('dashboard.kpis.10m / report.results.10m: run `npm run bench -- dashboard --10m` (or BENCH_10M=1)');
  } finally {
    await w?.db.close();
    tmp.remove();
  }
}
