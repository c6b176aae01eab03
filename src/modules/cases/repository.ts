import type SqliteDatabase from 'better-sqlite3';
import { sql, type Kysely } from 'kysely';
import type { Database } from '../../db/schema.js';
import { inScope, underPath, type Actor } from '../../core/scope.js';
import type { ChainNode } from './routing.js';
import type { CaseCategoryTable, CaseState, CaseTable, Tier } from './tables.js';

type ScopeActor = Pick<Actor, 'isGlobal' | 'scopePaths'>;

/** A grid on the chain above a case's location, with its name. */
export interface PlaceNode extends ChainNode {
  name: string;
}

/** Cases visible to an actor: where it happened or who holds it lies in their subtree; the triage queue for city-level staff. */
function visibleTo(actor: ScopeActor, seesTriage: boolean) {
  return (eb: Parameters<ReturnType<typeof inScope>>[0]) =>
    eb.or([inScope(actor, 'cases.grid_path')(eb), inScope(actor, 'cases.handling_path')(eb), ...(seesTriage ? [eb('cases.handling_path', '=', '/')] : [])]);
}

export interface CaseListFilter {
  state?: CaseState[];
  type?: string;
  categoryId?: string;
  tier?: Tier;
  underPath?: string;
  isOverdue?: boolean;
  q?: string;
  from?: string;
  to?: string;
  limit: number;
  offset: number;
}

