import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildWorld } from '../../testing/factories.js';
import { createHarness, type TestHarness } from '../../testing/harness.js';

let h: TestHarness;
let apiKey: string;
let otherKey: string;

beforeAll(async () => {
  h = await createHarness();
  await buildWorld(h.ctx);
  const sec = await h.login('sec-a');
  apiKey = (await h.app.inject({ method: 'POST', url: '/api/api-keys', headers: sec, payload: { name: 'Open311 client' } })).json().key;
  const secB = await h.login('sec-b');
  otherKey = (await h.app.inject({ method: 'POST', url: '/api/api-keys', headers: secB, payload: { name: 'Open311 client B' } })).json().key;
});
afterAll(() => h.close());

const form = (fields: Record<string, string>) => ({ payload: new URLSearchParams(fields).toString(), headers: { 'content-type': 'application/x-www-form-urlencoded' } });

describe('Open311 GeoReport v2', () => {
  it('discovers itself in JSON and XML', async () => {
    const json = await h.app.inject({ method: 'GET', url: '/open311/v2/discovery.json' });
    expect(json.json().endpoints[0]).toMatchObject({ specification: 'http://wiki.open311.org/GeoReport_v2', formats: ['application/json', 'text/xml'] });
    const xml = await h.app.inject({ method: 'GET', url: '/open311/v2/discovery.xml' });
    expect(xml.headers['content-type']).toContain('text/xml');
    expect(xml.body).toMatch(/^<\?xml version="1.0" encoding="utf-8"\?><discovery>.*<endpoints><endpoint>.*<format>text\/xml<\/format>/);
  });

  it('lists the categories as services and defines one', async () => {
    const res = await h.app.inject({ method: 'GET', url: '/open311/v2/services.json' });
    const fire = res.json().find((s: { service_code: string }) => s.service_code === 'neighbourhood.fireLaneBlocked');
    expect(fire).toMatchObject({ service_name: '消防通道堵塞', group: '小区环境秩序', type: 'realtime' });
    const xml = await h.app.inject({ method: 'GET', url: '/open311/v2/services.xml' });
    expect(xml.body).toContain('<services><service><service_code>');
    expect((await h.app.inject({ method: 'GET', url: '/open311/v2/services/neighbourhood.fireLaneBlocked.json' })).json()).toEqual({ service_code: 'neighbourhood.fireLaneBlocked', attributes: [] });
    expect((await h.app.inject({ method: 'GET', url: '/open311/v2/services/nope.json' })).statusCode).toBe(404);
  });

  it('creates a request with an api_key, routes it like any case, and reads it back', async () => {
    const res = await h.app.inject({ method: 'POST', url: '/open311/v2/requests.json', ...form({ api_key: apiKey, service_code: 'neighbourhood.fireLaneBlocked', lat: '44.815', long: '130.412', description: '消防通道被堵', phone: '13911112222' }) });
    expect(res.statusCode).toBe(200);
    const [created] = res.json();
    expect(created.service_request_id).toMatch(/^\d{4}-\d{6}$/);
    const one = await h.app.inject({ method: 'GET', url: `/open311/v2/requests/${created.service_request_id}.json?api_key=${apiKey}` });
    expect(one.json()[0]).toMatchObject({ service_code: 'neighbourhood.fireLaneBlocked', status: 'open', agency_responsible: '1单元', lat: 44.815, long: 130.412 });
    const row = await h.ctx.db.kysely.selectFrom('cases').select(['channel', 'tier']).where('number', '=', created.service_request_id).executeTakeFirstOrThrow();
    expect(row).toEqual({ channel: 'open311', tier: 'stairwell' });
    const updates = await h.app.inject({ method: 'GET', url: `/open311/v2/servicerequestupdates.json?api_key=${apiKey}` });
    expect(updates.json()[0]).toMatchObject({ service_request_id: created.service_request_id, external_status_code: 'FOR_TRIAGE' });
    // Another community's key does not see it.
    expect((await h.app.inject({ method: 'GET', url: `/open311/v2/requests/${created.service_request_id}.json?api_key=${otherKey}` })).statusCode).toBe(404);
  });

  it('answers errors the Open311 way: 403 without a key, 400 listing every problem', async () => {
    const noKey = await h.app.inject({ method: 'POST', url: '/open311/v2/requests.json', ...form({ service_code: 'neighbourhood.fireLaneBlocked', lat: '44.8', long: '130.4' }) });
    expect(noKey.statusCode).toBe(403);
    expect(noKey.json()[0]).toMatchObject({ code: 403 });
    const bad = await h.app.inject({ method: 'POST', url: '/open311/v2/requests.xml', ...form({ api_key: apiKey, service_code: 'nope' }) });
    expect(bad.statusCode).toBe(400);
    expect(bad.body).toContain('<errors><error><code>400</code><description>a location is required');
    expect(bad.body).toContain('unknown service_code: nope');
    const span = await h.app.inject({ method: 'GET', url: `/open311/v2/requests.json?api_key=${apiKey}&start_date=2026-01-01T00:00:00Z&end_date=2026-06-01T00:00:00Z` });
    expect(span.statusCode).toBe(400);
    expect((await h.app.inject({ method: 'GET', url: '/open311/v2/requests.json' })).statusCode).toBe(403);
  });
});
