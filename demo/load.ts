/**
 * Writes the Muling demo world into an empty, migrated database: one transaction, batched
 * inserts, the same code on SQLite and PostgreSQL. Identity numbers and phones are encrypted with
 * the deployment's field cipher and indexed by its keyed hash, as real data is.
 */
import crypto from 'node:crypto';
import { geometryStats, type GridGeometry } from '../src/core/grids/geometry.js';
import { hash as argon2Hash } from '@node-rs/argon2';
import type { Insertable, Kysely } from 'kysely';
import type { Db } from '../src/db/index.js';
import type { Database, GridTable } from '../src/db/schema.js';
import type { FieldCipher } from '../src/core/secrets.js';
import { newId } from '../src/core/ids.js';
import { normalizeIdNumber, normalizePhone } from '../src/core/people/identity.js';
import { generateWorld, summarizeWorld, type DemoGeometry } from './generate.js';
import { loadDemoCases } from './cases.js';
import { loadDemoDeliberation } from './deliberation.js';
import { loadDemoCobuild } from './cobuild.js';
import { loadDemoServices } from './services.js';
import { loadDemoNotices } from './notices.js';
import { rebuildRollups } from '../src/modules/analytics/rollups.js';
import { demoLocalDay, demoStructureAt } from './period.js';

export interface LoadDemoWorldOptions {
  db: Db;
  cipher: FieldCipher;
  seed?: number;
  /** See `generateWorld`: 1 ≈ 50,000 residents; 0.05 for fast tests. */
  scale?: number;
  /** Password of every demo account; a random one (returned) when not given. */
  demoPassword?: string;
  /**
   * The end of the demo's three years of records (cases, wishes, activities…). The world's
   * structure (grids, party organisations, people, assignments, accounts) is dated before they
   * begin (`demoStructureAt`, demo/period.ts), so reports over any part of the period count it.
   */
  now?: Date;
  /** Receives one progress line per step. */
  log?: (line: string) => void;
  /** Three years of cases (demo/cases.ts) in the same transaction; `false` leaves the world without cases. */
  withCases?: boolean;
  /** Three years of co-building and volunteer service (demo/cobuild.ts); `false` leaves them out. */
  withCobuild?: boolean;
}

export interface LoadDemoWorldResult {
  /** The demo accounts and their (shared) password, for the caller to print. */
  accounts: { username: string; role: string; password: string }[];
  /** How many rows of each kind were written. */
  counts: Record<string, number>;
}

const BATCH = 500;

