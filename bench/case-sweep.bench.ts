import path from 'node:path';
import { fixedClock } from '../src/core/clock.js';
import type { AppContext } from '../src/core/context.js';
import { GridLocator } from '../src/core/grids/locator.js';
import { createFieldCipher } from '../src/core/secrets.js';
import { sweepSla } from '../src/modules/cases/sweep-sla.js';
import type { CaseState, Tier } from '../src/modules/cases/tables.js';
import { loadConfig } from '../src/server/config.js';
import type { BenchContext } from './run.js';
import { gridAt, insertCaseRows, OPEN_STATES, openCaseWorld, openTier, tempDir, unit, type CaseRowsWorld, type RowSpec } from './case-rows.js';

/** The sweep runs at a working moment: Wednesday 4 March 2026, 15:00 in Muling. */
const AT = Date.parse('2026-03-04T07:00:00.000Z');
const MINUTE = 60_000;
const HOUR = 3_600_000;
/** Cases whose deadline passed since the last sweep (marked overdue now)… */
const NEWLY_DUE = 800;
/** …and cases overdue past the two-hour grace (marked and escalated to the tier above now). */
const PAST_GRACE = 200;
/** Cases long overdue at the city tier, where nothing escalates further: every sweep looks at them. */
const STALE_SHARE = 0.005;
const RUNS = 5;

/**
 * All cases open. Rows 0–999 are due (800 within the last 80 minutes, 200 between 09:00 and
 * 10:40 this morning, so their grace has run out); 0.5% are long overdue at the top tier and
 * already marked; the rest are due from a few minutes to fifteen days ahead.
 */
function sweepSpec(w: CaseRowsWorld): (i: number) => RowSpec {
  return (i) => {
    const state: CaseState = OPEN_STATES[Math.floor(unit(i, 6) * OPEN_STATES.length)];
    let tier: Tier = openTier(unit(i, 2));
    if (tier === 'city' && i < NEWLY_DUE + PAST_GRACE) tier = 'community';
    let dueAt: number;
    let overdueAt: number | null = null;
    if (i < NEWLY_DUE) dueAt = AT - Math.floor((1 + unit(i, 5) * 79) * MINUTE);
    else if (i < NEWLY_DUE + PAST_GRACE) dueAt = AT - 6 * HOUR + Math.floor(unit(i, 5) * 100 * MINUTE);
    else if (unit(i, 8) < STALE_SHARE) {
      tier = 'city';
      dueAt = AT - Math.floor((1 + unit(i, 5) * 20) * 24 * HOUR);
      overdueAt = dueAt + MINUTE;
    } else dueAt = AT + Math.floor((0.1 + unit(i, 5) * 360) * HOUR);
    return { isOpen: true, state, tier, grid: gridAt(w, tier, unit(i, 7)), createdAt: dueAt - 2 * 24 * HOUR, dueAt, overdueAt };
  };
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

interface SweepDb {
  label: string;
  w: CaseRowsWorld;
  ctx: AppContext;
  spec: (i: number) => RowSpec;
  dueIds: string[];
  times: number[];
}

/** A database of `count` open cases, ready to sweep. */
async function prepare(bench: BenchContext, label: string, dir: string, count: number): Promise<SweepDb> {
  const w = await openCaseWorld(path.join(dir, `${label}.db`));
  const spec = sweepSpec(w);
  bench.log(`case.sweep: writing ${count.toLocaleString('en-US')} open cases…`);
  insertCaseRows(w, count, spec, (line) => bench.log(`case.sweep.${label}: ${line}`));
  const ctx: AppContext = { db: w.db, clock: fixedClock(new Date(AT)), cipher: createFieldCipher('bench-secret'), config: { ...loadConfig({}), dataDir: dir }, locator: new GridLocator(w.db.kysely) };
  const dueIds = (await w.db.kysely.selectFrom('cases').select('id').where('is_open', '=', 1).where('due_at', '<', new Date(AT).toISOString()).where('overdue_at', 'is', null).execute()).map((r) => r.id);
  return { label, w, ctx, spec, dueIds, times: [] };
}

/** One timed sweep; afterwards the due cases are put back as they were (no log, no outbox, not overdue). */
async function sweepOnce(d: SweepDb): Promise<void> {
  const t = performance.now();
  const result = await sweepSla({ ctx: d.ctx, at: new Date(AT) });
  d.times.push(performance.now() - t);
  if (result.markedOverdue !== NEWLY_DUE + PAST_GRACE || result.escalated !== PAST_GRACE) {
    throw new Error(`case.sweep.${d.label}: marked ${result.markedOverdue} and escalated ${result.escalated}, expected ${NEWLY_DUE + PAST_GRACE} and ${PAST_GRACE}`);
  }
  const raw = d.w.db.sqlite!;
  raw.exec('delete from case_events; delete from outbox');
  const remove = raw.prepare('delete from cases where id = ?');
  raw.transaction(() => d.dueIds.forEach((id) => remove.run(id)))();
  insertCaseRows(d.w, NEWLY_DUE + PAST_GRACE, d.spec, () => {}, { keepIndexes: true });
}

/**
 * `case.sweep.1m`: ms for one SLA sweep (`sweepSla`, as the minute job and `gridgov sla sweep`
 * run it) over one million open cases in a SQLite file (WAL, synchronous=FULL), of which 1,000
 * have passed their deadline since the last sweep (800 to mark overdue, 200 past the grace to
 * mark and escalate, each in its own transaction) and 0.5% are long overdue at the top tier.
 * Baseline: the same sweep, with the same 1,000 due cases, over 100,000 open cases; the ratio
 * (baseline / value) is the scaling factor — 1 means the sweep costs what its due cases cost,
 * whatever the number of open cases.
 */
export async function run(bench: BenchContext): Promise<void> {
  const tmp = tempDir('gridgov-bench-sweep-');
  const dbs: SweepDb[] = [];
  try {
    dbs.push(await prepare(bench, '100k', tmp.dir, 100_000));
    dbs.push(await prepare(bench, '1m', tmp.dir, 1_000_000));
    // Alternate the two sizes, so that the disk's good and bad moments fall on both.
    for (let run = 0; run < RUNS; run++) for (const d of dbs) await sweepOnce(d);
    for (const d of dbs) bench.log(`case.sweep.${d.label}: ${NEWLY_DUE + PAST_GRACE} marked overdue, ${PAST_GRACE} escalated; runs ${d.times.map((t) => t.toFixed(0)).join(', ')} ms`);
    const [baseline, value] = dbs.map((d) => median(d.times));
    bench.emit({ name: 'case.sweep.1m', value, unit: 'ms', baseline: 'the same sweep (same 1,000 due cases) over 100,000 open cases', baselineValue: baseline });
  } finally {
    for (const d of dbs) await d.w.db.close();
    tmp.remove();
  }
}