/** SQL for cases, their log, referrals and taxonomy. Reads always take the caller's scope. */
export function casesRepository(db: Kysely<Database>) {
  return {
    findById(id: string) {
      return db.selectFrom('cases').selectAll().where('id', '=', id).executeTakeFirst();
    },
    findByNumber(number: string) {
      return db.selectFrom('cases').selectAll().where('number', '=', number).executeTakeFirst();
    },
    async list(actor: ScopeActor, seesTriage: boolean, f: CaseListFilter, now: string) {
      let q = db.selectFrom('cases').where(visibleTo(actor, seesTriage));
      if (f.state?.length) q = q.where('cases.state', 'in', f.state);
      if (f.type) q = q.where('cases.type', '=', f.type as never);
      if (f.categoryId) q = q.where('cases.category_id', '=', f.categoryId);
      if (f.tier) q = q.where('cases.tier', '=', f.tier);
      if (f.underPath) q = q.where(underPath('cases.grid_path', f.underPath));
      if (f.isOverdue) q = q.where('cases.is_open', '=', 1).where('cases.due_at', '<', now);
      if (f.from) q = q.where('cases.created_at', '>=', f.from);
      if (f.to) q = q.where('cases.created_at', '<', f.to);
      if (f.q) q = q.where((eb) => eb.or([eb('cases.number', '=', f.q!), eb('cases.title', 'like', `%${f.q}%`)]));
      const [items, total] = await Promise.all([
        q
          .leftJoin('case_categories', 'case_categories.id', 'cases.category_id')
          .leftJoin('grids', 'grids.id', 'cases.grid_id')
          .selectAll('cases')
          .select(['case_categories.name as category_name', 'case_categories.name_en as category_name_en', 'grids.name as grid_name'])
          .orderBy('cases.created_at', 'desc')
          .orderBy('cases.id')
          .limit(f.limit)
          .offset(f.offset)
          .execute(),
        q.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
      ]);
      return { items, total: Number(total.n) };
    },
    /**
     * The open cases a team must act on: the tier it works at, under its subtrees, soonest
     * deadline first. Per scope root, three index ranges on cases_inbox (tier, handling_path,
     * due_at): cases held at the root itself read in deadline order and stop at `limit` (a team
     * holds its cases at its own grid, so this is nearly all of them, however many there are),
     * those without a deadline, and those held below the root; merged here.
     */
    async inbox(tier: Tier, paths: string[], limit: number) {
      if (paths.length === 0) return [];
      const open = () =>
        db
          .selectFrom('cases')
          .select(['id', 'number', 'title', 'type', 'state', 'tier', 'due_at', 'overdue_at', 'stage', 'category_id', 'grid_id', 'address', 'created_at', 'priority', 'version', 'pending_request'])
          .where('is_open', '=', 1)
          .where('tier', '=', tier);
      const underRoot = (p: string) => {
        const held = open().where('handling_path', '=', p).where('due_at', 'is not', null).orderBy('due_at').limit(limit);
        const undated = open().where('handling_path', '=', p).where('due_at', 'is', null).limit(limit);
        const query = db.selectFrom(held.as('held')).selectAll().unionAll(db.selectFrom(undated.as('undated')).selectAll());
        if (p === '/') return query.execute();
        const below = open().where('handling_path', '>', p).where('handling_path', '<', `${p}~`).orderBy(sql`due_at is null`).orderBy('due_at').limit(limit);
        return query.unionAll(db.selectFrom(below.as('below')).selectAll()).execute();
      };
      const seen = new Set<string>();
      const rows = (await Promise.all([...new Set(paths)].map(underRoot))).flat().filter((r) => !seen.has(r.id) && seen.add(r.id));
      // Soonest deadline first, cases without a deadline last (as `due_at is null, due_at`).
      rows.sort((a, b) => (a.due_at === null ? (b.due_at === null ? 0 : 1) : b.due_at === null ? -1 : a.due_at < b.due_at ? -1 : a.due_at > b.due_at ? 1 : 0));
      return rows.slice(0, limit);
    },
    /** Open referrals to the given departments. */
    referralInbox(departmentIds: string[], limit: number) {
      if (departmentIds.length === 0) return Promise.resolve([]);
      return db
        .selectFrom('case_referrals')
        .innerJoin('cases', 'cases.id', 'case_referrals.case_id')
        .innerJoin('departments', 'departments.id', 'case_referrals.department_id')
        .select(['case_referrals.id as referral_id', 'case_referrals.state as referral_state', 'case_referrals.due_at as referral_due_at', 'departments.name as department_name', 'cases.id', 'cases.number', 'cases.title', 'cases.type', 'cases.state', 'cases.tier', 'cases.address', 'cases.created_at'])
        .where('case_referrals.department_id', 'in', departmentIds)
        .where('case_referrals.state', '!=', 'responded')
        .orderBy('case_referrals.due_at')
        .limit(limit)
        .execute();
    },
    events(caseId: string) {
      return db.selectFrom('case_events').selectAll().where('case_id', '=', caseId).orderBy('seq').execute();
    },
    lastSeq(caseId: string) {
      return db.selectFrom('case_events').select((eb) => eb.fn.max('seq').as('seq')).where('case_id', '=', caseId).executeTakeFirst();
    },
    referrals(caseId: string) {
      return db
        .selectFrom('case_referrals')
        .innerJoin('departments', 'departments.id', 'case_referrals.department_id')
        .select(['case_referrals.id', 'case_referrals.department_id', 'departments.name', 'departments.name_en', 'departments.kind', 'case_referrals.state', 'case_referrals.requested_at', 'case_referrals.due_at', 'case_referrals.acknowledged_at', 'case_referrals.responded_at', 'case_referrals.response'])
        .where('case_referrals.case_id', '=', caseId)
        .orderBy('case_referrals.requested_at')
        .execute();
    },
    findReferral(id: string) {
      return db.selectFrom('case_referrals').selectAll().where('id', '=', id).executeTakeFirst();
    },
    attachments(caseId: string) {
      return db.selectFrom('case_attachments').select(['id', 'kind', 'mime', 'size', 'width', 'height', 'event_id', 'created_at']).where('case_id', '=', caseId).orderBy('created_at').execute();
    },
    findAttachment(id: string) {
      return db.selectFrom('case_attachments').selectAll().where('id', '=', id).executeTakeFirst();
    },
    /** The grids of a materialized path with their names (root first). */
    async chain(path: string): Promise<PlaceNode[]> {
      const codes = path.split('/').filter(Boolean);
      if (codes.length === 0) return [];
      const rows = await db.selectFrom('grids').select(['id', 'path', 'level', 'name']).where('code', 'in', codes).execute();
      return rows.sort((a, b) => a.path.length - b.path.length);
    },
    category(id: string) {
      return db.selectFrom('case_categories').selectAll().where('id', '=', id).executeTakeFirst();
    },
    categoryByCode(code: string) {
      return db.selectFrom('case_categories').select(['id']).where('code', '=', code).executeTakeFirst();
    },
    /** What a reporter without an account is told after reporting. */
    receipt(id: string) {
      return db.selectFrom('cases').select(['number', 'state', 'reporter_phone_last4']).where('id', '=', id).executeTakeFirstOrThrow();
    },
    categories() {
      return db.selectFrom('case_categories').selectAll().orderBy('sort').execute();
    },
    departments() {
      return db.selectFrom('departments').selectAll().where('is_active', '=', 1).orderBy('code').execute();
    },
    departmentsOf(userId: string) {
      return db.selectFrom('department_members').select('department_id').where('user_id', '=', userId).execute().then((rows) => rows.map((r) => r.department_id));
    },
    /** Same category, open or recent, within a box around a point: candidates for the duplicate check. */
    nearby(categoryId: string, lng: number, lat: number, dLng: number, dLat: number, since: string) {
      return db
        .selectFrom('cases')
        .select(['id', 'number', 'title', 'state', 'lng', 'lat', 'created_at'])
        .where('category_id', '=', categoryId)
        .where('created_at', '>=', since)
        .where('lng', '>=', lng - dLng)
        .where('lng', '<=', lng + dLng)
        .where('lat', '>=', lat - dLat)
        .where('lat', '<=', lat + dLat)
        .where('state', 'not in', ['rejected', 'merged'])
        .orderBy('created_at', 'desc')
        .limit(20)
        .execute();
    },
    idempotent(key: string) {
      return db.selectFrom('idempotency_keys').select(['case_id']).where('key', '=', key).executeTakeFirst();
    },
    /** Next human case number of a year, inside the caller's transaction. */
    async nextNumber(year: number): Promise<string> {
      const key = `case:${year}`;
      const updated = await db.updateTable('counters').set((eb) => ({ value: eb('value', '+', 1) })).where('key', '=', key).returning('value').executeTakeFirst();
      let value = updated?.value;
      if (value === undefined) {
        await db.insertInto('counters').values({ key, value: 1 }).onConflict((oc) => oc.column('key').doUpdateSet((eb) => ({ value: eb('counters.value', '+', 1) }))).execute();
        value = (await db.selectFrom('counters').select('value').where('key', '=', key).executeTakeFirstOrThrow()).value;
      }
      return `${year}-${String(value).padStart(6, '0')}`;
    },
    insertCase(row: CaseTable) {
      return db.insertInto('cases').values(row).execute();
    },
    /** Optimistic update: succeeds only if nobody changed the case since `version` was read. */
    async updateCase(id: string, version: number, patch: Partial<CaseTable>): Promise<boolean> {
      const result = await db.updateTable('cases').set({ ...patch, version: version + 1 }).where('id', '=', id).where('version', '=', version).executeTakeFirst();
      return Number(result.numUpdatedRows) === 1;
    },
    insertEvent(row: Database['case_events']) {
      return db.insertInto('case_events').values(row).execute();
    },
    insertReferral(row: Database['case_referrals']) {
      return db.insertInto('case_referrals').values(row).execute();
    },
    updateReferral(id: string, patch: Partial<Database['case_referrals']>) {
      return db.updateTable('case_referrals').set(patch).where('id', '=', id).execute();
    },
    insertAttachment(row: Database['case_attachments']) {
      return db.insertInto('case_attachments').values(row).execute();
    },
    attachToCase(ids: string[], caseId: string, eventId: string | null) {
      if (ids.length === 0) return Promise.resolve();
      return db.updateTable('case_attachments').set({ case_id: caseId, event_id: eventId }).where('id', 'in', ids).where('case_id', 'is', null).execute();
    },
    insertIdempotency(key: string, caseId: string, at: string) {
      return db.insertInto('idempotency_keys').values({ key, case_id: caseId, created_at: at }).execute();
    },
    mergedInto(caseId: string) {
      return db.selectFrom('cases').select(['id', 'number', 'reporter_user_id']).where('merged_into_id', '=', caseId).execute();
    },
  };
}