export async function loadDemoWorld(options: LoadDemoWorldOptions): Promise<LoadDemoWorldResult> {
  const { db, cipher } = options;
  const log = options.log ?? (() => {});
  const started = performance.now();
  const now = options.now ?? new Date();
  const at = now.toISOString();
  // Set up before the period's first record; duties that began later in the world's story are clamped to it.
  const setUpAt = demoStructureAt(now).toISOString();
  const setUpDay = demoLocalDay(demoStructureAt(now));
  await refuseIfNotEmpty(db.kysely);

  const world = generateWorld({ seed: options.seed, scale: options.scale });
  const counts = summarizeWorld(world);
  log(`demo: world generated (seed ${world.seed}, scale ${world.scale}) in ${seconds(started)}`);

  const password = options.demoPassword ?? randomPassword();
  const accounts = [...world.accounts, ...world.staffAccounts];
  // Hashed on the thread pool while the main thread writes the grids and people; awaited when the accounts are written.
  const hashing = Promise.all(accounts.map(() => argon2Hash(password)));

  await db.kysely.transaction().execute(async (trx) => {
    // Checked again inside the transaction: two loaders started at once must not both write.
    await refuseIfNotEmpty(trx);

    // --- grids --------------------------------------------------------------------------------
    const grid = new Map<string, { id: string; path: string; depth: number }>();
    const siblings = new Map<string | null, number>();
    const gridRows: Insertable<GridTable>[] = world.grids.map((g) => {
      const parent = g.parentCode === null ? undefined : grid.get(g.parentCode);
      if (g.parentCode !== null && !parent) throw new Error(`demo: grid ${g.code} comes before its parent ${g.parentCode}`);
      const id = newId();
      const path = `${parent ? parent.path : '/'}${g.code}/`;
      const depth = parent ? parent.depth + 1 : 0;
      grid.set(g.code, { id, path, depth });
      const sort = siblings.get(g.parentCode) ?? 0;
      siblings.set(g.parentCode, sort + 1);
      const shape = g.boundary ? measure(g.boundary) : null;
      return {
        id,
        code: g.code,
        name: g.name,
        level: g.level,
        parent_id: parent ? parent.id : null,
        path,
        depth,
        sort,
        boundary: g.boundary ? JSON.stringify(g.boundary) : null,
        centroid_lng: shape?.centroid[0] ?? null,
        centroid_lat: shape?.centroid[1] ?? null,
        min_lng: shape?.bbox[0] ?? null,
        min_lat: shape?.bbox[1] ?? null,
        max_lng: shape?.bbox[2] ?? null,
        max_lat: shape?.bbox[3] ?? null,
        area_m2: shape ? Math.round(shape.areaM2 * 100) / 100 : null,
        attributes: g.attributes ? JSON.stringify(g.attributes) : null,
        created_at: setUpAt,
        updated_at: setUpAt,
      };
    });
    await insertAll(trx, 'grids', gridRows);
    log(
      `demo: grids ${fmt(counts.grids)} (${fmt(counts.communities)} communities, ${fmt(counts.compounds)} compounds, ` +
        `${fmt(counts.buildings)} buildings, ${fmt(counts.stairwells)} stairwells)`,
    );
    const gridOf = (code: string) => {
      const g = grid.get(code);
      if (!g) throw new Error(`demo: unknown grid ${code}`);
      return g;
    };

    // --- party organisations --------------------------------------------------------------------
    const orgId = new Map<string, string>();
    await insertAll(
      trx,
      'party_orgs',
      world.partyOrgs.map((o) => {
        const id = newId();
        orgId.set(o.key, id);
        const g = gridOf(o.gridCode);
        return { id, name: o.name, kind: o.kind, grid_id: g.id, grid_path: g.path, created_at: setUpAt };
      }),
    );
    const committees = world.partyOrgs.filter((o) => o.kind === 'committee').length;
    log(`demo: party organisations ${fmt(world.partyOrgs.length)} (${fmt(committees)} community committees, ${fmt(world.partyOrgs.length - committees)} compound branches)`);

    // --- rooms and households ---------------------------------------------------------------------
    const roomId = new Map<string, string>();
    await insertAll(
      trx,
      'rooms',
      world.rooms.map((r) => {
        const id = newId();
        roomId.set(r.key, id);
        const g = gridOf(r.gridCode);
        return { id, grid_id: g.id, grid_path: g.path, number: r.number, floor: r.floor, area_m2: r.areaM2, use: r.use, created_at: setUpAt };
      }),
    );
    // Person ids are made now so that each household can name its head before the persons exist.
    const personId = new Map<string, string>(world.persons.map((p) => [p.key, newId()]));
    const householdId = new Map<string, string>();
    await insertAll(
      trx,
      'households',
      world.households.map((h) => {
        const id = newId();
        householdId.set(h.key, id);
        const g = gridOf(h.gridCode);
        return { id, room_id: roomId.get(h.roomKey)!, grid_id: g.id, grid_path: g.path, head_person_id: personId.get(h.headPersonKey)!, created_at: setUpAt };
      }),
    );
    log(`demo: rooms ${fmt(world.rooms.length)}, households ${fmt(world.households.length)}`);

    // --- persons ----------------------------------------------------------------------------------
    const pathOfPerson = new Map<string, string>();
    await insertAll(
      trx,
      'persons',
      world.persons.map((p) => {
        const g = gridOf(p.gridCode);
        pathOfPerson.set(p.key, g.path);
        const idNumber = normalizeIdNumber(p.idNumber);
        const phone = p.phone === null ? null : normalizePhone(p.phone);
        return {
          id: personId.get(p.key)!,
          name: p.name,
          gender: p.gender,
          birth_year: p.birthYear,
          id_number_enc: cipher.encrypt(idNumber),
          id_number_hash: cipher.hash(idNumber),
          phone_enc: phone === null ? null : cipher.encrypt(phone),
          phone_hash: phone === null ? null : cipher.hash(phone),
          grid_id: g.id,
          grid_path: g.path,
          household_id: householdId.get(p.householdKey)!,
          room_id: roomId.get(p.roomKey)!,
          relation: p.relation,
          note: p.note,
          created_at: setUpAt,
          updated_at: setUpAt,
        };
      }),
    );
    log(`demo: persons ${fmt(world.persons.length)} (identity numbers and phones encrypted)`);

    // --- party members and care groups -----------------------------------------------------------
    await insertAll(
      trx,
      'party_members',
      world.partyMembers.map((m) => ({
        person_id: personId.get(m.personKey)!,
        kind: m.kind,
        party_org_id: orgId.get(m.partyOrgKey)!,
        employer_org_id: null,
        joined_on: m.joinedOn,
        grid_path: pathOfPerson.get(m.personKey)!,
        created_at: setUpAt,
      })),
    );
    await insertAll(
      trx,
      'care_groups',
      world.careGroups.map((c) => ({
        person_id: personId.get(c.personKey)!,
        group_code: c.groupCode,
        grid_path: pathOfPerson.get(c.personKey)!,
        since: c.since,
        note: c.note,
      })),
    );
    log(`demo: party members ${fmt(world.partyMembers.length)}, care-group entries ${fmt(world.careGroups.length)}`);

    // --- assignments (包保) ------------------------------------------------------------------------
    await insertAll(
      trx,
      'assignments',
      world.assignments.map((a) => {
        const g = gridOf(a.gridCode);
        return {
          id: newId(),
          grid_id: g.id,
          grid_path: g.path,
          role: a.role,
          person_id: a.personKey === null ? null : personId.get(a.personKey)!,
          party_org_id: a.partyOrgKey === null ? null : orgId.get(a.partyOrgKey)!,
          start_on: a.startOn < setUpDay ? a.startOn : setUpDay,
          end_on: null,
          created_at: setUpAt,
        };
      }),
    );
    const byRole = new Map<string, number>();
    for (const a of world.assignments) byRole.set(a.role, (byRole.get(a.role) ?? 0) + 1);
    log(
      `demo: assignments ${fmt(world.assignments.length)} (${[...byRole].map(([role, n]) => `${role} ${fmt(n)}`).join(', ')}; ` +
        `${world.gaps.stairwellsWithoutSteward.length} stairwells without steward, ${world.gaps.compoundsWithoutPartyOrg.length} compounds without party branch, on purpose)`,
    );

    // --- accounts: the demo account of each role, then the other grid workers' --------------------
    const scopes: { user_id: string; grid_id: string }[] = [];
    const passwordHashes = await hashing;
    await insertAll(
      trx,
      'users',
      accounts.map((a, i) => {
        const id = newId();
        for (const code of a.scopeGridCodes) scopes.push({ user_id: id, grid_id: gridOf(code).id });
        return {
          id,
          username: a.username,
          display_name: a.displayName,
          password_hash: passwordHashes[i],
          role: a.role,
          person_id: a.personKey === null ? null : personId.get(a.personKey)!,
          locale: 'zh-CN',
          is_active: 1,
          created_at: setUpAt,
          updated_at: setUpAt,
          last_login_at: null,
        };
      }),
    );
    await insertAll(trx, 'user_scopes', scopes);
    log(`demo: accounts ${world.accounts.length} (${world.accounts.map((a) => a.username).join(', ')}) and ${world.staffAccounts.length} other grid workers' (gridworker-…)`);

    if (options.withCases !== false) counts.cases = (await loadDemoCases({ db: trx, cipher, world, now: new Date(at), log })).cases;
    counts.deliberationMeetings = (await loadDemoDeliberation({ db: trx, world, now: new Date(at), log })).meetings;
    if (options.withCobuild !== false) Object.assign(counts, await loadDemoCobuild({ db: trx, cipher, world, now: new Date(at), log }));
    Object.assign(counts, await loadDemoServices({ db: trx, now: new Date(at), seed: options.seed, log }));
    counts.notices = (await loadDemoNotices({ db: trx, now: new Date(at), seed: options.seed, log })).notices;
    // The case roll-ups the dashboard and the results report read, from the history just written (deliberation closes some cases).
    if (options.withCases !== false) counts.caseRollups = (await rebuildRollups(trx, log)).rows;
  });

  counts.userScopes = accounts.reduce((n, a) => n + a.scopeGridCodes.length, 0);
  log(`demo: done in ${seconds(started)}`);
  return {
    accounts: world.accounts.map((a) => ({ username: a.username, role: a.role, password })),
    counts,
  };
}

