import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newId } from '../../core/ids.js';
import { buildAssignment, buildGrid, buildPerson, buildUser, buildWorld, type BuiltGrid, type World } from '../../testing/factories.js';
import { createHarness, type TestHarness } from '../../testing/harness.js';
import { figureGroups, figureRegistry } from './figures.js';

let h: TestHarness;
let world: World;
let headers: Record<string, Record<string, string>>;

type Figure = { id: string; group: string; label: string; value: number; unit: string; unitLabel: string; definition: string; article: string };
const valuesOf = (body: { figures: Figure[] }) => Object.fromEntries(body.figures.map((f) => [f.id, f.value]));

async function mediation(grid: BuiltGrid, on: string, isByAlliance = true) {
  await h.ctx.db.kysely
    .insertInto('mediations')
    .values({ id: newId(), title: '邻里噪音', parties: '两户', outcome: 'settled', is_by_alliance: isByAlliance ? 1 : 0, mediator_name: '调解员', note: null, grid_id: grid.id, grid_path: grid.path, mediated_on: on, recorded_by: null, created_at: `${on}T02:00:00.000Z` })
    .execute();
}

beforeAll(async () => {
  h = await createHarness();
  world = await buildWorld(h.ctx);
  // 富家社区 gets its cadre (a big grid) and a later compound; each community some settled disputes.
  const cadreB = await buildPerson(h.ctx, { name: '赵干部', grid: world.compoundB1 });
  await buildAssignment(h.ctx, { grid: world.commB, role: 'cadre', personId: cadreB.id });
  await mediation(world.compoundA1, '2025-06-01');
  await mediation(world.compoundA2, '2025-09-15');
  await mediation(world.compoundA2, '2025-09-16', false);
  await mediation(world.compoundB1, '2025-06-01');
  await mediation(world.compoundB1, '2025-07-01');
  await buildUser(h.ctx, { username: 'officer', role: 'departmentOfficer', scope: [world.town] });
  headers = {};
  for (const u of ['admin', 'cadre', 'sec-a', 'sec-b', 'worker', 'resident', 'officer']) headers[u] = await h.login(u);
});
afterAll(() => h.close());

const get = (who: string, url: string, extra: Record<string, string> = {}) => h.app.inject({ method: 'GET', url, headers: { ...headers[who], ...extra } });

