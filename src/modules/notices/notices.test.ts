import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildUser, buildWorld, type World } from '../../testing/factories.js';
import { createHarness, type TestHarness } from '../../testing/harness.js';
import { noticeState, pathAndAncestors } from './service.js';

let h: TestHarness;
let world: World;
let headers: Record<string, Record<string, string>>;

beforeAll(async () => {
  h = await createHarness();
  world = await buildWorld(h.ctx);
  await buildUser(h.ctx, { username: 'resident-b', role: 'resident', scope: [world.compoundB1] });
  await buildUser(h.ctx, { username: 'member', role: 'partyMember', scope: [world.stairA1] });
  headers = {};
  for (const u of ['admin', 'cadre', 'sec-a', 'sec-b', 'worker', 'steward', 'resident', 'resident-b', 'member']) headers[u] = await h.login(u);
});
afterAll(() => h.close());

const send = (who: string, method: 'POST' | 'PATCH' | 'GET', url: string, payload?: Record<string, unknown>) => h.app.inject({ method, url, headers: who ? headers[who] : {}, payload });
const post = (who: string, url: string, payload: Record<string, unknown> = {}) => send(who, 'POST', url, payload);
const get = (who: string, url: string) => send(who, 'GET', url);
const titles = (res: { json(): { items: { title: string }[] } }) => res.json().items.map((n) => n.title);

describe('the residents\' board', () => {
  it('shows current notices of the resident\'s grid and every grid above it, pinned first, and nothing of a neighbour\'s', async () => {
    const now = h.clock.now().getTime();
    const at = (hours: number) => new Date(now + hours * 3600_000).toISOString();
    const town = await post('cadre', '/api/notices', { gridId: world.town.id, title: '八面通镇冬季供暖缴费通知', body: '供暖费缴纳截止11月30日。\n\n- 线上：微信缴费\n- 线下：社区服务大厅', category: 'utilities', publishedAt: at(-48) });
    expect(town.statusCode).toBe(201);
    expect(town.json()).toMatchObject({ gridName: '八面通镇', state: 'current', pinned: false, category: 'utilities', authorName: expect.any(String) });
    await post('sec-a', '/api/notices', { gridId: world.commA.id, title: '民主社区停水通知', body: '3月3日8时至17时停水。', category: 'utilities', publishedAt: at(-2) });
    await post('worker', '/api/notices', { gridId: world.compoundA1.id, title: '民主家园防汛演练', body: '请按时参加。', category: 'safety', isPinned: true, publishedAt: at(-30) });
    await post('sec-a', '/api/notices', { gridId: world.compoundA2.id, title: '曙光小区垃圾分类宣传', body: '分类投放。' });
    await post('sec-a', '/api/notices', { gridId: world.commA.id, title: '下周志愿活动招募', body: '报名从下周开始。', publishedAt: at(1) });
    await post('sec-a', '/api/notices', { gridId: world.commA.id, title: '已过期的通知', body: '过期。', publishedAt: at(-72), expiresAt: at(-1) });
    await post('sec-b', '/api/notices', { gridId: world.commB.id, title: '富家社区停电通知', body: '检修。' });

    const board = await get('resident', '/api/notices');
    expect(board.statusCode).toBe(200);
    expect(titles(board)).toEqual(['民主家园防汛演练', '民主社区停水通知', '八面通镇冬季供暖缴费通知']);
    expect(Object.keys(board.json().items[0]).sort()).toEqual(['body', 'gridId', 'gridName', 'id', 'pinned', 'publishedAt', 'title']);
    expect(board.json().items[0]).toMatchObject({ gridId: world.compoundA1.id, gridName: '民主家园', pinned: true });
    expect(titles(await get('resident-b', '/api/notices'))).toEqual(['富家社区停电通知', '八面通镇冬季供暖缴费通知']);
    // A stairwell's party member reads the compound's, the community's and the town's.
    expect(titles(await get('member', '/api/notices'))).toEqual(['民主家园防汛演练', '民主社区停水通知', '八面通镇冬季供暖缴费通知']);

    // The scheduled one appears when its time comes; the expired one never.
    h.clock.set(new Date(now + 2 * 3600_000));
    try {
      expect(titles(await get('resident', '/api/notices'))).toContain('下周志愿活动招募');
    } finally {
      h.clock.set(new Date(now));
    }
  });

  it('lets a resident open a current notice above them and nothing else', async () => {
    const [mine] = (await get('resident', '/api/notices')).json().items;
    expect((await get('resident', `/api/notices/${mine.id}`)).statusCode).toBe(200);
    const other = (await get('resident-b', '/api/notices')).json().items.find((n: { title: string }) => n.title === '富家社区停电通知');
    expect((await get('resident', `/api/notices/${other.id}`)).statusCode).toBe(404);
    expect((await get('resident', '/api/notices/manage')).statusCode).toBe(403);
    expect((await post('resident', '/api/notices', { gridId: world.compoundA1.id, title: '居民发公告', body: 'x' })).statusCode).toBe(403);
    expect((await post('steward', '/api/notices', { gridId: world.stairA1.id, title: '楼道长发公告', body: 'x' })).statusCode).toBe(403);
  });
});