async function refuseIfNotEmpty(db: Kysely<Database>): Promise<void> {
  const row = await db.selectFrom('grids').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
  if (Number(row.n) > 0) throw new Error('demo: the database already has grids; the demo world loads only into an empty database');
}

async function insertAll<T extends keyof Database & string>(trx: Kysely<Database>, table: T, rows: Insertable<Database[T]>[]): Promise<void> {
  for (let i = 0; i < rows.length; i += BATCH) {
    // Kysely cannot narrow the row type through a generic table name; the caller's rows are typed.
    await trx
      .insertInto(table)
      .values(rows.slice(i, i + BATCH) as never)
      .execute();
  }
}

/**
 * Bounding box, centroid and area, exactly as the API computes them when a boundary is edited
 * (`geometryStats`: area-weighted centroid of the largest part, relative to its first vertex so
 * that small buildings far from the origin keep their precision).
 */
function measure(geometry: DemoGeometry): { bbox: [number, number, number, number]; centroid: [number, number]; areaM2: number } {
  const s = geometryStats(geometry as GridGeometry);
  return { bbox: [s.minLng, s.minLat, s.maxLng, s.maxLat], centroid: [round7(s.centroidLng), round7(s.centroidLat)], areaM2: s.areaM2 };
}

function round7(v: number): number {
  return Math.round(v * 1e7) / 1e7;
}

/** Twelve characters from an unambiguous alphabet, e.g. `k7mq-x2pd-9hta`. */
function randomPassword(): string {
  const alphabet = 'abcdefghjkmnpqrstuvwxyz23456789';
  const groups: string[] = [];
  for (let g = 0; g < 3; g++) {
    let s = '';
    for (let i = 0; i < 4; i++) s += alphabet[crypto.randomInt(alphabet.length)];
    groups.push(s);
  }
  return groups.join('-');
}

function fmt(n: number): string {
  return n.toLocaleString('en-US');
}

function seconds(since: number): string {
  return `${((performance.now() - since) / 1000).toFixed(1)} s`;
}
