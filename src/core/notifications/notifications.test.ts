import crypto from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildUser, buildWorld, type World } from '../../testing/factories.js';
import { createHarness, type TestHarness } from '../../testing/harness.js';
import { resolveCaseAudience } from '../../modules/cases/case-audience.js';
import { caseActions } from '../../modules/cases/workflow.js';
import { newId } from '../ids.js';
import { MAX_ATTEMPTS, RETRY_DELAYS_MS, runDispatcherOnce, signBody, topicMatches } from './dispatcher.js';
import { notificationTitle } from './service.js';
import { LogSmsProvider, type SmsLogEntry, type SmsProvider } from './sms.js';

let h: TestHarness;
let world: World;
let categories: Record<string, string>;
let departments: Record<string, string>;
const texts: { phone: string; templateCode: string; params: Record<string, string> }[] = [];
const sms: SmsProvider = { send: async (phone, templateCode, params) => void texts.push({ phone, templateCode, params }) };
const run = () => runDispatcherOnce(h.ctx, { sms });

beforeAll(async () => {
  h = await createHarness();
  world = await buildWorld(h.ctx);
  categories = Object.fromEntries((await h.ctx.db.kysely.selectFrom('case_categories').select(['id', 'code']).execute()).map((c) => [c.code, c.id]));
  departments = Object.fromEntries((await h.ctx.db.kysely.selectFrom('departments').select(['id', 'code']).execute()).map((d) => [d.code, d.id]));
  const officer = await buildUser(h.ctx, { username: 'cg-officer', role: 'departmentOfficer', scope: [world.town] });
  await h.ctx.db.kysely.insertInto('department_members').values({ department_id: departments.urbanManagement, user_id: officer.id }).execute();
  // Clear what building the world wrote, so each test sees only its own events.
  await run();
});
afterAll(() => h.close());

async function report(headers: Record<string, string>, payload: Record<string, unknown> = {}) {
  const res = await h.app.inject({ method: 'POST', url: '/api/cases', headers, payload: { categoryId: categories['neighbourhood.fireLaneBlocked'], description: '消防通道被堵', lng: 130.412, lat: 44.815, ...payload } });
  expect(res.statusCode).toBe(201);
  return res.json() as { id: string; number: string; version: number };
}

const notificationsOf = (userId: string, caseId: string) => h.ctx.db.kysely.selectFrom('notifications').selectAll().where('user_id', '=', userId).where('case_id', '=', caseId).execute();

