import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createFieldCipher } from '../../core/secrets.js';
import { GridLocator } from '../../core/grids/locator.js';
import { openDb } from '../../db/index.js';
import { buildApp } from '../../server/app.js';
import { buildWorld, type World } from '../../testing/factories.js';
import { createHarness, TEST_PASSWORD, type TestHarness } from '../../testing/harness.js';
import { startOfShanghaiDay } from './command.js';

let h: TestHarness;
let world: World;
let categories: Record<string, string>;

beforeAll(async () => {
  h = await createHarness();
  world = await buildWorld(h.ctx);
  categories = Object.fromEntries((await h.ctx.db.kysely.selectFrom('case_categories').select(['id', 'code']).execute()).map((c) => [c.code, c.id]));
});
afterAll(async () => {
  // fetch opens spare keep-alive sockets that never carry a request; the server would wait for the client to drop them.
  h.app.server.closeAllConnections();
  await h.close();
});

async function report(headers: Record<string, string>, payload: Record<string, unknown>) {
  const res = await h.app.inject({ method: 'POST', url: '/api/cases', headers, payload: { categoryId: categories['neighbourhood.fireLaneBlocked'], description: '消防通道被堵', ...payload } });
  expect(res.statusCode).toBe(201);
  return res.json() as { id: string; number: string; version: number; dueAt: string };
}

const routes = ['/api/command/overview', '/api/command/overdue', '/api/command/hotspots', '/api/command/map', '/api/command/stream'];

describe('command centre access', () => {
  it('answers 401 to anonymous callers and 403 to roles without command rights', async () => {
    const worker = await h.login('worker');
    const resident = await h.login('resident');
    for (const url of routes) {
      expect(`${url} ${(await h.app.inject({ method: 'GET', url })).statusCode}`).toBe(`${url} 401`);
      expect(`${url} ${(await h.app.inject({ method: 'GET', url, headers: worker })).statusCode}`).toBe(`${url} 403`);
      expect(`${url} ${(await h.app.inject({ method: 'GET', url, headers: resident })).statusCode}`).toBe(`${url} 403`);
    }
    const secA = await h.login('sec-a');
    expect((await h.app.inject({ method: 'GET', url: `/api/command/overview?grid=${world.commB.id}`, headers: secA })).statusCode).toBe(404);
  });
});

describe('overview, overdue board, hotspots and map', () => {
  it('counts and lists only the caller’s cases, by state, age, deadline, place, category and local hour', async () => {
    // Monday 2026-03-02 09:00 in Beijing; one case a week old, two fresh ones in 民主社区, one in 富家社区.
    const admin = await h.login('admin');
    h.clock.set(new Date('2026-02-23T01:00:00Z'));
    const old = await report(admin, { lng: 130.412, lat: 44.815 });
    h.clock.set(new Date('2026-03-02T01:00:00Z'));
    const fresh = await report(admin, { lng: 130.46, lat: 44.85, categoryId: categories['cityAppearance.exposedGarbage'] });
    const noPoint = await report(admin, { gridId: world.compoundA1.id });
    const neighbour = await report(admin, { lng: 130.515, lat: 44.815 });
    h.clock.set(new Date('2026-03-02T06:00:00Z'));

    const secA = await h.login('sec-a');
    const overview = (await h.app.inject({ method: 'GET', url: '/api/command/overview', headers: secA })).json();
    expect(overview).toMatchObject({ open: 3, byState: { reported: 3 }, byAge: { under1d: 2, d1to3: 0, d3to7: 0, over7d: 1 }, ageUnit: 'calendarDays', overdue: 3, today: { created: 2, closed: 0 } });
    expect(overview.today.since).toBe('2026-03-01T16:00:00.000Z');
    const cadre = (await h.app.inject({ method: 'GET', url: '/api/command/overview', headers: await h.login('cadre') })).json();
    expect(cadre.open).toBe(4);
    const underCompound = (await h.app.inject({ method: 'GET', url: `/api/command/overview?grid=${world.compoundA2.id}`, headers: secA })).json();
    expect(underCompound.open).toBe(1);

    const board = (await h.app.inject({ method: 'GET', url: '/api/command/overdue', headers: secA })).json();
    expect(board.total).toBe(3);
    expect(board.items[0]).toMatchObject({ id: old.id, number: old.number, tier: 'stairwell', handlingGridName: '1单元', isTriage: false });
    expect(board.items[0].overdueHours).toBeGreaterThan(board.items[1].overdueHours);
    expect(board.items[0].overdueWorkingHours).toBeGreaterThan(0);
    expect(board.items.map((i: { id: string }) => i.id)).not.toContain(neighbour.id);

    const hot = (await h.app.inject({ method: 'GET', url: '/api/command/hotspots?days=30', headers: secA })).json();
    expect(hot.total).toBe(3);
    expect(hot.byCommunity).toEqual([{ gridId: world.commA.id, name: '民主社区', count: 3 }]);
    expect(hot.byCompound).toEqual([
      { gridId: world.compoundA1.id, name: '民主家园', count: 2 },
      { gridId: world.compoundA2.id, name: '曙光小区', count: 1 },
    ]);
    expect(hot.byCategory[0]).toMatchObject({ name: '消防通道堵塞', count: 2 });
    // Reported at 09:00 Beijing time (01:00 UTC).
    expect(hot.byHour[9]).toEqual({ hour: 9, count: 3 });
    expect(hot.byHour[1].count).toBe(0);
    const lastDay = (await h.app.inject({ method: 'GET', url: '/api/command/hotspots?days=1', headers: secA })).json();
    expect(lastDay.total).toBe(2);

    const map = (await h.app.inject({ method: 'GET', url: '/api/command/map', headers: secA })).json();
    expect(map.items.map((p: { id: string }) => p.id).sort()).toEqual([old.id, fresh.id].sort());
    expect(map.items.find((p: { id: string }) => p.id === fresh.id)).toMatchObject({ lng: 130.46, lat: 44.85, state: 'reported', isOverdue: true, categoryName: '暴露垃圾' });
    expect(noPoint.id).toBeTruthy();
  });

  it('starts the local day at midnight in Asia/Shanghai', () => {
    expect(startOfShanghaiDay(new Date('2026-03-02T15:59:00Z')).toISOString()).toBe('2026-03-01T16:00:00.000Z');
    expect(startOfShanghaiDay(new Date('2026-03-02T16:00:00Z')).toISOString()).toBe('2026-03-02T16:00:00.000Z');
  });
});