describe('the results report over a subtree', () => {
  it('lists every figure of the registry, in its order, grouped as the article groups them', async () => {
    const res = await get('admin', '/api/reports/results');
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body.figures.map((f: Figure) => f.id)).toEqual(figureRegistry.map((f) => f.id));
    expect(body.groups.map((g: { id: string }) => g.id)).toEqual([...figureGroups]);
    expect(body.grid).toMatchObject({ id: world.city.id, name: '穆棱市', level: 'city' });
    for (const f of body.figures as Figure[]) {
      expect(f.label, f.id).not.toMatch(/^reports\./);
      expect(f.definition.length, f.id).toBeGreaterThan(10);
      expect(f.article, f.id).not.toMatch(/^reports\./);
    }
    // Groups follow one another: once a group ends it does not come back.
    const order = (body.figures as Figure[]).map((f) => f.group).filter((g, i, all) => i === 0 || all[i - 1] !== g);
    expect(order).toEqual([...figureGroups]);
  });

  it('counts only the secretary\'s community, and the cadre\'s subdistrict as the sum of both', async () => {
    const a = valuesOf((await get('sec-a', '/api/reports/results')).json());
    const b = valuesOf((await get('sec-b', '/api/reports/results')).json());
    const town = valuesOf((await get('cadre', '/api/reports/results')).json());
    expect(a).toMatchObject({ communities: 1, grids: 2, communityPartyOrganizations: 1, communityPartyMembers: 1, bigGrids: 0, disputesSettledByAlliance: 2 });
    expect(b).toMatchObject({ communities: 1, grids: 1, communityPartyOrganizations: 0, communityPartyMembers: 0, bigGrids: 1, disputesSettledByAlliance: 2 });
    expect(town).toMatchObject({ communities: 2, grids: 3, bigGrids: 1, disputesSettledByAlliance: 4 });
    for (const id of Object.keys(town)) expect(town[id], id).toBeGreaterThanOrEqual(Math.max(a[id], b[id]));
    // A grid inside the scope narrows the report further.
    const compound = (await get('sec-a', `/api/reports/results?grid=${world.compoundA2.id}`)).json();
    expect(compound.grid.name).toBe('曙光小区');
    expect(valuesOf(compound)).toMatchObject({ communities: 0, grids: 1, disputesSettledByAlliance: 1 });
  });

  it('answers 404 for a grid outside the scope, its parent included, and for an unknown grid', async () => {
    for (const grid of [world.commB.id, world.compoundB1.id, world.town.id, 'no-such-grid']) {
      const res = await get('sec-a', `/api/reports/results?grid=${grid}`);
      expect(res.statusCode, grid).toBe(404);
      expect(res.headers['content-type']).toContain('application/problem+json');
      expect(res.body).not.toContain('富家');
    }
    expect((await get('sec-b', `/api/reports/results.xlsx?grid=${world.commA.id}`)).statusCode).toBe(404);
  });

  it('counts structure at the end of the period and flows inside it', async () => {
    const mid = valuesOf((await get('sec-a', '/api/reports/results?from=2025-07-01&to=2025-12-31')).json());
    expect(mid.disputesSettledByAlliance).toBe(1);
    // The grids were created on 2026-03-02 (the harness clock): before that, no structure.
    expect(mid.communities).toBe(0);
    expect(mid.grids).toBe(0);
    const oneDay = (await get('sec-a', '/api/reports/results?from=2025-06-01&to=2025-06-01')).json();
    expect(valuesOf(oneDay).disputesSettledByAlliance).toBe(1);
    expect(oneDay.period).toEqual({ from: '2025-06-01', to: '2025-06-01', isFromEarliest: false });
    // Without `from` the period starts at the earliest record and ends today (Beijing time).
    const all = (await get('sec-a', '/api/reports/results')).json();
    expect(all.period).toEqual({ from: '2025-06-01', to: '2026-03-02', isFromEarliest: true });
  });

  it('refuses bad periods with 400 naming the field', async () => {
    const bad: [string, string, string][] = [
      ['from=2026-02-01&to=2026-01-01', 'from', 'reportFromAfterTo'],
      ['from=2015-01-01&to=2025-01-02', 'from', 'reportPeriodTooLong'],
      ['from=2010-01-01', 'from', 'reportPeriodTooLong'],
      ['from=2026-02-30', 'from', 'format'],
      ['to=yesterday', 'to', 'format'],
    ];
    for (const [query, field, reason] of bad) {
      const res = await get('cadre', `/api/reports/results?${query}`);
      expect(res.statusCode, query).toBe(400);
      expect(res.headers['content-type']).toContain('application/problem+json');
      const problem = res.json();
      expect(problem.errors[0].field, query).toBe(field);
      if (reason !== 'format') expect(problem.errors[0].reason, query).toBe(reason);
      expect(res.body).not.toMatch(/at .*\.ts:\d+/);
    }
    // Exactly ten years is allowed.
    expect((await get('cadre', '/api/reports/results?from=2015-01-01&to=2025-01-01')).statusCode).toBe(200);
    const en = await get('cadre', '/api/reports/results?from=2026-02-01&to=2026-01-01', { 'accept-language': 'en' });
    expect(en.json().errors[0].message).toContain('after the end');
  });

  it('needs credentials and the permission', async () => {
    expect((await h.app.inject({ method: 'GET', url: '/api/reports/results' })).statusCode).toBe(401);
    expect((await h.app.inject({ method: 'GET', url: '/api/reports/results.xlsx' })).statusCode).toBe(401);
    for (const who of ['worker', 'resident', 'officer']) expect((await get(who, '/api/reports/results')).statusCode, who).toBe(403);
  });

  it('speaks the caller\'s language', async () => {
    const zh = (await get('sec-a', '/api/reports/results')).json();
    const en = (await get('sec-a', '/api/reports/results', { 'accept-language': 'en' })).json();
    const pick = (body: { figures: Figure[] }, id: string) => body.figures.find((f) => f.id === id)!;
    expect(pick(zh, 'wishesFulfilled')).toMatchObject({ label: '完成“微心愿”', unit: 'count' });
    expect(pick(en, 'wishesFulfilled')).toMatchObject({ label: 'Micro-wishes fulfilled', unit: 'count' });
    expect(pick(zh, 'venueAreaProvidedM2').unitLabel).toBe('平方米');
    expect(en.groups[0].label).toBe('One grid: the grid and its organisations');
  });

  it('sees a compound created after the period\'s end only in later reports', async () => {
    h.clock.set(new Date('2026-03-10T02:00:00Z'));
    await buildGrid(h.ctx, { code: '231085100001003', name: '新建小区', level: 'compound', parent: world.commA });
    headers['sec-a'] = await h.login('sec-a');
    const before = valuesOf((await get('sec-a', '/api/reports/results?to=2026-03-09')).json());
    const after = valuesOf((await get('sec-a', '/api/reports/results?to=2026-03-10')).json());
    expect(before.grids).toBe(2);
    expect(after.grids).toBe(3);
    h.clock.set(new Date('2026-03-02T01:00:00Z'));
  });
});
