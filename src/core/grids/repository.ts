import type { Kysely } from 'kysely';
import type { Database, GridLevel, GridTable } from '../../db/schema.js';
import { inScope, underPath, type Actor } from '../scope.js';

type ScopeActor = Pick<Actor, 'isGlobal' | 'scopePaths'>;

const nodeColumns = [
  'grids.id', 'grids.code', 'grids.name', 'grids.level', 'grids.parent_id', 'grids.path', 'grids.depth', 'grids.sort',
  'grids.centroid_lng', 'grids.centroid_lat', 'grids.min_lng', 'grids.min_lat', 'grids.max_lng', 'grids.max_lat', 'grids.area_m2', 'grids.attributes',
] as const;

export type GridRow = Omit<GridTable, 'boundary' | 'created_at' | 'updated_at'>;

/** SQL for the grid tree. Every read takes the caller's scope and filters on the path. */
export function gridsRepository(db: Kysely<Database>) {
  return {
    async findById(actor: ScopeActor, id: string): Promise<(GridRow & { has_boundary: number }) | undefined> {
      return db
        .selectFrom('grids')
        .select([...nodeColumns])
        .select((eb) => eb.case().when('grids.boundary', 'is not', null).then(1).else(0).end().as('has_boundary'))
        .where('grids.id', '=', id)
        .where(inScope(actor, 'grids.path'))
        .executeTakeFirst();
    },
    /** Unscoped lookup by code, for imports and the CLI. */
    findByCode(code: string) {
      return db.selectFrom('grids').select([...nodeColumns]).where('code', '=', code).executeTakeFirst();
    },
    findByCodes(codes: string[]) {
      if (codes.length === 0) return Promise.resolve([]);
      return db.selectFrom('grids').select(['id', 'code', 'path', 'level', 'depth', 'parent_id']).where('code', 'in', codes).execute();
    },
    /** Lists nodes in scope, optionally one level or the children of one parent. */
    async list(actor: ScopeActor, filter: { level?: GridLevel; parentId?: string; under?: string; q?: string; limit: number; offset: number }) {
      let q = db.selectFrom('grids').where(inScope(actor, 'grids.path'));
      if (filter.level) q = q.where('grids.level', '=', filter.level);
      if (filter.parentId) q = q.where('grids.parent_id', '=', filter.parentId);
      if (filter.under) q = q.where(underPath('grids.path', filter.under));
      if (filter.q) q = q.where((eb) => eb.or([eb('grids.name', 'like', `%${filter.q}%`), eb('grids.code', 'like', `${filter.q}%`)]));
      const [items, total] = await Promise.all([
        q
          .select([...nodeColumns])
          .select((eb) => eb.selectFrom('grids as c').select((e) => e.fn.countAll<number>().as('n')).whereRef('c.parent_id', '=', 'grids.id').as('child_count'))
          .orderBy('grids.path')
          .limit(filter.limit)
          .offset(filter.offset)
          .execute(),
        q.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
      ]);
      return { items, total: Number(total.n) };
    },
    /** Ancestors of a path (by code), root first. */
    ancestorsOf(path: string) {
      const codes = path.split('/').filter(Boolean).slice(0, -1);
      if (codes.length === 0) return Promise.resolve([]);
      return db.selectFrom('grids').select([...nodeColumns]).where('code', 'in', codes).orderBy('depth').execute();
    },
    /** Counts of descendants by level below a path. */
    countByLevel(path: string) {
      return db
        .selectFrom('grids')
        .select(['level'])
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where(underPath('grids.path', path))
        .where('path', '!=', path)
        .groupBy('level')
        .execute();
    },
    countUnder(table: 'persons' | 'households' | 'party_members' | 'rooms' | 'care_groups', path: string) {
      return db
        .selectFrom(table)
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where(underPath(`${table}.grid_path`, path))
        .executeTakeFirstOrThrow()
        .then((r) => Number(r.n));
    },
    /** Nodes below a root down to a depth, for the tree view. */
    subtree(actor: ScopeActor, path: string, maxDepth: number) {
      return db
        .selectFrom('grids')
        .select([...nodeColumns])
        .select((eb) => eb.selectFrom('grids as c').select((e) => e.fn.countAll<number>().as('n')).whereRef('c.parent_id', '=', 'grids.id').as('child_count'))
        .where(underPath('grids.path', path))
        .where('depth', '<=', maxDepth)
        .where(inScope(actor, 'grids.path'))
        .orderBy('grids.path')
        .limit(5000)
        .execute();
    },
    /** Nodes with their boundaries for the map. */
    features(actor: ScopeActor, filter: { parentId?: string; level?: GridLevel; under?: string; ids?: string[] }) {
      let q = db.selectFrom('grids').select(['id', 'code', 'name', 'level', 'path', 'depth', 'boundary', 'centroid_lng', 'centroid_lat']).where('boundary', 'is not', null).where(inScope(actor, 'grids.path'));
      if (filter.parentId) q = q.where('parent_id', '=', filter.parentId);
      if (filter.level) q = q.where('level', '=', filter.level);
      if (filter.under) q = q.where(underPath('grids.path', filter.under));
      if (filter.ids) q = filter.ids.length ? q.where('id', 'in', filter.ids) : q.where('id', '=', '');
      return q.orderBy('path').limit(5000).execute();
    },
    boundaryOf(id: string) {
      return db.selectFrom('grids').select(['boundary']).where('id', '=', id).executeTakeFirst();
    },
    /** Every node with a boundary under a path, for the boundary check. */
    boundariesUnder(path: string) {
      return db.selectFrom('grids').select(['id', 'code', 'name', 'parent_id', 'level', 'boundary']).where(underPath('grids.path', path)).orderBy('path').execute();
    },
    insert(row: GridTable) {
      return db.insertInto('grids').values(row).execute();
    },
    update(id: string, patch: Partial<GridTable>) {
      return db.updateTable('grids').set(patch).where('id', '=', id).execute();
    },
  };
}
