import crypto from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newId } from '../../core/ids.js';
import { buildUser, buildWorld, type World } from '../../testing/factories.js';
import { createHarness, type TestHarness } from '../../testing/harness.js';
import { isWithinHours, nextSlots } from './slots.js';
import { wechatToken } from '../cases/receive-wechat-push.js';
import { consultationReceipt } from './receive-wechat-consultation.js';
import { parseWechatXml, wechatTextReply } from './wechat-xml.js';

let h: TestHarness;
let world: World;
let headers: Record<string, Record<string, string>>;
let ids: { item: string; homeItem: string; point: string; pointB: string; category: string };

const weekdays = (open: string, close: string) => [1, 2, 3, 4, 5].map((weekday) => ({ weekday, open, close }));

/** The smallest alliance: one department and team, a 便民小屋 in each community, one category with two items. */
async function buildAlliance(w: World) {
  const db = h.ctx.db.kysely;
  const alliance = newId();
  const dept = newId();
  const category = newId();
  const item = newId();
  const homeItem = newId();
  const point = newId();
  const pointB = newId();
  await db.insertInto('service_alliances').values({ id: alliance, name: '便民服务联盟', website_url: 'https://example.org', grid_id: w.town.id, grid_path: w.town.path, created_at: '2026-01-01T00:00:00Z' }).execute();
  await db.insertInto('service_departments').values({ id: dept, alliance_id: alliance, kind: 'elderCare', name: '居家养老服务部', description: null, phone: null, sort: 1 }).execute();
  await db.insertInto('service_teams').values({ id: newId(), department_id: dept, name: '助老服务队', leader_name: '王队长', member_count: 12 }).execute();
  await db.insertInto('service_points').values([
    { id: point, department_id: dept, name: '民主社区便民小屋', grid_id: w.commA.id, grid_path: w.commA.path, address: '民主街1号', lng: 130.42, lat: 44.85, opening_hours: JSON.stringify(weekdays('08:30', '11:30')), staff: JSON.stringify(['刘姐']), slot_minutes: 30, slot_capacity: 1 },
    { id: pointB, department_id: dept, name: '富家社区便民小屋', grid_id: w.commB.id, grid_path: w.commB.path, address: '富家街2号', lng: null, lat: null, opening_hours: JSON.stringify(weekdays('08:30', '11:30')), staff: '[]', slot_minutes: 30, slot_capacity: 1 },
  ]).execute();
  await db.insertInto('service_categories').values({ id: category, code: 'elderCare', name: '养老服务', name_en: 'Elder care', sort: 1 }).execute();
  await db.insertInto('service_items').values([
    { id: item, category_id: category, department_id: dept, name: '助浴', description: null, is_bookable: 1, is_active: 1 },
    { id: homeItem, category_id: category, department_id: dept, name: '政策解答', description: null, is_bookable: 0, is_active: 1 },
  ]).execute();
  return { item, homeItem, point, pointB, category };
}

beforeAll(async () => {
  h = await createHarness();
  world = await buildWorld(h.ctx);
  ids = await buildAlliance(world);
  await buildUser(h.ctx, { username: 'resident-2', role: 'resident', scope: [world.compoundA1] });
  await buildUser(h.ctx, { username: 'officer', role: 'departmentOfficer', scope: [world.town] });
  headers = {};
  for (const u of ['resident', 'resident-2', 'sec-a', 'sec-b', 'worker', 'steward', 'officer']) headers[u] = await h.login(u);
});
afterAll(() => h.close());

const post = (who: string, url: string, payload: Record<string, unknown> = {}) => h.app.inject({ method: 'POST', url, headers: headers[who], payload });
const get = (who: string, url: string) => h.app.inject({ method: 'GET', url, headers: headers[who] });

