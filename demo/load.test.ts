import { afterEach, describe, expect, it } from 'vitest';
import { verify } from '@node-rs/argon2';
import type { Db } from '../src/db/index.js';
import { openTestDb } from '../src/testing/harness.js';
import { createFieldCipher } from '../src/core/secrets.js';
import { idNumberProblem } from '../src/core/people/identity.js';
import { generateWorld, summarizeWorld } from './generate.js';
import { loadDemoWorld } from './load.js';
import { demoStructureAt } from './period.js';

const cipher = createFieldCipher('demo-load-test-secret');
const SCALE = 0.05;
const SEED = 11;
const open: Db[] = [];

async function emptyDb(): Promise<Db> {
  // In-memory SQLite, or the PostgreSQL database of DATABASE_URL emptied first (npm run test:pg).
  const db = await openTestDb();
  open.push(db);
  return db;
}

async function count(db: Db, table: 'grids' | 'party_orgs' | 'rooms' | 'households' | 'persons' | 'party_members' | 'care_groups' | 'assignments' | 'users' | 'user_scopes'): Promise<number> {
  const row = await db.kysely.selectFrom(table).select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
  return Number(row.n);
}

afterEach(async () => {
  while (open.length > 0) await open.pop()!.close();
});

describe('loadDemoWorld', () => {
  it('writes the whole world with paths, geometry, encrypted identifiers and accounts', async () => {
    const db = await emptyDb();
    const lines: string[] = [];
    const now = new Date('2025-03-01T08:00:00.000Z');
    // Co-building adds in-service party members (demo/cobuild.test.ts covers it); this test counts the world itself.
    const result = await loadDemoWorld({ db, cipher, seed: SEED, scale: SCALE, demoPassword: 'demo-pass-123', now, log: (l) => lines.push(l), withCobuild: false });
    const expected = summarizeWorld(generateWorld({ seed: SEED, scale: SCALE }));

    expect(await count(db, 'grids')).toBe(expected.grids);
    expect(await count(db, 'party_orgs')).toBe(251);
    expect(await count(db, 'rooms')).toBe(expected.rooms);
    expect(await count(db, 'households')).toBe(expected.households);
    expect(await count(db, 'persons')).toBe(expected.persons);
    expect(await count(db, 'party_members')).toBe(762);
    expect(await count(db, 'care_groups')).toBe(expected.careGroups);
    expect(await count(db, 'assignments')).toBe(expected.assignments);
    // The nine demo accounts and one account for each other grid worker.
    expect(expected.staffAccounts).toBeGreaterThanOrEqual(30);
    expect(await count(db, 'users')).toBe(9 + expected.staffAccounts);
    expect(result.accounts).toHaveLength(9);
    expect(result.counts.persons).toBe(expected.persons);

    const levels = await db.kysely.selectFrom('grids').select(['level', (eb) => eb.fn.countAll<number>().as('n')]).groupBy('level').execute();
    const byLevel = Object.fromEntries(levels.map((l) => [l.level, Number(l.n)]));
    expect(byLevel).toMatchObject({ city: 1, subdistrict: 1, community: 6, compound: 245 });
    const committees = await db.kysely
      .selectFrom('party_orgs')
      .innerJoin('grids', 'grids.id', 'party_orgs.grid_id')
      .select(['party_orgs.name', 'party_orgs.grid_path', 'grids.path'])
      .where('party_orgs.kind', '=', 'committee')
      .where('grids.level', '=', 'community')
      .execute();
    expect(committees).toHaveLength(6);
    for (const c of committees) expect(c.grid_path).toBe(c.path);

    // Materialized paths and depths follow the parent chain.
    const city = await db.kysely.selectFrom('grids').selectAll().where('level', '=', 'city').executeTakeFirstOrThrow();
    // The structure stands from before the demo's three years of records (2022-03-01 Beijing time, less thirty days).
    expect(demoStructureAt(now).toISOString()).toBe('2022-01-29T16:00:00.000Z');
    expect(city).toMatchObject({ path: '/231085/', depth: 0, parent_id: null, created_at: demoStructureAt(now).toISOString() });
    expect(city.area_m2!).toBeGreaterThan(5.5e9);
    expect(city.area_m2!).toBeLessThan(7e9);
    const stairwell = await db.kysely.selectFrom('grids').selectAll().where('level', '=', 'stairwell').orderBy('code').executeTakeFirstOrThrow();
    const c = stairwell.code;
    expect(stairwell.depth).toBe(5);
    expect(stairwell.path).toBe(`/231085/231085100/${c.slice(0, 12)}/${c.slice(0, 15)}/${c.slice(0, 18)}/${c}/`);
    const parent = await db.kysely.selectFrom('grids').select(['code', 'path']).where('id', '=', stairwell.parent_id!).executeTakeFirstOrThrow();
    expect(stairwell.path.startsWith(parent.path)).toBe(true);
    const missingGeometry = await db.kysely
      .selectFrom('grids')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where((eb) => eb.or([eb('centroid_lng', 'is', null), eb('min_lat', 'is', null), eb('area_m2', 'is', null), eb('boundary', 'is', null)]))
      .executeTakeFirstOrThrow();
    expect(Number(missingGeometry.n)).toBe(0);
    const compound = await db.kysely.selectFrom('grids').selectAll().where('level', '=', 'compound').orderBy('code').executeTakeFirstOrThrow();
    expect(compound.centroid_lng!).toBeGreaterThan(compound.min_lng!);
    expect(compound.centroid_lng!).toBeLessThan(compound.max_lng!);
    expect(compound.centroid_lat!).toBeGreaterThan(compound.min_lat!);
    expect(compound.centroid_lat!).toBeLessThan(compound.max_lat!);
    expect(compound.area_m2!).toBeGreaterThan(10_000);

    // People: encrypted identifiers that decrypt to valid values and match their blind index.
    const people = await db.kysely.selectFrom('persons').selectAll().limit(200).execute();
    for (const p of people) {
      const idNumber = cipher.decrypt(p.id_number_enc!);
      expect(idNumberProblem(idNumber)).toBeNull();
      expect(p.id_number_hash).toBe(cipher.hash(idNumber));
      expect(p.id_number_enc).not.toContain(idNumber);
      if (p.phone_enc) expect(p.phone_hash).toBe(cipher.hash(cipher.decrypt(p.phone_enc)));
      expect(p.grid_path!.endsWith(`/${(await db.kysely.selectFrom('grids').select('code').where('id', '=', p.grid_id!).executeTakeFirstOrThrow()).code}/`)).toBe(true);
    }
    const strayMembers = await db.kysely
      .selectFrom('party_members')
      .innerJoin('persons', 'persons.id', 'party_members.person_id')
      .innerJoin('party_orgs', 'party_orgs.id', 'party_members.party_org_id')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where((eb) => eb.or([eb('party_members.grid_path', '!=', eb.ref('persons.grid_path')), eb('party_members.kind', '!=', 'community')]))
      .executeTakeFirstOrThrow();
    expect(Number(strayMembers.n)).toBe(0);

    // Coverage gaps are real in the database: stairwells without a steward.
    const uncovered = await db.kysely
      .selectFrom('grids')
      .select('code')
      .where('level', '=', 'stairwell')
      .where(({ not, exists, selectFrom }) =>
        not(exists(selectFrom('assignments').select('assignments.id').whereRef('assignments.grid_id', '=', 'grids.id').where('assignments.role', '=', 'steward'))),
      )
      .execute();
    expect(uncovered).toHaveLength(6);

    // Accounts: argon2id hashes of the given password, scoped to grid ids, linked to persons.
    expect(result.accounts.map((a) => a.username)).toContain('demo-secretary');
    expect(result.accounts.every((a) => a.password === 'demo-pass-123')).toBe(true);
    const secretary = await db.kysely.selectFrom('users').selectAll().where('username', '=', 'demo-secretary').executeTakeFirstOrThrow();
    expect(secretary.role).toBe('secretary');
    expect(secretary.password_hash.startsWith('$argon2id$')).toBe(true);
    expect(await verify(secretary.password_hash, 'demo-pass-123')).toBe(true);
    expect(secretary.person_id).not.toBeNull();
    const scope = await db.kysely
      .selectFrom('user_scopes')
      .innerJoin('grids', 'grids.id', 'user_scopes.grid_id')
      .select(['grids.code', 'grids.name'])
      .where('user_scopes.user_id', '=', secretary.id)
      .execute();
    expect(scope).toEqual([{ code: '231085100001', name: '民主社区' }]);
    const gridWorkerScopes = await db.kysely
      .selectFrom('user_scopes')
      .innerJoin('users', 'users.id', 'user_scopes.user_id')
      .innerJoin('grids', 'grids.id', 'user_scopes.grid_id')
      .select('grids.level')
      .where('users.username', '=', 'demo-gridworker')
      .execute();
    expect(gridWorkerScopes.length).toBeGreaterThanOrEqual(3);
    expect(gridWorkerScopes.every((s) => s.level === 'compound')).toBe(true);
    // Every compound is held by exactly one grid worker's account, linked to the person on duty there.
    const held = await db.kysely
      .selectFrom('user_scopes')
      .innerJoin('users', 'users.id', 'user_scopes.user_id')
      .innerJoin('grids', 'grids.id', 'user_scopes.grid_id')
      .innerJoin('assignments', (j) => j.onRef('assignments.grid_id', '=', 'grids.id').on('assignments.role', '=', 'gridWorker'))
      .select(['grids.code', 'users.username', 'users.person_id', 'assignments.person_id as on_duty'])
      .where('users.role', '=', 'gridWorker')
      .execute();
    expect(held).toHaveLength(245);
    expect(new Set(held.map((r) => r.code)).size).toBe(245);
    expect(held.every((r) => r.person_id === r.on_duty)).toBe(true);
    expect(held.every((r) => r.username === 'demo-gridworker' || /^gridworker-\d{3}-\d{2}$/.test(r.username))).toBe(true);

    expect(lines.some((l) => /^demo: grids [\d,]+ \(6 communities, 245 compounds/.test(l))).toBe(true);
    expect(lines.some((l) => l.startsWith('demo: persons '))).toBe(true);
  });

  it('refuses a database that already has grids, and makes a fresh random password per load', async () => {
    const db = await emptyDb();
    // Only the refusal and the passwords are under test here: the world without its three years of records.
    const first = await loadDemoWorld({ db, cipher, seed: SEED, scale: SCALE, withCases: false, withCobuild: false });
    const password = first.accounts[0].password;
    expect(password).toMatch(/^[a-z2-9]{4}-[a-z2-9]{4}-[a-z2-9]{4}$/);
    expect(new Set(first.accounts.map((a) => a.password))).toEqual(new Set([password]));
    const persons = await count(db, 'persons');

    await expect(loadDemoWorld({ db, cipher, seed: SEED, scale: SCALE, withCases: false, withCobuild: false })).rejects.toThrow(/already has grids/);
    expect(await count(db, 'persons')).toBe(persons);
    expect(await count(db, 'users')).toBe(9 + summarizeWorld(generateWorld({ seed: SEED, scale: SCALE })).staffAccounts);

    const other = await emptyDb();
    const second = await loadDemoWorld({ db: other, cipher, seed: SEED, scale: SCALE, withCases: false, withCobuild: false });
    expect(second.accounts[0].password).not.toBe(password);
  });

  it('rolls back everything when a write fails part-way', async () => {
    const db = await emptyDb();
    // A user that collides with a demo account makes the last step fail.
    await db.kysely
      .insertInto('users')
      .values({ id: 'u1', username: 'demo-resident', display_name: 'x', password_hash: 'x', role: 'resident', person_id: null, locale: 'zh-CN', is_active: 1, created_at: 'x', updated_at: 'x', last_login_at: null })
      .execute();
    await expect(loadDemoWorld({ db, cipher, seed: SEED, scale: SCALE, demoPassword: 'x' })).rejects.toThrow();
    expect(await count(db, 'grids')).toBe(0);
    expect(await count(db, 'persons')).toBe(0);
  });
});
