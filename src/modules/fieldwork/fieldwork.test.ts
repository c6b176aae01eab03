import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newId } from '../../core/ids.js';
import { buildAssignment, buildUser, buildWorld, type World } from '../../testing/factories.js';
import { createHarness, type TestHarness } from '../../testing/harness.js';
import { searchTerms } from './search.js';

let h: TestHarness;
let world: World;
let headers: Record<string, Record<string, string>>;
let households: string[];

beforeAll(async () => {
  h = await createHarness();
  world = await buildWorld(h.ctx);
  await buildAssignment(h.ctx, { grid: world.stairA2, role: 'steward', personId: world.people.wang.id });
  await buildUser(h.ctx, { username: 'resident-b', role: 'resident', scope: [world.compoundB1] });
  households = [];
  for (const [number, stair] of [['101', world.stairA1], ['201', world.stairA1], ['102', world.stairA2]] as const) {
    const room = newId();
    const household = newId();
    await h.ctx.db.kysely.insertInto('rooms').values({ id: room, grid_id: stair.id, grid_path: stair.path, number, floor: 1, area_m2: 80, use: 'residential', created_at: '2026-01-01T00:00:00Z' }).execute();
    await h.ctx.db.kysely.insertInto('households').values({ id: household, room_id: room, grid_id: stair.id, grid_path: stair.path, head_person_id: null, created_at: '2026-01-01T00:00:00Z' }).execute();
    households.push(household);
  }
  headers = {};
  for (const u of ['steward', 'worker', 'sec-a', 'sec-b', 'cadre', 'admin', 'resident', 'resident-b']) headers[u] = await h.login(u);
});
afterAll(() => h.close());

const post = (who: string, url: string, payload: Record<string, unknown> = {}) => h.app.inject({ method: 'POST', url, headers: headers[who], payload });
const get = (who: string, url: string) => h.app.inject({ method: 'GET', url, headers: headers[who] });
const fourKnown = { residents: '12户36人，独居老人1位', situations: '3楼装修中', needs: '张大爷需要代购药品', hazards: '楼道堆放纸箱' };

describe('四清四报 and the community board', () => {
  it('a steward files this month\'s report for the stairwell; the board shows the stairwell still missing one', async () => {
    const before = (await get('sec-a', `/api/fieldwork/steward-reports/missing?gridId=${world.commA.id}`)).json();
    expect(before).toMatchObject({ period: '2026-03', stairwells: 2, filed: 0 });
    expect(before.missing.map((m: { name: string }) => m.name).sort()).toEqual(['1单元', '2单元']);

    const filed = await post('steward', '/api/fieldwork/steward-reports', { gridId: world.stairA1.id, known: fourKnown, reported: [{ kind: 'hazard', text: '楼道堆放纸箱，已劝离' }] });
    expect(filed.statusCode).toBe(201);
    expect(filed.json()).toMatchObject({ period: '2026-03', known: fourKnown });
    expect((await post('steward', '/api/fieldwork/steward-reports', { gridId: world.stairA1.id, known: fourKnown, reported: [] })).json().errors[0].reason).toBe('reportAlreadyFiled');
    expect((await post('steward', '/api/fieldwork/steward-reports', { gridId: world.stairA2.id, known: fourKnown, reported: [] })).statusCode).toBe(403);
    expect((await post('worker', '/api/fieldwork/steward-reports', { gridId: world.compoundA1.id, known: fourKnown, reported: [] })).json().errors[0].reason).toBe('wrongGridLevel');

    const after = (await get('sec-a', `/api/fieldwork/steward-reports/missing?gridId=${world.commA.id}`)).json();
    expect(after).toMatchObject({ stairwells: 2, filed: 1, missing: [{ name: '2单元', stewardName: '王五' }] });
    expect((await get('sec-b', `/api/fieldwork/steward-reports/missing?gridId=${world.commA.id}`)).statusCode).toBe(403);
    expect((await get('sec-b', '/api/fieldwork/steward-reports')).json().total).toBe(0);
    expect((await get('sec-a', '/api/fieldwork/steward-reports')).json().total).toBe(1);
  });

  it('logs follow-ups and regular meetings in scope', async () => {
    expect((await post('steward', '/api/fieldwork/follow-ups', { gridId: world.stairA1.id, subject: '回访张大爷', note: '药品已送到', visitedOn: '2026-03-02' })).statusCode).toBe(201);
    expect((await post('sec-a', '/api/fieldwork/meetings', { gridId: world.commA.id, heldOn: '2026-03-02', topic: '三月楼道管家例会', attendees: 18 })).json()).toMatchObject({ kind: 'regular', attendees: 18 });
    expect((await post('steward', '/api/fieldwork/meetings', { gridId: world.stairA1.id, heldOn: '2026-03-02', topic: 'x', attendees: 1 })).statusCode).toBe(403);
    expect((await get('sec-a', '/api/fieldwork/follow-ups')).json().total).toBe(1);
    expect((await get('sec-b', '/api/fieldwork/meetings')).json().total).toBe(0);
  });
});

