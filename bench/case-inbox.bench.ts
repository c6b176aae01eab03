import path from 'node:path';
import { Kysely, SqliteDialect, type CompiledQuery } from 'kysely';
import { casesRepository } from '../src/modules/cases/repository.js';
import type { Database } from '../src/db/schema.js';
import type { CaseState } from '../src/modules/cases/tables.js';
import type { BenchContext } from './run.js';
import { gridAt, insertCaseRows, OPEN_STATES, openCaseWorld, openTier, planOf, tempDir, unit, type CaseRowsWorld, type RowSpec } from './case-rows.js';

const MILLION = 1_000_000;
const CALLS = 300;
const SCAN_CALLS = 5;
const OPEN_SHARE = 0.01;
const DAY = 86_400_000;

/** Whether the 10-million run was asked for: `npm run bench -- case-inbox --10m` or BENCH_10M=1. */
function wants10m(): boolean {
  return process.argv.includes('--10m') || process.env.BENCH_10M === '1';
}

/**
 * Three years of cases, 1% of them open and spread over every grid and tier (most at the
 * bottom), due from three days ago to ten days ahead; the rest closed and rated.
 */
function inboxSpec(w: CaseRowsWorld, now: number): (i: number) => RowSpec {
  const start = now - 3 * 365 * DAY;
  return (i) => {
    const isOpen = unit(i, 1) < OPEN_SHARE;
    const tier = isOpen ? openTier(unit(i, 2)) : openTier(unit(i, 3));
    const createdAt = isOpen ? now - Math.floor(unit(i, 4) * 20 * DAY) : start + Math.floor(unit(i, 4) * 3 * 365 * DAY);
    const dueAt = isOpen ? now + Math.floor((unit(i, 5) * 13 - 3) * DAY) : null;
    const state: CaseState = isOpen ? OPEN_STATES[Math.floor(unit(i, 6) * OPEN_STATES.length)] : unit(i, 6) < 0.8 ? 'rated' : 'closed';
    return { isOpen, state, tier, grid: gridAt(w, tier, unit(i, 7)), createdAt, dueAt, overdueAt: dueAt !== null && dueAt < now ? dueAt + 30_000 : null };
  };
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

/** Median ms of the repository's inbox query (what GET /api/cases/inbox runs) for the demo grid worker. */
async function timeInbox(w: CaseRowsWorld): Promise<{ ms: number; rows: number }> {
  const repo = casesRepository(w.db.kysely);
  let rows = 0;
  for (let i = 0; i < 20; i++) rows = (await repo.inbox('compound', w.gridWorkerPaths, 100)).length;
  const times: number[] = [];
  for (let i = 0; i < CALLS; i++) {
    const t = performance.now();
    await repo.inbox('compound', w.gridWorkerPaths, 100);
    times.push(performance.now() - t);
  }
  return { ms: median(times), rows };
}

/** The same queries as SQL (one per scope root), captured from Kysely. */
async function inboxSql(w: CaseRowsWorld): Promise<CompiledQuery[]> {
  const captured: CompiledQuery[] = [];
  const logging = new Kysely<Database>({
    dialect: new SqliteDialect({ database: w.db.sqlite! }),
    log: (event) => {
      captured.push(event.query);
    },
  });
  await casesRepository(logging).inbox('compound', w.gridWorkerPaths, 100);
  return captured;
}

/**
 * `case.inbox.1m` (and `case.inbox.10m` on request): ms for one grid worker's inbox — open cases
 * at the compound tier under their three compounds, soonest deadline first, 100 rows — with one
 * (ten) million cases in a SQLite file. Baseline: the same SQL with the index use forbidden
 * (`FROM cases NOT INDEXED`, a full table scan), measured on the one-million database; for the
 * ten-million figure that baseline is conservative, since a scan of ten million rows takes ten
 * times longer.
 */
export async function run(bench: BenchContext): Promise<void> {
  const tmp = tempDir('gridgov-bench-inbox-');
  let w: CaseRowsWorld | undefined;
  try {
    w = await openCaseWorld(path.join(tmp.dir, 'cases.db'));
    const now = Date.now();
    const spec = inboxSpec(w, now);
    bench.log(`case.inbox: writing ${MILLION.toLocaleString('en-US')} cases (${OPEN_SHARE * 100}% open)…`);
    insertCaseRows(w, MILLION, spec, (line) => bench.log(`case.inbox: ${line}`));
    const queries = await inboxSql(w);
    bench.log(`case.inbox: ${queries.length} queries (one per compound), plan ${planOf(w.db.sqlite!, queries[0].sql, queries[0].parameters)}`);
    const one = await timeInbox(w);
    const scans = queries.map((q) => ({ statement: w!.db.sqlite!.prepare(q.sql.replace('from "cases"', 'from "cases" not indexed')), parameters: q.parameters }));
    bench.log(`case.inbox: baseline plan ${planOf(w.db.sqlite!, scans[0].statement.source, queries[0].parameters)}`);
    const scanTimes: number[] = [];
    let scanRows = 0;
    for (let i = 0; i < SCAN_CALLS; i++) {
      const t = performance.now();
      scanRows = Math.min(100, new Set(scans.flatMap((s) => (s.statement.all(...s.parameters) as { id: string }[]).map((r) => r.id))).size);
      scanTimes.push(performance.now() - t);
    }
    const baseline = median(scanTimes);
    if (scanRows !== one.rows) throw new Error(`case.inbox: the scan found ${scanRows} rows, the inbox ${one.rows}`);
    bench.log(`case.inbox.1m: ${one.rows} rows, median ${one.ms.toFixed(3)} ms over ${CALLS} calls; full scan ${baseline.toFixed(0)} ms`);
    const baselineText = 'the same query with the index forbidden (FROM cases NOT INDEXED: a full scan) on 1 million cases';
    bench.emit({ name: 'case.inbox.1m', value: one.ms, unit: 'ms', baseline: baselineText, baselineValue: baseline });

    if (!wants10m()) {
      bench.log('case.inbox.10m: skipped (run `npm run bench -- case-inbox --10m` or set BENCH_10M=1; needs ~6 GB of disk and a few minutes)');
      return;
    }
    bench.log(`case.inbox: writing ${(9 * MILLION).toLocaleString('en-US')} more cases…`);
    insertCaseRows(w, 9 * MILLION, spec, (line) => bench.log(`case.inbox: ${line}`), { firstNumber: MILLION });
    const ten = await timeInbox(w);
    bench.log(`case.inbox.10m: ${ten.rows} rows, median ${ten.ms.toFixed(3)} ms over ${CALLS} calls`);
    bench.emit({ name: 'case.inbox.10m', value: ten.ms, unit: 'ms', baseline: baselineText, baselineValue: baseline });
  } finally {
    await w?.db.close();
    tmp.remove();
  }
}
