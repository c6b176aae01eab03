import path from 'node:path';
import { Kysely, SqliteDialect, sql, type CompiledQuery } from 'kysely';
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

/** The queries the repository ran for the inbox (one per scope root), captured from Kysely. */
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

/** The whole inbox as one pass over the table: the least any plan without the index has to do. */
function fullScanSql(w: CaseRowsWorld): CompiledQuery {
  const query = w.db.kysely
    .selectFrom('cases')
    .select(['id', 'number', 'title', 'type', 'state', 'tier', 'due_at', 'overdue_at', 'stage', 'category_id', 'grid_id', 'address', 'created_at', 'priority', 'version', 'pending_request'])
    .where('is_open', '=', 1)
    .where('tier', '=', 'compound')
    .where((eb) => eb.or(w.gridWorkerPaths.map((p) => eb.and([eb('handling_path', '>=', p), eb('handling_path', '<', `${p}~`)]))))
    .orderBy(sql`due_at is null`)
    .orderBy('due_at')
    .limit(100)
    .compile();
  return { ...query, sql: query.sql.replace('from "cases"', 'from "cases" not indexed') };
}

/**
 * `case.inbox.1m` (and `case.inbox.10m` on request): ms for one grid worker's inbox — open cases
 * at the compound tier under their three compounds, soonest deadline first, 100 rows — with one
 * (ten) million cases in a SQLite file. Baseline: the same inbox answered without the index —
 * one pass over the table (`FROM cases NOT INDEXED`) filtering and sorting, the least work any
 * plan without the index has to do — measured on the one-million database; for the ten-million
 * figure that baseline is conservative, since a scan of ten million rows takes ten times longer.
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
    const scanQuery = fullScanSql(w);
    const scan = w.db.sqlite!.prepare(scanQuery.sql);
    bench.log(`case.inbox: baseline plan ${planOf(w.db.sqlite!, scanQuery.sql, scanQuery.parameters)}`);
    const scanTimes: number[] = [];
    let scanRows = 0;
    for (let i = 0; i < SCAN_CALLS; i++) {
      const t = performance.now();
      scanRows = scan.all(...scanQuery.parameters).length;
      scanTimes.push(performance.now() - t);
    }
    const baseline = median(scanTimes);
    if (scanRows !== one.rows) throw new Error(`case.inbox: the scan found ${scanRows} rows, the inbox ${one.rows}`);
    bench.log(`case.inbox.1m: ${one.rows} rows, median ${one.ms.toFixed(3)} ms over ${CALLS} calls; full scan ${baseline.toFixed(0)} ms`);
    const baselineText = 'the same inbox without the index: one full scan of cases (NOT INDEXED) filtering and sorting, on 1 million cases';
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
