import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildWorld, type World } from '../../testing/factories.js';
import { createHarness, type TestHarness } from '../../testing/harness.js';

let h: TestHarness;
let world: World;
let categories: Record<string, string>;

beforeAll(async () => {
  h = await createHarness();
  world = await buildWorld(h.ctx);
  categories = Object.fromEntries((await h.ctx.db.kysely.selectFrom('case_categories').select(['id', 'code']).execute()).map((c) => [c.code, c.id]));
});
afterAll(() => h.close());

const points = [
  { name: '1号楼消防通道', lng: 130.412, lat: 44.815 },
  { name: '小区北门', lng: 130.43, lat: 44.85 },
];

function plan(headers: Record<string, string>, overrides: Record<string, unknown> = {}) {
  return h.app.inject({ method: 'POST', url: '/api/patrols', headers, payload: { gridId: world.compoundA1.id, assigneeUserId: world.users.worker.id, title: '民主家园日常巡查', plannedOn: '2026-03-02', points, ...overrides } });
}

describe('patrol access', () => {
  it('answers 401 without credentials and 403 to roles that may not plan, read or walk patrols', async () => {
    const anyId = world.compoundA1.id;
    for (const [method, url] of [['POST', '/api/patrols'], ['GET', '/api/patrols'], ['GET', `/api/patrols/${anyId}`], ['POST', `/api/patrols/${anyId}/checkins`]] as const) {
      const res = await h.app.inject({ method, url, payload: method === 'POST' ? (url.endsWith('checkins') ? { pointIndex: 0 } : { gridId: anyId, assigneeUserId: anyId, title: 'x', plannedOn: '2026-03-02', points }) : undefined });
      expect(`${method} ${url} ${res.statusCode}`).toBe(`${method} ${url} 401`);
    }
    const resident = await h.login('resident');
    const worker = await h.login('worker');
    expect((await plan(worker)).statusCode).toBe(403);
    expect((await plan(resident)).statusCode).toBe(403);
    expect((await h.app.inject({ method: 'GET', url: '/api/patrols', headers: resident })).statusCode).toBe(403);
    expect((await h.app.inject({ method: 'GET', url: `/api/patrols/${anyId}`, headers: resident })).statusCode).toBe(403);
    const cadre = await h.login('cadre');
    const task = (await plan(cadre)).json();
    // A planner who is not a patrol worker cannot check in, nor can a worker check in on someone else's patrol.
    expect((await h.app.inject({ method: 'POST', url: `/api/patrols/${task.id}/checkins`, headers: cadre, payload: { pointIndex: 0 } })).statusCode).toBe(403);
    const secA = await h.login('sec-a');
    expect((await h.app.inject({ method: 'POST', url: `/api/patrols/${task.id}/checkins`, headers: secA, payload: { pointIndex: 0 } })).statusCode).toBe(403);
  });

  it('keeps planners inside their scope and assignees inside theirs', async () => {
    const secA = await h.login('sec-a');
    const outside = await plan(secA, { gridId: world.compoundB1.id });
    expect(outside.statusCode).toBe(403);
    const notCovered = await plan(secA, { gridId: world.compoundA2.id });
    expect(notCovered.statusCode).toBe(400);
    expect(notCovered.json().errors[0]).toMatchObject({ field: 'assigneeUserId', reason: 'assigneeOutOfScope' });
    const notAWorker = await plan(secA, { assigneeUserId: world.users.resident.id });
    expect(notAWorker.json().errors[0]).toMatchObject({ field: 'assigneeUserId', reason: 'roleNotAllowed' });
    expect((await plan(secA, { plannedOn: '2026-02-30' })).json().errors[0]).toMatchObject({ field: 'plannedOn', reason: 'invalidDate' });
    const secB = await h.login('sec-b');
    const mine = (await plan(secA)).json();
    expect((await h.app.inject({ method: 'GET', url: `/api/patrols/${mine.id}`, headers: secB })).statusCode).toBe(404);
    expect((await h.app.inject({ method: 'GET', url: '/api/patrols', headers: secB })).json().total).toBe(0);
  });
});

