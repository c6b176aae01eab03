import type SqliteDatabase from 'better-sqlite3';
import { sql, type Kysely, type RawBuilder } from 'kysely';
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

/**
 * The keys of some paths that start with a prefix, one primary-key seek per key found (a
 * recursive "next key after" walk), instead of reading every bucket of every such key.
 */
async function keysWithPrefix(db: Kysely<Database>, paths: string[], prefix: string): Promise<string[]> {
  const end = `${prefix}~`;
  const found = new Set<string>();
  for (const path of paths) {
    const walk = await sql<{ k: string }>`with recursive ks(k) as (
        select (select min(k) from case_rollups where path = ${path} and k >= ${prefix} and k < ${end})
        union all
        select (select min(r.k) from case_rollups r where r.path = ${path} and r.k > ks.k and r.k < ${end}) from ks where ks.k is not null
      ) select k from ks where k is not null`.execute(db);
    for (const r of walk.rows) found.add(r.k);
  }
  // And the keys only counted since the last fold (a short table, read whole).
  const pending = await db.selectFrom('case_rollup_pending').select('k').distinct().where('path', 'in', paths).where('k', '>=', prefix).where('k', '<', end).execute();
  for (const r of pending) found.add(r.k);
  return [...found].sort();
}

/**
 * `select <columns> from case_rollups` for some paths and keys, one UNION ALL branch per bucket
 * range: each branch is a range of the primary key (path, k, bucket) per path and key, where an
 * OR of ranges would make both databases read every bucket of the key. One more branch adds the
 * counts not yet folded in (`case_rollup_pending`: a short table, read whole).
 */
