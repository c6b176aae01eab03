import type SqliteDatabase from 'better-sqlite3';
import { sql, type Kysely } from 'kysely';
import type { Database } from '../../db/schema.js';
import { underPath } from '../../core/scope.js';
import type { CaseTable } from '../cases/tables.js';
import { FOUR_OFFICE_KINDS } from './case-figures.js';
import { NO_GRID, ROLLUP_COLUMNS, rollupPaths, STAGE_EDGES_HOURS, STAGES, type CaseFacts, type RollupCase } from './contributions.js';

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
    /**
     * The set-based rebuild (see `rebuildRollups`): one grouped INSERT … SELECT per kind of
     * counter into a temporary table of leaf counters (per case grid path, day), then the months
     * from the days, then every ancestor path from the leaves. The same counters as
     * `contributions()` (checked by rollups.test.ts against the JS sum). Run inside a transaction.
     */
    rebuildSteps(): { name: string; run: () => Promise<void> }[] {
      const isPg = db.getExecutor().adapter.constructor.name.toLowerCase().includes('postgres');
      const textC = isPg ? sql.raw('text collate "C"') : sql.raw('text');
      const day = (col: string) =>
        isPg ? sql.raw(`to_char(((${col})::timestamptz at time zone 'UTC') + interval '8 hours', 'YYYY-MM-DD')`) : sql.raw(`date(${col}, '+8 hours')`);
      /** Milliseconds from one ISO instant to another, exact on both dialects. */
      const ms = (from: string, to: string) =>
        isPg
          ? `(extract(epoch from ((${to})::timestamptz - (${from})::timestamptz)) * 1000)`
          : `cast(round((julianday(${to}) - julianday(${from})) * 86400000) as integer)`;
      const stageBucket = (from: string, to: string) =>
        `(case ${STAGE_EDGES_HOURS.map((edge, i) => `when ${ms(from, to)} < ${Math.round(edge * 3_600_000)} then ${i}`).join(' ')} else ${STAGE_EDGES_HOURS.length} end)`;
      const valid = `c.state not in ('rejected', 'merged')`;
      const resolved = `c.state in ('closed', 'rated') and c.closed_at is not null`;
      const hasReferral = `exists (select 1 from case_referrals r where r.case_id = c.id)`;
      const hasFourOffices = `exists (select 1 from case_referrals r join departments d on d.id = r.department_id where r.case_id = c.id and d.kind in (${FOUR_OFFICE_KINDS.map((k) => `'${k}'`).join(', ')}))`;
      const wasOverdue = `exists (select 1 from case_events e where e.case_id = c.id and e.action = 'overdue')`;
      const grid = `coalesce(c.grid_path, '${NO_GRID}')`;
      /** Counters dated by a day: key expression, the instant that dates them, the rows that count. */
      const dated = (k: string, at: string, where: string) => async () => {
        await sql`insert into case_rollups (path, bucket, k, n)
          select ${sql.raw(grid)}, 'd' || ${day(`c.${at}`)}, ${sql.raw(k)}, count(*) from cases c
          where ${sql.raw(where)} group by 1, 2, 3`.execute(db);
      };
      const lit = (k: string) => `'${k}'`;
      const steps: { name: string; run: () => Promise<void> }[] = [
        {
          name: 'prepare',
          run: async () => {
            await sql`drop table if exists rollup_parent`.execute(db);
            await sql`create temporary table rollup_parent (path ${textC} not null primary key, parent ${textC}, depth integer not null)`.execute(db);
            await db.deleteFrom('case_rollups').execute();
          },
        },
        { name: 'received', run: dated(lit('rcv'), 'created_at', '1 = 1') },
        { name: 'received by type', run: dated(`'rcv:t:' || c.type`, 'created_at', '1 = 1') },
        { name: 'received by category', run: dated(`'rcv:c:' || c.category_id`, 'created_at', '1 = 1') },
        { name: 'received by tier', run: dated(`'rcv:r:' || c.tier`, 'created_at', '1 = 1') },
        { name: 'received by state', run: dated(`'rcv:s:' || c.state`, 'created_at', '1 = 1') },
        { name: 'valid', run: dated(lit('c.valid'), 'created_at', valid) },
        { name: 'responded', run: dated(lit('c.resp'), 'created_at', `c.accepted_at is not null or not (${valid})`) },
        { name: 'closed (cohort)', run: dated(lit('c.closed'), 'created_at', resolved) },
        { name: 'closed on time', run: dated(lit('c.onTime'), 'created_at', `${resolved} and not ${wasOverdue}`) },
        { name: 'closed at the lowest tier', run: dated(lit('c.lowest'), 'created_at', `${resolved} and c.tier = c.lowest_tier`) },
        { name: 'closed', run: dated(lit('e.closed'), 'closed_at', resolved) },
        { name: 'closed by category', run: dated(`'e.closed:c:' || c.category_id`, 'closed_at', resolved) },
        { name: 'due', run: dated(lit('c.due'), 'created_at', `(${resolved}) or (c.is_open = 1 and c.overdue_at is not null)`) },
        { name: 'reported back (cohort)', run: dated(lit('c.back'), 'created_at', 'c.resolved_at is not null or c.rework_count > 0') },
        { name: 'rework', run: dated(lit('c.rework'), 'created_at', 'c.rework_count > 0') },
        { name: 'rated', run: dated(lit('c.rated'), 'created_at', 'c.feedback is not null') },
        { name: 'satisfied', run: dated(lit('c.sat'), 'created_at', `c.feedback = 'confirmed' and (c.rating is null or c.rating >= 4)`) },
        { name: 'reported back', run: dated(lit('e.resolved'), 'resolved_at', 'c.resolved_at is not null') },
      ];
      // The 五早 stages: [stage, start, end] as in contributions.ts's stageSpans.
      const spans: [string, string, string][] = [
        ['discover', 'c.discovered_at', 'created_at'],
        ['report', 'c.created_at', 'accepted_at'],
        ['assess', 'coalesce(c.accepted_at, c.created_at)', 'assessed_at'],
        ['intervene', 'coalesce(c.assessed_at, c.accepted_at, c.created_at)', 'intervened_at'],
        ['resolve', 'coalesce(c.intervened_at, c.assessed_at, c.accepted_at, c.created_at)', 'resolved_at'],
      ];
      if (spans.map((s) => s[0]).join() !== STAGES.join()) throw new Error('rebuild: stages differ from contributions.ts');
      for (const [stage, start, end] of spans) {
        steps.push({ name: `stage ${stage}`, run: dated(`'st:${stage}:' || ${stageBucket(start, `c.${end}`)}`, end, `c.${end} is not null`) });
      }
      const handling = `c.closed_via = 'handling'`;
      // The results report's figures, as in contributions.ts's figuresOf.
      const figures: [string, string, string][] = [
        ['pressingProblemsResolved', 'closed_at', `${resolved} and c.type = 'demand' and ${handling} and ${hasReferral}`],
        ['casesSolvedByDeliberation', 'closed_at', `${resolved} and c.closed_via = 'deliberation'`],
        ['cobuildHazardsResolved', 'closed_at', `${resolved} and c.type = 'hazard' and ${handling} and ${hasReferral}`],
        ['demandsResolved', 'closed_at', `${resolved} and c.type = 'demand' and ${handling} and not ${hasReferral}`],
        ['petitionCasesResolved', 'closed_at', `${resolved} and c.type = 'petition' and ${hasFourOffices}`],
        ['petitionConflictsMediated', 'closed_at', `${resolved} and c.type = 'petition' and not ${hasReferral}`],
        ['hazardsFound', 'created_at', `c.type = 'dispute' and c.channel in ('patrol', 'steward') and ${valid}`],
        ['skippedLevelPetitions', 'created_at', `c.type = 'petition' and c.is_skipped_level = 1`],
        ['civilToCriminalCases', 'created_at', 'c.is_criminal_risk = 1'],
      ];
      for (const [figure, at, where] of figures) steps.push({ name: `figure ${figure}`, run: dated(lit(`f.${figure}`), at, where) });
      steps.push(
        {
          name: 'months',
          run: async () => {
            await sql`insert into case_rollups (path, bucket, k, n)
              select path, 'm' || substr(bucket, 2, 7), k, sum(n) from case_rollups where bucket >= 'd' and bucket < 'e'
              group by path, substr(bucket, 2, 7), k`.execute(db);
          },
        },
        {
          name: 'open and overdue now',
          run: async () => {
            await sql`insert into case_rollups (path, bucket, k, n)
              select ${sql.raw(grid)}, 'now', 'open', count(*) from cases c where c.is_open = 1 group by 1`.execute(db);
            await sql`insert into case_rollups (path, bucket, k, n)
              select ${sql.raw(grid)}, 'now', 'overdue', count(*) from cases c where c.is_open = 1 and c.overdue_at is not null group by 1`.execute(db);
          },
        },
        {
          name: 'subtrees',
          run: async () => {
            // Every prefix of the case grid paths (rollupPaths) with its parent prefix; then, from
            // the deepest level up, each path's counters (its own cases' and, already complete,
            // its children's) are added to its parent's.
            const parents = new Map<string, { parent: string | null; depth: number }>();
            for (const { grid_path } of await db.selectFrom('cases').select('grid_path').distinct().execute()) {
              const chain = rollupPaths(grid_path);
              chain.forEach((path, depth) => parents.set(path, { parent: depth === 0 ? null : chain[depth - 1], depth }));
            }
            const rows = [...parents].map(([path, { parent, depth }]) => ({ path, parent, depth }));
            for (let i = 0; i < rows.length; i += UPSERT_BATCH) {
              await sql`insert into rollup_parent (path, parent, depth) values ${sql.join(rows.slice(i, i + UPSERT_BATCH).map((r) => sql`(${r.path}, ${r.parent}, ${r.depth})`))}`.execute(db);
            }
            const deepest = Math.max(0, ...rows.map((r) => r.depth));
            for (let depth = deepest; depth > 0; depth--) {
              await sql`insert into case_rollups (path, bucket, k, n)
                select p.parent, r.bucket, r.k, sum(r.n) from rollup_parent p join case_rollups r on r.path = p.path
                where p.depth = ${depth} and p.parent is not null group by p.parent, r.bucket, r.k
                on conflict (path, bucket, k) do update set n = case_rollups.n + excluded.n`.execute(db);
            }
            await sql`drop table rollup_parent`.execute(db);
          },
        },
      );
      return steps;
    },
    async countCases(): Promise<number> {
      const row = await db.selectFrom('cases').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
      return Number(row.n);
    },
    async countRollups(): Promise<number> {
      const row = await db.selectFrom('case_rollups').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
      return Number(row.n);
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