describe('booking a service', () => {
  // Tuesday 2026-03-03 09:00 Beijing time.
  const nine = '2026-03-03T01:00:00.000Z';
  it('books a free slot, refuses a full one or one outside hours with the next free slots, and an unknown item with 400', async () => {
    const ok = await post('resident', '/api/services/bookings', { itemId: ids.item, pointId: ids.point, slotStart: nine, address: '民主家园1号楼1单元301' });
    expect(ok.statusCode).toBe(201);
    expect(ok.json()).toMatchObject({ status: 'booked', slotStart: nine, slotEnd: '2026-03-03T01:30:00.000Z' });

    const full = await post('resident-2', '/api/services/bookings', { itemId: ids.item, pointId: ids.point, slotStart: nine });
    expect(full.statusCode).toBe(409);
    expect(full.json().errors[0]).toMatchObject({ field: 'slotStart', reason: 'slotFull' });
    expect(full.json().errors[0].message).toContain('2026-03-03T01:30:00.000Z');

    const evening = await post('resident-2', '/api/services/bookings', { itemId: ids.item, pointId: ids.point, slotStart: '2026-03-03T10:00:00.000Z' });
    expect(evening.statusCode).toBe(409);
    expect(evening.json().errors[0].reason).toBe('outsideOpeningHours');
    // Sunday morning is closed too; the next free slot is Monday 08:30.
    const sunday = await post('resident-2', '/api/services/bookings', { itemId: ids.item, pointId: ids.point, slotStart: '2026-03-08T01:00:00.000Z' });
    expect(sunday.json().errors[0].message).toContain('2026-03-09T00:30:00.000Z');

    const unknown = await post('resident', '/api/services/bookings', { itemId: 'no-such-item', pointId: ids.point, slotStart: nine });
    expect(unknown.statusCode).toBe(400);
    expect(unknown.json().errors[0]).toMatchObject({ field: 'itemId', reason: 'unknownServiceItem' });
    expect((await post('resident', '/api/services/bookings', { itemId: ids.item, pointId: ids.pointB, slotStart: nine })).json().errors[0].reason).toBe('unknownServicePoint');

    expect((await get('resident', '/api/services/bookings')).json().items).toHaveLength(1);
    expect((await get('resident-2', '/api/services/bookings')).json().items).toHaveLength(0);
    expect((await get('sec-a', '/api/services/bookings')).json().items).toHaveLength(1);
    expect((await get('sec-b', '/api/services/bookings')).json().items).toHaveLength(0);
    expect((await get('resident-2', `/api/services/bookings/${ok.json().id}`)).statusCode).toBe(404);
  });

  it('lists bookings page by page, latest slot first, by state and point, with the total', async () => {
    const slots = ['2026-03-04T01:00:00.000Z', '2026-03-04T01:30:00.000Z', '2026-03-04T02:00:00.000Z'];
    const made: string[] = [];
    for (const slotStart of slots) made.push((await post('resident', '/api/services/bookings', { itemId: ids.item, pointId: ids.point, slotStart })).json().id);
    expect((await post('resident', `/api/services/bookings/${made[0]}/cancel`, {})).statusCode).toBe(200);
    const all = (await get('sec-a', '/api/services/bookings?limit=500')).json();
    expect(all.total).toBe(all.items.length);
    const first = (await get('sec-a', '/api/services/bookings?limit=2')).json();
    const second = (await get('sec-a', '/api/services/bookings?limit=2&offset=2')).json();
    expect(first.total).toBe(all.total);
    expect([...first.items, ...second.items].map((b: { id: string }) => b.id)).toEqual(all.items.slice(0, 4).map((b: { id: string }) => b.id));
    expect(first.items[0].slotStart >= first.items[1].slotStart).toBe(true);
    const cancelled = (await get('sec-a', '/api/services/bookings?status=cancelled')).json();
    expect(cancelled.items.map((b: { id: string }) => b.id)).toContain(made[0]);
    expect(cancelled.items.every((b: { status: string }) => b.status === 'cancelled')).toBe(true);
    expect(cancelled.total).toBe(cancelled.items.length);
    expect((await get('sec-a', `/api/services/bookings?pointId=${ids.pointB}`)).json()).toEqual({ items: [], total: 0 });
    expect((await get('sec-b', '/api/services/bookings?status=booked')).json().total).toBe(0);
    const bad = await get('sec-a', '/api/services/bookings?status=lost');
    expect(bad.statusCode).toBe(400);
    expect(bad.json().errors[0].field).toBe('status');
  });

  it('knows Beijing opening hours', () => {
    const hours = weekdays('08:30', '11:30');
    expect(isWithinHours(hours, new Date('2026-03-03T00:30:00Z'), 30)).toBe(true);
    expect(isWithinHours(hours, new Date('2026-03-03T03:00:00Z'), 30)).toBe(true);
    expect(isWithinHours(hours, new Date('2026-03-03T03:15:00Z'), 30)).toBe(false);
    expect(isWithinHours(hours, new Date('2026-03-03T00:15:00Z'), 30)).toBe(false);
    expect(nextSlots(hours, new Date('2026-03-06T03:20:00Z'), 30, 2, () => true).map((d) => d.toISOString())).toEqual(['2026-03-09T00:30:00.000Z', '2026-03-09T01:00:00.000Z']);
  });
});