export type CasesRepository = ReturnType<typeof casesRepository>;

/** Every column of `cases`, in one order, for the prepared insert of the intake. */
const CASE_COLUMNS: (keyof CaseTable)[] = [
  'id', 'number', 'type', 'category_id', 'title', 'description', 'state', 'is_open', 'tier', 'channel', 'grid_id', 'grid_path', 'handling_grid_id', 'handling_path',
  'lng', 'lat', 'address', 'reporter_user_id', 'reporter_person_id', 'reporter_name', 'reporter_phone_enc', 'reporter_phone_hash', 'reporter_phone_last4',
  'limits', 'stage', 'due_at', 'overdue_at', 'sla_escalated_at', 'discovered_at', 'accepted_at', 'response_due_at', 'responded_at', 'assessed_at', 'intervened_at', 'resolved_at', 'closed_at',
  'closed_via', 'resolution_id', 'rework_count', 'escalation_count', 'reopen_count', 'lowest_tier', 'feedback', 'rating', 'rated_at', 'merged_into_id',
  'suspended_from', 'is_skipped_level', 'is_criminal_risk', 'priority', 'pending_request', 'version', 'created_at', 'updated_at',
];

const EVENT_COLUMNS: (keyof Database['case_events'])[] = ['id', 'case_id', 'seq', 'action', 'from_state', 'to_state', 'from_tier', 'to_tier', 'actor_id', 'actor_name', 'actor_role', 'note', 'data', 'at'];
const OUTBOX_COLUMNS: (keyof Database['outbox'])[] = ['id', 'topic', 'payload', 'grid_path', 'created_at', 'published_at'];
/** Positional inserts: better-sqlite3 binds an array of values more than twice as fast as named parameters. */
const insertOf = (table: string, columns: readonly string[]) => `insert into ${table} (${columns.join(', ')}) values (${columns.map(() => '?').join(', ')})`;
const valuesOf = <T extends object>(row: T, columns: readonly (keyof T)[]) => columns.map((c) => row[c]);
const INSERT_CASE = insertOf('cases', CASE_COLUMNS);
/** `select … where code in (?, ?, …)` by number of codes. */
const CHAIN_BY_ARITY = Array.from({ length: 16 }, (_, n) => `select id, path, level, name from grids where code in (${Array.from({ length: n }, () => '?').join(', ')})`);
const INSERT_EVENT = insertOf('case_events', EVENT_COLUMNS);
const INSERT_OUTBOX = insertOf('outbox', OUTBOX_COLUMNS);

