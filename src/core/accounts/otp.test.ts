import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildPerson, buildUser, buildWorld, type World } from '../../testing/factories.js';
import { createHarness, type TestHarness } from '../../testing/harness.js';
import { OTP_PER_ADDRESS, OTP_PER_PHONE } from './otp-service.js';

let h: TestHarness;
let world: World;
let smsLog: string;

beforeAll(async () => {
  h = await createHarness();
  world = await buildWorld(h.ctx);
  smsLog = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'gridgov-otp-')), 'sms.log');
  h.ctx.config.smsLogFile = smsLog;
});
afterAll(async () => {
  await h.close();
  fs.rmSync(path.dirname(smsLog), { recursive: true, force: true });
});

/** Each test asks from its own address, so the per-address limit of one test does not leak into another. */
let addressSeq = 0;
const nextAddress = () => `10.0.0.${++addressSeq}`;

const request = (phone: string, remoteAddress = '10.9.9.9') => h.app.inject({ method: 'POST', url: '/api/auth/otp/request', payload: { phone }, remoteAddress });
const verify = (phone: string, code: string) => h.app.inject({ method: 'POST', url: '/api/auth/otp/verify', payload: { phone, code } });

/** The last code the log SMS provider wrote for a phone (the log shows it masked: 138****5678). */
function lastCode(phone: string): string {
  const masked = `${phone.slice(0, 3)}****${phone.slice(-4)}`;
  const lines = fs.readFileSync(smsLog, 'utf8').trim().split('\n').map((l) => JSON.parse(l) as { phone: string; templateCode: string; params: { code: string } });
  const mine = lines.filter((l) => l.phone === masked && l.templateCode === 'auth.otp');
  if (mine.length === 0) throw new Error(`no code for ${masked}`);
  return mine[mine.length - 1].params.code;
}