describe('consultations and mediations', () => {
  it('logs a hotline call, answers a web question, turns one into a case and counts them by topic', async () => {
    const call = await post('worker', '/api/services/consultations', { channel: 'hotline', topic: 'socialSecurity', question: '灵活就业人员怎么交养老保险？', askerName: '刘先生', answer: '携带身份证到社区服务大厅办理' });
    expect(call.statusCode).toBe(201);
    expect(call.json()).toMatchObject({ channel: 'hotline', status: 'answered' });
    const web = await post('resident', '/api/services/consultations', { topic: 'schooling', question: '孩子明年上小学需要准备什么材料？', channel: 'hotline' });
    expect(web.json()).toMatchObject({ channel: 'web', status: 'open', askerName: expect.any(String) });
    expect((await get('resident-2', `/api/services/consultations/${web.json().id}`)).statusCode).toBe(404);
    expect((await get('resident', '/api/services/consultations')).json().total).toBe(1);
    expect((await post('resident', `/api/services/consultations/${web.json().id}/answer`, { answer: 'x' })).statusCode).toBe(403);
    expect((await post('sec-b', `/api/services/consultations/${web.json().id}/answer`, { answer: 'x' })).statusCode).toBe(404);
    const answered = await post('sec-a', `/api/services/consultations/${web.json().id}/answer`, { answer: '户口本、房产证和疫苗接种证明' });
    expect(answered.json()).toMatchObject({ status: 'answered', answer: '户口本、房产证和疫苗接种证明' });

    const leak = await post('steward', '/api/services/consultations', { channel: 'hall', topic: 'housing', question: '楼上漏水到我家，物业不管怎么办？', gridId: world.stairA1.id });
    expect(leak.statusCode).toBe(201);
    const category = await h.ctx.db.kysely.selectFrom('case_categories').select('id').where('code', 'like', '%').where('parent_id', 'is not', null).executeTakeFirstOrThrow();
    const turned = await post('sec-a', `/api/services/consultations/${leak.json().id}/case`, { categoryId: category.id });
    expect(turned.statusCode).toBe(201);
    expect(turned.json().consultation).toMatchObject({ status: 'turnedIntoCase', caseId: turned.json().caseId });
    const theCase = await get('sec-a', `/api/cases/${turned.json().caseId}`);
    expect(theCase.statusCode).toBe(200);
    expect(theCase.json().description).toBe('楼上漏水到我家，物业不管怎么办？');
    expect((await post('sec-a', `/api/services/consultations/${leak.json().id}/case`, { categoryId: category.id })).statusCode).toBe(409);

    const hotline = (await get('sec-a', '/api/services/consultations?channel=hotline')).json();
    expect(hotline.total).toBe(1);
    expect(hotline.items.map((c: { id: string }) => c.id)).toEqual([call.json().id]);
    expect((await get('sec-a', '/api/services/consultations?channel=hall&status=turnedIntoCase')).json().items.map((c: { id: string }) => c.id)).toEqual([leak.json().id]);
    const badChannel = await get('sec-a', '/api/services/consultations?channel=fax');
    expect(badChannel.statusCode).toBe(400);
    expect(JSON.stringify(badChannel.json())).toContain('channel');

    const stats = (await get('sec-a', '/api/services/stats')).json();
    expect(stats).toMatchObject({ serviceDepartments: 1, serviceTeams: 1, servicePoints: 2, serviceCategories: 1, serviceItems: 2, consultations: 3 });
    expect((await get('sec-b', '/api/services/stats')).json().consultations).toBe(0);
  });

  it('records a mediated dispute with its outcome, in scope only', async () => {
    const m = await post('sec-a', '/api/services/mediations', { title: '楼上楼下漏水纠纷', parties: '3楼住户与4楼住户', outcome: 'settled', isByAlliance: true, mediatorName: '老李', gridId: world.compoundA1.id, mediatedOn: '2026-03-01' });
    expect(m.statusCode).toBe(201);
    expect((await post('sec-b', '/api/services/mediations', { title: '越界', parties: 'x', outcome: 'settled', isByAlliance: true, mediatorName: 'x', gridId: world.compoundA1.id, mediatedOn: '2026-03-01' })).statusCode).toBe(403);
    expect((await get('sec-a', '/api/services/stats')).json().disputesSettledByAlliance).toBe(1);
    expect((await get('sec-b', '/api/services/mediations')).json().total).toBe(0);
    expect((await get('resident', '/api/services/mediations')).statusCode).toBe(403);
  });
});