const hotStatements = new WeakMap<SqliteDatabase.Database, Map<string, SqliteDatabase.Statement>>();

/**
 * The intake's statements on SQLite, prepared once per connection: Kysely's SQLite driver
 * prepares every statement on every call, which costs more than running these. Synchronous, so
 * call them only while holding the connection — inside a transaction callback or
 * `kysely.connection().execute(…)` — never between another caller's statements.
 */
export function casesHotPath(raw: SqliteDatabase.Database) {
  let cache = hotStatements.get(raw);
  if (!cache) {
    cache = new Map();
    hotStatements.set(raw, cache);
  }
  const statements = cache;
  const statement = (text: string) => {
    let prepared = statements.get(text);
    if (!prepared) {
      prepared = raw.prepare(text);
      statements.set(text, prepared);
    }
    return prepared;
  };
  return {
    idempotent(key: string): { case_id: string } | undefined {
      return statement('select case_id from idempotency_keys where key = ?').get(key) as { case_id: string } | undefined;
    },
    category(id: string): CaseCategoryTable | undefined {
      return statement('select * from case_categories where id = ?').get(id) as CaseCategoryTable | undefined;
    },
    grid(id: string): ChainNode | undefined {
      return statement('select id, path, level from grids where id = ?').get(id) as ChainNode | undefined;
    },
    /** The grids of a materialized path (root first). */
    chain(path: string): PlaceNode[] {
      const codes = path.split('/').filter(Boolean);
      if (codes.length === 0) return [];
      const text = CHAIN_BY_ARITY[codes.length] ?? `select id, path, level, name from grids where code in (${codes.map(() => '?').join(', ')})`;
      const rows = statement(text).all(...codes) as PlaceNode[];
      return rows.sort((a, b) => a.path.length - b.path.length);
    },
    /** Next human case number of a year (inside the caller's transaction). */
    nextNumber(year: number): string {
      const key = `case:${year}`;
      let row = statement('update counters set value = value + 1 where key = ? returning value').get(key) as { value: number } | undefined;
      if (!row) {
        statement('insert into counters (key, value) values (?, 1) on conflict (key) do update set value = counters.value + 1').run(key);
        row = statement('select value from counters where key = ?').get(key) as { value: number };
      }
      return `${year}-${String(row.value).padStart(6, '0')}`;
    },
    insertCase(row: CaseTable): void {
      statement(INSERT_CASE).run(valuesOf(row, CASE_COLUMNS));
    },
    /** A log entry and its outbox event (the rows `caseEventRows` builds). */
    insertEvent(event: Database['case_events'], outbox: Database['outbox']): void {
      statement(INSERT_EVENT).run(valuesOf(event, EVENT_COLUMNS));
      statement(INSERT_OUTBOX).run(valuesOf(outbox, OUTBOX_COLUMNS));
    },
    insertIdempotency(key: string, caseId: string, at: string): void {
      statement('insert into idempotency_keys (key, case_id, created_at) values (?, ?, ?)').run(key, caseId, at);
    },
    savepoint(name: 'intake', step: 'savepoint' | 'release' | 'rollback'): void {
      statement(step === 'savepoint' ? `savepoint ${name}` : step === 'release' ? `release savepoint ${name}` : `rollback to savepoint ${name}`).run();
    },
  };
}

export type CasesHotPath = ReturnType<typeof casesHotPath>;