describe('outbox → in-app notifications', () => {
  it('tells the holding team and the reporter once, not the actor and not the neighbours, however often and concurrently it runs', async () => {
    const resident = await h.login('resident');
    const c = await report(resident);
    // Two passes racing, then a third: each event is published once.
    const [a, b] = await Promise.all([run(), run()]);
    expect(a.published + b.published).toBe(1);
    expect((await run()).published).toBe(0);

    const steward = await notificationsOf(world.users.steward.id, c.id);
    expect(steward).toHaveLength(1);
    expect(steward[0]).toMatchObject({ topic: 'case.report', read_at: null });
    expect(JSON.parse(steward[0].params)).toMatchObject({ number: c.number, action: 'report', reason: 'team' });
    expect(await notificationsOf(world.users.resident.id, c.id)).toHaveLength(1);
    for (const other of [world.users.worker, world.users.secA, world.users.secB, world.users.admin]) expect(await notificationsOf(other.id, c.id)).toHaveLength(0);

    // The steward escalates: the compound's grid worker hears, the reporter hears, the steward (actor) does not.
    const stewardHeaders = await h.login('steward');
    await h.app.inject({ method: 'POST', url: `/api/cases/${c.id}/actions/escalate`, headers: stewardHeaders, payload: { note: '需小区协调', version: c.version } });
    await run();
    expect((await notificationsOf(world.users.worker.id, c.id)).map((n) => n.topic)).toEqual(['case.escalate']);
    expect((await notificationsOf(world.users.resident.id, c.id)).map((n) => n.topic).sort()).toEqual(['case.escalate', 'case.report']);
    expect(await notificationsOf(world.users.steward.id, c.id)).toHaveLength(1);
  });

  it('tells the members of summoned departments', async () => {
    const admin = await h.login('admin');
    const c = await report(admin, { gridId: world.commA.id, lng: undefined, lat: undefined, categoryId: categories['disputes.propertyDispute'] });
    const sec = await h.login('sec-a');
    let v = c.version;
    for (const [action, note] of [['accept', undefined], ['register', '研判'], ['summon', '吹哨']] as const) {
      const res = await h.app.inject({ method: 'POST', url: `/api/cases/${c.id}/actions/${action}`, headers: sec, payload: { version: v, note, data: action === 'summon' ? { departmentIds: [departments.urbanManagement] } : undefined } });
      expect(res.statusCode).toBe(200);
      v = res.json().version;
    }
    await run();
    const officer = (await h.ctx.db.kysely.selectFrom('users').select('id').where('username', '=', 'cg-officer').executeTakeFirstOrThrow()).id;
    const told = await notificationsOf(officer, c.id);
    expect(told.map((n) => [n.topic, JSON.parse(n.params).reason])).toEqual([['case.summon', 'department']]);
    const inbox = await h.app.inject({ method: 'GET', url: '/api/notifications', headers: await h.login('cg-officer') });
    expect(inbox.json().items[0].title).toBe(`案件 ${c.number} 吹哨：请贵部门签收报到`);
  });

  it('texts a reporter who has no account, and tells reporters of merged duplicates when the case ends', async () => {
    texts.length = 0;
    const anon = await h.app.inject({ method: 'POST', url: '/api/public/cases', payload: { categoryId: categories['neighbourhood.fireLaneBlocked'], description: '楼道口堵了', lng: 130.412, lat: 44.815, reporterPhone: '13800001234' } });
    expect(anon.statusCode).toBe(201);
    await run();
    expect(texts).toEqual([{ phone: '13800001234', templateCode: 'case.report', params: { number: anon.json().number } }]);

    // Merge the anonymous report into a resident's: the surviving case's closure reaches both reporters.
    const resident = await h.login('resident');
    const main = await report(resident);
    const dup = await h.ctx.db.kysely.selectFrom('cases').select(['id', 'version']).where('number', '=', anon.json().number).executeTakeFirstOrThrow();
    const merged = await h.app.inject({ method: 'POST', url: `/api/cases/${dup.id}/actions/merge`, headers: await h.login('steward'), payload: { version: dup.version, data: { intoCaseId: main.id } } });
    expect(merged.statusCode).toBe(200);
    await run();
    texts.length = 0;
    const event = { id: newId(), topic: 'case.close', gridPath: null, createdAt: h.clock.now().toISOString(), payload: { caseId: main.id, number: main.number, action: 'close', from: 'verified', to: 'closed', fromTier: 'stairwell', toTier: 'stairwell', handlingPath: world.stairA1.path, eventId: 'none' } };
    const audience = await resolveCaseAudience({ ctx: h.ctx, db: h.ctx.db.kysely, event });
    expect(audience.users).toEqual(expect.arrayContaining([{ userId: world.users.resident.id, reason: 'reporter' }]));
    expect(audience.sms).toEqual([{ phone: '13800001234', templateCode: 'case.close', params: { number: main.number } }]);
  });

  it('gives up on an event it cannot read after a few tries instead of blocking the queue', async () => {
    const id = newId();
    await h.ctx.db.kysely.insertInto('outbox').values({ id, topic: 'case.report', payload: '{not json', grid_path: null, created_at: h.clock.now().toISOString(), published_at: null }).execute();
    for (let i = 0; i < 4; i++) await run();
    expect((await h.ctx.db.kysely.selectFrom('outbox').select('published_at').where('id', '=', id).executeTakeFirstOrThrow()).published_at).toBeNull();
    await run();
    expect((await h.ctx.db.kysely.selectFrom('outbox').select('published_at').where('id', '=', id).executeTakeFirstOrThrow()).published_at).not.toBeNull();
  });
});