describe('structure and permissions', () => {
  it('publishes the alliance, points near the caller and the catalogue', async () => {
    const alliance = (await get('resident', '/api/services/alliance')).json();
    expect(alliance.departments[0]).toMatchObject({ kind: 'elderCare', teams: [{ name: '助老服务队' }] });
    const points = (await get('resident', '/api/services/points')).json().items;
    expect(points.map((p: { name: string }) => p.name)).toEqual(['民主社区便民小屋']);
    expect((await get('resident', '/api/services/catalogue')).json().categories[0].items).toHaveLength(2);
  });

  it('answers 401 without credentials and 403 to roles that may not', async () => {
    for (const url of ['/api/services/alliance', '/api/services/points', '/api/services/catalogue', '/api/services/stats', '/api/services/bookings', '/api/services/consultations', '/api/services/mediations']) {
      expect((await h.app.inject({ method: 'GET', url })).statusCode).toBe(401);
    }
    expect((await get('resident', '/api/services/stats')).statusCode).toBe(403);
    expect((await post('officer', '/api/services/consultations', { topic: 'other', question: '测试问题' })).statusCode).toBe(403);
    expect((await post('officer', '/api/services/bookings', { itemId: ids.item, pointId: ids.point, slotStart: '2026-03-03T01:30:00.000Z' })).statusCode).toBe(403);
    expect((await post('steward', '/api/services/mediations', { title: '纠纷', parties: 'x', outcome: 'settled', isByAlliance: true, mediatorName: 'x', gridId: world.stairA1.id, mediatedOn: '2026-03-01' })).statusCode).toBe(403);
  });
});