describe('the community task list', () => {
  it('keeps a task in scope until the subdistrict moves it out with reason, approver and date', async () => {
    const task = (await post('sec-a', '/api/fieldwork/community-tasks', { gridId: world.commA.id, title: '开具居住证明', source: '派出所' })).json();
    expect(task.status).toBe('inScope');
    expect((await post('sec-a', '/api/fieldwork/community-tasks', { gridId: world.compoundA1.id, title: 'x任务', source: 'y' })).json().errors[0].reason).toBe('wrongGridLevel');
    expect((await post('sec-a', `/api/fieldwork/community-tasks/${task.id}/move-out`, { reason: '不属于社区职责', approverName: '街道办', decidedOn: '2026-03-02' })).statusCode).toBe(403);
    expect((await post('sec-b', `/api/fieldwork/community-tasks/${task.id}/move-out`, { reason: 'x', approverName: 'x', decidedOn: '2026-03-02' })).statusCode).toBe(404);
    const moved = await post('cadre', `/api/fieldwork/community-tasks/${task.id}/move-out`, { reason: '不属于社区职责，由派出所办理', approverName: '八面通镇党委', decidedOn: '2026-03-02' });
    expect(moved.json()).toMatchObject({ status: 'movedOut', approver_name: '八面通镇党委', decided_on: '2026-03-02' });
    expect((await post('cadre', `/api/fieldwork/community-tasks/${task.id}/move-out`, { reason: 'x', approverName: 'x', decidedOn: '2026-03-02' })).statusCode).toBe(409);
    expect((await get('sec-a', '/api/fieldwork/community-tasks/stats')).json()).toEqual({ inScope: 0, movedOut: 1 });
    expect((await get('sec-b', '/api/fieldwork/community-tasks/stats')).json()).toEqual({ inScope: 0, movedOut: 0 });
  });
});

describe('household visits and their coverage', () => {
  it('shows per grid which households nobody visited this quarter', async () => {
    expect((await post('steward', '/api/fieldwork/visits', { householdId: households[0], visitedOn: '2026-02-10', note: '了解用药情况' })).statusCode).toBe(201);
    expect((await post('steward', '/api/fieldwork/visits', { householdId: households[2], visitedOn: '2026-02-10' })).statusCode).toBe(403);
    expect((await post('worker', '/api/fieldwork/visits', { householdId: 'nope', visitedOn: '2026-02-10' })).json().errors[0].reason).toBe('unknownHousehold');
    await post('worker', '/api/fieldwork/visits', { householdId: households[2], visitedOn: '2025-12-20' });
    const cov = (await get('sec-a', `/api/fieldwork/visits/coverage?gridId=${world.buildingA1.id}&from=2026-01-01&to=2026-03-31`)).json();
    expect(cov).toMatchObject({ households: 3, visited: 1 });
    expect(cov.byGrid).toEqual([
      { gridName: '1单元', gridPath: world.stairA1.path, households: 2, visited: 1 },
      { gridName: '2单元', gridPath: world.stairA2.path, households: 1, visited: 0 },
    ]);
    expect(cov.unvisited.map((u: { room: string }) => u.room).sort()).toEqual(['102', '201']);
    // Below the board's grid (a building), each household's stairwell and room.
    expect(cov.unvisited.map((u: { place: string }) => u.place).sort()).toEqual(['1单元 201', '2单元 102']);
    const fromCommunity = (await get('sec-a', `/api/fieldwork/visits/coverage?gridId=${world.commA.id}&from=2026-01-01&to=2026-03-31`)).json();
    expect(fromCommunity.unvisited.map((u: { place: string }) => u.place).sort()).toEqual(['民主家园 1号楼 1单元 201', '民主家园 1号楼 2单元 102']);
    // The visit list names the household's place, not only its id.
    const listed = (await get('sec-a', '/api/fieldwork/visits')).json();
    expect(listed.items.map((v: { room: string; grid_name: string; visited_on: string }) => `${v.grid_name} ${v.room} ${v.visited_on}`)).toEqual(['1单元 101 2026-02-10', '2单元 102 2025-12-20']);
  });
});

