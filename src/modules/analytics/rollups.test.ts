import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AppError } from '../../core/errors.js';
import { systemActor } from '../../core/scope.js';
import { buildWorld, type World } from '../../testing/factories.js';
import { createHarness, type TestHarness } from '../../testing/harness.js';
import { Random } from '../../../demo/random.js';
import { createCase } from '../cases/create-case.js';
import { sweepSla } from '../cases/sweep-sla.js';
import { transitionCase } from '../cases/transition-case.js';
import { actionRules, type CaseAction } from '../cases/workflow.js';
import { caseFigures, caseFiguresByScan } from './case-figures.js';
import { contributions, NO_FACTS, rollupPaths, stageBucket, type RollupCase } from './contributions.js';
import { pendingFold, rangesOf, rebuildRollups, rebuildRollupsInJs, subtreeKpis, sumRollups } from './rollups.js';
import { kpisByScan } from './scan.js';

let h: TestHarness;
let world: World;

beforeAll(async () => {
  h = await createHarness();
  world = await buildWorld(h.ctx);
}, 60_000);
afterAll(async () => {
  await h.close();
});

describe('roll-up pieces', () => {
  it('covers a period exactly with whole months and edge days', () => {
    expect(rangesOf({ from: '2026-01-15', to: '2026-04-10' })).toEqual([['d2026-01-15', 'd2026-01-31'], ['m2026-02', 'm2026-03'], ['d2026-04-01', 'd2026-04-10']]);
    expect(rangesOf({ from: '2026-02-01', to: '2026-02-28' })).toEqual([['m2026-02', 'm2026-02']]);
    expect(rangesOf({ from: '2026-02-03', to: '2026-02-05' })).toEqual([['d2026-02-03', 'd2026-02-05']]);
    expect(rangesOf({ from: '2025-12-31', to: '2026-01-01' })).toEqual([['d2025-12-31', 'd2026-01-01']]);
    expect(rangesOf({ from: '2026-02-05', to: '2026-02-03' })).toEqual([]);
  });

  it('counts a case under every ancestor, and outside every grid under "-"', () => {
    expect(rollupPaths('/231085/231085100/231085100001/')).toEqual(['/231085/', '/231085/231085100/', '/231085/231085100/231085100001/']);
    expect(rollupPaths(null)).toEqual(['-']);
    expect(stageBucket(0)).toBe(0);
    expect(stageBucket(25)).toBe(13);
  });

  it('dates a case by its local (Beijing) day', () => {
    const row = {
      type: 'hazard', category_id: 'x', state: 'reported', is_open: 1, tier: 'compound', channel: 'web', grid_path: '/1/', overdue_at: null, discovered_at: '2026-03-01T16:30:00.000Z',
      accepted_at: null, response_due_at: '2026-03-02T03:00:00.000Z', responded_at: null, assessed_at: null, intervened_at: null, resolved_at: null, closed_at: null, closed_via: null,
      rework_count: 0, lowest_tier: 'compound', feedback: null, rating: null, is_skipped_level: 0, is_criminal_risk: 0, created_at: '2026-03-01T16:30:00.000Z',
    } as const;
    const keys = contributions(row, NO_FACTS).filter((c) => c.k === 'rcv').map((c) => c.bucket);
    expect(keys).toEqual(['d2026-03-02', 'm2026-03']);
  });

  it('counts a response for 响应率 only when it came by the acceptance deadline fixed at intake', () => {
    const base = {
      type: 'hazard', category_id: 'x', state: 'accepted', is_open: 1, tier: 'compound', channel: 'web', grid_path: '/1/', overdue_at: null, discovered_at: '2026-03-02T01:00:00.000Z',
      accepted_at: null, response_due_at: '2026-03-02T03:00:00.000Z', responded_at: null, assessed_at: null, intervened_at: null, resolved_at: null, closed_at: null, closed_via: null,
      rework_count: 0, lowest_tier: 'compound', feedback: null, rating: null, is_skipped_level: 0, is_criminal_risk: 0, created_at: '2026-03-02T01:00:00.000Z',
    } as const;
    const responded = (row: RollupCase) => contributions(row, NO_FACTS).filter((c) => c.k === 'c.resp').length > 0;
    expect(responded({ ...base, state: 'reported' })).toBe(false);
    expect(responded({ ...base, accepted_at: '2026-03-02T02:59:00.000Z', responded_at: '2026-03-02T02:59:00.000Z' })).toBe(true);
    expect(responded({ ...base, accepted_at: '2026-03-02T03:00:00.000Z', responded_at: '2026-03-02T03:00:00.000Z' })).toBe(true);
    expect(responded({ ...base, accepted_at: '2026-03-02T03:01:00.000Z', responded_at: '2026-03-02T03:01:00.000Z' })).toBe(false);
    expect(responded({ ...base, state: 'rejected', is_open: 0, responded_at: '2026-03-02T02:00:00.000Z' })).toBe(true);
    // Cases from before the deadline was kept: answered counts as in time.
    expect(responded({ ...base, response_due_at: null, accepted_at: '2026-03-09T03:00:00.000Z', responded_at: '2026-03-09T03:00:00.000Z' })).toBe(true);
  });
});

