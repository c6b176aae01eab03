import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDb, type Db } from '../../db/index.js';
import { buildWorld } from '../../testing/factories.js';
import { createHarness, type TestHarness } from '../../testing/harness.js';
import { sweepSla, type SweepResult } from './sweep-sla.js';

/**
 * The SLA sweep changes each overdue case exactly once, however many processes sweep at the same
 * moment: on PostgreSQL two `gridgov sla sweep` processes at once; on SQLite two sweeps racing
 * in one process, and two processes on one database file.
 */
const root = path.resolve(import.meta.dirname, '..', '..', '..');
const tsx = path.join(root, 'node_modules', '.bin', 'tsx');
const entry = path.join(root, 'src', 'cli', 'main.ts');
const onPostgres = Boolean(process.env.DATABASE_URL);
const CASES = 200;
// Monday 2026-03-02 09:00 Beijing: reported now, the 1-working-hour acceptance limit ends at 10:00,
// the 2-working-hour grace before noon; at 15:00 every case is overdue and past its grace.
const reportedAt = new Date('2026-03-02T01:00:00Z');
const sweepAt = '2026-03-02T07:00:00.000Z';

let h: TestHarness;
let caseIds: string[];

async function makeOverdueCases(harness: TestHarness): Promise<string[]> {
  await buildWorld(harness.ctx);
  const fireLane = await harness.ctx.db.kysely.selectFrom('case_categories').select('id').where('code', '=', 'neighbourhood.fireLaneBlocked').executeTakeFirstOrThrow();
  harness.clock.set(reportedAt);
  const resident = await harness.login('resident');
  const ids: string[] = [];
  for (let i = 0; i < CASES; i++) {
    const res = await harness.app.inject({ method: 'POST', url: '/api/cases', headers: resident, payload: { categoryId: fireLane.id, description: `消防通道堵塞 ${i}`, lng: 130.411 + (i % 5) * 0.001, lat: 44.815 } });
    expect(res.statusCode).toBe(201);
    ids.push(res.json().id);
  }
  return ids;
}

/** One `gridgov sla sweep --at` in a child process; resolves with its JSON output. */
function sweepProcess(env: Record<string, string>): Promise<SweepResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(tsx, [entry, 'sla', 'sweep', '--at', sweepAt], { cwd: root, env: { ...process.env, GRIDGOV_SECRET: 'test-secret', LOG_LEVEL: 'warn', ...env } });
    let out = '';
    let err = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (err += d));
    child.on('error', reject);
    child.on('close', (code) => (code === 0 ? resolve(JSON.parse(out.trim().split('\n').pop()!) as SweepResult) : reject(new Error(`sla sweep exited ${code}: ${err}`))));
  });
}

/** Each case: one overdue mark, one escalation by the system, now with the compound. */
async function expectEachChangedOnce(db: Db, ids: string[]) {
  const events = await db.kysely.selectFrom('case_events').select(['case_id', 'action', 'actor_role']).where('case_id', 'in', ids).where('action', 'in', ['overdue', 'escalate']).execute();
  for (const id of ids) {
    const mine = events.filter((e) => e.case_id === id);
    expect(mine.filter((e) => e.action === 'overdue')).toHaveLength(1);
    expect(mine.filter((e) => e.action === 'escalate')).toEqual([{ case_id: id, action: 'escalate', actor_role: 'system' }]);
  }
  const rows = await db.kysely.selectFrom('cases').select(['tier', 'escalation_count', 'sla_escalated_at']).where('id', 'in', ids).execute();
  expect(rows.every((r) => r.tier === 'compound' && r.escalation_count === 1 && r.sla_escalated_at === sweepAt)).toBe(true);
  const outbox = await db.kysely.selectFrom('outbox').select('topic').where('topic', 'in', ['case.overdue', 'case.escalate']).execute();
  expect(outbox.filter((o) => o.topic === 'case.escalate')).toHaveLength(ids.length);
  expect(outbox.filter((o) => o.topic === 'case.overdue')).toHaveLength(ids.length);
}

beforeAll(async () => {
  h = await createHarness();
  caseIds = await makeOverdueCases(h);
});
afterAll(() => h.close());

describe.skipIf(!onPostgres)('SLA sweep with two server processes on one PostgreSQL', () => {
  it('escalates each overdue case exactly once', async () => {
    const results = await Promise.all([sweepProcess({ DATABASE_URL: process.env.DATABASE_URL! }), sweepProcess({ DATABASE_URL: process.env.DATABASE_URL! })]);
    expect(results.reduce((n, r) => n + r.markedOverdue, 0)).toBe(CASES);
    expect(results.reduce((n, r) => n + r.escalated, 0)).toBe(CASES);
    await expectEachChangedOnce(h.ctx.db, caseIds);
    // A third sweep at the same moment finds nothing left to do.
    expect(await sweepProcess({ DATABASE_URL: process.env.DATABASE_URL! })).toMatchObject({ markedOverdue: 0, escalated: 0 });
  }, 120_000);
});

describe.skipIf(onPostgres)('SLA sweep racing on SQLite', () => {
  it('escalates each overdue case exactly once when two processes sweep one database file', async () => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'gridgov-sla-'));
    try {
      await h.ctx.db.sqlite!.backup(path.join(dataDir, 'gridgov.db'));
      const results = await Promise.all([sweepProcess({ DATABASE_URL: '', DATA_DIR: dataDir }), sweepProcess({ DATABASE_URL: '', DATA_DIR: dataDir })]);
      expect(results.reduce((n, r) => n + r.escalated, 0)).toBe(CASES);
      const copy = openDb({ sqliteFile: path.join(dataDir, 'gridgov.db') });
      try {
        await expectEachChangedOnce(copy, caseIds);
      } finally {
        await copy.close();
      }
    } finally {
      fs.rmSync(dataDir, { recursive: true, force: true });
    }
  }, 120_000);

  it('escalates each overdue case exactly once when two sweeps race in one process', async () => {
    const at = new Date(sweepAt);
    const [a, b] = await Promise.all([sweepSla({ ctx: h.ctx, at }), sweepSla({ ctx: h.ctx, at })]);
    expect(a.markedOverdue + b.markedOverdue).toBe(CASES);
    expect(a.escalated + b.escalated).toBe(CASES);
    await expectEachChangedOnce(h.ctx.db, caseIds);
  });
});
