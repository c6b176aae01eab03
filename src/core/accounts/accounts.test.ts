import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildWorld, type World } from '../../testing/factories.js';
import { createHarness, TEST_PASSWORD, type TestHarness } from '../../testing/harness.js';

let h: TestHarness;
let world: World;

beforeAll(async () => {
  h = await createHarness();
  world = await buildWorld(h.ctx);
});
afterAll(() => h.close());

describe('sign-in', () => {
  it('returns a bearer token and an httpOnly session cookie', async () => {
    const res = await h.app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: 'sec-a', password: TEST_PASSWORD } });
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body.token).toMatch(/.{20,}/);
    expect(body.user.role).toBe('secretary');
    expect(body.user.scopes.map((s: { name: string }) => s.name)).toEqual(['民主社区']);
    const cookie = res.cookies.find((c) => c.name === 'gridgov_session');
    expect(cookie?.httpOnly).toBe(true);
    const me = await h.app.inject({ method: 'GET', url: '/api/me', headers: { authorization: `Bearer ${body.token}` } });
    expect(me.json().username).toBe('sec-a');
  });

  it('answers a wrong password and an unknown user alike, in the caller’s language', async () => {
    const wrong = await h.app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: 'sec-b', password: 'nope-nope' }, headers: { 'accept-language': 'en' } });
    const unknown = await h.app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: 'ghost', password: 'nope-nope' }, headers: { 'accept-language': 'en' } });
    expect(wrong.statusCode).toBe(401);
    expect(unknown.statusCode).toBe(401);
    expect(wrong.headers['content-type']).toContain('application/problem+json');
    expect(wrong.json().title).toBe(unknown.json().title);
    expect(wrong.json().title).toBe('Wrong username or password');
  });

  it('refuses the sixth failure within 15 minutes with 429, and again lets in after the window', async () => {
    const attempt = (password: string) => h.app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: 'cadre', password } });
    for (let i = 0; i < 5; i++) expect((await attempt('bad-password')).statusCode).toBe(401);
    const sixth = await attempt('bad-password');
    expect(sixth.statusCode).toBe(429);
    expect((await attempt(TEST_PASSWORD)).statusCode).toBe(429);
    h.clock.advance(16 * 60 * 1000);
    expect((await attempt(TEST_PASSWORD)).statusCode).toBe(200);
  });

  it('needs the CSRF token for writes made with the session cookie', async () => {
    const login = await h.app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: 'admin', password: TEST_PASSWORD } });
    const cookie = { gridgov_session: login.cookies.find((c) => c.name === 'gridgov_session')!.value };
    const payload = { code: '231085100009', name: '新社区', level: 'community', parentId: world.town.id };
    const without = await h.app.inject({ method: 'POST', url: '/api/grids', cookies: cookie, payload });
    expect(without.statusCode).toBe(403);
    expect(without.json().code).toBe('csrf');
    const withToken = await h.app.inject({ method: 'POST', url: '/api/grids', cookies: cookie, payload, headers: { 'x-csrf-token': login.json().csrfToken } });
    expect(withToken.statusCode).toBe(201);
  });

  it('ends the session on logout', async () => {
    const headers = await h.login('worker');
    expect((await h.app.inject({ method: 'POST', url: '/api/auth/logout', headers })).statusCode).toBe(204);
    expect((await h.app.inject({ method: 'GET', url: '/api/me', headers })).statusCode).toBe(401);
  });
});

describe('API keys', () => {
  it('authenticates an integration as the issuing user until revoked', async () => {
    const headers = await h.login('sec-a');
    const created = await h.app.inject({ method: 'POST', url: '/api/api-keys', headers, payload: { name: '12345 热线对接' } });
    expect(created.statusCode).toBe(201);
    const key = created.json().key as string;
    expect(key.startsWith('ggk_')).toBe(true);
    const me = await h.app.inject({ method: 'GET', url: '/api/me', headers: { authorization: `Bearer ${key}` } });
    expect(me.json().username).toBe('sec-a');
    const listed = await h.app.inject({ method: 'GET', url: '/api/api-keys', headers });
    expect(JSON.stringify(listed.json())).not.toContain(key);
    await h.app.inject({ method: 'DELETE', url: `/api/api-keys/${created.json().id}`, headers });
    const after = await h.app.inject({ method: 'GET', url: '/api/me', headers: { authorization: `Bearer ${key}` } });
    expect(after.statusCode).toBe(401);
  });

  it('is not for residents', async () => {
    const headers = await h.login('resident');
    expect((await h.app.inject({ method: 'POST', url: '/api/api-keys', headers, payload: { name: 'x' } })).statusCode).toBe(403);
  });
});

describe('users', () => {
  it('lets the admin create a scoped user and records it in the audit log', async () => {
    const headers = await h.login('admin');
    const res = await h.app.inject({ method: 'POST', url: '/api/users', headers, payload: { username: 'new-worker', password: 'long-password', role: 'gridWorker', scope: ['231085100001002'] } });
    expect(res.statusCode).toBe(201);
    const me = await h.login('new-worker', 'long-password');
    const roots = await h.app.inject({ method: 'GET', url: '/api/grids/roots', headers: me });
    expect(roots.json().items.map((g: { name: string }) => g.name)).toEqual(['曙光小区']);
    const audit = await h.app.inject({ method: 'GET', url: '/api/audit?action=user.create', headers });
    expect(audit.json().items[0].recordId).toBe(res.json().id);
  });

  it('rejects an unknown scope code naming the field, and a secretary may not create users', async () => {
    const admin = await h.login('admin');
    const bad = await h.app.inject({ method: 'POST', url: '/api/users', headers: admin, payload: { username: 'x-user', password: 'long-password', role: 'steward', scope: ['999'] } });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().errors[0].field).toBe('scope/0');
    const sec = await h.login('sec-a');
    expect((await h.app.inject({ method: 'POST', url: '/api/users', headers: sec, payload: { username: 'y-user', password: 'long-password', role: 'steward', scope: ['231085100001'] } })).statusCode).toBe(403);
  });
});
