import type SqliteDatabase from 'better-sqlite3';
import { sql, type Kysely } from 'kysely';
import type { Database } from '../../db/schema.js';
import { underPath } from '../../core/scope.js';
import type { CaseTable } from '../cases/tables.js';
import { FOUR_OFFICE_KINDS } from './case-figures.js';
import { ROLLUP_COLUMNS, type CaseFacts, type RollupCase } from './contributions.js';

/** A bucket range, both ends included: `['d2026-01-05', 'd2026-01-31']` or `['m2025-01', 'm2025-12']`. */
export type BucketRange = [string, string];

export interface RollupRow {
  path: string;
  bucket: string;
  k: string;
  n: number;
}

const UPSERT_BATCH = 500;

/** The only SQL of the analytics module: roll-up reads and writes, facts of cases, the rebuild's scan. */
export function analyticsRepository(db: Kysely<Database>) {
  return {
    /** Adds `n` to each counter (creating it); rows sorted so concurrent writers lock in one order. */
    async addToRollups(rows: RollupRow[]): Promise<void> {
      for (let i = 0; i < rows.length; i += UPSERT_BATCH) {
        await db
          .insertInto('case_rollups')
          .values(rows.slice(i, i + UPSERT_BATCH))
          .onConflict((oc) => oc.columns(['path', 'bucket', 'k']).doUpdateSet((eb) => ({ n: eb('case_rollups.n', '+', eb.ref('excluded.n')) })))
          .execute();
      }
    },
    async clearRollups(): Promise<void> {
      await db.deleteFrom('case_rollups').execute();
    },
    /** Sums of the counters of some subtrees over bucket ranges, by key (optionally only some keys or a key prefix). */
    async sums(paths: string[], ranges: BucketRange[], keys?: { in?: string[]; prefix?: string }): Promise<{ k: string; n: number }[]> {
      if (paths.length === 0 || ranges.length === 0) return [];
      let q = db
        .selectFrom('case_rollups')
        .select(['k', (eb) => eb.fn.sum<number>('n').as('n')])
        .where('path', 'in', paths)
        .where((eb) => eb.or(ranges.map(([a, b]) => eb.and([eb('bucket', '>=', a), eb('bucket', '<=', b)]))));
      if (keys?.in) q = q.where('k', 'in', keys.in);
      if (keys?.prefix) q = q.where('k', '>=', keys.prefix).where('k', '<', `${keys.prefix}~`);
      const rows = await q.groupBy('k').execute();
      return rows.map((r) => ({ k: r.k, n: Number(r.n) }));
    },
    /** The same sums per path (a drill-down: one row per child and key). */
    async sumsByPath(paths: string[], ranges: BucketRange[], keys: string[]): Promise<{ path: string; k: string; n: number }[]> {
      if (paths.length === 0 || ranges.length === 0) return [];
      const rows = await db
        .selectFrom('case_rollups')
        .select(['path', 'k', (eb) => eb.fn.sum<number>('n').as('n')])
        .where('path', 'in', paths)
        .where((eb) => eb.or(ranges.map(([a, b]) => eb.and([eb('bucket', '>=', a), eb('bucket', '<=', b)]))))
        .where('k', 'in', keys)
        .groupBy(['path', 'k'])
        .execute();
      return rows.map((r) => ({ path: r.path, k: r.k, n: Number(r.n) }));
    },
    /** Per bucket (trend lines): the counters of some keys in each bucket of the ranges. */
    async byBucket(paths: string[], ranges: BucketRange[], keys: string[]): Promise<{ bucket: string; k: string; n: number }[]> {
      if (paths.length === 0 || ranges.length === 0) return [];
      const rows = await db
        .selectFrom('case_rollups')
        .select(['bucket', 'k', (eb) => eb.fn.sum<number>('n').as('n')])
        .where('path', 'in', paths)
        .where((eb) => eb.or(ranges.map(([a, b]) => eb.and([eb('bucket', '>=', a), eb('bucket', '<=', b)]))))
        .where('k', 'in', keys)
        .groupBy(['bucket', 'k'])
        .execute();
      return rows.map((r) => ({ bucket: r.bucket, k: r.k, n: Number(r.n) }));
    },
    /** Referrals and overdue marks of one case (what a resolved row's contributions need). */
    async factsOf(caseId: string): Promise<CaseFacts> {
      const kinds = await db
        .selectFrom('case_referrals as r')
        .innerJoin('departments as d', 'd.id', 'r.department_id')
        .select('d.kind')
        .where('r.case_id', '=', caseId)
        .execute();
      const overdue = await db.selectFrom('case_events').select('id').where('case_id', '=', caseId).where('action', '=', 'overdue').limit(1).executeTakeFirst();
      return {
        hasReferral: kinds.length > 0,
        hasFourOfficeReferral: kinds.some((r) => (FOUR_OFFICE_KINDS as readonly string[]).includes(r.kind)),
        wasOverdue: overdue !== undefined,
      };
    },
    findCase(id: string): Promise<CaseTable | undefined> {
      return db.selectFrom('cases').selectAll().where('id', '=', id).executeTakeFirst();
    },
    /** The distinct grid paths cases are reported under (null: outside every grid). */
    async casePaths(): Promise<(string | null)[]> {
      const rows = await db.selectFrom('cases').select('grid_path').distinct().execute();
      return rows.map((r) => r.grid_path);
    },
    /** The rows of one grid (or of none), with the facts of the resolved ones, for the rebuild. */
    async casesUnder(gridPath: string | null): Promise<(RollupCase & CaseFactColumns)[]> {
      const resolved = sql`c.state in ('closed', 'rated')`;
      const flag = (cond: ReturnType<typeof sql>) => sql<number>`case when ${resolved} and ${cond} then 1 else 0 end`;
      const rows = await db
        .selectFrom('cases as c')
        .select(ROLLUP_COLUMNS.map((col) => `c.${col}` as const))
        .select([
          flag(sql`exists (select 1 from case_referrals r where r.case_id = c.id)`).as('has_referral'),
          flag(sql`exists (select 1 from case_referrals r join departments d on d.id = r.department_id where r.case_id = c.id and d.kind in (${sql.join(FOUR_OFFICE_KINDS.map((k) => sql.lit(k)))}))`).as('has_four_offices'),
          flag(sql`exists (select 1 from case_events e where e.case_id = c.id and e.action = 'overdue')`).as('was_overdue'),
        ])
        .where((eb) => (gridPath === null ? eb('c.grid_path', 'is', null) : eb('c.grid_path', '=', gridPath)))
        .execute();
      return rows as (RollupCase & CaseFactColumns)[];
    },
    /** Grid rows by id or path. */
    gridById(id: string) {
      return db.selectFrom('grids').select(['id', 'name', 'level', 'path', 'depth']).where('id', '=', id).executeTakeFirst();
    },
    gridsByPath(paths: string[]) {
      if (paths.length === 0) return Promise.resolve([]);
      return db.selectFrom('grids').select(['id', 'name', 'level', 'path', 'depth']).where('path', 'in', paths).execute();
    },
    childrenOf(parentId: string) {
      return db.selectFrom('grids').select(['id', 'name', 'level', 'path', 'depth']).where('parent_id', '=', parentId).orderBy('sort').orderBy('code').execute();
    },
    roots() {
      return db.selectFrom('grids').select(['id', 'name', 'level', 'path', 'depth']).where('parent_id', 'is', null).orderBy('sort').orderBy('code').execute();
    },
    /** Grids of one level under a subtree (for rankings). */
    gridsAtLevel(root: string | null, level: string) {
      let q = db.selectFrom('grids').select(['id', 'name', 'level', 'path', 'depth']).where('level', '=', level as never);
      if (root) q = q.where('path', '>=', root).where('path', '<', `${root}~`);
      return q.orderBy('path').execute();
    },
    categories() {
      return db.selectFrom('case_categories').select(['id', 'code', 'name', 'name_en']).execute();
    },
    /**
     * Volunteer service, wishes and co-building of a subtree over a period (small tables, read
     * directly): verified hours (ledger, by service date), completed activities, people credited.
     */
    async otherFigures(root: string | null, period: { from: string; to: string; fromIso: string; toIso: string }) {
      const under = <T extends string>(col: T) => (eb: Parameters<ReturnType<typeof underPath>>[0]) => (root ? underPath(col, root)(eb) : sql<boolean>`1 = 1`);
      const ledger = await db
        .selectFrom('volunteer_ledger')
        .select([(eb) => eb.fn.coalesce(eb.fn.sum<number>('hours'), sql<number>`0`).as('hours'), (eb) => eb.fn.count<number>('person_id').distinct().as('people')])
        .where(under('volunteer_ledger.grid_path'))
        .where('occurred_on', '>=', period.from)
        .where('occurred_on', '<=', period.to)
        .executeTakeFirstOrThrow();
      const activities = await db
        .selectFrom('activities')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where(under('activities.grid_path'))
        .where('state', '=', 'completed')
        .where('completed_at', '>=', period.fromIso)
        .where('completed_at', '<', period.toIso)
        .executeTakeFirstOrThrow();
      const wishes = await db
        .selectFrom('wishes')
        .select([(eb) => eb.fn.countAll<number>().as('n'), (eb) => eb.fn.coalesce(eb.fn.sum<number>('actual_value'), sql<number>`0`).as('value')])
        .where(under('wishes.grid_path'))
        .where('status', '=', 'fulfilled')
        .where('confirmed_at', '>=', period.fromIso)
        .where('confirmed_at', '<', period.toIso)
        .executeTakeFirstOrThrow();
      const completed = await db
        .selectFrom('cobuild_projects')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where(under('cobuild_projects.grid_path'))
        .where('state', '=', 'completed')
        .where('completed_at', '>=', period.fromIso)
        .where('completed_at', '<', period.toIso)
        .executeTakeFirstOrThrow();
      const open = await db
        .selectFrom('cobuild_projects')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where(under('cobuild_projects.grid_path'))
        .where('state', 'in', ['planned', 'inProgress'])
        .executeTakeFirstOrThrow();
      const orgs = await db.selectFrom('organizations').select((eb) => eb.fn.countAll<number>().as('n')).where(under('organizations.grid_path')).executeTakeFirstOrThrow();
      return {
        people: { volunteerHours: Number(ledger.hours), activities: Number(activities.n), volunteers: Number(ledger.people) },
        wishes: { fulfilled: Number(wishes.n), valueYuan: Number(wishes.value) },
        cobuild: { projectsCompleted: Number(completed.n), projectsOpen: Number(open.n), organizations: Number(orgs.n) },
      };
    },
  };
}

export interface CaseFactColumns {
  has_referral: number;
  has_four_offices: number;
  was_overdue: number;
}

export type AnalyticsRepository = ReturnType<typeof analyticsRepository>;

const upserts = new WeakMap<SqliteDatabase.Database, SqliteDatabase.Statement>();

/** The intake's hot path on SQLite: the same upsert as the repository's, prepared once per connection. */
export function addToRollupsSync(raw: SqliteDatabase.Database, rows: RollupRow[]): void {
  let upsert = upserts.get(raw);
  if (!upsert) {
    upsert = raw.prepare('insert into case_rollups (path, bucket, k, n) values (@path, @bucket, @k, @n) on conflict (path, bucket, k) do update set n = n + excluded.n');
    upserts.set(raw, upsert);
  }
  for (const row of rows) upsert.run(row);
}
