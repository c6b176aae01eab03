import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildWorld, type World } from '../../testing/factories.js';
import { createHarness, type TestHarness } from '../../testing/harness.js';
import { sweepSla } from '../cases/sweep-sla.js';
import { transitionCase } from '../cases/transition-case.js';
import type { CaseAction } from '../cases/workflow.js';
import { changeFeed } from './stream.js';

let h: TestHarness;
let world: World;
let headers: Record<string, Record<string, string>>;
let categoryId: string;

beforeAll(async () => {
  h = await createHarness();
  world = await buildWorld(h.ctx);
  headers = { admin: await h.login('admin'), secA: await h.login('sec-a'), secB: await h.login('sec-b'), resident: await h.login('resident'), worker: await h.login('worker') };
  categoryId = (await h.ctx.db.kysely.selectFrom('case_categories').select('id').where('code', '=', 'neighbourhood.fireLaneBlocked').executeTakeFirstOrThrow()).id;
}, 60_000);
afterAll(async () => {
  await h.close();
});

async function report(gridId: string): Promise<string> {
  const res = await h.app.inject({ method: 'POST', url: '/api/cases', headers: headers.admin, payload: { categoryId, description: '消防通道被堵', gridId } });
  expect(res.statusCode, res.body).toBe(201);
  return res.json().id;
}

async function move(caseId: string, steps: (CaseAction | [CaseAction, Record<string, unknown>])[]) {
  for (const step of steps) {
    const [action, data] = typeof step === 'string' ? [step, {}] : step;
    await transitionCase({ ctx: h.ctx, actor: action === 'rate' ? 'trackedReporter' : 'system', caseId, action, note: '已处理', data, reason: 'test' });
  }
}

const dashboard = (who: string, query = 'from=2026-03-01&to=2026-03-31') => h.app.inject({ method: 'GET', url: `/api/analytics/dashboard?${query}`, headers: headers[who] });

