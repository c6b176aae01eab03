import { sql, type Kysely, type SqlBool } from 'kysely';
import type { Database } from '../../db/schema.js';
import { inScope, underPath, type Actor } from '../../core/scope.js';
import type { HandbookTopic } from './tables.js';

type ScopeActor = Pick<Actor, 'isGlobal' | 'scopePaths'>;
export type PlacedTable = 'steward_reports' | 'follow_ups' | 'steward_meetings' | 'community_tasks' | 'household_visits' | 'office_hours';

/** SQL for field work. Reads take the caller's scope. */
export function fieldworkRepository(db: Kysely<Database>) {
  return {
    async list<T extends PlacedTable>(table: T, actor: ScopeActor, orderBy: string, opts: { under?: string; limit: number; offset: number }) {
      // eslint-disable-next-line @typescript-eslint/no-explicit-any
      const anyDb = db as unknown as Kysely<any>;
      let q = anyDb.selectFrom(table as string).where(inScope(actor, 'grid_path'));
      if (opts.under) q = q.where(underPath('grid_path', opts.under));
      const total = await q.select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow();
      const items = await q.selectAll().orderBy(orderBy, 'desc').orderBy('id', 'desc').limit(opts.limit).offset(opts.offset).execute();
      return { items: items as unknown as Database[T][], total: Number(total.n) };
    },
    findById<T extends PlacedTable>(table: T, id: string) {
      // eslint-disable-next-line @typescript-eslint/no-explicit-any
      const anyDb = db as unknown as Kysely<any>;
      return anyDb.selectFrom(table as string).selectAll().where('id', '=', id).executeTakeFirst() as Promise<Database[T] | undefined>;
    },
    /** Stairwells under `root` with a current steward and no report for `period`. */
    missingReports(root: string, period: string, today: string) {
      return db
        .selectFrom('grids as g')
        .innerJoin('assignments as a', (j) => j.onRef('a.grid_id', '=', 'g.id').on('a.role', '=', 'steward').on((eb) => eb.or([eb('a.end_on', 'is', null), eb('a.end_on', '>=', today)])))
        .leftJoin('persons as p', 'p.id', 'a.person_id')
        .where('g.level', '=', 'stairwell')
        .where(underPath('g.path', root))
        .where((eb) => eb.not(eb.exists(eb.selectFrom('steward_reports as r').select('r.id').whereRef('r.grid_id', '=', 'g.id').where('r.period', '=', period))))
        .select(['g.id', 'g.name', 'g.path', 'p.name as steward_name'])
        .orderBy('g.path')
        .execute();
    },
    stairwellsWithSteward(root: string, today: string) {
      return db
        .selectFrom('grids as g')
        .where('g.level', '=', 'stairwell')
        .where(underPath('g.path', root))
        .where((eb) => eb.exists(eb.selectFrom('assignments as a').select('a.id').whereRef('a.grid_id', '=', 'g.id').where('a.role', '=', 'steward').where((e) => e.or([e('a.end_on', 'is', null), e('a.end_on', '>=', today)]))))
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .executeTakeFirstOrThrow()
        .then((r) => Number(r.n));
    },
    /** Households under `root` with the date of their last visit within [from, to], if any. */
    householdCoverage(root: string, from: string, to: string) {
      return db
        .selectFrom('households as h')
        .innerJoin('grids as g', 'g.id', 'h.grid_id')
        .leftJoin('rooms as r', 'r.id', 'h.room_id')
        .where(underPath('h.grid_path', root))
        .select(['h.id', 'h.grid_path', 'g.name as grid_name', 'r.number as room_number', (eb) =>
          eb.selectFrom('household_visits as v').whereRef('v.household_id', '=', 'h.id').where('v.visited_on', '>=', from).where('v.visited_on', '<=', to).select((e) => e.fn.max('v.visited_on').as('m')).as('last_visit')])
        .orderBy('h.grid_path')
        .execute();
    },
    /**
     * Households in the subtrees whose member's name contains `q`, whose room number starts with
     * it, or whose grid (stairwell, building, compound) is named with it: at most `limit` ids.
     */
    async searchHouseholds(actor: ScopeActor, under: string | undefined, q: string, limit: number): Promise<string[]> {
      const scoped = (column: string) => (eb: Parameters<ReturnType<typeof inScope>>[0]) => (under ? underPath(column, under)(eb) : inScope(actor, column)(eb));
      const roots = under ? [under] : actor.isGlobal ? [] : actor.scopePaths;
      const aboveRoots = [...new Set(roots.flatMap((root) => root.split('/').filter(Boolean).slice(0, -1).map((_, i, parts) => `/${parts.slice(0, i + 1).join('/')}/`)))];
      const escaped = q.replace(/[\\%_]/g, (c) => `\\${c}`);
      const contains = sql<SqlBool>`like ${`%${escaped}%`} escape '\\'`;
      const [byPerson, byRoom, places] = await Promise.all([
        db.selectFrom('persons').select('household_id').distinct().where(scoped('grid_path')).where('household_id', 'is not', null).where(sql<SqlBool>`name ${contains}`).limit(limit).execute(),
        db.selectFrom('households as h').innerJoin('rooms as r', 'r.id', 'h.room_id').select('h.id').where(scoped('h.grid_path')).where(sql<SqlBool>`r.number like ${`${escaped}%`} escape '\\'`).orderBy('h.grid_path').limit(limit).execute(),
        // A place in the subtrees or above them (a steward's compound is named above the stairwell).
        db
          .selectFrom('grids')
          .select('path')
          .where((eb) => (aboveRoots.length ? eb.or([scoped('path')(eb), eb('path', 'in', aboveRoots)]) : scoped('path')(eb)))
          .where('level', 'in', ['compound', 'building', 'stairwell'])
          .where(sql<SqlBool>`name ${contains}`)
          .orderBy('path')
          .limit(limit)
          .execute(),
      ]);
      const byPlace = places.length
        ? await db.selectFrom('households').select('id').where(scoped('grid_path')).where((eb) => eb.or(places.map((p) => underPath('grid_path', p.path)(eb)))).orderBy('grid_path').limit(limit).execute()
        : [];
      return [...new Set([...byPerson.map((r) => r.household_id!), ...byRoom.map((r) => r.id), ...byPlace.map((r) => r.id)])].slice(0, limit);
    },
    /** Grids by path (names and levels for a place's full name), 500 paths a query. */
    async gridsByPath(paths: string[]) {
      const found: { path: string; name: string; level: string }[] = [];
      for (let i = 0; i < paths.length; i += 500) found.push(...(await db.selectFrom('grids').select(['path', 'name', 'level']).where('path', 'in', paths.slice(i, i + 500)).execute()));
      return found;
    },
    /** What a household search shows of each household: place path, room, head, members, last visit. */
    householdCards(ids: string[]) {
      if (ids.length === 0) return Promise.resolve([]);
      return db
        .selectFrom('households as h')
        .leftJoin('rooms as r', 'r.id', 'h.room_id')
        .leftJoin('persons as head', 'head.id', 'h.head_person_id')
        .where('h.id', 'in', ids)
        .select(['h.id', 'h.grid_path', 'r.number as room_number', 'head.name as head_name',
          (eb) => eb.selectFrom('persons as m').whereRef('m.household_id', '=', 'h.id').select((e) => e.fn.countAll<number>().as('n')).as('members'),
          (eb) => eb.selectFrom('household_visits as v').whereRef('v.household_id', '=', 'h.id').select((e) => e.fn.max('v.visited_on').as('m')).as('last_visit')])
        .orderBy('h.grid_path')
        .orderBy('r.number')
        .execute();
    },
    communityTaskCounts(actor: ScopeActor) {
      return db.selectFrom('community_tasks').where(inScope(actor, 'grid_path')).select(['status', (eb) => eb.fn.countAll<number>().as('n')]).groupBy('status').execute();
    },
    /** Every term must occur in the normalized title and body (LIKE on both dialects). */
    async searchHandbook(terms: string[], topic: HandbookTopic | undefined, limit: number) {
      let q = db.selectFrom('handbook_articles');
      for (const t of terms) q = q.where(sql<boolean>`search_text like ${`%${t}%`} escape '\\'`);
      if (topic) q = q.where('topic', '=', topic);
      const total = await q.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
      const items = await q.select(['id', 'topic', 'title', 'body', 'updated_at']).orderBy('topic').orderBy('title').limit(limit).execute();
      return { items, total: Number(total.n) };
    },
    findArticle(id: string) {
      return db.selectFrom('handbook_articles').selectAll().where('id', '=', id).executeTakeFirst();
    },
  };
}
