import type { Insertable, Kysely } from 'kysely';
import type { Database } from '../../db/schema.js';
import { inScope, type Actor } from '../../core/scope.js';
import { chunks } from './row-check.js';

export type ImportGrid = Pick<Database['grids'], 'id' | 'code' | 'name' | 'level' | 'path' | 'depth' | 'parent_id' | 'attributes'>;

/** Rows per `in (…)` list: well inside SQLite's and PostgreSQL's parameter limits. */
const LOOKUP_CHUNK = 900;
/** Parameters per multi-row insert (SQLite allows 32,766, PostgreSQL 65,535). */
const INSERT_PARAMS = 16_000;

async function lookup<T>(keys: string[], fetch: (part: string[]) => Promise<T[]>): Promise<T[]> {
  const unique = [...new Set(keys.filter(Boolean))];
  const out: T[] = [];
  for (const part of chunks(unique, LOOKUP_CHUNK)) out.push(...(await fetch(part)));
  return out;
}

/** Inserts many rows with as few statements as the parameter limits allow. */
async function insertMany<T extends keyof Database>(db: Kysely<Database>, table: T, rows: Insertable<Database[T]>[], progress?: (n: number) => void): Promise<void> {
  if (rows.length === 0) return;
  const size = Math.max(1, Math.floor(INSERT_PARAMS / Object.keys(rows[0] as object).length));
  for (const part of chunks(rows, size)) {
    await db.insertInto(table).values(part as never).execute();
    progress?.(part.length);
  }
}

/**
 * SQL of imports. Lookups are batched by key; writes are multi-row inserts, so ten thousand
 * residents take a few dozen statements. Reads of governed records are filtered by scope where
 * the import must not see others (party organisations); where a row may name a record outside
 * scope (a grid code, an identity number) the row is reported, so those lookups see all.
 */
export function importsRepository(db: Kysely<Database>) {
  return {
    gridsByCodes(codes: string[]): Promise<ImportGrid[]> {
      return lookup(codes, (part) => db.selectFrom('grids').select(['id', 'code', 'name', 'level', 'path', 'depth', 'parent_id', 'attributes']).where('code', 'in', part).execute());
    },
    gridsByIds(ids: string[]): Promise<ImportGrid[]> {
      return lookup(ids, (part) => db.selectFrom('grids').select(['id', 'code', 'name', 'level', 'path', 'depth', 'parent_id', 'attributes']).where('id', 'in', part).execute());
    },
    personsByIdHashes(hashes: string[]) {
      return lookup(hashes, (part) => db.selectFrom('persons').select(['id', 'id_number_hash', 'grid_id', 'grid_path']).where('id_number_hash', 'in', part).execute());
    },
    partyMembersOf(personIds: string[]) {
      return lookup(personIds, (part) => db.selectFrom('party_members').select(['person_id']).where('person_id', 'in', part).execute());
    },
    roomsOfGrids(gridIds: string[]) {
      return lookup(gridIds, (part) => db.selectFrom('rooms').select(['id', 'grid_id', 'number']).where('grid_id', 'in', part).execute());
    },
    /** Party organisations the importer governs, by name. */
    partyOrgsByNames(actor: Pick<Actor, 'isGlobal' | 'scopePaths'>, names: string[]) {
      return lookup(names, (part) => db.selectFrom('party_orgs').select(['id', 'name', 'grid_path']).where('name', 'in', part).where(inScope(actor, 'party_orgs.grid_path')).execute());
    },
    /** Registered partner organisations by name (an in-service member's employer may sit anywhere in the city). */
    organizationsByNames(names: string[]) {
      return lookup(names, (part) => db.selectFrom('organizations').select(['id', 'name', 'grid_id', 'grid_path', 'credit_code', 'version']).where('name', 'in', part).where('deleted_at', 'is', null).execute());
    },
    /** By credit code, including removed ones: the code stays unique, so re-importing restores them. */
    organizationsByCreditCodes(codes: string[]) {
      return lookup(codes, (part) => db.selectFrom('organizations').select(['id', 'name', 'grid_id', 'grid_path', 'credit_code', 'version']).where('credit_code', 'in', part).execute());
    },

    insertGrids: (rows: Database['grids'][], progress?: (n: number) => void) => insertMany(db, 'grids', rows, progress),
    updateGrid(id: string, patch: Partial<Database['grids']>) {
      return db.updateTable('grids').set(patch).where('id', '=', id).execute();
    },
    insertPersons: (rows: Database['persons'][], progress?: (n: number) => void) => insertMany(db, 'persons', rows, progress),
    updatePerson(id: string, patch: Partial<Database['persons']>) {
      return db.updateTable('persons').set(patch).where('id', '=', id).execute();
    },
    insertRooms: (rows: Database['rooms'][]) => insertMany(db, 'rooms', rows),
    async replaceCareGroups(personIds: string[], rows: Database['care_groups'][]) {
      for (const part of chunks(personIds, LOOKUP_CHUNK)) await db.deleteFrom('care_groups').where('person_id', 'in', part).execute();
      await insertMany(db, 'care_groups', rows);
    },
    async replacePartyMembers(personIds: string[], rows: Database['party_members'][]) {
      for (const part of chunks(personIds, LOOKUP_CHUNK)) await db.deleteFrom('party_members').where('person_id', 'in', part).execute();
      await insertMany(db, 'party_members', rows);
    },
    insertOrganizations: (rows: Database['organizations'][]) => insertMany(db, 'organizations', rows),
    updateOrganization(id: string, patch: Partial<Database['organizations']>) {
      return db.updateTable('organizations').set(patch).where('id', '=', id).execute();
    },
  };
}