describe('booking capacity under concurrent requests', () => {
  // Wednesday 2026-03-04 10:00 Beijing time, at a point taking three people per slot.
  const ten = '2026-03-04T02:00:00.000Z';
  it('lets exactly k of N simultaneous bookings into a slot of capacity k; the rest get 409 with the next free slots; a cancellation frees a seat', async () => {
    const db = h.ctx.db.kysely;
    const point = newId();
    const base = await db.selectFrom('service_points').selectAll().where('id', '=', ids.point).executeTakeFirstOrThrow();
    await db.insertInto('service_points').values({ ...base, id: point, name: '民主社区理发小屋', slot_capacity: 3 }).execute();
    const n = 12;
    const who = (i: number) => (i % 2 ? 'resident' : 'resident-2');
    const results = await Promise.all(Array.from({ length: n }, (_, i) => post(who(i), '/api/services/bookings', { itemId: ids.item, pointId: point, slotStart: ten })));
    const ok = results.filter((r) => r.statusCode === 201);
    const full = results.filter((r) => r.statusCode === 409);
    expect(ok).toHaveLength(3);
    expect(full).toHaveLength(n - 3);
    for (const r of full) {
      expect(r.json().errors[0]).toMatchObject({ field: 'slotStart', reason: 'slotFull' });
      expect(r.json().errors[0].message).toContain('2026-03-04T02:30:00.000Z');
    }
    const booked = await db.selectFrom('service_bookings').select((eb) => eb.fn.countAll<number>().as('n')).where('point_id', '=', point).where('slot_start', '=', ten).where('status', '=', 'booked').executeTakeFirstOrThrow();
    expect(Number(booked.n)).toBe(3);

    // Cancelling frees the seat; someone else's booking cannot be cancelled; a cancelled one cannot be cancelled twice.
    const first = results.findIndex((r) => r.statusCode === 201);
    const mine = results[first]!.json();
    const owner = who(first);
    const stranger = who(first + 1);
    expect((await post(stranger, `/api/services/bookings/${mine.id}/cancel`)).statusCode).toBe(404);
    expect((await post('sec-b', `/api/services/bookings/${mine.id}/cancel`)).statusCode).toBe(404);
    const cancelled = await post(owner, `/api/services/bookings/${mine.id}/cancel`);
    expect(cancelled.statusCode).toBe(200);
    expect(cancelled.json().status).toBe('cancelled');
    expect((await post(owner, `/api/services/bookings/${mine.id}/cancel`)).statusCode).toBe(409);
    const again = await Promise.all([post('resident', '/api/services/bookings', { itemId: ids.item, pointId: point, slotStart: ten }), post('resident-2', '/api/services/bookings', { itemId: ids.item, pointId: point, slotStart: ten })]);
    expect(again.map((r) => r.statusCode).sort()).toEqual([201, 409]);
    // Staff in scope cancel too (a resident who phoned the hall).
    const theirs = again.find((r) => r.statusCode === 201)!.json();
    expect((await post('sec-a', `/api/services/bookings/${theirs.id}/cancel`)).json().status).toBe('cancelled');
  });
});