describe('the inbox API', () => {
  it('lists mine newest first with the unread count, marks one and all read, and hides others’', async () => {
    const resident = await h.login('resident');
    const list = await h.app.inject({ method: 'GET', url: '/api/notifications?unread=1', headers: resident });
    expect(list.statusCode).toBe(200);
    const body = list.json();
    expect(body.total).toBeGreaterThanOrEqual(2);
    expect(body.unread).toBe(body.total);
    expect(body.items[0].createdAt >= body.items[body.items.length - 1].createdAt).toBe(true);
    expect(body.items.find((n: { topic: string }) => n.topic === 'case.report').title).toMatch(/^您反映的问题已登记，编号 \d{4}-\d{6}$/);
    const en = await h.app.inject({ method: 'GET', url: '/api/notifications', headers: { ...resident, 'accept-language': 'en' } });
    expect(en.json().items.find((n: { topic: string }) => n.topic === 'case.report').title).toMatch(/^Your report is registered as /);

    const first = body.items[0].id;
    expect((await h.app.inject({ method: 'POST', url: `/api/notifications/${first}/read`, headers: resident })).statusCode).toBe(204);
    const after = (await h.app.inject({ method: 'GET', url: '/api/notifications', headers: resident })).json();
    expect(after.unread).toBe(body.unread - 1);
    expect(after.items.find((n: { id: string }) => n.id === first).readAt).toBe(h.clock.now().toISOString());

    const steward = await h.login('steward');
    expect((await h.app.inject({ method: 'POST', url: `/api/notifications/${body.items[1].id}/read`, headers: steward })).statusCode).toBe(404);
    const all = await h.app.inject({ method: 'POST', url: '/api/notifications/read-all', headers: resident });
    expect(all.json()).toEqual({ marked: body.unread - 1 });
    expect((await h.app.inject({ method: 'GET', url: '/api/notifications?unread=true', headers: resident })).json()).toMatchObject({ total: 0, unread: 0, items: [] });
  });

  it('needs a signed-in caller (401); no role is refused the own inbox', async () => {
    for (const [method, url] of [['GET', '/api/notifications'], ['POST', '/api/notifications/read-all'], ['POST', `/api/notifications/${newId()}/read`]] as const) {
      expect((await h.app.inject({ method, url })).statusCode).toBe(401);
    }
    const resident = await h.login('resident');
    expect((await h.app.inject({ method: 'GET', url: '/api/notifications', headers: resident })).statusCode).toBe(200);
  });
});