describe('GET /api/analytics/dashboard', () => {
  it("shows a community secretary only their community, with rates that agree with a hand count", async () => {
    const handled: CaseAction[] = ['accept', 'register', 'dispatch', 'startHandling', 'reportBack'];
    // 民主社区 (A): one solved and rated 5, one rejected, one left waiting, one reworked then rated 3.
    const a1 = await report(world.stairA1.id);
    await move(a1, [...handled, ['verify', { passed: true }], 'close', ['rate', { feedback: 'confirmed', rating: 5 }]]);
    const a2 = await report(world.compoundA2.id);
    await move(a2, ['reject']);
    const a3 = await report(world.compoundA1.id);
    const a4 = await report(world.stairA2.id);
    // a4 is accepted a minute after its acceptance deadline: answered, but not in time for 响应率.
    const dueA4 = (await h.ctx.db.kysely.selectFrom('cases').select('due_at').where('id', '=', a4).executeTakeFirstOrThrow()).due_at!;
    h.clock.set(new Date(Date.parse(dueA4) + 60_000));
    await move(a4, [...handled, ['verify', { passed: false }], 'reportBack', ['verify', { passed: true }], 'close', ['rate', { feedback: 'confirmed', rating: 3 }]]);
    // 富家社区 (B): two solved; they must not show for sec-a.
    for (const id of [await report(world.compoundB1.id), await report(world.stairB1.id)]) await move(id, [...handled, ['verify', { passed: true }], 'close']);
    // a3 waits past its acceptance deadline: the sweep marks it overdue (before the grace that escalates).
    const due = (await h.ctx.db.kysely.selectFrom('cases').select('due_at').where('id', '=', a3).executeTakeFirstOrThrow()).due_at!;
    await sweepSla({ ctx: h.ctx, at: new Date(Date.parse(due) + 60_000) });

    const res = await dashboard('secA');
    expect(res.statusCode, res.body).toBe(200);
    const body = res.json();
    expect(body.grid).toMatchObject({ id: world.commA.id, level: 'community' });
    // By hand: received 4 (a1..a4); answered in time 2 (a1 accepted, a2 rejected; a3 never, a4 late); valid 3 (a2 rejected); closed 2 (a1, a4);
    // due to close 3 (2 closed + a3 overdue); on time 2; reported back 2, reworked 1; rated 2, satisfied 1 (a4 gave 3).
    expect(body.kpis).toMatchObject({ received: 4, resolved: 2, closed: 2, overdueNow: 1, open: 1 });
    expect(body.kpis.rates).toEqual({
      responseRate: 2 / 4, resolutionRate: 2 / 3, satisfactionRate: 1 / 2, closureRate: 2 / 3, onTimeClosureRate: 2 / 3, reworkRate: 1 / 2, lowestTierShare: 1,
    });
    expect(body.kpis.definitions.closureRate.zh).toContain('应结案数');
    expect(body.byState).toEqual([{ key: 'rated', count: 2 }, { key: 'rejected', count: 1 }, { key: 'reported', count: 1 }]);
    expect(body.byType).toEqual([{ key: 'hazard', count: 4 }]);
    expect(body.byCategory).toEqual([{ key: categoryId, label: '消防通道堵塞', count: 4 }]);
    expect(body.children.map((c: { name: string; received: number }) => [c.name, c.received])).toEqual([['民主家园', 3], ['曙光小区', 1]]);
    expect(body.trend.unit).toBe('day');
    expect(body.trend.points).toHaveLength(31);
    expect(body.trend.points.find((p: { date: string }) => p.date === '2026-03-02')).toEqual({ date: '2026-03-02', received: 4, resolved: 2 });
    expect(body.stages.map((s: { stage: string }) => s.stage)).toEqual(['discover', 'report', 'assess', 'intervene', 'resolve']);
    expect(body.stages[1].p50Hours).not.toBeNull();

    // The town's cadre sees both communities; sec-b sees B only.
    const town = (await dashboard('admin', `from=2026-03-01&to=2026-03-31&grid=${world.town.id}`)).json();
    expect(town.kpis.received).toBe(6);
    expect(town.children.map((c: { name: string; received: number; resolutionRate: number }) => [c.name, c.received, c.resolutionRate])).toEqual([['民主社区', 4, 2 / 3], ['富家社区', 2, 1]]);
    const b = (await dashboard('secB')).json();
    expect(b.grid.id).toBe(world.commB.id);
    expect(b.kpis).toMatchObject({ received: 2, closed: 2, overdueNow: 0 });
    // A year: weekly points; ten years: monthly.
    expect((await dashboard('secA', 'from=2026-01-01&to=2026-12-31')).json().trend.unit).toBe('week');
    const decade = (await dashboard('secA', 'from=2017-01-01&to=2026-12-31')).json();
    expect(decade.trend).toMatchObject({ unit: 'month' });
    expect(decade.trend.points).toHaveLength(120);
    expect(decade.kpis.received).toBe(4);
  }, 60_000);

  it('answers 400 naming the field for a bad period, and changes nothing', async () => {
    const cases = [
      ['from=2026-03-10&to=2026-03-01', 'from', 'periodOrder'],
      ['from=2016-01-01&to=2026-03-01', 'to', 'periodTooLong'],
      ['from=2026-02-30&to=2026-03-01', 'from', 'invalidDate'],
      ['from=2026-03-01&to=tomorrow', 'to', 'invalidDate'],
    ] as const;
    for (const [query, field, reason] of cases) {
      const res = await dashboard('secA', query);
      expect(res.statusCode, query).toBe(400);
      expect(res.headers['content-type']).toContain('application/problem+json');
      expect(res.json().errors[0]).toMatchObject({ field, reason });
      expect(res.body).not.toContain('    at ');
    }
    expect((await dashboard('secA', 'from=2016-03-02&to=2026-03-01')).statusCode).toBe(200);
  });

  it('answers 404 for a grid outside the viewer’s scope or unknown, 401 without credentials, 403 to residents', async () => {
    expect((await dashboard('secA', `grid=${world.commB.id}`)).statusCode).toBe(404);
    expect((await dashboard('secA', `grid=${world.town.id}`)).statusCode).toBe(404);
    expect((await dashboard('worker', `grid=${world.compoundA2.id}`)).statusCode).toBe(404);
    expect((await dashboard('secA', 'grid=nope')).statusCode).toBe(404);
    expect((await dashboard('secA', `grid=${world.compoundA1.id}`)).json().grid.id).toBe(world.compoundA1.id);
    expect((await h.app.inject({ method: 'GET', url: '/api/analytics/dashboard' })).statusCode).toBe(401);
    expect((await dashboard('resident')).statusCode).toBe(403);
    expect((await h.app.inject({ method: 'GET', url: `/api/analytics/stream?grid=${world.commB.id}`, headers: headers.secA })).statusCode).toBe(404);
    expect((await h.app.inject({ method: 'GET', url: '/api/analytics/stream', headers: headers.resident })).statusCode).toBe(403);
  });
});

describe('live updates', () => {
  it('signals a change in the subtree at once, folds a burst into one more a second later, and ignores other subtrees', async () => {
    let sent = 0;
    const feed = changeFeed(world.commA.path, () => sent++, 200);
    const event = (gridPath: string | null, topic = 'case.accept') => ({ id: 'x', topic, payload: {}, gridPath, createdAt: '' });
    feed.onEvent(event(world.commB.path));
    feed.onEvent(event(world.stairA1.path, 'wish.posted'));
    expect(sent).toBe(0);
    feed.onEvent(event(world.stairA1.path));
    expect(sent).toBe(1);
    for (let i = 0; i < 5; i++) feed.onEvent(event(world.compoundA2.path));
    expect(sent).toBe(1);
    await new Promise((r) => setTimeout(r, 300));
    expect(sent).toBe(2);
    feed.stop();
    const city = changeFeed(world.city.path, () => sent++, 200);
    city.onEvent(event(null));
    expect(sent).toBe(3);
    city.stop();
  });
});