describe('consultations through the WeChat public account', () => {
  const signed = (nonce: string) => {
    const timestamp = '1772409600';
    const signature = crypto.createHash('sha1').update([wechatToken(h.ctx), timestamp, nonce].sort().join('')).digest('hex');
    return `signature=${signature}&timestamp=${timestamp}&nonce=${nonce}`;
  };
  const message = (msgId: string, content: string, type = 'text') =>
    `<xml><ToUserName><![CDATA[gh_muling]]></ToUserName><FromUserName><![CDATA[oWx_resident_0001]]></FromUserName><CreateTime>1772409600</CreateTime><MsgType><![CDATA[${type}]]></MsgType><Content><![CDATA[${content}]]></Content><MsgId>${msgId}</MsgId></xml>`;
  const push = (xml: string, query = signed('n1')) => h.app.inject({ method: 'POST', url: `/api/integrations/wechat/consultations?${query}`, headers: { 'content-type': 'text/xml' }, payload: xml });
  const wechatRows = () => h.ctx.db.kysely.selectFrom('consultations').selectAll().where('channel', '=', 'wechat').execute();

  it('answers the server-URL check only with the right signature', async () => {
    const ok = await h.app.inject({ method: 'GET', url: `/api/integrations/wechat/consultations?${signed('abc')}&echostr=hello123` });
    expect(ok.statusCode).toBe(200);
    expect(ok.body).toBe('hello123');
    const forged = await h.app.inject({ method: 'GET', url: '/api/integrations/wechat/consultations?signature=0000&timestamp=1&nonce=abc&echostr=hello123' });
    expect(forged.statusCode).toBe(403);
    expect(forged.headers['content-type']).toContain('application/problem+json');
    expect(forged.json().errors[0]).toMatchObject({ field: 'signature', reason: 'invalidSignature' });
  });

  it('logs a text message as a consultation filed by keyword, replies with the receipt in WeChat XML, and is idempotent on MsgId', async () => {
    const res = await push(message('24601000000000001', '孩子明年上小学需要准备什么材料？'));
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toContain('text/xml');
    const reply = parseWechatXml(res.body)!;
    expect(reply).toMatchObject({ ToUserName: 'oWx_resident_0001', FromUserName: 'gh_muling', MsgType: 'text' });
    const [row] = await wechatRows();
    expect(row).toMatchObject({ channel: 'wechat', topic: 'schooling', status: 'open', question: '孩子明年上小学需要准备什么材料？', grid_id: world.town.id, external_id: 'wechat:24601000000000001' });
    expect(reply.Content).toContain(consultationReceipt(row!.id));
    expect(reply.Content).toContain('受理号');

    // WeChat redelivers when it does not hear back in 5 s, sometimes twice at once.
    const again = await Promise.all([push(message('24601000000000001', '孩子明年上小学需要准备什么材料？')), push(message('24601000000000001', '孩子明年上小学需要准备什么材料？'))]);
    for (const r of again) expect(parseWechatXml(r.body)!.Content).toContain(consultationReceipt(row!.id));
    expect(await wechatRows()).toHaveLength(1);

    await push(message('24601000000000002', '灵活就业养老保险怎么交？'));
    await push(message('24601000000000003', '你们几点上班'));
    const topics = (await wechatRows()).map((r) => r.topic).sort();
    expect(topics).toEqual(['other', 'schooling', 'socialSecurity']);
    // Staff of the alliance's grid see them; a community secretary below does not.
    expect((await get('officer', '/api/services/consultations')).statusCode).toBe(403);
    const cadre = await h.login('cadre');
    const listed = await h.app.inject({ method: 'GET', url: '/api/services/consultations?limit=50', headers: cadre });
    expect(listed.json().items.filter((c: { channel: string }) => c.channel === 'wechat')).toHaveLength(3);
    expect((await get('sec-a', '/api/services/consultations')).json().items.filter((c: { channel: string }) => c.channel === 'wechat')).toHaveLength(0);
  });

  it('creates nothing for a forged signature, bad XML, a picture or an event', async () => {
    const before = (await wechatRows()).length;
    const forged = await push(message('24601000000000009', '伪造的消息'), 'signature=deadbeef&timestamp=1772409600&nonce=n1');
    expect(forged.statusCode).toBe(403);
    const bad = await push('<xml><MsgType>text</MsgType>');
    expect(bad.statusCode).toBe(400);
    expect(bad.json().errors[0]).toMatchObject({ field: 'body', reason: 'invalidWechatXml' });
    const noId = await push('<xml><ToUserName><![CDATA[gh_muling]]></ToUserName><FromUserName><![CDATA[o1]]></FromUserName><MsgType><![CDATA[text]]></MsgType><Content><![CDATA[没有消息号的问题]]></Content></xml>');
    expect(noId.json().errors[0]).toMatchObject({ field: 'MsgId', reason: 'required' });
    const picture = await push(message('24601000000000010', '', 'image'));
    expect(parseWechatXml(picture.body)!.Content).toContain('请用文字');
    const event = await push('<xml><ToUserName><![CDATA[gh_muling]]></ToUserName><FromUserName><![CDATA[o1]]></FromUserName><CreateTime>1</CreateTime><MsgType><![CDATA[event]]></MsgType><Event><![CDATA[subscribe]]></Event></xml>');
    expect(event.body).toBe('success');
    expect(await wechatRows()).toHaveLength(before);
  });

  it('reads WeChat\'s flat XML and writes a reply that survives "]]>" in the text', () => {
    expect(parseWechatXml('<?xml version="1.0"?><xml><A><![CDATA[x<y]]></A><B>1 &amp; 2</B></xml>')).toEqual({ A: 'x<y', B: '1 & 2' });
    expect(parseWechatXml('<html></html>')).toBeNull();
    expect(parseWechatXml(wechatTextReply({ toUser: 'u', fromUser: 'g', createdAt: new Date(0), content: 'a]]>b' }))!.Content).toBe('a]]>b');
  });
});
