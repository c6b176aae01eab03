import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildUser, buildWorld, type World } from '../../testing/factories.js';
import { createHarness, type TestHarness } from '../../testing/harness.js';
import crypto from 'node:crypto';
import { wechatToken } from './receive-wechat-push.js';
import { sweepSla } from './sweep-sla.js';

let h: TestHarness;
let world: World;
let categories: Record<string, string>;
let departments: Record<string, string>;

async function png(): Promise<Buffer> {
  return sharp({ create: { width: 64, height: 48, channels: 3, background: { r: 200, g: 40, b: 40 } } }).png().toBuffer();
}

function multipart(files: { name: string; content: Buffer; type: string }[]) {
  const boundary = '----gridgov-test';
  const parts = files.map((f) => Buffer.concat([Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="photo"; filename="${f.name}"\r\nContent-Type: ${f.type}\r\n\r\n`), f.content, Buffer.from('\r\n')]));
  return { payload: Buffer.concat([...parts, Buffer.from(`--${boundary}--\r\n`)]), headers: { 'content-type': `multipart/form-data; boundary=${boundary}` } };
}

beforeAll(async () => {
  h = await createHarness();
  world = await buildWorld(h.ctx);
  const cats = await h.ctx.db.kysely.selectFrom('case_categories').select(['id', 'code']).execute();
  categories = Object.fromEntries(cats.map((c) => [c.code, c.id]));
  const depts = await h.ctx.db.kysely.selectFrom('departments').select(['id', 'code']).execute();
  departments = Object.fromEntries(depts.map((d) => [d.code, d.id]));
  for (const [username, code] of [['cg-officer', 'urbanManagement'], ['wy-officer', 'property']] as const) {
    const user = await buildUser(h.ctx, { username, role: 'departmentOfficer', scope: [world.town] });
    await h.ctx.db.kysely.insertInto('department_members').values({ department_id: departments[code], user_id: user.id }).execute();
  }
});
afterAll(() => h.close());

const act = async (headers: Record<string, string>, id: string, action: string, body: Record<string, unknown> = {}) => {
  const res = await h.app.inject({ method: 'POST', url: `/api/cases/${id}/actions/${action}`, headers, payload: body });
  return res;
};

describe('a blocked fire lane, from the resident to the rating', () => {
  it('climbs tier by tier, is handled jointly, verified, closed and rated, and the timeline shows it all', async () => {
    // Monday 2026-03-02 09:00 Beijing time.
    h.clock.set(new Date('2026-03-02T01:00:00Z'));
    const resident = await h.login('resident');
    const upload = multipart([{ name: 'lane.png', content: await png(), type: 'image/png' }]);
    const photos = await h.app.inject({ method: 'POST', url: '/api/cases/photos', headers: { ...resident, ...upload.headers }, payload: upload.payload });
    expect(photos.statusCode).toBe(201);
    const photoId = photos.json().items[0].id;

    const report = await h.app.inject({
      method: 'POST', url: '/api/cases', headers: { ...resident, 'idempotency-key': 'fire-lane-0001' },
      payload: { categoryId: categories['neighbourhood.fireLaneBlocked'], description: '1单元门口消防通道被私家车堵住', lng: 130.412, lat: 44.815, reporterPhone: '13912345678', photoIds: [photoId] },
    });
    expect(report.statusCode).toBe(201);
    const c = report.json();
    expect(c.number).toMatch(/^2026-\d{6}$/);
    expect(c).toMatchObject({ state: 'reported', tier: 'stairwell', type: 'hazard', channel: 'web' });
    expect(c.handlingGrid.name).toBe('1单元');
    expect(c.photos).toHaveLength(1);
    const thumb = await h.app.inject({ method: 'GET', url: c.photos[0].thumbUrl, headers: resident });
    expect(thumb.statusCode).toBe(200);
    expect(thumb.headers['content-type']).toBe('image/jpeg');
    expect((await h.app.inject({ method: 'GET', url: c.photos[0].url, headers: await h.login('sec-b') })).statusCode).toBe(404);
    // Accept limit of 1 working hour from 09:00.
    expect(c.dueAt).toBe('2026-03-02T02:00:00.000Z');

    const replay = await h.app.inject({ method: 'POST', url: '/api/cases', headers: { ...resident, 'idempotency-key': 'fire-lane-0001' }, payload: { categoryId: categories['neighbourhood.fireLaneBlocked'], description: '重复提交', lng: 130.412, lat: 44.815 } });
    expect(replay.statusCode).toBe(200);
    expect(replay.json().id).toBe(c.id);

    const steward = await h.login('steward');
    const inbox = await h.app.inject({ method: 'GET', url: '/api/cases/inbox', headers: steward });
    expect(inbox.json().cases.map((x: { id: string }) => x.id)).toContain(c.id);
    const seen = await h.app.inject({ method: 'GET', url: `/api/cases/${c.id}`, headers: steward });
    expect(seen.json().allowedActions).toEqual(expect.arrayContaining(['accept', 'reject', 'escalate']));

    const noNote = await act(steward, c.id, 'escalate', {});
    expect(noNote.statusCode).toBe(400);
    expect(noNote.json().errors[0]).toMatchObject({ field: 'note', reason: 'noteRequired' });

    const up1 = await act(steward, c.id, 'escalate', { note: '车主不在本楼道，需小区协调', version: c.version });
    expect(up1.statusCode).toBe(200);
    expect(up1.json()).toMatchObject({ tier: 'compound', state: 'reported' });
    expect(up1.json().handlingGrid.name).toBe('民主家园');

    const stale = await act(steward, c.id, 'accept', { version: c.version });
    expect(stale.statusCode).toBe(403);

    const worker = await h.login('worker');
    const up2 = await act(worker, c.id, 'escalate', { note: '需社区联系城管和物业', version: up1.json().version });
    expect(up2.json()).toMatchObject({ tier: 'community', state: 'reported' });

    const secretary = await h.login('sec-a');
    const wrong = await act(secretary, c.id, 'close', {});
    expect(wrong.statusCode).toBe(409);
    expect(wrong.json().errors[0].reason).toBe('illegalTransition');
    expect(wrong.json().errors[0].message).toContain('accept');

    let v = up2.json().version;
    for (const action of ['accept', 'register']) {
      const res = await act(secretary, c.id, action, { version: v, note: action === 'register' ? '研判：需城管执法并由物业清障' : undefined });
      expect(res.statusCode).toBe(200);
      v = res.json().version;
    }
    const summoned = await act(secretary, c.id, 'summon', { version: v, note: '吹哨：城管、物业到场', data: { departmentIds: [departments.urbanManagement, departments.property] } });
    expect(summoned.json()).toMatchObject({ state: 'handling' });
    expect(summoned.json().referrals.map((r: { departmentName: string }) => r.departmentName).sort()).toEqual(['八面通物业服务公司', '穆棱市城市管理综合执法局'].sort());

    const cg = await h.login('cg-officer');
    const cgInbox = await h.app.inject({ method: 'GET', url: '/api/cases/inbox', headers: cg });
    const referralId = cgInbox.json().referrals[0].referralId;
    expect((await h.app.inject({ method: 'POST', url: `/api/cases/referrals/${referralId}/acknowledge`, headers: cg, payload: {} })).statusCode).toBe(200);
    expect((await h.app.inject({ method: 'POST', url: `/api/cases/referrals/${referralId}/respond`, headers: cg, payload: { note: '已联系车主挪车并告诫' } })).statusCode).toBe(200);
    const wy = await h.login('wy-officer');
    const wyReferral = (await h.app.inject({ method: 'GET', url: '/api/cases/inbox', headers: wy })).json().referrals[0].referralId;
    expect((await h.app.inject({ method: 'POST', url: `/api/cases/referrals/${wyReferral}/respond`, headers: wy, payload: { note: '已设置禁停标识' } })).statusCode).toBe(200);

    const afterReferrals = await h.app.inject({ method: 'GET', url: `/api/cases/${c.id}`, headers: worker });
    expect(afterReferrals.json().state).toBe('reportedBack');
    const verified = await act(worker, c.id, 'verify', { version: afterReferrals.json().version, data: { passed: true }, note: '现场核查通道畅通' });
    expect(verified.json().state).toBe('verified');
    const closed = await act(worker, c.id, 'close', { version: verified.json().version });
    expect(closed.json().state).toBe('closed');

    const rated = await act(resident, c.id, 'rate', { data: { feedback: 'confirmed', rating: 5 }, note: '很及时' });
    expect(rated.statusCode).toBe(200);
    expect(rated.json()).toMatchObject({ state: 'rated', rating: 5 });

    const timeline = (rated.json().timeline as { action: string }[]).map((e) => e.action);
    expect(timeline).toEqual(['report', 'escalate', 'escalate', 'accept', 'register', 'summon', 'referralAcknowledged', 'referralResponded', 'referralResponded', 'reportBack', 'verify', 'close', 'rate']);
    expect(rated.json().fiveEarly).toMatchObject({ discoveredAt: expect.any(String), assessedAt: expect.any(String), intervenedAt: expect.any(String), resolvedAt: expect.any(String), acceptedAt: expect.any(String) });
  });
});

describe('time limits', () => {
  it('marks an overdue case, escalates it once after the grace period, even when two sweeps race', async () => {
    h.clock.set(new Date('2026-03-06T09:00:00Z')); // Friday 17:00 Beijing
    const resident = await h.login('resident');
    const res = await h.app.inject({ method: 'POST', url: '/api/cases', headers: resident, payload: { categoryId: categories['neighbourhood.fireLaneBlocked'], description: '消防通道又被堵', lng: 130.412, lat: 44.815 } });
    const c = res.json();
    // One working hour from Friday 17:00: half an hour on Friday, half on Monday from 08:30.
    expect(c.dueAt).toBe('2026-03-09T01:00:00.000Z');
    const early = await sweepSla({ ctx: h.ctx, at: new Date('2026-03-08T12:00:00Z') });
    expect(early).toMatchObject({ markedOverdue: 0, escalated: 0 });
    const overdue = await sweepSla({ ctx: h.ctx, at: new Date('2026-03-09T02:00:00Z') });
    expect(overdue.markedOverdue).toBeGreaterThanOrEqual(1);
    const stillStairwell = await h.ctx.db.kysely.selectFrom('cases').select(['tier', 'overdue_at']).where('id', '=', c.id).executeTakeFirstOrThrow();
    expect(stillStairwell.tier).toBe('stairwell');
    // Past the two-hour grace: two sweeps at once, one escalation.
    const at = new Date('2026-03-09T04:00:00Z');
    const [a, b] = await Promise.all([sweepSla({ ctx: h.ctx, at }), sweepSla({ ctx: h.ctx, at })]);
    const row = await h.ctx.db.kysely.selectFrom('cases').select(['tier', 'state', 'escalation_count']).where('id', '=', c.id).executeTakeFirstOrThrow();
    expect(row).toMatchObject({ tier: 'compound', state: 'reported', escalation_count: 1 });
    const escalations = await h.ctx.db.kysely.selectFrom('case_events').select('actor_role').where('case_id', '=', c.id).where('action', '=', 'escalate').execute();
    expect(escalations).toEqual([{ actor_role: 'system' }]);
    expect(a.escalated + b.escalated).toBeGreaterThanOrEqual(1);
    const again = await sweepSla({ ctx: h.ctx, at });
    expect(again.escalated).toBe(0);
  });
});

describe('bad input', () => {
  it('rejects an unknown category, a bad phone and a non-image photo, and files a point outside every grid into triage', async () => {
    const resident = await h.login('resident');
    const bad = await h.app.inject({ method: 'POST', url: '/api/cases', headers: resident, payload: { categoryId: 'nope', description: '测试', lng: 130.412, lat: 44.815, reporterPhone: '123' } });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().errors.map((e: { field: string }) => e.field)).toEqual(['categoryId', 'reporterPhone']);
    const text = multipart([{ name: 'x.png', content: Buffer.from('not really a picture'), type: 'image/png' }]);
    const notImage = await h.app.inject({ method: 'POST', url: '/api/cases/photos', headers: { ...resident, ...text.headers }, payload: text.payload });
    expect(notImage.statusCode).toBe(415);
    const triage = await h.app.inject({ method: 'POST', url: '/api/cases', headers: resident, payload: { categoryId: categories['cityAppearance.exposedGarbage'], description: '城外垃圾', lng: 129.0, lat: 43.0 } });
    expect(triage.statusCode).toBe(201);
    expect(triage.json()).toMatchObject({ isTriage: true, tier: 'city' });
    const admin = await h.login('admin');
    const inbox = await h.app.inject({ method: 'GET', url: '/api/cases/inbox', headers: admin });
    expect(inbox.json().cases.map((x: { id: string }) => x.id)).toContain(triage.json().id);
  });

  it('hides cases of another community and refuses to act on them', async () => {
    const li = await h.login('admin');
    const res = await h.app.inject({ method: 'POST', url: '/api/cases', headers: li, payload: { categoryId: categories['disputes.neighbourDispute'], description: '楼上漏水纠纷', gridId: world.stairB1.id } });
    const secA = await h.login('sec-a');
    expect((await h.app.inject({ method: 'GET', url: `/api/cases/${res.json().id}`, headers: secA })).statusCode).toBe(404);
    expect((await act(secA, res.json().id, 'accept')).statusCode).toBe(404);
    const list = await h.app.inject({ method: 'GET', url: '/api/cases?limit=500', headers: secA });
    expect(list.json().items.map((x: { id: string }) => x.id)).not.toContain(res.json().id);
  });

  it('lets an anonymous reporter track and rate by number and phone digits only', async () => {
    const res = await h.app.inject({ method: 'POST', url: '/api/public/cases', payload: { categoryId: categories['publicFacilities.streetLight'], description: '路灯不亮', lng: 130.47, lat: 44.85, reporterPhone: '13800001234' } });
    expect(res.statusCode).toBe(201);
    const { number } = res.json();
    expect((await h.app.inject({ method: 'GET', url: `/api/public/track?number=${number}&last4=9999` })).statusCode).toBe(404);
    const track = await h.app.inject({ method: 'GET', url: `/api/public/track?number=${number}&last4=1234` });
    expect(track.json()).toMatchObject({ number, state: 'reported', canRate: false });
    const early = await h.app.inject({ method: 'POST', url: '/api/public/track/rate', payload: { number, last4: '1234', feedback: 'confirmed', rating: 5 } });
    expect(early.statusCode).toBe(409);
  });
});

describe('side paths of the workflow', () => {
  async function newCase(headers: Record<string, string>, description: string) {
    const res = await h.app.inject({ method: 'POST', url: '/api/cases', headers, payload: { categoryId: categories['disputes.propertyDispute'], description, gridId: world.compoundA1.id } });
    expect(res.statusCode).toBe(201);
    return res.json();
  }

  it('lets only one of two officers dispatch a case read at the same version', async () => {
    const secA = await h.login('sec-a');
    const c = await newCase(secA, '物业费纠纷');
    expect(c.tier).toBe('community');
    let v = c.version;
    for (const action of ['accept', 'register']) v = (await act(secA, c.id, action, { version: v })).json().version;
    const [first, second] = await Promise.all([act(secA, c.id, 'dispatch', { version: v }), act(secA, c.id, 'dispatch', { version: v })]);
    expect([first.statusCode, second.statusCode].sort()).toEqual([200, 409]);
    const events = await h.ctx.db.kysely.selectFrom('case_events').select('action').where('case_id', '=', c.id).where('action', '=', 'dispatch').execute();
    expect(events).toHaveLength(1);
  });

  it('returns a wrong dispatch only when approved, and extends a deadline only when approved', async () => {
    const secA = await h.login('sec-a');
    const worker = await h.login('worker');
    const c = await newCase(secA, '物业维修纠纷');
    let v = c.version;
    for (const action of ['accept', 'register']) v = (await act(secA, c.id, action, { version: v })).json().version;
    const down = await act(secA, c.id, 'dispatch', { version: v, data: { tier: 'compound' } });
    expect(down.json()).toMatchObject({ tier: 'compound', state: 'dispatched' });
    const asked = await act(worker, c.id, 'requestReturn', { note: '不属于本小区', version: down.json().version });
    expect(asked.json().pendingRequest.kind).toBe('return');
    expect(asked.json().allowedActions).not.toContain('approveReturn');
    const approved = await act(secA, c.id, 'approveReturn', { version: asked.json().version });
    expect(approved.json()).toMatchObject({ tier: 'community', state: 'registered', pendingRequest: null });

    const again = await act(secA, c.id, 'dispatch', { version: approved.json().version, data: { tier: 'compound' } });
    const started = await act(worker, c.id, 'startHandling', { version: again.json().version });
    const dueBefore = started.json().dueAt;
    const ext = await act(worker, c.id, 'requestExtension', { note: '需等待业委会开会', data: { amount: 2, unit: 'workingDays' }, version: started.json().version });
    expect(ext.json().dueAt).toBe(dueBefore);
    const granted = await act(secA, c.id, 'approveExtension', { version: ext.json().version });
    expect(new Date(granted.json().dueAt).getTime()).toBeGreaterThan(new Date(dueBefore).getTime());
  });

  it('sends failed verification back for rework, and a disputed result reopens the case', async () => {
    const secA = await h.login('sec-a');
    const c = await newCase(secA, '楼顶漏水物业不管');
    let v = c.version;
    for (const [action, note] of [['accept'], ['register'], ['dispatch'], ['startHandling'], ['reportBack', '已维修']] as [string, string?][]) v = (await act(secA, c.id, action, { version: v, note })).json().version;
    const failed = await act(secA, c.id, 'verify', { version: v, data: { passed: false } });
    expect(failed.statusCode).toBe(400);
    const rework = await act(secA, c.id, 'verify', { version: v, data: { passed: false }, note: '仍在漏水' });
    expect(rework.json()).toMatchObject({ state: 'handling', reworkCount: 1 });
    v = rework.json().version;
    for (const [action, note, data] of [['reportBack', '重新做了防水'], ['verify', undefined, { passed: true }], ['close']] as [string, string?, object?][]) v = (await act(secA, c.id, action, { version: v, note, data })).json().version;
    const visit = await act(secA, c.id, 'followUp', { version: v, note: '电话回访，居民说下雨还漏', data: { feedback: 'disputed', rating: 2 } });
    expect(visit.json()).toMatchObject({ state: 'handling', reopenCount: 1 });
  });

  it('merges a duplicate into the open case and tells it on both timelines; suspends and resumes', async () => {
    const secA = await h.login('sec-a');
    const a = await newCase(secA, '小区门口占道');
    const b = await newCase(secA, '小区门口占道（重复）');
    const merged = await act(secA, b.id, 'merge', { data: { intoCaseId: a.id } });
    expect(merged.json()).toMatchObject({ state: 'merged', mergedIntoId: a.id });
    const target = await h.app.inject({ method: 'GET', url: `/api/cases/${a.id}`, headers: secA });
    expect(target.json().timeline.map((e: { action: string }) => e.action)).toContain('mergedFrom');
    const self = await act(secA, a.id, 'merge', { data: { intoCaseId: a.id } });
    expect(self.statusCode).toBe(400);

    const accepted = await act(secA, a.id, 'accept', {});
    const suspended = await act(secA, a.id, 'suspend', { note: '等待春季开化', version: accepted.json().version });
    expect(suspended.json()).toMatchObject({ state: 'suspended', dueAt: null });
    const resumed = await act(secA, a.id, 'resume', { version: suspended.json().version });
    expect(resumed.json()).toMatchObject({ state: 'accepted' });
    expect(resumed.json().dueAt).not.toBeNull();
  });

  it('suggests duplicates within the category radius', async () => {
    const res = await h.app.inject({ method: 'GET', url: `/api/cases/duplicates?categoryId=${categories['neighbourhood.fireLaneBlocked']}&lng=130.4121&lat=44.8151` });
    expect(res.statusCode).toBe(200);
    expect(res.json().items.length).toBeGreaterThanOrEqual(1);
    const far = await h.app.inject({ method: 'GET', url: `/api/cases/duplicates?categoryId=${categories['neighbourhood.fireLaneBlocked']}&lng=130.49&lat=44.89` });
    expect(far.json().items).toEqual([]);
  });
});

describe('WeChat push', () => {
  it('checks the signature, files a message without place into triage, and returns the same case on redelivery', async () => {
    const timestamp = '1764201600';
    const nonce = 'n0nce';
    const signature = crypto.createHash('sha1').update([wechatToken(h.ctx), timestamp, nonce].sort().join('')).digest('hex');
    const message = { msgId: 'wx-0001', openId: 'oAbCdEfGhIjK', content: '小区供暖不热，请尽快处理' };
    const url = `/api/integrations/wechat?signature=${signature}&timestamp=${timestamp}&nonce=${nonce}`;
    const first = await h.app.inject({ method: 'POST', url, payload: message });
    expect(first.statusCode).toBe(200);
    expect(first.json()).toMatchObject({ state: 'reported', isReplay: false });
    const again = await h.app.inject({ method: 'POST', url, payload: message });
    expect(again.json()).toMatchObject({ number: first.json().number, isReplay: true });
    const row = await h.ctx.db.kysely.selectFrom('cases').select(['channel', 'handling_path', 'address']).where('number', '=', first.json().number).executeTakeFirstOrThrow();
    expect(row).toEqual({ channel: 'wechat', handling_path: '/', address: null });
    const forged = await h.app.inject({ method: 'POST', url: `/api/integrations/wechat?signature=${'0'.repeat(40)}&timestamp=${timestamp}&nonce=${nonce}`, payload: { ...message, msgId: 'wx-0002' } });
    expect(forged.statusCode).toBe(403);
    expect(forged.json().errors[0].reason).toBe('invalidSignature');
  });
});