describe('roll-ups under random case histories', () => {
  it('equal a rebuild and a direct scan after every kind of change, for every subtree and period', async () => {
    const rng = new Random(20261127);
    const db = h.ctx.db.kysely;
    const categories = await db.selectFrom('case_categories').select(['id', 'code']).where('parent_id', 'is not', null).execute();
    const departments = await db.selectFrom('departments').select(['id', 'kind']).execute();
    const places = [world.stairA1, world.stairA2, world.compoundA1, world.compoundA2, world.compoundB1, world.commA, world.commB, world.town];
    const ids: string[] = [];
    const start = new Date('2026-01-05T01:00:00Z');
    h.clock.set(start);
    let failures = 0;
    for (let step = 0; step < 260; step++) {
      h.clock.advance(rng.int(1, 20) * 3600_000);
      const roll = rng.next();
      if (roll < 0.25 || ids.length < 4) {
        const category = rng.pick(categories);
        const place = rng.chance(0.1) ? null : rng.pick(places);
        const created = await createCase({
          ctx: h.ctx, actor: systemActor, channel: rng.pick(['web', 'patrol', 'steward', 'hotline'] as const),
          input: {
            categoryId: category.id, description: `案件 ${step}`, ...(place ? { gridId: place.id } : { address: '不明地点' }),
            reporterPhone: '13800138000', isSkippedLevel: rng.chance(0.1), isCriminalRisk: rng.chance(0.05),
            discoveredAt: new Date(h.clock.now().getTime() - rng.int(0, 48) * 3600_000).toISOString(),
          },
        });
        ids.push(created.id);
      } else if (roll < 0.3) {
        await sweepSla({ ctx: h.ctx });
      } else {
        const id = rng.pick(ids);
        const c = (await db.selectFrom('cases').selectAll().where('id', '=', id).executeTakeFirstOrThrow());
        const possible = (Object.keys(actionRules) as CaseAction[]).filter((a) => actionRules[a].from.includes(c.state) && !actionRules[a].needsPending && a !== 'comment');
        if (possible.length === 0) continue;
        const action = rng.pick(possible);
        const data: Record<string, unknown> = {};
        if (action === 'verify') data.passed = rng.chance(0.7);
        if (action === 'rate' || action === 'followUp') {
          data.feedback = rng.chance(0.8) ? 'confirmed' : 'disputed';
          data.rating = rng.int(1, 5);
        }
        if (action === 'merge') data.intoCaseId = rng.pick(ids);
        if (action === 'summon') data.departmentIds = [rng.pick(departments).id, rng.pick(departments).id];
        if (action === 'register' && rng.chance(0.3)) data.categoryId = rng.pick(categories).id;
        if (action === 'closeByResolution') data.resolutionId = `resolution-${step}`;
        try {
          await transitionCase({ ctx: h.ctx, actor: 'system', caseId: id, action, note: '处理说明', data, reason: 'test' });
        } catch (error) {
          if (!(error instanceof AppError)) throw error;
          failures++;
        }
      }
    }
    expect(failures).toBeLessThan(200);
    const states = await db.selectFrom('cases').select(['state', (eb) => eb.fn.countAll<number>().as('n')]).groupBy('state').execute();
    // The history reached the states the rates and figures depend on.
    for (const s of ['closed', 'rated', 'handling', 'rejected']) expect(states.find((r) => r.state === s), s).toBeDefined();
    expect(Number((await db.selectFrom('cases').select((eb) => eb.fn.countAll<number>().as('n')).where('overdue_at', 'is not', null).executeTakeFirstOrThrow()).n)).toBeGreaterThan(0);

    const periods = [{}, { from: '2026-01-05', to: '2026-01-31' }, { from: '2026-01-20', to: '2026-03-03' }, { from: '2026-02-01', to: '2026-02-28' }, { from: '2025-01-01', to: '2027-12-31' }];
    const subtrees: (string | null)[] = [null, world.city.path, world.town.path, world.commA.path, world.commB.path, world.compoundA1.path, world.stairA1.path];
    const check = async () => {
      for (const period of periods) {
        for (const gridPath of subtrees) {
          expect(await subtreeKpis(db, { gridPath, ...period }), `${gridPath} ${JSON.stringify(period)}`).toEqual(await kpisByScan(db, { gridPath, ...period }));
        }
        for (const gridPath of [world.city.path, world.commA.path, undefined]) {
          expect(await caseFigures(db, { gridPath, ...period })).toEqual(await caseFiguresByScan(db, { gridPath, ...period }));
        }
      }
    };
    await check();
    // The counters as readers see them: case_rollups plus the counts the intake left pending.
    const snapshot = async () =>
      (
        await sql<{ path: string; bucket: string; k: string; n: number }>`select path, bucket, k, sum(n) as n from (select path, bucket, k, n from case_rollups union all select path, bucket, k, n from case_rollup_pending) x group by path, bucket, k having sum(n) <> 0 order by path, bucket, k`.execute(db)
      ).rows.map((r) => ({ ...r, n: Number(r.n) }));
    const incremental = await snapshot();

    expect(incremental.length).toBeGreaterThan(100);
    const lines: string[] = [];
    const rebuilt = await rebuildRollups(db, (l) => lines.push(l));
    expect(rebuilt.cases).toBe(ids.length);
    expect(lines.at(-1)).toMatch(/rebuilt from \d+ cases/);
    expect(lines.some((l) => l.includes('step stage discover'))).toBe(true);
    expect(await snapshot()).toEqual(incremental);
    await check();
    // The set-based rebuild equals the case-by-case JS sum of contributions(), row for row.
    const byJs = await rebuildRollupsInJs(db);
    expect(byJs.cases).toBe(ids.length);
    expect(await snapshot()).toEqual(incremental);
    // A rebuild over counters gone wrong restores them.
    await db.updateTable('case_rollups').set({ n: 999 }).execute();
    await rebuildRollups(db);
    expect(await snapshot()).toEqual(incremental);
  }, 240_000);
});

