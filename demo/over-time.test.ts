import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { figureRegistry } from '../src/modules/reports/figures.js';
import { buildUser } from '../src/testing/factories.js';
import { createHarness, type TestHarness } from '../src/testing/harness.js';
import { DEMO_DEFAULT_SEED, generateWorld } from './generate.js';
import { loadDemoWorld } from './load.js';
import { demoLocalDay, demoPeriodStart, demoStructureAt } from './period.js';

/**
 * The demo world seen over time: its structure stands from before its three years of records (a
 * report over any part of the period counts it), and its grid workers, each with an account, are
 * the people the cases, visits and patrols of their compounds name.
 */

/** Every structure figure of the results report and the article's number for it. */
const ARTICLE_STRUCTURE: Record<string, number> = {
  communities: 6,
  communityPartyOrganizations: 6,
  communityPartyMembers: 762,
  bigGrids: 6,
  volunteerPartyBranches: 39,
  inServiceMembersServing: 2117,
  partnerOrganizations: 108,
  inServiceMembersRegistered: 3360,
  serviceDepartments: 4,
  serviceTeams: 6,
  servicePoints: 19,
  grids: 245,
  serviceCategories: 8,
  serviceItems: 57,
};

let h: TestHarness;
let admin: Record<string, string>;
let now: Date;
type Report = { period: { from: string; to: string }; figures: { id: string; kind: string; value: number }[] };
type Ranking = { items: { rank: number | null; subject: { id: string; name: string; detail: string | null }; value: number | null }[]; red: unknown[] };