describe('a patrol round', () => {
  it('checks in point by point, files a finding as a case in one step, and is done when every point is visited', async () => {
    const secA = await h.login('sec-a');
    const created = await plan(secA);
    expect(created.statusCode).toBe(201);
    const task = created.json();
    expect(task).toMatchObject({ state: 'planned', grid: { name: '民主家园' }, assignee: { id: world.users.worker.id }, points: [{ index: 0, isCheckedIn: false }, { index: 1, isCheckedIn: false }] });

    const worker = await h.login('worker');
    const today = (await h.app.inject({ method: 'GET', url: '/api/patrols?mine=1&date=2026-03-02', headers: worker })).json();
    expect(today.items.map((t: { id: string }) => t.id)).toContain(task.id);
    expect(today.items.find((t: { id: string }) => t.id === task.id)).toMatchObject({ pointCount: 2, checkedPointCount: 0, assigneeName: 'worker' });
    expect((await h.app.inject({ method: 'GET', url: '/api/patrols?mine=1&date=2026-03-03', headers: worker })).json().total).toBe(0);

    const badPoint = await h.app.inject({ method: 'POST', url: `/api/patrols/${task.id}/checkins`, headers: worker, payload: { pointIndex: 5 } });
    expect(badPoint.statusCode).toBe(400);
    expect(badPoint.json().errors[0]).toMatchObject({ field: 'pointIndex', reason: 'patrolPointIndex' });
    const badCategory = await h.app.inject({ method: 'POST', url: `/api/patrols/${task.id}/checkins`, headers: worker, payload: { pointIndex: 0, finding: { categoryId: 'nope', description: '通道堵塞' } } });
    expect(badCategory.statusCode).toBe(400);
    expect(await h.ctx.db.kysely.selectFrom('patrol_checkins').select('id').where('task_id', '=', task.id).execute()).toHaveLength(0);

    const finding = { categoryId: categories['neighbourhood.fireLaneBlocked'], description: '消防通道堆放杂物' };
    const first = await h.app.inject({ method: 'POST', url: `/api/patrols/${task.id}/checkins`, headers: { ...worker, 'idempotency-key': 'patrol-0001-p0' }, payload: { pointIndex: 0, lng: 130.4121, lat: 44.8151, note: '发现堵塞', finding } });
    expect(first.statusCode).toBe(201);
    const checkin = first.json();
    expect(checkin.caseId).toEqual(expect.any(String));
    expect(checkin.distanceM).toBeLessThan(20);
    expect(checkin.task).toMatchObject({ state: 'inProgress', checkins: [{ pointIndex: 0, caseId: checkin.caseId, note: '发现堵塞' }] });
    const filed = await h.app.inject({ method: 'GET', url: `/api/cases/${checkin.caseId}`, headers: worker });
    expect(filed.json()).toMatchObject({ channel: 'patrol', state: 'reported', tier: 'stairwell', address: '1号楼消防通道' });
    expect(filed.json().handlingGrid.name).toBe('1单元');
    expect(checkin.task.checkins[0].caseNumber).toBe(filed.json().number);

    // A retried check-in (same Idempotency-Key) neither files a second case nor adds a check-in.
    const retry = await h.app.inject({ method: 'POST', url: `/api/patrols/${task.id}/checkins`, headers: { ...worker, 'idempotency-key': 'patrol-0001-p0' }, payload: { pointIndex: 0, lng: 130.4121, lat: 44.8151, note: '发现堵塞', finding } });
    expect(retry.statusCode).toBe(200);
    expect(retry.json()).toMatchObject({ checkinId: checkin.checkinId, caseId: checkin.caseId, isReplay: true });
    expect(await h.ctx.db.kysely.selectFrom('cases').select('id').where('channel', '=', 'patrol').execute()).toHaveLength(1);

    const last = await h.app.inject({ method: 'POST', url: `/api/patrols/${task.id}/checkins`, headers: worker, payload: { pointIndex: 1 } });
    expect(last.json().task).toMatchObject({ state: 'done', completedAt: h.clock.now().toISOString(), points: [{ isCheckedIn: true }, { isCheckedIn: true }] });
    expect((await h.app.inject({ method: 'POST', url: `/api/patrols/${task.id}/checkins`, headers: worker, payload: { pointIndex: 1 } })).statusCode).toBe(409);

    const read = (await h.app.inject({ method: 'GET', url: `/api/patrols/${task.id}`, headers: secA })).json();
    expect(read.checkins).toHaveLength(2);
    const listed = (await h.app.inject({ method: 'GET', url: `/api/patrols?grid=${world.compoundA1.id}&state=done`, headers: secA })).json();
    expect(listed.items.map((t: { id: string }) => t.id)).toEqual([task.id]);
    expect(listed.items[0].checkedPointCount).toBe(2);
  });
});
