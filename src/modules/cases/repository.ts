import { sql, type Kysely } from 'kysely';
import type { Database } from '../../db/schema.js';
import { inScope, underPath, type Actor } from '../../core/scope.js';
import type { CaseState, CaseTable, Tier } from './tables.js';

type ScopeActor = Pick<Actor, 'isGlobal' | 'scopePaths'>;

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
          .limit(f.limit)
          .offset(f.offset)
          .execute(),
        q.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
      ]);
      return { items, total: Number(total.n) };
    },
    /**
     * The open cases a team must act on: the tier it works at, under its subtrees, soonest
     * deadline first. One index range per scope root (cases_inbox: tier, handling_path, due_at).
     */
    inbox(tier: Tier, paths: string[], limit: number) {
      if (paths.length === 0) return Promise.resolve([]);
      return db
        .selectFrom('cases')
        .select(['id', 'number', 'title', 'type', 'state', 'tier', 'due_at', 'overdue_at', 'stage', 'category_id', 'grid_id', 'address', 'created_at', 'priority', 'version', 'pending_request'])
        .where('is_open', '=', 1)
        .where('tier', '=', tier)
        .where((eb) => eb.or(paths.map((p) => (p === '/' ? eb('handling_path', '=', '/') : eb.and([eb('handling_path', '>=', p), eb('handling_path', '<', `${p}~`)])))))
        .orderBy(sql`due_at is null`)
        .orderBy('due_at')
        .limit(limit)
        .execute();
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
    category(id: string) {
      return db.selectFrom('case_categories').selectAll().where('id', '=', id).executeTakeFirst();
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