describe('finding a household to visit', () => {
  it('finds households by a member’s name, a room number or a place, each with its full place, only in scope', async () => {
    await h.ctx.db.kysely.insertInto('persons').values({ id: newId(), name: '赵淑芬', grid_id: world.stairA1.id, grid_path: world.stairA1.path, household_id: households[1], created_at: '2026-01-01T00:00:00Z', updated_at: '2026-01-01T00:00:00Z' }).execute();
    const search = async (who: string, q: string, extra = '') => (await get(who, `/api/fieldwork/households?q=${encodeURIComponent(q)}${extra}`)).json();
    expect((await search('sec-a', '赵淑')).items).toEqual([{ householdId: households[1], place: '民主家园 1号楼 1单元 201', headName: null, members: 1, lastVisitedOn: null }]);
    // Room numbers from their start; the last visit ever, whatever the quarter.
    const rooms = (await search('sec-a', '10')).items;
    expect(rooms.map((i: { place: string }) => i.place)).toEqual(['民主家园 1号楼 1单元 101', '民主家园 1号楼 2单元 102']);
    expect(rooms.map((i: { lastVisitedOn: string | null }) => i.lastVisitedOn)).toEqual(['2026-02-10', '2025-12-20']);
    expect((await search('sec-a', '2单元')).items.map((i: { householdId: string }) => i.householdId)).toEqual([households[2]]);
    expect((await search('sec-a', '民主家园')).items).toHaveLength(3);
    // Scope: another community finds nothing; a steward only their stairwell.
    expect((await search('sec-b', '赵淑芬')).items).toEqual([]);
    expect((await search('steward', '2单元')).items).toEqual([]);
    expect((await search('steward', '民主家园')).items.map((i: { place: string }) => i.place)).toEqual(['民主家园 1号楼 1单元 101', '民主家园 1号楼 1单元 201']);
    expect((await get('sec-b', `/api/fieldwork/households?q=1&gridId=${world.commA.id}`)).statusCode).toBe(403);
    expect((await search('sec-a', '1', `&gridId=${world.stairA2.id}`)).items.map((i: { householdId: string }) => i.householdId)).toEqual([households[2]]);
    // Wildcards are text; no text is a 400 naming the field.
    expect((await search('sec-a', '%')).items).toEqual([]);
    const bad = await get('sec-a', '/api/fieldwork/households?q=');
    expect(bad.statusCode).toBe(400);
    expect(bad.json().errors[0].field).toBe('q');
  });
});