interface Received {
  id: string;
  data: { topic: string; caseId: string; number: string; action: string };
}

/** An SSE client over fetch: collects events until closed. */
async function openStream(base: string, headers: Record<string, string>, lastEventId?: string) {
  const controller = new AbortController();
  const res = await fetch(`${base}/api/command/stream`, { headers: { ...headers, ...(lastEventId ? { 'last-event-id': lastEventId } : {}) }, signal: controller.signal });
  const events: Received[] = [];
  let text = '';
  const reader = res.body!.getReader();
  const decoder = new TextDecoder();
  void (async () => {
    try {
      for (;;) {
        const { value, done } = await reader.read();
        if (done) break;
        text += decoder.decode(value, { stream: true });
        let end: number;
        while ((end = text.indexOf('\n\n')) >= 0) {
          const block = text.slice(0, end);
          text = text.slice(end + 2);
          const id = /^id: (.*)$/m.exec(block)?.[1];
          const data = /^data: (.*)$/m.exec(block)?.[1];
          if (id && data) events.push({ id, data: JSON.parse(data) });
        }
      }
    } catch {
      // aborted
    }
  })();
  return {
    res,
    events,
    close: () => controller.abort(),
    async waitFor(predicate: (e: Received) => boolean, ms = 8000): Promise<Received | undefined> {
      const until = Date.now() + ms;
      while (Date.now() < until) {
        const hit = events.find(predicate);
        if (hit) return hit;
        await new Promise((r) => setTimeout(r, 50));
      }
      return undefined;
    },
  };
}

describe('live feed (server-sent events)', () => {
  let base: string;
  beforeAll(async () => {
    await h.app.listen({ port: 0, host: '127.0.0.1' });
    base = `http://127.0.0.1:${(h.app.server.address() as AddressInfo).port}`;
  });

  it('pushes a new case to staff in scope, not to another community, and resumes from Last-Event-ID', async () => {
    const secA = await h.login('sec-a');
    const secB = await h.login('sec-b');
    const a = await openStream(base, secA);
    const b = await openStream(base, secB);
    expect(a.res.status).toBe(200);
    expect(a.res.headers.get('content-type')).toContain('text/event-stream');

    const c = await report(await h.login('resident'), { lng: 130.412, lat: 44.815, description: '直播测试' });
    const seen = await a.waitFor((e) => e.data.caseId === c.id);
    expect(seen?.data).toMatchObject({ topic: 'case.report', number: c.number, action: 'report' });
    // B's stream polls the same outbox; give it a few more polls to be sure nothing leaks.
    await new Promise((r) => setTimeout(r, 2500));
    expect(b.events.find((e) => e.data.caseId === c.id)).toBeUndefined();

    // A reconnecting client gets what it missed, in order, before live events.
    const steward = await h.login('steward');
    const accepted = await h.app.inject({ method: 'POST', url: `/api/cases/${c.id}/actions/accept`, headers: steward, payload: {} });
    expect(accepted.statusCode).toBe(200);
    await a.waitFor((e) => e.data.caseId === c.id && e.data.action === 'accept');
    a.close();
    b.close();
    const resumed = await openStream(base, secA, seen!.id);
    const missed = await resumed.waitFor((e) => e.data.caseId === c.id && e.data.action === 'accept', 3000);
    expect(missed).toBeDefined();
    expect(resumed.events.find((e) => e.id === seen!.id)).toBeUndefined();
    resumed.close();
  });

  it.skipIf(!process.env.DATABASE_URL)('delivers an event written by another instance on the same PostgreSQL', async () => {
    // A second, independent app on the same database stands for another server process.
    const db2 = openDb({ databaseUrl: process.env.DATABASE_URL });
    const ctx2 = { ...h.ctx, db: db2, locator: new GridLocator(db2.kysely), cipher: createFieldCipher('test-secret') };
    const app2 = await buildApp(ctx2, { logger: false, webDir: '/nonexistent' });
    try {
      const stream = await openStream(base, await h.login('sec-a'));
      const login = await app2.inject({ method: 'POST', url: '/api/auth/login', payload: { username: 'admin', password: TEST_PASSWORD } });
      const res = await app2.inject({ method: 'POST', url: '/api/cases', headers: { authorization: `Bearer ${login.json().token}` }, payload: { categoryId: categories['neighbourhood.fireLaneBlocked'], description: '另一实例', lng: 130.412, lat: 44.815 } });
      expect(res.statusCode).toBe(201);
      expect(await stream.waitFor((e) => e.data.caseId === res.json().id)).toBeDefined();
      stream.close();
    } finally {
      await app2.close();
      await db2.close();
    }
  });
});