describe('webhooks', () => {
  let server: http.Server;
  let url: string;
  const received: { headers: http.IncomingHttpHeaders; body: string }[] = [];
  let failNext = 0;

  beforeAll(async () => {
    server = http.createServer((req, res) => {
      let body = '';
      req.on('data', (d) => (body += d));
      req.on('end', () => {
        received.push({ headers: req.headers, body });
        res.statusCode = failNext-- > 0 ? 503 : 204;
        res.end();
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  it('admin only: 401 anonymous, 403 for staff, 404 for an unknown webhook', async () => {
    const sec = await h.login('sec-a');
    const admin = await h.login('admin');
    const hook = (await h.app.inject({ method: 'POST', url: '/api/webhooks', headers: admin, payload: { url, topics: ['case.close'] } })).json();
    const routes = [['GET', '/api/webhooks'], ['POST', '/api/webhooks'], ['DELETE', `/api/webhooks/${hook.id}`], ['GET', `/api/webhooks/${hook.id}/deliveries`]] as const;
    for (const [method, path] of routes) {
      const payload = method === 'POST' ? { url, topics: ['*'] } : undefined;
      expect(`${method} ${path} ${(await h.app.inject({ method, url: path, payload })).statusCode}`).toBe(`${method} ${path} 401`);
      expect(`${method} ${path} ${(await h.app.inject({ method, url: path, headers: sec, payload })).statusCode}`).toBe(`${method} ${path} 403`);
    }
    expect((await h.app.inject({ method: 'GET', url: `/api/webhooks/${newId()}/deliveries`, headers: sec })).statusCode).toBe(404);
    expect((await h.app.inject({ method: 'DELETE', url: `/api/webhooks/${newId()}`, headers: admin })).statusCode).toBe(404);
    const bad = await h.app.inject({ method: 'POST', url: '/api/webhooks', headers: admin, payload: { url: 'ftp://example.org/x', topics: ['case.*'] } });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().errors[0]).toMatchObject({ field: 'url', reason: 'webhookUrl' });
    expect((await h.app.inject({ method: 'DELETE', url: `/api/webhooks/${hook.id}`, headers: admin })).statusCode).toBe(204);
  });

  it('signs each delivery with the secret shown once, and retries with backoff until it gives up', async () => {
    const admin = await h.login('admin');
    const created = await h.app.inject({ method: 'POST', url: '/api/webhooks', headers: admin, payload: { url, topics: ['case.*'] } });
    expect(created.statusCode).toBe(201);
    const { id, secret } = created.json();
    expect(secret).toMatch(/^whsec_/);
    const listed = (await h.app.inject({ method: 'GET', url: '/api/webhooks', headers: admin })).json();
    expect(listed.items.map((w: { id: string }) => w.id)).toEqual([id]);
    expect(JSON.stringify(listed)).not.toContain(secret);
    expect((await h.ctx.db.kysely.selectFrom('webhooks').select('secret').where('id', '=', id).executeTakeFirstOrThrow()).secret).not.toContain(secret);

    const c = await report(await h.login('resident'));
    received.length = 0;
    await run();
    expect(received).toHaveLength(1);
    const [hit] = received;
    expect(hit.headers['x-gridgov-event']).toBe('case.report');
    expect(hit.headers['x-gridgov-signature']).toBe(`sha256=${crypto.createHmac('sha256', secret).update(hit.body).digest('hex')}`);
    expect(JSON.parse(hit.body)).toMatchObject({ topic: 'case.report', data: { caseId: c.id, number: c.number, action: 'report' } });
    const deliveries = (await h.app.inject({ method: 'GET', url: `/api/webhooks/${id}/deliveries`, headers: admin })).json();
    expect(deliveries.items[0]).toMatchObject({ id: hit.headers['x-gridgov-delivery'], status: 'delivered', attempts: 1, lastStatus: 204 });

    // The receiver is down: 1 min, 5 min, 30 min, 2 h, 12 h, then failed after the sixth attempt.
    failNext = 100;
    received.length = 0;
    const steward = await h.login('steward');
    expect((await h.app.inject({ method: 'POST', url: `/api/cases/${c.id}/actions/accept`, headers: steward, payload: {} })).statusCode).toBe(200);
    await run();
    expect(received).toHaveLength(1);
    for (const delay of RETRY_DELAYS_MS) {
      h.clock.advance(delay - 1000);
      await run();
      h.clock.advance(1000);
      await run();
    }
    expect(received).toHaveLength(MAX_ATTEMPTS);
    h.clock.advance(86_400_000);
    await run();
    expect(received).toHaveLength(MAX_ATTEMPTS);
    // A day and a half later the admin's session has expired: sign in again.
    const failed = (await h.app.inject({ method: 'GET', url: `/api/webhooks/${id}/deliveries?status=failed`, headers: await h.login('admin') })).json();
    expect(failed.items[0]).toMatchObject({ topic: 'case.accept', status: 'failed', attempts: 6, lastStatus: 503, lastError: 'HTTP 503' });
    failNext = 0;
  });

  it('matches topics exactly, by family and by wildcard', () => {
    expect(topicMatches(['case.*'], 'case.close')).toBe(true);
    expect(topicMatches(['case.close'], 'case.closed')).toBe(false);
    expect(topicMatches(['*'], 'wish.claim')).toBe(true);
    expect(topicMatches(['case.*'], 'cases.x')).toBe(false);
    expect(signBody('k', 'b')).toBe(`sha256=${crypto.createHmac('sha256', 'k').update('b').digest('hex')}`);
  });
});

describe('notification titles', () => {
  it('has a title for every case action in both languages', () => {
    for (const action of [...caseActions, 'overdue', 'mergedFrom', 'referralAcknowledged', 'referralResponded']) {
      for (const locale of ['zh-CN', 'en'] as const) {
        expect(notificationTitle(locale, `case.${action}`, { number: '2026-000001', reason: 'team' })).toContain('2026-000001');
        expect(notificationTitle(locale, `case.${action}`, { number: '2026-000001', reason: 'team' })).not.toContain('case.');
      }
    }
    expect(notificationTitle('en', 'case.close', { number: '2026-000001', reason: 'mergedReporter' })).toBe('Your report 2026-000001 is closed; please rate it');
  });
});

describe('the log SMS provider', () => {
  it('writes one JSON line with the phone masked and sends nothing', async () => {
    const lines: SmsLogEntry[] = [];
    await new LogSmsProvider((entry) => lines.push(entry)).send('13800001234', 'case.close', { number: '2026-000001' });
    expect(lines).toEqual([{ sms: 'log provider: not sent', phone: '138****1234', templateCode: 'case.close', params: { number: '2026-000001' } }]);
  });
});
