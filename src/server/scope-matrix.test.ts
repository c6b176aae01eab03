import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildWorld, type World } from '../testing/factories.js';
import { createHarness, type TestHarness } from '../testing/harness.js';

let h: TestHarness;
let world: World;

beforeAll(async () => {
  h = await createHarness();
  world = await buildWorld(h.ctx);
});
afterAll(() => h.close());

/** Routes anyone may call. Everything else in the OpenAPI document must answer 401 without credentials. */
const publicRoutes = new Set([
  'GET /healthz', 'GET /api/config', 'POST /api/auth/login', 'POST /api/auth/logout',
  // Phone sign-in: asking for a code and trading it for a session come before any account.
  'POST /api/auth/otp/request', 'POST /api/auth/otp/verify',
  // Residents report, attach photos, check duplicates and track without an account; WeChat proves itself by signature.
  'GET /api/cases/categories', 'GET /api/cases/duplicates', 'POST /api/cases/photos', 'POST /api/public/cases', 'GET /api/public/track', 'POST /api/public/track/rate', 'POST /api/integrations/wechat',
  'GET /api/integrations/wechat/consultations', 'POST /api/integrations/wechat/consultations',
]);

function routes(): { method: string; path: string }[] {
  const doc = h.app.swagger() as { paths: Record<string, Record<string, unknown>> };
  return Object.entries(doc.paths).flatMap(([path, ops]) => Object.keys(ops).map((method) => ({ method: method.toUpperCase(), path })));
}

const fill = (path: string, id: string) => path.replace(/\{id\}/g, id);

describe('every route needs credentials', () => {
  it('answers 401 problem+json to an anonymous caller on every non-public route', async () => {
    // Open311 follows its own spec: a missing api_key is 403 there (covered in open311.test.ts).
    const list = routes().filter((r) => !publicRoutes.has(`${r.method} ${r.path}`) && !r.path.startsWith('/open311/'));
    expect(list.length).toBeGreaterThan(25);
    for (const r of list) {
      const res = await h.app.inject({ method: r.method as 'GET', url: fill(r.path, world.commA.id), payload: r.method === 'GET' || r.method === 'DELETE' ? undefined : {} });
      expect(`${r.method} ${r.path} → ${res.statusCode}`).toBe(`${r.method} ${r.path} → ${res.statusCode === 400 ? 400 : 401}`);
      if (res.statusCode !== 400) expect(res.headers['content-type']).toContain('application/problem+json');
    }
  });

  it('rejects a forged bearer token', async () => {
    const res = await h.app.inject({ method: 'GET', url: '/api/me', headers: { authorization: 'Bearer forged' } });
    expect(res.statusCode).toBe(401);
  });
});

describe('a community secretary cannot read outside 民主社区', () => {
  it('gets 404 from every GET route addressed to a record of 富家社区', async () => {
    const headers = await h.login('sec-a');
    const gets = routes().filter((r) => r.method === 'GET' && r.path.includes('{id}') && !r.path.startsWith('/open311/'));
    expect(gets.length).toBeGreaterThan(6);
    for (const r of gets) {
      const id = r.path.startsWith('/api/people') ? world.people.li.id : r.path.startsWith('/api/grids/{id}/rooms') ? world.stairB1.id : world.commB.id;
      const res = await h.app.inject({ method: 'GET', url: fill(r.path, id), headers });
      expect(`${r.path} → ${res.statusCode}`).toBe(`${r.path} → 404`);
    }
  });

  it('sees nothing of 富家社区 in lists, search, features or locate', async () => {
    const headers = await h.login('sec-a');
    const lists = await Promise.all(
      ['/api/grids?limit=500', '/api/people?limit=500', '/api/party-orgs', `/api/grids/features?under=${world.commA.id}`, '/api/grids/features?level=compound', '/api/audit?limit=500'].map((url) =>
        h.app.inject({ method: 'GET', url, headers }),
      ),
    );
    for (const res of lists) {
      expect(res.statusCode).toBe(200);
      expect(res.body).not.toContain('富家');
      expect(res.body).not.toContain('李四');
    }
    expect((await h.app.inject({ method: 'GET', url: '/api/grids/locate?lng=130.515&lat=44.815', headers })).statusCode).toBe(404);
  });
});

describe('a community secretary cannot change outside 民主社区', () => {
  const writes = (w: World) => [
    { method: 'PATCH', url: `/api/people/${w.people.li.id}`, payload: { name: 'x' } },
    { method: 'POST', url: '/api/people', payload: { name: 'x', gridId: w.stairB1.id } },
    { method: 'POST', url: '/api/rooms', payload: { gridId: w.stairB1.id, number: '101', floor: 1 } },
    { method: 'POST', url: '/api/assignments', payload: { gridId: w.stairB1.id, role: 'steward', personId: w.people.zhang.id } },
    { method: 'POST', url: '/api/party-orgs', payload: { name: 'x', kind: 'branch', gridId: w.compoundB1.id } },
  ];

  it('gets 403 for each write and nothing changes', async () => {
    const headers = await h.login('sec-a');
    const before = await h.ctx.db.kysely.selectFrom('audit_log').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    for (const w of writes(world)) {
      const res = await h.app.inject({ method: w.method as 'POST', url: w.url, headers, payload: w.payload });
      expect(`${w.method} ${w.url} → ${res.statusCode}`).toBe(`${w.method} ${w.url} → 403`);
    }
    const after = await h.ctx.db.kysely.selectFrom('audit_log').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    expect(Number(after.n)).toBe(Number(before.n));
    const li = await h.ctx.db.kysely.selectFrom('persons').select('name').where('id', '=', world.people.li.id).executeTakeFirstOrThrow();
    expect(li.name).toBe('李四');
  });
});

describe('role table', () => {
  const cases: [user: string, method: string, status: number, url: (w: World) => string][] = [
    ['resident', 'GET', 403, () => '/api/people'],
    ['resident', 'GET', 200, (w) => `/api/grids/${w.compoundA1.id}`],
    ['steward', 'GET', 200, () => '/api/people'],
    ['steward', 'GET', 404, (w) => `/api/grids/${w.stairA2.id}`],
    ['steward', 'GET', 403, () => '/api/coverage'],
    ['worker', 'GET', 200, () => '/api/coverage'],
    ['worker', 'GET', 403, () => '/api/users'],
    ['cadre', 'GET', 200, (w) => `/api/people/${w.people.li.id}`],
    ['cadre', 'GET', 200, () => '/api/grids/boundary-check'],
    ['sec-a', 'GET', 403, () => '/api/users'],
    ['admin', 'GET', 200, () => '/api/users'],
  ];
  it.each(cases)('%s %s → %i', async (user, method, status, url) => {
    const headers = await h.login(user);
    const res = await h.app.inject({ method: method as 'GET', url: url(world), headers });
    expect(res.statusCode).toBe(status);
  });

  it('a steward sees only the people of their stairwell', async () => {
    const headers = await h.login('steward');
    const res = await h.app.inject({ method: 'GET', url: '/api/people', headers });
    expect(res.json().items.map((p: { name: string }) => p.name)).toEqual(['张三']);
  });
});
