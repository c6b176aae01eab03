import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildUser, buildWorld, type World } from '../../testing/factories.js';
import { createHarness, type TestHarness } from '../../testing/harness.js';
import { mayActOnWish, statusAllows, wishTransitions, type WishAction } from './policy.js';
import type { WishStatus } from './tables.js';

let h: TestHarness;
let world: World;
let headers: Record<string, Record<string, string>>;

function multipart(content: Buffer) {
  const boundary = '----gridgov-wish';
  const payload = Buffer.concat([Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="photo"; filename="coat.png"\r\nContent-Type: image/png\r\n\r\n`), content, Buffer.from(`\r\n--${boundary}--\r\n`)]);
  return { payload, headers: { 'content-type': `multipart/form-data; boundary=${boundary}` } };
}

beforeAll(async () => {
  h = await createHarness();
  world = await buildWorld(h.ctx);
  await buildUser(h.ctx, { username: 'pm-1', role: 'partyMember', scope: [world.commA] });
  await buildUser(h.ctx, { username: 'pm-2', role: 'partyMember', scope: [world.commA] });
  await buildUser(h.ctx, { username: 'resident-2', role: 'resident', scope: [world.compoundA1] });
  await buildUser(h.ctx, { username: 'resident-b', role: 'resident', scope: [world.compoundB1] });
  headers = {};
  for (const u of ['resident', 'resident-2', 'resident-b', 'pm-1', 'pm-2', 'sec-a', 'sec-b', 'worker', 'admin']) headers[u] = await h.login(u);
  h.ctx.config.dataDir = await import('node:fs').then((fs) => fs.mkdtempSync('/tmp/gridgov-wishes-'));
});
afterAll(() => h.close());

const post = (who: string, url: string, payload: Record<string, unknown> = {}) => h.app.inject({ method: 'POST', url, headers: headers[who], payload });
const get = (who: string, url: string) => h.app.inject({ method: 'GET', url, headers: headers[who] });

describe('a winter coat, from the wish to the thanks', () => {
  it('is verified, claimed once under a race, delivered with a photo and confirmed; the totals rise by one wish and 300 yuan', async () => {
    const before = (await get('sec-a', '/api/wishes/totals')).json();
    const posted = await post('resident', '/api/wishes', { title: '一件冬衣', description: '家里老人需要一件厚实的冬衣过冬', kind: 'material', estimatedValue: 280 });
    expect(posted.statusCode).toBe(201);
    const wish = posted.json();
    expect(wish).toMatchObject({ status: 'pending', verification: 'pending' });

    // Not published yet: a party member does not see it.
    expect((await get('pm-1', `/api/wishes/${wish.id}`)).statusCode).toBe(404);
    expect((await post('resident', `/api/wishes/${wish.id}/verify`, { decision: 'verified' })).statusCode).toBe(403);
    const verified = await post('sec-a', `/api/wishes/${wish.id}/verify`, { decision: 'verified' });
    expect(verified.statusCode).toBe(200);
    expect(verified.json()).toMatchObject({ status: 'open', verification: 'verified' });

    // Published with the beneficiary masked.
    const seen = (await get('pm-1', `/api/wishes/${wish.id}`)).json();
    expect(seen.beneficiaryName).toMatch(/^.\*+$/);
    expect(seen.actions).toEqual(['claim']);

    const [a, b] = await Promise.all([post('pm-1', `/api/wishes/${wish.id}/claim`), post('pm-2', `/api/wishes/${wish.id}/claim`)]);
    expect([a.statusCode, b.statusCode].sort()).toEqual([200, 409]);
    const loser = a.statusCode === 409 ? a : b;
    expect(loser.headers['content-type']).toContain('application/problem+json');
    expect(loser.json().errors[0].reason).toMatch(/alreadyClaimed|wishNotOpen/);
    const winner = a.statusCode === 200 ? 'pm-1' : 'pm-2';
    const claims = await h.ctx.db.kysely.selectFrom('wish_claims').selectAll().where('wish_id', '=', wish.id).execute();
    expect(claims).toHaveLength(1);
    expect(claims[0].status).toBe('live');
    // The live claimant now sees whom they are helping.
    expect((await get(winner, `/api/wishes/${wish.id}`)).json().beneficiaryName).not.toContain('*');

    const png = await sharp({ create: { width: 40, height: 30, channels: 3, background: { r: 20, g: 90, b: 160 } } }).png().toBuffer();
    const upload = multipart(png);
    const photo = await h.app.inject({ method: 'POST', url: '/api/cases/photos', headers: { ...headers[winner], ...upload.headers }, payload: upload.payload });
    expect(photo.statusCode).toBe(201);
    const photoId = photo.json().items[0].id;
    const loserName = winner === 'pm-1' ? 'pm-2' : 'pm-1';
    expect((await post(loserName, `/api/wishes/${wish.id}/deliver`, { actualValue: 300, photoIds: [photoId] })).statusCode).toBe(403);
    expect((await post(winner, `/api/wishes/${wish.id}/deliver`, { actualValue: 300, photoIds: ['nope'] })).json().errors[0].reason).toBe('unknownPhoto');
    const delivered = await post(winner, `/api/wishes/${wish.id}/deliver`, { actualValue: 300, photoIds: [photoId], note: '已送到家中' });
    expect(delivered.statusCode).toBe(200);
    expect(delivered.json()).toMatchObject({ status: 'delivered', actualValue: 300, deliveryPhotoIds: [photoId] });

    // Someone else's wish: 403.
    expect((await post('resident-2', `/api/wishes/${wish.id}/confirm`, {})).statusCode).toBe(403);
    const confirmed = await post('resident', `/api/wishes/${wish.id}/confirm`, { thanks: '谢谢党员同志！' });
    expect(confirmed.statusCode).toBe(200);
    expect(confirmed.json()).toMatchObject({ status: 'fulfilled', thanks: '谢谢党员同志！' });

    const after = (await get('sec-a', '/api/wishes/totals')).json();
    expect(after.fulfilled - before.fulfilled).toBe(1);
    expect(after.value - before.value).toBe(300);
    expect(after.goodsValue - before.goodsValue).toBe(300);
    const ranking = (await get('sec-a', '/api/wishes/rankings')).json();
    expect(ranking.items[0]).toMatchObject({ rank: 1, fulfilled: 1, value: 300 });
    // 富家社区 sees none of it.
    expect((await get('sec-b', '/api/wishes/totals')).json().fulfilled).toBe(0);
    expect((await get('sec-b', `/api/wishes/${wish.id}`)).statusCode).toBe(404);
  });
});

describe('verification, cancel and revoke', () => {
  it('needs a reason to reject, keeps the status apart, and reopens a wish when a claim is cancelled or revoked', async () => {
    const w = (await post('worker', '/api/wishes', { title: '陪老人聊天', description: '每周陪独居老人聊天一小时', kind: 'companionship', estimatedValue: 0, gridId: world.stairA1.id, beneficiaryName: '张三' })).json();
    expect((await post('worker', '/api/wishes', { title: '代办', description: 'x', kind: 'service', estimatedValue: 0, gridId: world.stairB1.id, beneficiaryName: '李四' })).statusCode).toBe(403);
    expect((await post('worker', '/api/wishes', { title: '代办', description: 'x', kind: 'service', estimatedValue: 0, gridId: world.stairA1.id })).json().errors[0].field).toBe('beneficiaryName');
    const noReason = await post('sec-a', `/api/wishes/${w.id}/verify`, { decision: 'rejected' });
    expect(noReason.statusCode).toBe(400);
    expect(noReason.json().errors[0]).toMatchObject({ field: 'reason', reason: 'rejectionNeedsReason' });
    expect((await post('sec-b', `/api/wishes/${w.id}/verify`, { decision: 'verified' })).statusCode).toBe(404);
    const rejected = (await post('sec-a', `/api/wishes/${w.id}/verify`, { decision: 'rejected', reason: '已由居家养老部承接' })).json();
    expect(rejected).toMatchObject({ status: 'pending', verification: 'rejected', verificationReason: '已由居家养老部承接' });
    expect((await post('sec-a', `/api/wishes/${w.id}/verify`, { decision: 'verified' })).statusCode).toBe(409);

    const w2 = (await post('resident', '/api/wishes', { title: '修理轮椅', description: '轮椅刹车坏了', kind: 'service', estimatedValue: 50 })).json();
    await post('sec-a', `/api/wishes/${w2.id}/verify`, { decision: 'verified' });
    expect((await post('pm-1', `/api/wishes/${w2.id}/claim`)).statusCode).toBe(200);
    expect((await post('pm-2', `/api/wishes/${w2.id}/cancel-claim`, { reason: 'x' })).statusCode).toBe(403);
    expect((await post('pm-1', `/api/wishes/${w2.id}/cancel-claim`, { reason: '临时出差' })).json()).toMatchObject({ status: 'open', claim: null });
    expect((await post('pm-2', `/api/wishes/${w2.id}/claim`)).statusCode).toBe(200);
    expect((await post('pm-1', `/api/wishes/${w2.id}/revoke-claim`, { reason: 'x' })).statusCode).toBe(403);
    expect((await post('sec-a', `/api/wishes/${w2.id}/revoke-claim`, { reason: '长期未送达' })).json()).toMatchObject({ status: 'open' });
    const claims = await h.ctx.db.kysely.selectFrom('wish_claims').select(['status']).where('wish_id', '=', w2.id).orderBy('created_at').execute();
    expect(claims.map((c) => c.status)).toEqual(['cancelled', 'revoked']);
    expect((await post('pm-1', `/api/wishes/${w2.id}/claim`)).statusCode).toBe(200);
  });

  it('lets the database refuse a second live claim even when the service is bypassed', async () => {
    const w = (await post('resident', '/api/wishes', { title: '一袋米', description: '米', kind: 'material', estimatedValue: 60 })).json();
    await post('sec-a', `/api/wishes/${w.id}/verify`, { decision: 'verified' });
    await post('pm-1', `/api/wishes/${w.id}/claim`);
    const users = await h.ctx.db.kysely.selectFrom('users').select('id').where('username', '=', 'pm-2').executeTakeFirstOrThrow();
    await expect(h.ctx.db.kysely.insertInto('wish_claims').values({ id: crypto.randomUUID(), wish_id: w.id, claimant_user_id: users.id, claimant_kind: 'partyMember', claimant_name: 'x', party_org_id: null, status: 'live', reason: null, created_at: '2026-03-02T00:00:00Z', ended_at: null }).execute()).rejects.toThrow();
  });
});

describe('who may do what', () => {
  it('answers 401 to anonymous callers and 403 to roles without the permission', async () => {
    expect((await h.app.inject({ method: 'GET', url: '/api/wishes' })).statusCode).toBe(401);
    expect((await h.app.inject({ method: 'POST', url: '/api/wishes', payload: { title: 'xx', description: 'x', kind: 'material', estimatedValue: 1 } })).statusCode).toBe(401);
    await buildUser(h.ctx, { username: 'officer', role: 'departmentOfficer', scope: [world.town] });
    const officer = await h.login('officer');
    expect((await h.app.inject({ method: 'GET', url: '/api/wishes', headers: officer })).statusCode).toBe(403);
    expect((await post('pm-1', '/api/wishes', { title: 'xx', description: 'x', kind: 'material', estimatedValue: 1 })).statusCode).toBe(403);
    expect((await post('resident', `/api/wishes/${crypto.randomUUID()}/claim`)).statusCode).toBe(403);
  });

  it('shows residents published wishes only inside their scope, and their own', async () => {
    const list = (await get('resident-b', '/api/wishes')).json();
    expect(list.items.every((w: { grid: { name: string } }) => !w.grid.name.includes('民主'))).toBe(true);
    const mine = (await get('resident', '/api/wishes?mine=true')).json();
    expect(mine.total).toBeGreaterThanOrEqual(3);
  });

  const statuses: WishStatus[] = ['pending', 'open', 'claimed', 'delivered', 'fulfilled', 'withdrawn'];
  const expected: Record<WishAction, WishStatus[]> = {
    verify: ['pending'], reject: ['pending'], claim: ['open'], cancelClaim: ['claimed'], revokeClaim: ['claimed', 'delivered'],
    deliver: ['claimed'], confirm: ['delivered'], withdraw: ['pending', 'open'],
  };
  it.each(Object.entries(expected))('%s is allowed exactly from %j', (action, from) => {
    for (const s of statuses) expect(`${action} from ${s}: ${statusAllows(s, action as WishAction)}`).toBe(`${action} from ${s}: ${from.includes(s)}`);
    expect(wishTransitions[action as WishAction].from).toEqual(from);
  });

  it.each([
    ['secretary in scope verifies', 'secretary', ['/a/'], 'verify', true],
    ['secretary out of scope verifies', 'secretary', ['/b/'], 'verify', false],
    ['grid worker verifies', 'gridWorker', ['/a/'], 'verify', false],
    ['party member claims', 'partyMember', ['/a/'], 'claim', true],
    ['resident claims', 'resident', ['/a/'], 'claim', false],
    ['the beneficiary confirms', 'resident', ['/a/'], 'confirm', true],
  ] as const)('%s → %s', (_name, role, scopePaths, action, allowed) => {
    const actor = { userId: role === 'resident' ? 'u-ben' : 'u-x', username: 'x', displayName: 'x', role, personId: null, locale: 'zh-CN', isGlobal: false, scopePaths: [...scopePaths], scopeGridIds: [] };
    expect(mayActOnWish(actor, { grid_path: '/a/1/', posted_by: 'u-ben', beneficiary_user_id: 'u-ben', verification: 'verified' }, action, undefined)).toBe(allowed);
  });
});