describe('the intake’s pending counts', () => {
  it('are read at once, folded in bulk after a burst and on a full pending table, and change no answer', async () => {
    const db = h.ctx.db.kysely;
    const saved = { ...pendingFold };
    const pendingRows = async () => Number((await db.selectFrom('case_rollup_pending').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);
    const category = await db.selectFrom('case_categories').select('id').where('parent_id', 'is not', null).orderBy('code').executeTakeFirstOrThrow();
    const burst = (n: number, tag: string) =>
      Promise.all(
        Array.from({ length: n }, (_, i) =>
          createCase({ ctx: h.ctx, actor: systemActor, channel: 'patrol', input: { categoryId: category.id, description: `${tag} ${i}`, gridId: i % 2 ? world.stairA1.id : world.compoundB1.id } }),
        ),
      );
    const answers = async () => ({
      city: await subtreeKpis(db, { gridPath: world.city.path }),
      commA: await subtreeKpis(db, { gridPath: world.commA.path }),
      rcvKeys: [...(await sumRollups(db, { paths: [world.city.path], keys: { prefix: 'rcv:c:' } })).entries()].sort(),
    });
    const scans = async () => ({ city: await kpisByScan(db, { gridPath: world.city.path }), commA: await kpisByScan(db, { gridPath: world.commA.path }) });
    try {
      // Folds only when asked (after a long idle), so the burst's counts stay pending.
      Object.assign(pendingFold, { atRows: 1_000_000, everyMs: 3_600_000, idleMs: 3_600_000 });
      const before = await answers();
      await burst(24, '积压');
      const isSqlite = h.ctx.db.dialect === 'sqlite';
      // SQLite's group commit appends them; PostgreSQL commits each intake with its own upserts.
      if (isSqlite) expect(await pendingRows()).toBeGreaterThan(0);
      else expect(await pendingRows()).toBe(0);
      const during = await answers();
      expect(during.city.received).toBe(before.city.received + 24);
      expect(during.commA.received).toBe(before.commA.received + 12);
      expect({ city: during.city, commA: during.commA }).toEqual(await scans());
      expect(during.rcvKeys.find(([k]) => k === `rcv:c:${category.id}`)?.[1]).toBe((before.rcvKeys.find(([k]) => k === `rcv:c:${category.id}`)?.[1] ?? 0) + 24);

      // The idle fold after a burst empties the pending table; the answers stay the same.
      Object.assign(pendingFold, { idleMs: 50 });
      await burst(4, '空闲');
      await expect.poll(pendingRows, { timeout: 10_000, interval: 50 }).toBe(0);
      const idle = await answers();
      expect(idle.city.received).toBe(before.city.received + 28);
      expect({ city: idle.city, commA: idle.commA }).toEqual(await scans());

      // A pending table past `atRows` is folded by the group that fills it.
      Object.assign(pendingFold, { atRows: 1, idleMs: 3_600_000 });
      await burst(6, '满');
      expect(await pendingRows()).toBe(0);
      expect((await answers()).city.received).toBe(before.city.received + 34);
      expect({ city: (await answers()).city, commA: (await answers()).commA }).toEqual(await scans());
    } finally {
      Object.assign(pendingFold, saved);
    }
  }, 120_000);
});
