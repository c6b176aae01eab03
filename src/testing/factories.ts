import type { Polygon } from 'geojson';
import type { AppContext } from '../core/context.js';
import { geometryStats } from '../core/grids/geometry.js';
import { childPath } from '../core/grids/levels.js';
import { bumpBoundaryVersion } from '../core/grids/locator.js';
import { newId } from '../core/ids.js';
import { idNumberCheckChar } from '../core/people/identity.js';
import type { AssignmentRole, GridLevel, Role } from '../db/schema.js';
import { hashPassword, TEST_PASSWORD } from './harness.js';

export interface BuiltGrid {
  id: string;
  code: string;
  path: string;
  level: GridLevel;
  depth: number;
}

/** An axis-aligned rectangle as a GeoJSON polygon. */
export function rect(minLng: number, minLat: number, maxLng: number, maxLat: number): Polygon {
  return { type: 'Polygon', coordinates: [[[minLng, minLat], [maxLng, minLat], [maxLng, maxLat], [minLng, maxLat], [minLng, minLat]]] };
}

/** A valid identity number for a birth date and sequence (test data only). */
export function makeIdNumber(birth = '19800101', seq = '123', area = '231085'): string {
  const first17 = `${area}${birth}${seq}`;
  return `${first17}${idNumberCheckChar(first17)}`;
}

export async function buildGrid(ctx: AppContext, input: { code: string; name: string; level: GridLevel; parent?: BuiltGrid; boundary?: Polygon }): Promise<BuiltGrid> {
  const now = ctx.clock.now().toISOString();
  const path = childPath(input.parent?.path ?? null, input.code);
  const depth = input.parent ? input.parent.depth + 1 : 0;
  const s = input.boundary ? geometryStats(input.boundary) : undefined;
  const id = newId();
  await ctx.db.kysely
    .insertInto('grids')
    .values({
      id, code: input.code, name: input.name, level: input.level, parent_id: input.parent?.id ?? null, path, depth, sort: 0,
      boundary: input.boundary ? JSON.stringify(input.boundary) : null,
      centroid_lng: s?.centroidLng ?? null, centroid_lat: s?.centroidLat ?? null, min_lng: s?.minLng ?? null, min_lat: s?.minLat ?? null, max_lng: s?.maxLng ?? null, max_lat: s?.maxLat ?? null, area_m2: s?.areaM2 ?? null,
      attributes: null, created_at: now, updated_at: now,
    })
    .execute();
  if (input.boundary) await bumpBoundaryVersion(ctx.db.kysely, ctx.clock.now());
  return { id, code: input.code, path, level: input.level, depth };
}

export async function buildPerson(ctx: AppContext, input: { name: string; grid: BuiltGrid; idNumber?: string; phone?: string; careGroups?: string[]; partyMember?: 'community' | 'inService' }) {
  const now = ctx.clock.now().toISOString();
  const id = newId();
  await ctx.db.kysely
    .insertInto('persons')
    .values({
      id, name: input.name, gender: null, birth_year: null,
      id_number_enc: input.idNumber ? ctx.cipher.encrypt(input.idNumber) : null, id_number_hash: input.idNumber ? ctx.cipher.hash(input.idNumber) : null,
      phone_enc: input.phone ? ctx.cipher.encrypt(input.phone) : null, phone_hash: input.phone ? ctx.cipher.hash(input.phone) : null,
      grid_id: input.grid.id, grid_path: input.grid.path, household_id: null, room_id: null, relation: null, note: null, created_at: now, updated_at: now,
    })
    .execute();
  for (const group of input.careGroups ?? []) {
    await ctx.db.kysely.insertInto('care_groups').values({ person_id: id, group_code: group as never, grid_path: input.grid.path, since: null, note: null }).execute();
  }
  if (input.partyMember) {
    await ctx.db.kysely.insertInto('party_members').values({ person_id: id, kind: input.partyMember, party_org_id: null, employer_org_id: null, joined_on: null, grid_path: input.grid.path, created_at: now }).execute();
  }
  return { id, name: input.name };
}

export async function buildPartyOrg(ctx: AppContext, input: { name: string; grid: BuiltGrid; kind?: 'committee' | 'branch' }) {
  const id = newId();
  await ctx.db.kysely.insertInto('party_orgs').values({ id, name: input.name, kind: input.kind ?? 'branch', grid_id: input.grid.id, grid_path: input.grid.path, created_at: ctx.clock.now().toISOString() }).execute();
  return { id, name: input.name };
}

export async function buildAssignment(ctx: AppContext, input: { grid: BuiltGrid; role: AssignmentRole; personId?: string; partyOrgId?: string }) {
  const id = newId();
  await ctx.db.kysely
    .insertInto('assignments')
    .values({ id, grid_id: input.grid.id, grid_path: input.grid.path, role: input.role, person_id: input.personId ?? null, party_org_id: input.partyOrgId ?? null, start_on: '2026-01-01', end_on: null, created_at: ctx.clock.now().toISOString() })
    .execute();
  return { id };
}

let cachedHash: Promise<string> | undefined;

