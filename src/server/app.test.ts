import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHarness, type TestHarness } from '../testing/harness.js';

let h: TestHarness;
beforeAll(async () => {
  h = await createHarness();
});
afterAll(() => h.close());

describe('server', () => {
  it('answers /healthz once the database answers', async () => {
    const res = await h.app.inject({ method: 'GET', url: '/healthz' });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ status: 'ok' });
  });

  it('publishes OpenAPI 3 with every route documented', async () => {
    const res = await h.app.inject({ method: 'GET', url: '/api/openapi.json' });
    const doc = res.json();
    expect(doc.openapi).toMatch(/^3\./);
    expect(Object.keys(doc.paths)).toEqual(expect.arrayContaining(['/api/grids', '/api/grids/locate', '/api/people', '/api/auth/login', '/api/coverage']));
    const ui = await h.app.inject({ method: 'GET', url: '/api/docs/' });
    expect(ui.statusCode).toBe(200);
  });

  it('answers unknown API paths and malformed JSON with problem+json, never a stack trace', async () => {
    const missing = await h.app.inject({ method: 'GET', url: '/api/nothing-here' });
    expect(missing.statusCode).toBe(404);
    expect(missing.headers['content-type']).toContain('application/problem+json');
    const broken = await h.app.inject({ method: 'POST', url: '/api/auth/login', headers: { 'content-type': 'application/json' }, payload: '{"username":' });
    expect(broken.statusCode).toBe(400);
    expect(broken.body).not.toMatch(/at .*\.js:\d+/);
    expect(broken.json().errors[0].reason).toBe('invalidJson');
  });

  it('names the missing field in the caller’s language', async () => {
    const zh = await h.app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: 'a' }, headers: { 'accept-language': 'zh-CN' } });
    expect(zh.json().errors).toEqual([{ field: 'password', reason: 'required', message: '必填' }]);
    const en = await h.app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: 'a' }, headers: { 'accept-language': 'en-US,en;q=0.9' } });
    expect(en.json().errors[0].message).toBe('is required');
    expect(en.json().title).toBe('The request is invalid');
  });
});