function rangeBranches(columns: RawBuilder<unknown>, paths: string[], ranges: BucketRange[], keys: string[] | undefined): RawBuilder<unknown> {
  const keyCond = keys ? sql` and k in (${sql.join(keys)})` : sql``;
  const where = (table: string, buckets: RawBuilder<unknown>) => sql`select ${columns} from ${sql.table(table)} where path in (${sql.join(paths)})${keyCond} and ${buckets}`;
  const inRange = ([from, to]: BucketRange) => sql`bucket >= ${from} and bucket <= ${to}`;
  const branches = ranges.map((range) => where('case_rollups', inRange(range)));
  branches.push(where('case_rollup_pending', sql`(${sql.join(ranges.map((range) => sql`(${inRange(range)})`), sql` or `)})`));
  return sql.join(branches, sql` union all `);
}

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
      await db.deleteFrom('case_rollup_pending').execute();
    },
    /**
     * Sums of the counters of some subtrees over bucket ranges, by key (optionally only some keys
     * or a key prefix). One statement: a UNION ALL of one branch per bucket range, each a seek per
     * path and key on the primary key (path, k, bucket), so it reads only the rows it adds up.
     */
    async sums(paths: string[], ranges: BucketRange[], keys?: { in?: string[]; prefix?: string }): Promise<{ k: string; n: number }[]> {
      if (paths.length === 0 || ranges.length === 0) return [];
      let only = keys?.in;
      if (keys?.prefix !== undefined) {
        const found = await keysWithPrefix(db, paths, keys.prefix);
        only = only ? only.filter((k) => found.includes(k)) : found;
      }
      if (only?.length === 0) return [];
      const rows = await sql<{ k: string; n: number | string }>`select k, sum(n) as n from (${rangeBranches(sql`k, n`, paths, ranges, only)}) x group by k`.execute(db);
      return rows.rows.map((r) => ({ k: r.k, n: Number(r.n) }));
    },
    /** The keys of some paths that start with a prefix (see `keysWithPrefix`). */
    keysWithPrefix(paths: string[], prefix: string): Promise<string[]> {
      return keysWithPrefix(db, paths, prefix);
    },
    /** The same sums per path (a drill-down: one row per child and key). */
    async sumsByPath(paths: string[], ranges: BucketRange[], keys: string[]): Promise<{ path: string; k: string; n: number }[]> {
      if (paths.length === 0 || ranges.length === 0 || keys.length === 0) return [];
      const rows = await sql<{ path: string; k: string; n: number | string }>`select path, k, sum(n) as n from (${rangeBranches(sql`path, k, n`, paths, ranges, keys)}) x group by path, k`.execute(db);
      return rows.rows.map((r) => ({ path: r.path, k: r.k, n: Number(r.n) }));
    },
    /** Per bucket (trend lines): the counters of some keys in each bucket of the ranges. */
    async byBucket(paths: string[], ranges: BucketRange[], keys: string[]): Promise<{ bucket: string; k: string; n: number }[]> {
      if (paths.length === 0 || ranges.length === 0 || keys.length === 0) return [];
      const rows = await sql<{ bucket: string; k: string; n: number | string }>`select bucket, k, sum(n) as n from (${rangeBranches(sql`bucket, k, n`, paths, ranges, keys)}) x group by bucket, k`.execute(db);
      return rows.rows.map((r) => ({ bucket: r.bucket, k: r.k, n: Number(r.n) }));
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
     * The set-based rebuild (see `rebuildRollups`), the same counters as `contributions()`
     * (checked by rollups.test.ts against the JS sum): one scan of `cases` into a narrow temporary
     * table (`rb_case`: per case its grid, the local days that date its counters, its flags and
     * stage durations), then a few grouped inserts of leaf counters from it (the per-day counters
     * of received and closed cases summed once per grid and day, then one grouped insert per keyed
     * family), then the months from the days, then every ancestor path level by level. Each
     * grouped insert selects in primary-key order (path, k, bucket). Run inside a transaction.
     */
    rebuildSteps(): { name: string; run: () => Promise<void> }[] {
      const isPg = db.getExecutor().adapter.constructor.name.toLowerCase().includes('postgres');
      const textC = isPg ? 'text collate "C"' : 'text';
      const day = (col: string) => (isPg ? `to_char(((${col})::timestamptz at time zone 'UTC') + interval '8 hours', 'YYYY-MM-DD')` : `date(${col}, '+8 hours')`);
      /** Milliseconds from one ISO instant to another, exact on both dialects. */
      const ms = (from: string, to: string) =>
        isPg
          ? `(extract(epoch from ((${to})::timestamptz - (${from})::timestamptz)) * 1000)`
          : `cast(round((julianday(${to}) - julianday(${from})) * 86400000) as integer)`;
      const stageBucket = (col: string) => `(case ${STAGE_EDGES_HOURS.map((edge, i) => `when ${col} < ${Math.round(edge * 3_600_000)} then ${i}`).join(' ')} else ${STAGE_EDGES_HOURS.length} end)`;
      const flag = (cond: string) => `(case when ${cond} then 1 else 0 end)`;
      const valid = `c.state not in ('rejected', 'merged')`;
      const resolved = `c.state in ('closed', 'rated') and c.closed_at is not null`;
      const hasReferral = `exists (select 1 from case_referrals r where r.case_id = c.id)`;
      const hasFourOffices = `exists (select 1 from case_referrals r join departments d on d.id = r.department_id where r.case_id = c.id and d.kind in (${FOUR_OFFICE_KINDS.map((k) => `'${k}'`).join(', ')}))`;
      const wasOverdue = `exists (select 1 from case_events e where e.case_id = c.id and e.action = 'overdue')`;
      const run = (text: string) => sql.raw(text).execute(db).then(() => undefined);
      const insert = (select: string) => run(`insert into case_rollups (path, k, bucket, n) ${select}`);
      // The 五早 stages: [stage, start, end] as in contributions.ts's stageSpans.
      const spans: [string, string, string][] = [
        ['discover', 'c.discovered_at', 'created_at'],
        ['report', 'c.created_at', 'accepted_at'],
        ['assess', 'coalesce(c.accepted_at, c.created_at)', 'assessed_at'],
        ['intervene', 'coalesce(c.assessed_at, c.accepted_at, c.created_at)', 'intervened_at'],
        ['resolve', 'coalesce(c.intervened_at, c.assessed_at, c.accepted_at, c.created_at)', 'resolved_at'],
      ];
      if (spans.map((s) => s[0]).join() !== STAGES.join()) throw new Error('rebuild: stages differ from contributions.ts');
      // Columns of rb_day (per grid and day received) and the key each is written under.
      const perDay: [string, string, string][] = [
        ['rcv', 'rcv', 'count(*)'],
        ['valid', 'c.valid', 'sum(valid)'],
        ['resp', 'c.resp', 'sum(resp)'],
        ['closed', 'c.closed', 'sum(res)'],
        ['on_time', 'c.onTime', 'sum(on_time)'],
        ['lowest', 'c.lowest', 'sum(lowest)'],
        ['due', 'c.due', 'sum(due)'],
        ['back', 'c.back', 'sum(back)'],
        ['rework', 'c.rework', 'sum(rework)'],
        ['rated', 'c.rated', 'sum(rated)'],
        ['sat', 'c.sat', 'sum(sat)'],
        // The results report's figures dated by the report, as in contributions.ts's figuresOf.
        ['f_found', 'f.hazardsFound', 'sum(f_found)'],
        ['f_skipped', 'f.skippedLevelPetitions', 'sum(f_skipped)'],
        ['f_criminal', 'f.civilToCriminalCases', 'sum(f_criminal)'],
      ];
      // Columns of rb_xday (per grid and day closed): the closed count and the figures dated by the closing.
      const handling = `via = 'handling'`;
      const perClosedDay: [string, string, string][] = [
        ['closed', 'e.closed', 'count(*)'],
        ['f_pressing', 'f.pressingProblemsResolved', `sum(${flag(`type = 'demand' and ${handling} and has_ref = 1`)})`],
        ['f_deliberation', 'f.casesSolvedByDeliberation', `sum(${flag(`via = 'deliberation'`)})`],
        ['f_cobuild', 'f.cobuildHazardsResolved', `sum(${flag(`type = 'hazard' and ${handling} and has_ref = 1`)})`],
        ['f_demands', 'f.demandsResolved', `sum(${flag(`type = 'demand' and ${handling} and has_ref = 0`)})`],
        ['f_petition_cases', 'f.petitionCasesResolved', `sum(${flag(`type = 'petition' and has_four = 1`)})`],
        ['f_petition_conflicts', 'f.petitionConflictsMediated', `sum(${flag(`type = 'petition' and has_ref = 0`)})`],
      ];
      const dropTemps = async () => {
        for (const t of ['rb_case', 'rb_day', 'rb_xday', 'rollup_parent']) await run(`drop table if exists ${t}`);
      };
      const steps: { name: string; run: () => Promise<void> }[] = [
        {
          name: 'prepare',
          run: async () => {
            await dropTemps();
            await db.deleteFrom('case_rollups').execute();
            await db.deleteFrom('case_rollup_pending').execute();
          },
        },
        {
          name: 'cases (one scan)',
          run: () =>
            run(`create temporary table rb_case as select
              coalesce(c.grid_path, '${NO_GRID}') as grid,
              ${day('c.created_at')} as cd,
              case when ${resolved} then ${day('c.closed_at')} end as xd,
              case when c.resolved_at is not null then ${day('c.resolved_at')} end as rd,
              c.type as type, c.category_id as cat, c.tier as tier, c.state as state, c.closed_via as via,
              case when ${resolved} then ${flag(hasReferral)} else 0 end as has_ref,
              case when ${resolved} then ${flag(hasFourOffices)} else 0 end as has_four,
              ${flag(valid)} as valid,
              ${flag('c.responded_at is not null and (c.response_due_at is null or c.responded_at <= c.response_due_at)')} as resp,
              ${flag(resolved)} as res,
              case when ${resolved} then ${flag(`not ${wasOverdue}`)} else 0 end as on_time,
              ${flag(`${resolved} and c.tier = c.lowest_tier`)} as lowest,
              ${flag(`(${resolved}) or (c.is_open = 1 and c.overdue_at is not null)`)} as due,
              ${flag('c.resolved_at is not null or c.rework_count > 0')} as back,
              ${flag('c.rework_count > 0')} as rework,
              ${flag('c.feedback is not null')} as rated,
              ${flag(`c.feedback = 'confirmed' and (c.rating is null or c.rating >= 4)`)} as sat,
              ${flag(`c.type = 'dispute' and c.channel in ('patrol', 'steward') and ${valid}`)} as f_found,
              ${flag(`c.type = 'petition' and c.is_skipped_level = 1`)} as f_skipped,
              ${flag('c.is_criminal_risk = 1')} as f_criminal,
              ${flag('c.is_open = 1')} as is_open,
              ${flag('c.is_open = 1 and c.overdue_at is not null')} as overdue,
              ${spans.map(([, start, end], i) => `case when c.${end} is not null then ${day(`c.${end}`)} end as s${i}d, case when c.${end} is not null then ${ms(start, `c.${end}`)} end as s${i}ms`).join(',\n              ')}
              from cases c`),
        },
        {
          name: 'counters by day received',
          run: async () => {
            await run(`create temporary table rb_day as select grid, cd, ${perDay.map(([col, , agg]) => `${agg} as ${col}`).join(', ')} from rb_case group by grid, cd`);
            for (const [col, k] of perDay) await insert(`select grid, '${k}', 'd' || cd, ${col} from rb_day where ${col} > 0 order by grid, cd`);
          },
        },
        {
          name: 'counters by day closed',
          run: async () => {
            await run(`create temporary table rb_xday as select grid, xd, ${perClosedDay.map(([col, , agg]) => `${agg} as ${col}`).join(', ')} from rb_case where xd is not null group by grid, xd`);
            for (const [col, k] of perClosedDay) await insert(`select grid, '${k}', 'd' || xd, ${col} from rb_xday where ${col} > 0 order by grid, xd`);
          },
        },
        { name: 'received by type', run: () => insert(`select grid, 'rcv:t:' || type, 'd' || cd, count(*) from rb_case group by grid, type, cd order by 1, 2, 3`) },
        { name: 'received by category', run: () => insert(`select grid, 'rcv:c:' || cat, 'd' || cd, count(*) from rb_case group by grid, cat, cd order by 1, 2, 3`) },
        { name: 'received by tier', run: () => insert(`select grid, 'rcv:r:' || tier, 'd' || cd, count(*) from rb_case group by grid, tier, cd order by 1, 2, 3`) },
        { name: 'received by state', run: () => insert(`select grid, 'rcv:s:' || state, 'd' || cd, count(*) from rb_case group by grid, state, cd order by 1, 2, 3`) },
        { name: 'closed by category', run: () => insert(`select grid, 'e.closed:c:' || cat, 'd' || xd, count(*) from rb_case where xd is not null group by grid, cat, xd order by 1, 2, 3`) },
        { name: 'reported back', run: () => insert(`select grid, 'e.resolved', 'd' || rd, count(*) from rb_case where rd is not null group by grid, rd order by 1, 3`) },
      ];
      spans.forEach(([stage], i) => {
        steps.push({
          name: `stage ${stage}`,
          run: () => insert(`select grid, 'st:${stage}:' || ${stageBucket(`s${i}ms`)}, 'd' || s${i}d, count(*) from rb_case where s${i}d is not null group by 1, 2, 3 order by 1, 2, 3`),
        });
      });
      steps.push(
        {
          name: 'open and overdue now',
          run: async () => {
            await insert(`select grid, 'open', 'now', count(*) from rb_case where is_open = 1 group by grid order by grid`);
            await insert(`select grid, 'overdue', 'now', count(*) from rb_case where overdue = 1 group by grid order by grid`);
          },
        },
        {
          name: 'months',
          run: () => insert(`select path, k, 'm' || substr(bucket, 2, 7), sum(n) from case_rollups where bucket >= 'd' and bucket < 'e' group by path, k, substr(bucket, 2, 7) order by 1, 2, 3`),
        },
        {
          name: 'subtrees',
          run: async () => {
            // Every prefix of the case grid paths (rollupPaths) with its parent prefix; then, from
            // the deepest level up, each path's counters (its own cases' and, already complete,
            // its children's) are added to its parent's.
            await run(`create temporary table rollup_parent (path ${textC} not null primary key, parent ${textC}, depth integer not null)`);
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
              await sql`insert into case_rollups (path, k, bucket, n)
                select p.parent, r.k, r.bucket, sum(r.n) from rollup_parent p join case_rollups r on r.path = p.path
                where p.depth = ${depth} and p.parent is not null group by p.parent, r.k, r.bucket order by 1, 2, 3
                on conflict (path, k, bucket) do update set n = case_rollups.n + excluded.n`.execute(db);
            }
          },
        },
        { name: 'clean up', run: dropTemps },
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
    categoryByCode(code: string) {
      return db.selectFrom('case_categories').select(['id', 'code']).where('code', '=', code).executeTakeFirst();
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

/** Rows per statement of the raw append: one statement call writes this many counters. */
const SYNC_CHUNK = 32;
const appends = new WeakMap<SqliteDatabase.Database, { many: SqliteDatabase.Statement; one: SqliteDatabase.Statement; fold: SqliteDatabase.Statement; clear: SqliteDatabase.Statement; count: SqliteDatabase.Statement }>();

function pendingStatements(raw: SqliteDatabase.Database) {
  let found = appends.get(raw);
  if (!found) {
    const sqlFor = (count: number) => `insert into case_rollup_pending (path, k, bucket, n) values ${Array.from({ length: count }, () => '(?, ?, ?, ?)').join(', ')}`;
    found = {
      many: raw.prepare(sqlFor(SYNC_CHUNK)),
      one: raw.prepare(sqlFor(1)),
      // `where true`: SQLite's parser needs it between a SELECT and ON CONFLICT.
      fold: raw.prepare(
        `insert into case_rollups (path, k, bucket, n)
         select path, k, bucket, sum(n) from case_rollup_pending where true group by path, k, bucket having sum(n) <> 0 order by path, k, bucket
         on conflict (path, k, bucket) do update set n = n + excluded.n`,
      ),
      clear: raw.prepare('delete from case_rollup_pending'),
      count: raw.prepare('select count(*) as n from case_rollup_pending'),
    };
    appends.set(raw, found);
  }
  return found;
}

/**
 * The intake's hot path on SQLite: appends summed counters to `case_rollup_pending` (pages at the
 * end of one table), `SYNC_CHUNK` rows per statement call, then one by one for the rest.
 */
export function appendPendingSync(raw: SqliteDatabase.Database, rows: RollupRow[]): void {
  const statements = pendingStatements(raw);
  let i = 0;
  for (; i + SYNC_CHUNK <= rows.length; i += SYNC_CHUNK) {
    const params: (string | number)[] = [];
    for (let j = i; j < i + SYNC_CHUNK; j++) params.push(rows[j].path, rows[j].k, rows[j].bucket, rows[j].n);
    statements.many.run(params);
  }
  for (; i < rows.length; i++) statements.one.run(rows[i].path, rows[i].k, rows[i].bucket, rows[i].n);
}

/** Adds the pending counters to `case_rollups` and empties the pending table (inside the caller's transaction). */
export function foldPendingSync(raw: SqliteDatabase.Database): void {
  const statements = pendingStatements(raw);
  statements.fold.run();
  statements.clear.run();
}

/** How many counters wait in `case_rollup_pending`. */
export function countPendingSync(raw: SqliteDatabase.Database): number {
  return Number((pendingStatements(raw).count.get() as { n: number }).n);
}