describe('staff manage notices in their subtree', () => {
  it('lists the subtree\'s notices with filters and states', async () => {
    const all = await get('sec-a', '/api/notices/manage');
    expect(all.statusCode).toBe(200);
    expect(all.json().total).toBe(5);
    expect(titles(all)).not.toContain('富家社区停电通知');
    expect(titles(all)).not.toContain('八面通镇冬季供暖缴费通知');
    expect(titles(await get('sec-a', '/api/notices/manage?state=scheduled'))).toEqual(['下周志愿活动招募']);
    expect(titles(await get('sec-a', '/api/notices/manage?state=expired'))).toEqual(['已过期的通知']);
    expect(titles(await get('sec-a', `/api/notices/manage?gridId=${world.compoundA2.id}`))).toEqual(['曙光小区垃圾分类宣传']);
    expect(titles(await get('sec-a', '/api/notices/manage?pinned=true'))).toEqual(['民主家园防汛演练']);
    expect(titles(await get('sec-a', `/api/notices/manage?q=${encodeURIComponent('停水')}`))).toEqual(['民主社区停水通知']);
    expect(titles(await get('sec-a', `/api/notices/manage?q=${encodeURIComponent('%')}`))).toEqual([]);
    expect((await get('sec-a', '/api/notices/manage?category=utilities')).json().total).toBe(1);
    // Another community's grid as a filter reads nothing of it.
    expect((await get('sec-a', `/api/notices/manage?gridId=${world.commB.id}`)).json()).toEqual({ items: [], total: 0 });
    expect((await get('cadre', '/api/notices/manage')).json().total).toBe(7);
    expect((await get('worker', '/api/notices/manage')).json().total).toBe(1);
  });

  it('edits, pins, unpublishes and republishes; each change reaches the board', async () => {
    const id = (await get('sec-a', `/api/notices/manage?q=${encodeURIComponent('停水')}`)).json().items[0].id;
    const edited = await send('sec-a', 'PATCH', `/api/notices/${id}`, { title: '民主社区停水通知（更正）', isPinned: true });
    expect(edited.statusCode).toBe(200);
    expect(edited.json()).toMatchObject({ title: '民主社区停水通知（更正）', pinned: true, state: 'current' });
    expect(titles(await get('resident', '/api/notices'))[0]).toBe('民主社区停水通知（更正）');

    const down = await post('sec-a', `/api/notices/${id}/unpublish`);
    expect(down.json()).toMatchObject({ status: 'unpublished', state: 'unpublished', pinned: false });
    expect(titles(await get('resident', '/api/notices'))).not.toContain('民主社区停水通知（更正）');
    expect((await get('resident', `/api/notices/${id}`)).statusCode).toBe(404);
    expect((await post('sec-a', `/api/notices/${id}/unpublish`)).statusCode).toBe(409);
    expect((await post('sec-a', `/api/notices/${id}/publish`)).json().state).toBe('current');
    expect(titles(await get('resident', '/api/notices'))).toContain('民主社区停水通知（更正）');

    const audit = await h.ctx.db.kysely.selectFrom('audit_log').select('action').where('record_id', '=', id).execute();
    expect(audit.map((a) => a.action).sort()).toEqual(['notice.edited', 'notice.post', 'notice.republished', 'notice.unpublished']);
  });

  it('refuses to write outside the subtree (403) and hides other communities\' notices from reads (404)', async () => {
    const theirs = (await get('sec-b', '/api/notices/manage')).json().items[0];
    expect((await get('sec-a', `/api/notices/${theirs.id}`)).statusCode).toBe(404);
    expect((await send('sec-a', 'PATCH', `/api/notices/${theirs.id}`, { title: '越界修改' })).statusCode).toBe(403);
    expect((await post('sec-a', `/api/notices/${theirs.id}/unpublish`)).statusCode).toBe(403);
    expect((await post('sec-a', '/api/notices', { gridId: world.commB.id, title: '越界发布', body: 'x' })).statusCode).toBe(403);
    expect((await post('worker', '/api/notices', { gridId: world.commA.id, title: '网格员发到社区', body: 'x' })).statusCode).toBe(403);
    expect((await get('sec-b', `/api/notices/${theirs.id}`)).json().title).toBe('富家社区停电通知');
    expect((await send('sec-a', 'PATCH', '/api/notices/no-such-notice', { title: '不存在' })).statusCode).toBe(404);
  });

  it('rejects bad input with problem+json naming the field, and changes nothing', async () => {
    const before = (await get('admin', '/api/notices/manage')).json().total;
    const cases: [Record<string, unknown>, string, string][] = [
      [{ gridId: world.commA.id, title: 'x', body: '正文' }, 'title', ''],
      [{ gridId: world.commA.id, title: '标题', body: '' }, 'body', ''],
      [{ gridId: 'no-such-grid', title: '标题', body: '正文' }, 'gridId', 'unknownGrid'],
      [{ gridId: world.commA.id, title: '标题', body: '正文', category: 'gossip' }, 'category', ''],
      [{ gridId: world.commA.id, title: '标题', body: '正文', publishedAt: 'tomorrow' }, 'publishedAt', ''],
      [{ gridId: world.commA.id, title: '标题', body: '正文', publishedAt: '2026-03-05T00:00:00Z', expiresAt: '2026-03-04T00:00:00Z' }, 'expiresAt', 'expiresBeforePublish'],
    ];
    for (const [payload, field, reason] of cases) {
      const res = await post('sec-a', '/api/notices', payload);
      expect(`${field} ${res.statusCode}`).toBe(`${field} 400`);
      expect(res.headers['content-type']).toContain('application/problem+json');
      expect(JSON.stringify(res.json().errors)).toContain(field);
      if (reason) expect(res.json().errors[0].reason).toBe(reason);
      expect(res.body).not.toContain(' at ');
    }
    const id = (await get('sec-a', '/api/notices/manage')).json().items[0].id;
    const patch = await send('sec-a', 'PATCH', `/api/notices/${id}`, { expiresAt: '2000-01-01T00:00:00Z' });
    expect(patch.statusCode).toBe(400);
    expect(patch.json().errors[0]).toMatchObject({ field: 'expiresAt', reason: 'expiresBeforePublish', message: '失效时间须晚于发布时间' });
    expect((await send('sec-a', 'PATCH', `/api/notices/${id}`, {})).statusCode).toBe(400);
    expect((await get('admin', '/api/notices/manage')).json().total).toBe(before);
  });

  it('answers 401 without credentials', async () => {
    for (const url of ['/api/notices', '/api/notices/manage']) expect((await h.app.inject({ method: 'GET', url })).statusCode).toBe(401);
    expect((await h.app.inject({ method: 'POST', url: '/api/notices', payload: { gridId: world.commA.id, title: '匿名', body: 'x' } })).statusCode).toBe(401);
  });
});

describe('helpers', () => {
  it('lists a path and its ancestors, and derives the state', () => {
    expect(pathAndAncestors('/231085/231085100/231085100001/')).toEqual(['/231085/', '/231085/231085100/', '/231085/231085100/231085100001/']);
    const n = { status: 'published' as const, published_at: '2026-03-01T00:00:00Z', expires_at: '2026-03-10T00:00:00Z' };
    expect(noticeState(n, '2026-02-28T00:00:00Z')).toBe('scheduled');
    expect(noticeState(n, '2026-03-05T00:00:00Z')).toBe('current');
    expect(noticeState(n, '2026-03-10T00:00:00Z')).toBe('expired');
    expect(noticeState({ ...n, status: 'unpublished' }, '2026-03-05T00:00:00Z')).toBe('unpublished');
  });
});
