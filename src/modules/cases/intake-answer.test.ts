import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildWorld, type World } from '../../testing/factories.js';
import { createHarness, type TestHarness } from '../../testing/harness.js';

/**
 * POST /api/cases answers from the row it has just written instead of reading the case back:
 * the answer must be exactly what GET /api/cases/:id gives for the same case, whoever reports it
 * and wherever it lands.
 */
let h: TestHarness;
let world: World;
let categories: Record<string, string>;

beforeAll(async () => {
  h = await createHarness();
  world = await buildWorld(h.ctx);
  const cats = await h.ctx.db.kysely.selectFrom('case_categories').select(['id', 'code']).execute();
  categories = Object.fromEntries(cats.map((c) => [c.code, c.id]));
});
afterAll(() => h.close());

async function photo(headers: Record<string, string>): Promise<string> {
  const png = await sharp({ create: { width: 32, height: 24, channels: 3, background: { r: 10, g: 120, b: 40 } } }).png().toBuffer();
  const boundary = '----gridgov-intake';
  const payload = Buffer.concat([Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="photo"; filename="p.png"\r\nContent-Type: image/png\r\n\r\n`), png, Buffer.from(`\r\n--${boundary}--\r\n`)]);
  const res = await h.app.inject({ method: 'POST', url: '/api/cases/photos', headers: { ...headers, 'content-type': `multipart/form-data; boundary=${boundary}` }, payload });
  expect(res.statusCode).toBe(201);
  return res.json().items[0].id;
}

describe('POST /api/cases answers with the case as GET shows it', () => {
  const reports: [string, string, () => Record<string, unknown>][] = [
    ['a resident at a point in a stairwell, with a phone', 'resident', () => ({ categoryId: categories['neighbourhood.fireLaneBlocked'], description: '消防通道被堵', lng: 130.412, lat: 44.815, reporterPhone: '13912345678' })],
    ['a grid worker by grid id, on patrol, urgent and skipped level', 'worker', () => ({ categoryId: categories['neighbourhood.stairwellClutter'], description: '楼道堆物', gridId: world.compoundA1.id, channel: 'patrol', priority: 'urgent', isSkippedLevel: true, title: '  楼道杂物  ' })],
    ['a secretary at a point in the other community (outside their scope)', 'sec-a', () => ({ categoryId: categories['cityAppearance.exposedGarbage'], description: '垃圾外露', lng: 130.515, lat: 44.815 })],
    ['a resident outside every grid (triage queue)', 'resident', () => ({ categoryId: categories['cityAppearance.exposedGarbage'], description: '城外垃圾', lng: 129.0, lat: 43.0 })],
    ['an admin by address only', 'admin', () => ({ categoryId: categories['publicFacilities.streetLight'], description: '路灯不亮', address: '八面通镇新华街12号', reporterName: '王先生', discoveredAt: '2026-03-01T23:00:00.000Z' })],
    ['a steward at a compound-level matter in their stairwell', 'steward', () => ({ categoryId: categories['neighbourhood.compoundParking'], description: '乱停车', lng: 130.412, lat: 44.815, isCriminalRisk: true })],
  ];

  it.each(reports)('%s', async (_what, username, body) => {
    const headers = await h.login(username);
    const created = await h.app.inject({ method: 'POST', url: '/api/cases', headers: { ...headers, 'idempotency-key': `answer-${username}-${Math.random()}` }, payload: body() });
    expect(created.statusCode).toBe(201);
    const read = await h.app.inject({ method: 'GET', url: `/api/cases/${created.json().id}`, headers });
    expect(read.statusCode).toBe(200);
    expect(created.json()).toEqual(read.json());
    expect(created.json().timeline).toHaveLength(1);
  });

  it('with photos, and a replay answers the same case read back', async () => {
    const headers = await h.login('resident');
    const photoId = await photo(headers);
    const payload = { categoryId: categories['neighbourhood.fireLaneBlocked'], description: '通道堵塞（附照片）', lng: 130.412, lat: 44.815, photoIds: [photoId] };
    const created = await h.app.inject({ method: 'POST', url: '/api/cases', headers: { ...headers, 'idempotency-key': 'answer-photo-1' }, payload });
    expect(created.statusCode).toBe(201);
    expect(created.json().photos.map((p: { id: string }) => p.id)).toEqual([photoId]);
    const read = await h.app.inject({ method: 'GET', url: `/api/cases/${created.json().id}`, headers });
    expect(created.json()).toEqual(read.json());
    const replay = await h.app.inject({ method: 'POST', url: '/api/cases', headers: { ...headers, 'idempotency-key': 'answer-photo-1' }, payload });
    expect(replay.statusCode).toBe(200);
    expect(replay.json()).toEqual(read.json());
  });

  it('writes the first log entry and its outbox event', async () => {
    const headers = await h.login('worker');
    const res = await h.app.inject({ method: 'POST', url: '/api/cases', headers, payload: { categoryId: categories['neighbourhood.stairwellClutter'], description: '楼道堆物', lng: 130.412, lat: 44.815, channel: 'patrol' } });
    const c = res.json();
    const events = await h.ctx.db.kysely.selectFrom('case_events').selectAll().where('case_id', '=', c.id).execute();
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ seq: 1, action: 'report', from_state: null, to_state: 'reported', to_tier: c.tier, actor_name: 'worker', actor_role: 'gridWorker', note: '楼道堆物' });
    const outbox = await h.ctx.db.kysely.selectFrom('outbox').selectAll().where('topic', '=', 'case.report').execute();
    const mine = outbox.map((o) => ({ ...o, payload: JSON.parse(o.payload) })).filter((o) => o.payload.caseId === c.id);
    expect(mine).toHaveLength(1);
    expect(mine[0]).toMatchObject({ grid_path: world.stairA1.path, published_at: null, payload: { number: c.number, action: 'report', from: null, to: 'reported', fromTier: null, toTier: c.tier, eventId: events[0].id } });
  });
});