describe('office hours and the handbook', () => {
  it('publishes office hours residents nearby can see', async () => {
    const slot = await post('sec-a', '/api/fieldwork/office-hours', { gridId: world.compoundA1.id, startsAt: '2026-03-05T01:00:00Z', endsAt: '2026-03-05T03:00:00Z', place: '民主家园3号楼前', hostName: '社区书记', topic: '我在小区等您' });
    expect(slot.statusCode).toBe(201);
    expect((await post('sec-a', '/api/fieldwork/office-hours', { gridId: world.compoundA1.id, startsAt: '2026-03-05T03:00:00Z', endsAt: '2026-03-05T01:00:00Z', place: 'x', hostName: 'x' })).json().errors[0].reason).toBe('endBeforeStart');
    expect((await get('resident', '/api/fieldwork/office-hours')).json().items.map((i: { place: string }) => i.place)).toEqual(['民主家园3号楼前']);
    expect((await get('resident-b', '/api/fieldwork/office-hours')).json().items).toEqual([]);
    expect((await post('resident', '/api/fieldwork/office-hours', { gridId: world.compoundA1.id, startsAt: '2026-03-05T01:00:00Z', endsAt: '2026-03-05T03:00:00Z', place: 'x', hostName: 'x' })).statusCode).toBe(403);
  });

  it('finds Chinese articles by any words of title or body, all words required', async () => {
    const articles = [
      { topic: 'medical', title: '城乡居民医保报销比例', body: '参保居民在一级医院住院，政策范围内费用报销比例为百分之八十五。' },
      { topic: 'medical', title: '门诊慢特病待遇申请', body: '高血压、糖尿病患者可申请门诊慢特病待遇，携带诊断证明到医保窗口。' },
      { topic: 'schooling', title: '小学新生入学登记', body: '适龄儿童凭户口簿和房产证明到学区学校登记，100% 就近入学。' },
    ];
    for (const a of articles) expect((await post('admin', '/api/fieldwork/handbook', a)).statusCode).toBe(201);
    expect((await post('sec-b', '/api/fieldwork/handbook', articles[0])).statusCode).toBe(201);
    expect((await post('worker', '/api/fieldwork/handbook', articles[0])).statusCode).toBe(403);
    const find = async (q: string, who = 'worker') => (await get(who, `/api/fieldwork/handbook?q=${encodeURIComponent(q)}`)).json();
    expect((await find('医保')).total).toBe(3);
    expect((await find('医保 住院')).items.map((a: { title: string }) => a.title)).toEqual(['城乡居民医保报销比例', '城乡居民医保报销比例']);
    expect((await find('糖尿病', 'resident')).items[0].title).toBe('门诊慢特病待遇申请');
    expect((await find('100%')).total).toBe(1);
    expect((await find('%')).total).toBe(1);
    expect((await find('入 学')).total).toBe(1);
    expect((await get('worker', '/api/fieldwork/handbook?topic=schooling')).json().total).toBe(1);
    const id = (await find('入学')).items[0].id;
    expect((await get('resident', `/api/fieldwork/handbook/${id}`)).json().title).toBe('小学新生入学登记');
  });

  it('normalizes and escapes search terms', () => {
    expect(searchTerms('  医保，报销 Ｈｅｌｌｏ 50%_x ')).toEqual(['医保', '报销', 'hello', '50\\%\\_x']);
  });
});

describe('who may do what', () => {
  it('answers 401 to anonymous callers and 403 to residents on staff records', async () => {
    for (const url of ['/api/fieldwork/steward-reports', '/api/fieldwork/steward-reports/missing', '/api/fieldwork/visits', '/api/fieldwork/visits/coverage?from=2026-01-01&to=2026-01-02', '/api/fieldwork/community-tasks', '/api/fieldwork/office-hours', '/api/fieldwork/handbook']) {
      expect(`${url} ${(await h.app.inject({ method: 'GET', url })).statusCode}`).toBe(`${url} 401`);
    }
    for (const url of ['/api/fieldwork/steward-reports', '/api/fieldwork/follow-ups', '/api/fieldwork/meetings', '/api/fieldwork/community-tasks', '/api/fieldwork/visits']) {
      expect(`${url} ${(await get('resident', url)).statusCode}`).toBe(`${url} 403`);
    }
    expect((await post('resident', '/api/fieldwork/steward-reports', { gridId: world.stairA1.id, known: fourKnown, reported: [] })).statusCode).toBe(403);
  });
});
