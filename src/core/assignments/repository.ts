import type { Kysely } from 'kysely';
import type { AssignmentRole, Database, GridLevel } from '../../db/schema.js';
import { inScope, underPath, type Actor } from '../scope.js';

type ScopeActor = Pick<Actor, 'isGlobal' | 'scopePaths'>;

/** SQL for responsibility assignments (包保) and the coverage report. */
export function assignmentsRepository(db: Kysely<Database>) {
  return {
    /** Active assignments on the given grids (a node and its ancestors). */
    activeOn(gridIds: string[]) {
      if (gridIds.length === 0) return Promise.resolve([]);
      return db
        .selectFrom('assignments')
        .innerJoin('grids', 'grids.id', 'assignments.grid_id')
        .leftJoin('persons', 'persons.id', 'assignments.person_id')
        .leftJoin('party_orgs', 'party_orgs.id', 'assignments.party_org_id')
        .select([
          'assignments.id', 'assignments.role', 'assignments.start_on', 'assignments.grid_id', 'grids.name as grid_name', 'grids.level as grid_level', 'grids.depth as grid_depth',
          'persons.id as person_id', 'persons.name as person_name', 'persons.phone_enc', 'party_orgs.id as party_org_id', 'party_orgs.name as party_org_name',
        ])
        .where('assignments.grid_id', 'in', gridIds)
        .where('assignments.end_on', 'is', null)
        .orderBy('grids.depth', 'desc')
        .orderBy('assignments.role')
        .execute();
    },
    findById(id: string) {
      return db.selectFrom('assignments').selectAll().where('id', '=', id).executeTakeFirst();
    },
    insert(row: Database['assignments']) {
      return db.insertInto('assignments').values(row).execute();
    },
    end(id: string, on: string) {
      return db.updateTable('assignments').set({ end_on: on }).where('id', '=', id).execute();
    },
    /** Grids of a level under a path that lack an active assignment in a role. */
    lacking(actor: ScopeActor, rootPath: string, level: GridLevel, role: AssignmentRole) {
      return db
        .selectFrom('grids')
        .leftJoin('grids as parent', 'parent.id', 'grids.parent_id')
        .select(['grids.id', 'grids.code', 'grids.name', 'grids.level', 'grids.path', 'parent.name as parent_name'])
        .where(underPath('grids.path', rootPath))
        .where(inScope(actor, 'grids.path'))
        .where('grids.level', '=', level)
        .where((eb) =>
          eb.not(eb.exists(eb.selectFrom('assignments').select('assignments.id').whereRef('assignments.grid_id', '=', 'grids.id').where('assignments.role', '=', role).where('assignments.end_on', 'is', null))),
        )
        .orderBy('grids.path')
        .limit(1000)
        .execute();
    },
    countLevel(actor: ScopeActor, rootPath: string, level: GridLevel) {
      return db
        .selectFrom('grids')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where(underPath('grids.path', rootPath))
        .where(inScope(actor, 'grids.path'))
        .where('level', '=', level)
        .executeTakeFirstOrThrow()
        .then((r) => Number(r.n));
    },
  };
}
