import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildUser } from '../src/testing/factories.js';
import { createHarness, type TestHarness } from '../src/testing/harness.js';
import { DEMO_COBUILD_FIGURES } from './cobuild.js';
import { loadDemoWorld } from './load.js';

let h: TestHarness;
const lines: string[] = [];

beforeAll(async () => {
  h = await createHarness();
  const now = new Date('2026-01-12T02:00:00Z');
  h.clock.set(now);
  // The harness's cipher, so the API reads what the loader encrypted.
  await loadDemoWorld({ db: h.ctx.db, cipher: h.ctx.cipher, seed: 7, scale: 0.05, demoPassword: 'demo-pass-123', now, withCases: false, log: (l) => lines.push(l) });
  await buildUser(h.ctx, { username: 'admin', role: 'admin' });
}, 300_000);
afterAll(() => h.close());

describe('the co-building demo', () => {
  it('reproduces the article\'s figures by query, counting verified hours and outputs only', async () => {
    const admin = await h.login('admin');
    const cobuild = (await h.app.inject({ method: 'GET', url: '/api/cobuild/figures', headers: admin })).json();
    const volunteers = (await h.app.inject({ method: 'GET', url: '/api/volunteers/figures', headers: admin })).json();
    expect(cobuild.partnerOrganizations).toBe(108);
    expect(cobuild.inServiceMembersRegistered).toBe(3360);
    expect(volunteers.volunteerPartyBranches).toBe(39);
    expect(volunteers.inServiceMembersServing).toBe(2117);
    expect(volunteers.stairwellCultureBuildings).toBe(21);
    expect(volunteers.stairwellCultureUnits).toBe(69);
    expect(volunteers.jointActivities).toBe(54);
    // 多/余: at least the article's number, within 10% above.
    for (const [value, floor] of [[volunteers.snowAndRubbishClearedM3, 14_000], [volunteers.alleysRepairedM, 800], [cobuild.venueAreaProvidedM2, 11_000]] as const) {
      expect(value).toBeGreaterThanOrEqual(floor);
      expect(value).toBeLessThanOrEqual(floor * 1.1);
    }
    expect(volunteers.snowAndRubbishClearedM3).toBe(DEMO_COBUILD_FIGURES.snowAndRubbishClearedM3);
    expect(volunteers.alleysRepairedM).toBe(DEMO_COBUILD_FIGURES.alleysRepairedM);
    expect(cobuild.venueAreaProvidedM2).toBe(DEMO_COBUILD_FIGURES.venueAreaProvidedM2);
    // Every in-service member of a branch has served at least once, verified.
    const unserved = await h.ctx.db.kysely
      .selectFrom('team_members')
      .innerJoin('volunteer_teams', 'volunteer_teams.id', 'team_members.team_id')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('volunteer_teams.kind', '=', 'partyBranch')
      .where(({ not, exists, selectFrom }) => not(exists(selectFrom('volunteer_ledger').select('volunteer_ledger.id').whereRef('volunteer_ledger.person_id', '=', 'team_members.person_id'))))
      .executeTakeFirstOrThrow();
    expect(Number(unserved.n)).toBe(0);
    // Recent activities wait for verification: their attendance is recorded, their hours nowhere.
    const pending = await h.ctx.db.kysely.selectFrom('activity_signups').select((eb) => eb.fn.countAll<number>().as('n')).where('verification', '=', 'pending').where('checked_in_at', 'is not', null).executeTakeFirstOrThrow();
    expect(Number(pending.n)).toBeGreaterThan(0);
    const ledgerOfPending = await h.ctx.db.kysely
      .selectFrom('volunteer_ledger')
      .innerJoin('activity_signups', 'activity_signups.id', 'volunteer_ledger.signup_id')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('activity_signups.verification', '!=', 'verified')
      .executeTakeFirstOrThrow();
    expect(Number(ledgerOfPending.n)).toBe(0);
    expect(lines.some((l) => l.startsWith('demo: in-service party members 3360'))).toBe(true);
    // Monthly reviews point at the community's joint meeting of that month (Deliberation).
    const linked = await h.ctx.db.kysely.selectFrom('cobuild_reviews').select((eb) => eb.fn.countAll<number>().as('n')).where('meeting_id', 'is not', null).executeTakeFirstOrThrow();
    expect(Number(linked.n)).toBeGreaterThan(0);
  });

  it('gives the demo accounts their part: an organisation for demo-orgcontact, an in-service member for demo-partymember', async () => {
    const contact = await h.login('demo-orgcontact', 'demo-pass-123');
    const orgs = (await h.app.inject({ method: 'GET', url: '/api/cobuild/organizations?limit=200', headers: contact })).json();
    const mine = orgs.items.find((o: { isMine: boolean }) => o.isMine);
    expect(mine).toMatchObject({ name: '穆棱市人民医院', communities: [{ name: '民主社区' }] });
    const feedback = (await h.app.inject({ method: 'GET', url: `/api/cobuild/organizations/${mine.id}/feedback?year=2025`, headers: contact })).json();
    expect(feedback.items.length).toBeGreaterThan(10);
    expect(feedback.items.some((l: { hours: number }) => l.hours > 0)).toBe(true);

    const member = await h.login('demo-partymember', 'demo-pass-123');
    const me = (await h.app.inject({ method: 'GET', url: '/api/cobuild/me', headers: member })).json();
    expect(me.registration).toMatchObject({ community: { name: '民主社区' }, employer: { name: '穆棱市人民医院' }, state: 'active' });
    const record = (await h.app.inject({ method: 'GET', url: '/api/volunteers/me', headers: member })).json();
    expect(record.balance.hours).toBeGreaterThan(0);
    expect(record.teams[0]).toMatchObject({ kind: 'partyBranch', theme: 'snowClearing', communityName: '民主社区' });
    expect(record.upcoming.length).toBeGreaterThan(0);
  });
});