export async function buildUser(ctx: AppContext, input: { username: string; role: Role; scope?: BuiltGrid[] }) {
  cachedHash ??= hashPassword(TEST_PASSWORD);
  const now = ctx.clock.now().toISOString();
  const id = newId();
  await ctx.db.kysely
    .insertInto('users')
    .values({ id, username: input.username, display_name: input.username, password_hash: await cachedHash, role: input.role, person_id: null, locale: 'zh-CN', is_active: 1, created_at: now, updated_at: now, last_login_at: null })
    .execute();
  for (const grid of input.scope ?? []) await ctx.db.kysely.insertInto('user_scopes').values({ user_id: id, grid_id: grid.id }).execute();
  return { id, username: input.username };
}

/**
 * A small world with two communities side by side, so every scope test has a neighbour to try
 * to reach: 民主社区 (A) with two compounds, a building and two stairwells (one without a
 * steward), and 富家社区 (B) with one compound.
 */
export async function buildWorld(ctx: AppContext) {
  const city = await buildGrid(ctx, { code: '231085', name: '穆棱市', level: 'city', boundary: rect(130.0, 44.0, 131.0, 45.5) });
  const town = await buildGrid(ctx, { code: '231085100', name: '八面通镇', level: 'subdistrict', parent: city, boundary: rect(130.4, 44.8, 130.6, 45.0) });
  const commA = await buildGrid(ctx, { code: '231085100001', name: '民主社区', level: 'community', parent: town, boundary: rect(130.4, 44.8, 130.5, 45.0) });
  const commB = await buildGrid(ctx, { code: '231085100002', name: '富家社区', level: 'community', parent: town, boundary: rect(130.5, 44.8, 130.6, 45.0) });
  const compoundA1 = await buildGrid(ctx, { code: '231085100001001', name: '民主家园', level: 'compound', parent: commA, boundary: rect(130.4, 44.8, 130.45, 44.9) });
  const compoundA2 = await buildGrid(ctx, { code: '231085100001002', name: '曙光小区', level: 'compound', parent: commA, boundary: rect(130.45, 44.8, 130.5, 44.9) });
  const compoundB1 = await buildGrid(ctx, { code: '231085100002001', name: '富家花园', level: 'compound', parent: commB, boundary: rect(130.5, 44.8, 130.55, 44.9) });
  const buildingA1 = await buildGrid(ctx, { code: '231085100001001001', name: '1号楼', level: 'building', parent: compoundA1, boundary: rect(130.41, 44.81, 130.42, 44.82) });
  const stairA1 = await buildGrid(ctx, { code: '23108510000100100101', name: '1单元', level: 'stairwell', parent: buildingA1, boundary: rect(130.41, 44.81, 130.415, 44.82) });
  const stairA2 = await buildGrid(ctx, { code: '23108510000100100102', name: '2单元', level: 'stairwell', parent: buildingA1, boundary: rect(130.415, 44.81, 130.42, 44.82) });
  const buildingB1 = await buildGrid(ctx, { code: '231085100002001001', name: '1号楼', level: 'building', parent: compoundB1, boundary: rect(130.51, 44.81, 130.52, 44.82) });
  const stairB1 = await buildGrid(ctx, { code: '23108510000200100101', name: '1单元', level: 'stairwell', parent: buildingB1, boundary: rect(130.51, 44.81, 130.52, 44.82) });

  const zhang = await buildPerson(ctx, { name: '张三', grid: stairA1, idNumber: makeIdNumber('19800101', '123'), phone: '13812345678', careGroups: ['elderlyAlone'], partyMember: 'community' });
  const wang = await buildPerson(ctx, { name: '王五', grid: stairA2, idNumber: makeIdNumber('19900215', '456'), phone: '13900001111' });
  const li = await buildPerson(ctx, { name: '李四', grid: stairB1, idNumber: makeIdNumber('19751130', '789'), phone: '13700002222' });

  const committeeA = await buildPartyOrg(ctx, { name: '民主社区党委', grid: commA, kind: 'committee' });
  const branchA1 = await buildPartyOrg(ctx, { name: '民主家园网格党支部', grid: compoundA1 });
  await buildAssignment(ctx, { grid: compoundA1, role: 'partyOrg', partyOrgId: branchA1.id });
  await buildAssignment(ctx, { grid: stairA1, role: 'steward', personId: zhang.id });
  await buildAssignment(ctx, { grid: compoundA1, role: 'gridWorker', personId: wang.id });

  const users = {
    admin: await buildUser(ctx, { username: 'admin', role: 'admin' }),
    cadre: await buildUser(ctx, { username: 'cadre', role: 'cadre', scope: [town] }),
    secA: await buildUser(ctx, { username: 'sec-a', role: 'secretary', scope: [commA] }),
    secB: await buildUser(ctx, { username: 'sec-b', role: 'secretary', scope: [commB] }),
    worker: await buildUser(ctx, { username: 'worker', role: 'gridWorker', scope: [compoundA1] }),
    steward: await buildUser(ctx, { username: 'steward', role: 'steward', scope: [stairA1] }),
    resident: await buildUser(ctx, { username: 'resident', role: 'resident', scope: [compoundA1] }),
  };
  return { city, town, commA, commB, compoundA1, compoundA2, compoundB1, buildingA1, stairA1, stairA2, buildingB1, stairB1, people: { zhang, wang, li }, orgs: { committeeA, branchA1 }, users };
}

export type World = Awaited<ReturnType<typeof buildWorld>>;