const addDays = (day: string, n: number) => new Date(Date.parse(`${day}T00:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10);
async function report(query: string): Promise<Report> {
  const res = await h.app.inject({ method: 'GET', url: `/api/reports/results?${query}`, headers: admin });
  expect(res.statusCode).toBe(200);
  return res.json();
}
const values = (r: Report, kind: 'structure' | 'flow') => Object.fromEntries(r.figures.filter((f) => f.kind === kind).map((f) => [f.id, f.value]));

beforeAll(async () => {
  h = await createHarness();
  now = h.clock.now();
  await loadDemoWorld({ db: h.ctx.db, cipher: h.ctx.cipher, seed: DEMO_DEFAULT_SEED, scale: 0.05, demoPassword: 'demo-pass-123', now });
  await buildUser(h.ctx, { username: 'admin', role: 'admin' });
  admin = await h.login('admin');
}, 300_000);
afterAll(() => h.close());

describe('the demo structure over its period', () => {
  it('is dated before the first record of the period', async () => {
    const start = demoPeriodStart(now).toISOString();
    const setUp = demoStructureAt(now).toISOString();
    expect(setUp < start).toBe(true);
    const kysely = h.ctx.db.kysely;
    for (const table of ['grids', 'party_orgs', 'rooms', 'households', 'persons', 'party_members', 'assignments', 'organizations', 'volunteer_teams', 'service_alliances'] as const) {
      const newer = await kysely.selectFrom(table).select((eb) => eb.fn.countAll<number>().as('n')).where('created_at', '>=', start).executeTakeFirstOrThrow();
      expect({ table, newer: Number(newer.n) }).toEqual({ table, newer: 0 });
    }
    // Of the accounts only the test's own admin is newer (made after the load, at "now").
    expect(await kysely.selectFrom('users').select('username').where('created_at', '>=', start).execute()).toEqual([{ username: 'admin' }]);
    const firstCase = await kysely.selectFrom('cases').select((eb) => eb.fn.min('created_at').as('at')).executeTakeFirstOrThrow();
    expect(Date.parse(String(firstCase.at))).toBeGreaterThanOrEqual(Date.parse(start));
  });

  it('gives the article\'s structure figures for the whole period, each year of it and a report ending a year before the load', async () => {
    // The figures checked here are exactly the report's structure figures.
    expect(figureRegistry.filter((f) => f.kind === 'structure').map((f) => f.id).sort()).toEqual(Object.keys(ARTICLE_STRUCTURE).sort());
    const today = demoLocalDay(now);
    const start = demoLocalDay(demoPeriodStart(now));
    const whole = await report(`from=${start}&to=${today}`);
    expect(values(whole, 'structure')).toEqual(ARTICLE_STRUCTURE);

    const yearAgo = demoLocalDay(new Date(now.getTime() - 365 * 86_400_000));
    const periods = [
      `to=${yearAgo}`,
      `from=${start}&to=${addDays(start, 364)}`,
      ...[0, 1, 2].map((back) => `from=${Number(today.slice(0, 4)) - 3 + back + 1}-01-01&to=${Number(today.slice(0, 4)) - 3 + back + 1}-12-31`),
      `from=${start}&to=${start}`,
    ];
    const wholeFlows = values(whole, 'flow');
    for (const query of periods) {
      const r = await report(query);
      expect({ query, structure: values(r, 'structure') }).toEqual({ query, structure: ARTICLE_STRUCTURE });
      // A real part of the period: fewer wishes fulfilled than over the whole of it.
      expect(values(r, 'flow').wishesFulfilled).toBeLessThan(wholeFlows.wishesFulfilled);
    }
    // Before the structure was set up there was none.
    const before = await report(`from=${addDays(demoLocalDay(demoStructureAt(now)), -400)}&to=${addDays(demoLocalDay(demoStructureAt(now)), -1)}`);
    expect(values(before, 'structure').grids).toBe(0);
    expect(values(before, 'structure').communities).toBe(0);
  });
});

describe('the demo grid workers', () => {
  it('each hold their compounds with an account, one account per compound', async () => {
    const world = generateWorld({ seed: DEMO_DEFAULT_SEED, scale: 0.05 });
    const rows = await h.ctx.db.kysely
      .selectFrom('users')
      .innerJoin('user_scopes', 'user_scopes.user_id', 'users.id')
      .innerJoin('grids', 'grids.id', 'user_scopes.grid_id')
      .select(['users.username', 'users.person_id', 'grids.code', 'grids.level'])
      .where('users.role', '=', 'gridWorker')
      .execute();
    expect(new Set(rows.map((r) => r.username)).size).toBe(1 + world.staffAccounts.length);
    expect(world.staffAccounts.length).toBeGreaterThanOrEqual(30);
    expect(rows.every((r) => r.level === 'compound' && r.person_id !== null)).toBe(true);
    const compounds = world.grids.filter((g) => g.level === 'compound').map((g) => g.code).sort();
    expect(rows.map((r) => r.code).sort()).toEqual(compounds);
    // A grid worker's account signs in with the demo password and sees their compounds.
    const account = world.staffAccounts[5];
    const me = (await h.app.inject({ method: 'GET', url: '/api/me', headers: await h.login(account.username, 'demo-pass-123') })).json();
    expect(me.role).toBe('gridWorker');
    expect(me.scopes.length).toBe(account.scopeGridCodes.length);
  });

  it('rank by the cases they closed over the demo period: dozens of workers with differing numbers', async () => {
    const from = demoLocalDay(demoPeriodStart(now));
    const res = await h.app.inject({ method: 'GET', url: `/api/rankings?subject=worker&indicator=closed&from=${from}&to=${demoLocalDay(now)}&size=10`, headers: admin });
    expect(res.statusCode).toBe(200);
    const ranking: Ranking = res.json();
    const world = generateWorld({ seed: DEMO_DEFAULT_SEED, scale: 0.05 });
    expect(ranking.items).toHaveLength(1 + world.staffAccounts.length);
    const closed = ranking.items.map((r) => r.value ?? 0);
    expect(closed.filter((n) => n > 0).length).toBeGreaterThanOrEqual(24);
    expect(new Set(closed).size).toBeGreaterThanOrEqual(8);
    expect(ranking.red).toHaveLength(10);
    // This year alone ranks them too.
    const thisYear: Ranking = (await h.app.inject({ method: 'GET', url: '/api/rankings?subject=worker&indicator=closed', headers: admin })).json();
    expect(thisYear.items.filter((r) => (r.value ?? 0) > 0).length).toBeGreaterThanOrEqual(10);
  });

  it('visit the households and follow up in their compounds', async () => {
    const kysely = h.ctx.db.kysely;
    const visits = await kysely
      .selectFrom('household_visits')
      .select([(eb) => eb.fn.countAll<number>().as('n'), (eb) => eb.fn.count<number>('visitor_user_id').as('named'), (eb) => eb.fn.count<number>('visitor_user_id').distinct().as('visitors')])
      .executeTakeFirstOrThrow();
    expect(Number(visits.n)).toBeGreaterThan(0);
    expect(Number(visits.named)).toBe(Number(visits.n));
    expect(Number(visits.visitors)).toBeGreaterThanOrEqual(30);
    // The visitor holds the household's compound.
    const strays = await kysely
      .selectFrom('household_visits as v')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where(({ not, exists, selectFrom }) =>
        not(
          exists(
            selectFrom('user_scopes as s')
              .innerJoin('grids as g', 'g.id', 's.grid_id')
              .select('s.user_id')
              .whereRef('s.user_id', '=', 'v.visitor_user_id')
              .where(sql<boolean>`v.grid_path like g.path || '%'`),
          ),
        ),
      )
      .executeTakeFirstOrThrow();
    expect(Number(strays.n)).toBe(0);
    const followUps = await kysely.selectFrom('follow_ups').select((eb) => eb.fn.count<number>('by_user_id').distinct().as('n')).executeTakeFirstOrThrow();
    expect(Number(followUps.n)).toBeGreaterThanOrEqual(30);
  });
});