const userCount = async () => Number((await h.ctx.db.kysely.selectFrom('users').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);

describe('phone sign-in with a one-time code', () => {
  it('texts a code, keeps only its hash, and a registered resident without an account gets one scoped to their compound', async () => {
    const ip = nextAddress();
    const res = await request('+86 137 0000 2222', ip);
    expect(res.statusCode).toBe(202);
    expect(res.json().sentTo).toBe('137****2222');
    const code = lastCode('13700002222');
    expect(code).toMatch(/^\d{6}$/);
    const rows = await h.ctx.db.kysely.selectFrom('otp_codes').selectAll().execute();
    expect(rows).toHaveLength(1);
    expect(JSON.stringify(rows)).not.toContain(code);
    expect(JSON.stringify(rows)).not.toContain('13700002222');
    expect(rows[0].expires_at).toBe(new Date(h.clock.now().getTime() + 5 * 60_000).toISOString());

    const before = await userCount();
    const wrong = await verify('13700002222', code === '000000' ? '111111' : '000000');
    expect(wrong.statusCode).toBe(400);
    expect(wrong.headers['content-type']).toContain('application/problem+json');
    expect(wrong.json().errors).toEqual([{ field: 'code', reason: 'otpWrong', message: '验证码错误，还可尝试 4 次' }]);

    const ok = await verify('13700002222', code);
    expect(ok.statusCode).toBe(200);
    const body = ok.json();
    expect(body.user.role).toBe('resident');
    expect(body.user.displayName).toBe('李四');
    expect(body.user.scopes.map((s: { name: string }) => s.name)).toEqual(['富家花园']);
    expect(await userCount()).toBe(before + 1);
    const account = await h.ctx.db.kysely.selectFrom('users').selectAll().where('id', '=', body.user.id).executeTakeFirstOrThrow();
    expect(account.person_id).toBe(world.people.li.id);

    // The same session as a password sign-in: an httpOnly cookie, and CSRF on cookie writes.
    const cookie = ok.cookies.find((c) => c.name === 'gridgov_session');
    expect(cookie?.httpOnly).toBe(true);
    const cookies = { gridgov_session: cookie!.value };
    const me = await h.app.inject({ method: 'GET', url: '/api/me', cookies });
    expect(me.json().id).toBe(body.user.id);
    expect(me.json().csrfToken).toBe(body.csrfToken);
    const wish = { title: '冬衣一件', description: '想要一件厚棉衣', kind: 'material', estimatedValue: 300 };
    expect((await h.app.inject({ method: 'POST', url: '/api/wishes', cookies, payload: wish })).statusCode).toBe(403);
    const posted = await h.app.inject({ method: 'POST', url: '/api/wishes', cookies, payload: wish, headers: { 'x-csrf-token': body.csrfToken } });
    expect(posted.statusCode).toBe(201);

    // A code works once; the next sign-in reuses the account.
    expect((await verify('13700002222', code)).json().errors[0].reason).toBe('otpExpired');
    await request('13700002222', ip);
    const again = await verify('13700002222', lastCode('13700002222'));
    expect(again.json().user.id).toBe(body.user.id);
    expect(await userCount()).toBe(before + 1);
    const audit = await h.ctx.db.kysely.selectFrom('audit_log').select(['action', 'details']).where('actor_id', '=', body.user.id).execute();
    expect(audit.filter((a) => a.action === 'auth.login')).toHaveLength(2);
    expect(audit.some((a) => a.action === 'user.create')).toBe(true);
  });

  it('signs a resident with an account into that account', async () => {
    await h.ctx.db.kysely.updateTable('users').set({ person_id: world.people.wang.id }).where('id', '=', world.users.resident.id).execute();
    await request('13900001111', nextAddress());
    const ok = await verify('13900001111', lastCode('13900001111'));
    expect(ok.statusCode).toBe(200);
    expect(ok.json().user.username).toBe('resident');
  });

  it('tells an unregistered phone so only after the code proves it, and makes no account', async () => {
    const ip = nextAddress();
    const unknown = await request('13655554444', ip);
    const known = await request('13812345678', ip);
    expect(unknown.statusCode).toBe(202);
    // The same answer for a number nobody registered: no enumeration at the request.
    expect(Object.keys(unknown.json()).sort()).toEqual(Object.keys(known.json()).sort());
    const before = await userCount();
    const res = await verify('13655554444', lastCode('13655554444'));
    expect(res.statusCode).toBe(404);
    expect(res.json().errors[0]).toMatchObject({ field: 'phone', reason: 'phoneNotRegistered' });
    expect(res.cookies.find((c) => c.name === 'gridgov_session')).toBeUndefined();
    expect(await userCount()).toBe(before);
  });

  it('keeps staff on passwords: a phone whose person holds a staff account gets 403', async () => {
    const clerk = await buildPerson(h.ctx, { name: '赵书记', grid: world.commA, phone: '13511112222' });
    const staff = await buildUser(h.ctx, { username: 'clerk', role: 'secretary', scope: [world.commA] });
    await h.ctx.db.kysely.updateTable('users').set({ person_id: clerk.id }).where('id', '=', staff.id).execute();
    await request('13511112222', nextAddress());
    const res = await verify('13511112222', lastCode('13511112222'));
    expect(res.statusCode).toBe(403);
    expect(res.json().errors[0].reason).toBe('otpStaffAccount');
  });

  it('kills a code after five wrong tries', async () => {
    await request('13812345678', nextAddress());
    const code = lastCode('13812345678');
    const wrongCode = code === '999999' ? '888888' : '999999';
    const lefts: unknown[] = [];
    for (let i = 0; i < 5; i++) lefts.push((await verify('13812345678', wrongCode)).json().errors[0]);
    expect(lefts.map((e) => (e as { reason: string }).reason)).toEqual(['otpWrong', 'otpWrong', 'otpWrong', 'otpWrong', 'otpExhausted']);
    expect((lefts[3] as { message: string }).message).toBe('验证码错误，还可尝试 1 次');
    const right = await verify('13812345678', code);
    expect(right.statusCode).toBe(400);
    expect(right.json().errors[0].reason).toBe('otpExpired');
  });

  it('lets a code live five minutes, and a newer code replaces the older', async () => {
    const ip = nextAddress();
    await request('13812345678', ip);
    const first = lastCode('13812345678');
    await request('13812345678', ip);
    const second = lastCode('13812345678');
    if (first !== second) expect((await verify('13812345678', first)).json().errors[0].reason).toBe('otpWrong');
    h.clock.advance(5 * 60_000 + 1);
    expect((await verify('13812345678', second)).json().errors[0].reason).toBe('otpExpired');
  });

  it('answers the seventh request for one phone within an hour with 429, and texts nothing', async () => {
    h.clock.advance(2 * 60 * 60_000);
    const ip = nextAddress();
    for (let i = 0; i < OTP_PER_PHONE; i++) {
      expect((await request('13912340000', ip)).statusCode).toBe(202);
      h.clock.advance(60_000);
    }
    const lines = fs.readFileSync(smsLog, 'utf8').trim().split('\n').length;
    const seventh = await request('13912340000', ip);
    expect(seventh.statusCode).toBe(429);
    expect(seventh.headers['content-type']).toContain('application/problem+json');
    expect(seventh.json()).toMatchObject({ code: 'tooManyAttempts', errors: [{ field: 'phone', reason: 'otpTooMany' }] });
    expect(seventh.json().errors[0].message).toBe('一小时内最多获取 6 次验证码，请 54 分钟后再试');
    expect(fs.readFileSync(smsLog, 'utf8').trim().split('\n').length).toBe(lines);
    expect(await h.ctx.db.kysely.selectFrom('otp_codes').select('id').where('created_at', '=', h.clock.now().toISOString()).execute()).toHaveLength(0);
    // An hour after the first request, one more is allowed.
    h.clock.advance(54 * 60_000);
    expect((await request('13912340000', ip)).statusCode).toBe(202);
  });

  it('lets exactly six of ten requests at the same moment through for one phone', async () => {
    h.clock.advance(2 * 60 * 60_000);
    const answers = await Promise.all(Array.from({ length: 10 }, () => request('13912349999', nextAddress())));
    const codes = answers.map((a) => a.statusCode).sort();
    expect(codes).toEqual([...Array(OTP_PER_PHONE).fill(202), ...Array(10 - OTP_PER_PHONE).fill(429)]);
    const stored = await h.ctx.db.kysely.selectFrom('otp_codes').select('id').where('phone_hash', '=', h.ctx.cipher.hash('13912349999')).execute();
    expect(stored).toHaveLength(OTP_PER_PHONE);
  });

  it('limits one client address across many phones', async () => {
    h.clock.advance(2 * 60 * 60_000);
    const ip = nextAddress();
    for (let i = 0; i < OTP_PER_ADDRESS; i++) expect((await request(`1860000${String(i).padStart(4, '0')}`, ip)).statusCode).toBe(202);
    const next = await request('18611119999', ip);
    expect(next.statusCode).toBe(429);
    expect((await request('18611119999', nextAddress())).statusCode).toBe(202);
  });

  it('refuses bad input with the field named, and changes nothing', async () => {
    const before = await h.ctx.db.kysely.selectFrom('otp_codes').select('id').execute();
    const badPhone = await request('12345');
    expect(badPhone.statusCode).toBe(400);
    expect(badPhone.json().errors).toEqual([{ field: 'phone', reason: 'phoneFormat', message: '手机号应为 11 位中国大陆手机号' }]);
    const missing = await h.app.inject({ method: 'POST', url: '/api/auth/otp/request', payload: {} });
    expect(missing.json().errors[0]).toMatchObject({ field: 'phone', reason: 'required' });
    const badCode = await verify('13812345678', '12ab');
    expect(badCode.json().errors[0]).toMatchObject({ field: 'code', reason: 'otpFormat' });
    expect(await h.ctx.db.kysely.selectFrom('otp_codes').select('id').execute()).toHaveLength(before.length);
  });

  it('gives exactly one session to two right answers at the same moment', async () => {
    h.clock.advance(2 * 60 * 60_000);
    await request('13700002222', nextAddress());
    const code = lastCode('13700002222');
    const results = await Promise.all([verify('13700002222', code), verify('13700002222', code)]);
    expect(results.map((r) => r.statusCode).sort()).toEqual([200, 400]);
  });
});
