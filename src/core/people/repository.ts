import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.js';
import { inScope, underPath, type Actor } from '../scope.js';

type ScopeActor = Pick<Actor, 'isGlobal' | 'scopePaths'>;

export interface PersonFilter {
  name?: string;
  idNumberHash?: string;
  phoneHash?: string;
  underPath?: string;
  group?: string;
  partyMember?: 'community' | 'inService' | 'any';
  limit: number;
  offset: number;
}

const personColumns = [
  'persons.id', 'persons.name', 'persons.gender', 'persons.birth_year', 'persons.id_number_enc', 'persons.phone_enc',
  'persons.grid_id', 'persons.grid_path', 'persons.household_id', 'persons.room_id', 'persons.relation', 'persons.note',
] as const;

/** SQL for people and places; every read is filtered by the caller's scope. */
export function peopleRepository(db: Kysely<Database>) {
  function filtered(actor: ScopeActor, f: PersonFilter) {
    let q = db.selectFrom('persons').where(inScope(actor, 'persons.grid_path'));
    if (f.underPath) q = q.where(underPath('persons.grid_path', f.underPath));
    if (f.idNumberHash) q = q.where('persons.id_number_hash', '=', f.idNumberHash);
    if (f.phoneHash) q = q.where('persons.phone_hash', '=', f.phoneHash);
    if (f.name) q = q.where('persons.name', 'like', `%${f.name}%`);
    if (f.group) q = q.where((eb) => eb.exists(eb.selectFrom('care_groups').select('care_groups.person_id').whereRef('care_groups.person_id', '=', 'persons.id').where('care_groups.group_code', '=', f.group as never)));
    if (f.partyMember) {
      q = q.where((eb) => {
        let sub = eb.selectFrom('party_members').select('party_members.person_id').whereRef('party_members.person_id', '=', 'persons.id');
        if (f.partyMember !== 'any') sub = sub.where('party_members.kind', '=', f.partyMember!);
        return eb.exists(sub);
      });
    }
    return q;
  }

  return {
    async search(actor: ScopeActor, f: PersonFilter) {
      const q = filtered(actor, f);
      const [items, total] = await Promise.all([
        q
          .leftJoin('grids', 'grids.id', 'persons.grid_id')
          .leftJoin('rooms', 'rooms.id', 'persons.room_id')
          .leftJoin('party_members', 'party_members.person_id', 'persons.id')
          .select([...personColumns, 'grids.name as grid_name', 'grids.level as grid_level', 'rooms.number as room_number', 'party_members.kind as party_kind'])
          .orderBy('persons.grid_path')
          .orderBy('persons.name')
          .limit(f.limit)
          .offset(f.offset)
          .execute(),
        q.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
      ]);
      return { items, total: Number(total.n) };
    },
    findById(actor: ScopeActor, id: string) {
      return db
        .selectFrom('persons')
        .leftJoin('grids', 'grids.id', 'persons.grid_id')
        .leftJoin('rooms', 'rooms.id', 'persons.room_id')
        .leftJoin('party_members', 'party_members.person_id', 'persons.id')
        .select([...personColumns, 'grids.name as grid_name', 'grids.level as grid_level', 'rooms.number as room_number', 'party_members.kind as party_kind'])
        .where('persons.id', '=', id)
        .where(inScope(actor, 'persons.grid_path'))
        .executeTakeFirst();
    },
    /** Unscoped existence check, so writes outside scope answer 403 rather than 404. */
    locate(id: string) {
      return db.selectFrom('persons').select(['id', 'grid_path', 'id_number_enc', 'phone_enc']).where('id', '=', id).executeTakeFirst();
    },
    careGroupsOf(personIds: string[]) {
      if (personIds.length === 0) return Promise.resolve([]);
      return db.selectFrom('care_groups').select(['person_id', 'group_code']).where('person_id', 'in', personIds).execute();
    },
    householdMembers(householdId: string) {
      return db.selectFrom('persons').select(['id', 'name', 'gender', 'birth_year', 'relation']).where('household_id', '=', householdId).orderBy('id').execute();
    },
    /** Names of the grid ancestors used to build an address ("民主家园 3号楼 2单元 301"). */
    gridNamesByCodes(codes: string[]) {
      if (codes.length === 0) return Promise.resolve([]);
      return db.selectFrom('grids').select(['code', 'name', 'level']).where('code', 'in', codes).execute();
    },
    findByIdNumberHash(hash: string) {
      return db.selectFrom('persons').select(['id']).where('id_number_hash', '=', hash).executeTakeFirst();
    },
    insertPerson(row: Database['persons']) {
      return db.insertInto('persons').values(row).execute();
    },
    updatePerson(id: string, patch: Partial<Database['persons']>) {
      return db.updateTable('persons').set(patch).where('id', '=', id).execute();
    },
    replaceCareGroups(personId: string, gridPath: string, groups: string[], since: string) {
      return (async () => {
        await db.deleteFrom('care_groups').where('person_id', '=', personId).execute();
        if (groups.length) await db.insertInto('care_groups').values(groups.map((g) => ({ person_id: personId, group_code: g as never, grid_path: gridPath, since, note: null }))).execute();
      })();
    },
    upsertPartyMember(row: Database['party_members']) {
      return (async () => {
        await db.deleteFrom('party_members').where('person_id', '=', row.person_id).execute();
        await db.insertInto('party_members').values(row).execute();
      })();
    },
    rooms(actor: ScopeActor, gridPath: string) {
      return db
        .selectFrom('rooms')
        .select(['rooms.id', 'rooms.grid_id', 'rooms.number', 'rooms.floor', 'rooms.area_m2', 'rooms.use'])
        .select((eb) => eb.selectFrom('households').select((e) => e.fn.countAll<number>().as('n')).whereRef('households.room_id', '=', 'rooms.id').as('households'))
        .select((eb) => eb.selectFrom('persons').select((e) => e.fn.countAll<number>().as('n')).whereRef('persons.room_id', '=', 'rooms.id').as('residents'))
        .where(underPath('rooms.grid_path', gridPath))
        .where(inScope(actor, 'rooms.grid_path'))
        .orderBy('rooms.grid_path')
        .orderBy('rooms.floor')
        .orderBy('rooms.number')
        .limit(2000)
        .execute();
    },
    findRoom(id: string) {
      return db.selectFrom('rooms').select(['id', 'grid_id', 'grid_path', 'number']).where('id', '=', id).executeTakeFirst();
    },
    insertRoom(row: Database['rooms']) {
      return db.insertInto('rooms').values(row).execute();
    },
    insertHousehold(row: Database['households']) {
      return db.insertInto('households').values(row).execute();
    },
    findHousehold(id: string) {
      return db.selectFrom('households').select(['id', 'room_id', 'grid_id', 'grid_path']).where('id', '=', id).executeTakeFirst();
    },
    partyOrgs(actor: ScopeActor, under?: string) {
      let q = db
        .selectFrom('party_orgs')
        .innerJoin('grids', 'grids.id', 'party_orgs.grid_id')
        .select(['party_orgs.id', 'party_orgs.name', 'party_orgs.kind', 'party_orgs.grid_id', 'grids.name as grid_name', 'grids.level as grid_level'])
        .select((eb) => eb.selectFrom('party_members').select((e) => e.fn.countAll<number>().as('n')).whereRef('party_members.party_org_id', '=', 'party_orgs.id').as('members'))
        .where(inScope(actor, 'party_orgs.grid_path'));
      if (under) q = q.where(underPath('party_orgs.grid_path', under));
      return q.orderBy('party_orgs.grid_path').limit(1000).execute();
    },
    findPartyOrg(id: string) {
      return db.selectFrom('party_orgs').select(['id', 'name', 'grid_path']).where('id', '=', id).executeTakeFirst();
    },
    insertPartyOrg(row: Database['party_orgs']) {
      return db.insertInto('party_orgs').values(row).execute();
    },
  };
}
