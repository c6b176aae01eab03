import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildWorld, type World } from '../../testing/factories.js';
import { createHarness, type TestHarness } from '../../testing/harness.js';

let h: TestHarness;
let world: World;
let secA: Record<string, string>;

beforeAll(async () => {
  h = await createHarness();
  world = await buildWorld(h.ctx);
  secA = await h.login('sec-a');
});
afterAll(() => h.close());

describe('responsibility', () => {
  it('shows who is in charge of a stairwell, including those above it', async () => {
    const res = await h.app.inject({ method: 'GET', url: `/api/grids/${world.stairA1.id}/assignments`, headers: secA });
    const items = res.json().items as { role: string; person: { name: string; phone: string } | null; partyOrg: { name: string } | null; inherited: boolean }[];
    expect(items.find((a) => a.role === 'steward')).toMatchObject({ person: { name: '张三', phone: '138****5678' }, inherited: false });
    expect(items.find((a) => a.role === 'partyOrg')).toMatchObject({ partyOrg: { name: '民主家园网格党支部' }, inherited: true });
  });

  it('assigns a steward, which closes the coverage gap, and ends it again', async () => {
    const before = await h.app.inject({ method: 'GET', url: '/api/coverage', headers: secA });
    expect(before.json()).toMatchObject({ compounds: 2, stairwells: 2 });
    expect(before.json().missingSteward.map((g: { name: string; parentName: string }) => `${g.parentName}/${g.name}`)).toEqual(['1号楼/2单元']);
    expect(before.json().missingPartyOrg.map((g: { name: string }) => g.name)).toEqual(['曙光小区']);
    const created = await h.app.inject({ method: 'POST', url: '/api/assignments', headers: secA, payload: { gridId: world.stairA2.id, role: 'steward', personId: world.people.wang.id } });
    expect(created.statusCode).toBe(201);
    const after = await h.app.inject({ method: 'GET', url: '/api/coverage', headers: secA });
    expect(after.json().missingSteward).toEqual([]);
    expect((await h.app.inject({ method: 'DELETE', url: `/api/assignments/${created.json().id}`, headers: secA })).statusCode).toBe(204);
    expect((await h.app.inject({ method: 'GET', url: '/api/coverage', headers: secA })).json().missingSteward).toHaveLength(1);
  });

  it('refuses a role on the wrong level and a target of the wrong kind', async () => {
    const wrongLevel = await h.app.inject({ method: 'POST', url: '/api/assignments', headers: secA, payload: { gridId: world.compoundA1.id, role: 'steward', personId: world.people.wang.id } });
    expect(wrongLevel.statusCode).toBe(400);
    expect(wrongLevel.json().errors[0]).toMatchObject({ field: 'role', reason: 'roleNotAllowed' });
    const noOrg = await h.app.inject({ method: 'POST', url: '/api/assignments', headers: secA, payload: { gridId: world.compoundA2.id, role: 'partyOrg', personId: world.people.wang.id } });
    expect(noOrg.json().errors[0]).toMatchObject({ field: 'partyOrgId', reason: 'assignmentTarget' });
  });

  it('refuses to assign in another community (403) and hides its assignments (404)', async () => {
    const res = await h.app.inject({ method: 'POST', url: '/api/assignments', headers: secA, payload: { gridId: world.stairB1.id, role: 'steward', personId: world.people.wang.id } });
    expect(res.statusCode).toBe(403);
    expect((await h.app.inject({ method: 'GET', url: `/api/grids/${world.stairB1.id}/assignments`, headers: secA })).statusCode).toBe(404);
    expect((await h.app.inject({ method: 'GET', url: `/api/coverage?root=${world.commB.id}`, headers: secA })).statusCode).toBe(404);
  });
});
