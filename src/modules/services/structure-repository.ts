import type { Kysely, Updateable } from 'kysely';
import type { Database } from '../../db/schema.js';
import { inScope, type Actor } from '../../core/scope.js';

type ScopeActor = Pick<Actor, 'isGlobal' | 'scopePaths'>;
/** The alliance's tables that are archived rather than deleted. */
export type StructureTable = 'service_departments' | 'service_teams' | 'service_points' | 'service_categories' | 'service_items';

/** SQL for editing the alliance's structure; lists include archived rows (staff see and name them). */
export function structureRepository(db: Kysely<Database>) {
  return {
    alliances() {
      return db.selectFrom('service_alliances').select(['id', 'grid_path']).orderBy('created_at').execute();
    },
    findAlliance(id: string) {
      return db.selectFrom('service_alliances').select(['id', 'grid_path']).where('id', '=', id).executeTakeFirst();
    },
    allDepartments() {
      return db.selectFrom('service_departments').selectAll().orderBy('sort').orderBy('name').execute();
    },
    allTeams() {
      return db.selectFrom('service_teams').selectAll().orderBy('name').execute();
    },
    /** Points in the caller's subtree, with their grid's name. */
    pointsInScope(actor: ScopeActor) {
      return db.selectFrom('service_points').innerJoin('grids', 'grids.id', 'service_points.grid_id').selectAll('service_points').select('grids.name as grid_name')
        .where(inScope(actor, 'service_points.grid_path')).orderBy('service_points.grid_path').orderBy('service_points.name').execute();
    },
    allCategories() {
      return db.selectFrom('service_categories').selectAll().orderBy('sort').orderBy('name').execute();
    },
    allItems() {
      return db.selectFrom('service_items').selectAll().orderBy('name').execute();
    },
    findDepartment(id: string) {
      return db.selectFrom('service_departments').selectAll().where('id', '=', id).executeTakeFirst();
    },
    findTeam(id: string) {
      return db.selectFrom('service_teams').selectAll().where('id', '=', id).executeTakeFirst();
    },
    findPoint(id: string) {
      return db.selectFrom('service_points').innerJoin('grids', 'grids.id', 'service_points.grid_id').selectAll('service_points').select('grids.name as grid_name').where('service_points.id', '=', id).executeTakeFirst();
    },
    findCategory(id: string) {
      return db.selectFrom('service_categories').selectAll().where('id', '=', id).executeTakeFirst();
    },
    findCategoryByCode(code: string) {
      return db.selectFrom('service_categories').select('id').where('code', '=', code).executeTakeFirst();
    },
    findItem(id: string) {
      return db.selectFrom('service_items').selectAll().where('id', '=', id).executeTakeFirst();
    },
    findGrid(id: string) {
      return db.selectFrom('grids').select(['id', 'path', 'name']).where('id', '=', id).executeTakeFirst();
    },
    async nextSort(table: 'service_departments' | 'service_categories') {
      const r = await db.selectFrom(table).select((eb) => eb.fn.max<number>('sort').as('n')).executeTakeFirst();
      return Number(r?.n ?? 0) + 1;
    },
    insertDepartment(row: Database['service_departments']) {
      return db.insertInto('service_departments').values(row).execute();
    },
    insertTeam(row: Database['service_teams']) {
      return db.insertInto('service_teams').values(row).execute();
    },
    insertPoint(row: Database['service_points']) {
      return db.insertInto('service_points').values(row).execute();
    },
    insertCategory(row: Database['service_categories']) {
      return db.insertInto('service_categories').values(row).execute();
    },
    insertItem(row: Database['service_items']) {
      return db.insertInto('service_items').values(row).execute();
    },
    /** Updates the given columns; undefined ones stay as they are (an empty patch writes nothing). */
    async update<T extends StructureTable>(table: T, id: string, set: Updateable<Database[T]>) {
      if (!Object.values(set).some((v) => v !== undefined)) return;
      await db.updateTable(table as StructureTable).set(set as never).where('id', '=', id).execute();
    },
    /** Archives a live row; false when it was archived already. */
    async archive(table: StructureTable, id: string, at: string) {
      const r = await db.updateTable(table).set({ archived_at: at }).where('id', '=', id).where('archived_at', 'is', null).executeTakeFirst();
      return Number(r.numUpdatedRows) === 1;
    },
  };
}
