import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildWorld } from '../../testing/factories.js';
import { createHarness, type TestHarness } from '../../testing/harness.js';
import { SESSION_TTL_MS } from './service.js';

/** Sessions are cached per token for a few seconds; expiry and logout still take effect at once. */
let h: TestHarness;

beforeAll(async () => {
  h = await createHarness();
  await buildWorld(h.ctx);
});
afterAll(() => h.close());

describe('cached sessions', () => {
  it('end at their expiry even while cached', async () => {
    const start = h.clock.now();
    const headers = await h.login('worker');
    expect((await h.app.inject({ method: 'GET', url: '/api/me', headers })).statusCode).toBe(200);
    h.clock.set(new Date(start.getTime() + SESSION_TTL_MS - 1000));
    expect((await h.app.inject({ method: 'GET', url: '/api/me', headers })).statusCode).toBe(200);
    h.clock.set(new Date(start.getTime() + SESSION_TTL_MS));
    const expired = await h.app.inject({ method: 'GET', url: '/api/me', headers });
    expect(expired.statusCode).toBe(401);
    expect(expired.headers['content-type']).toContain('application/problem+json');
    h.clock.set(start);
  });

  it('end at logout even while cached, and other sessions of the user go on', async () => {
    const a = await h.login('worker');
    const b = await h.login('worker');
    expect((await h.app.inject({ method: 'GET', url: '/api/me', headers: a })).statusCode).toBe(200);
    expect((await h.app.inject({ method: 'POST', url: '/api/auth/logout', headers: a })).statusCode).toBe(204);
    expect((await h.app.inject({ method: 'GET', url: '/api/me', headers: a })).statusCode).toBe(401);
    expect((await h.app.inject({ method: 'POST', url: '/api/cases', headers: a, payload: {} })).statusCode).toBe(401);
    expect((await h.app.inject({ method: 'GET', url: '/api/me', headers: b })).statusCode).toBe(200);
  });

  it('an unknown token is refused each time', async () => {
    const headers = { authorization: 'Bearer not-a-session-token' };
    expect((await h.app.inject({ method: 'GET', url: '/api/me', headers })).statusCode).toBe(401);
    expect((await h.app.inject({ method: 'GET', url: '/api/me', headers })).statusCode).toBe(401);
  });
});
