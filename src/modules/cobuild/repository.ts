import { sql, type Expression, type ExpressionBuilder, type Kysely, type SqlBool, type Updateable } from 'kysely';
import type { Database } from '../../db/schema.js';
import { inScope, underPath, type Actor } from '../../core/scope.js';
import type {
  AgreementTable, CommitmentTable, EvaluationFeedbackTable, EvaluationTable, ListReviewTable, MemberRegistrationTable, MilestoneTable, NeedTable, OrganizationTable,
  OrgRegistrationTable, ProjectResourceTable, ProjectTable, ResourceTable, ServiceRecordTable,
} from './tables.js';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type AnyEb = ExpressionBuilder<any, any>;
type Filter = (eb: AnyEb) => Expression<SqlBool>;
export type ScopeActor = Pick<Actor, 'isGlobal' | 'scopePaths' | 'userId' | 'role'>;

/** The caller's scope, or one subtree of it (`?grid=`), as a filter on a path column. */
export function within(actor: ScopeActor, column: string, root?: string): Filter {
  return root ? underPath(column, root) : inScope(actor, column);
}

/** Organisations an actor may read: located or registered (单位报到) in their subtree; a contact's own. */
export function orgVisible(actor: ScopeActor, root?: string): Filter {
  return (eb) => {
    const ors: Expression<SqlBool>[] = [
      within(actor, 'organizations.grid_path', root)(eb),
      eb.exists(
        eb
          .selectFrom('org_registrations as reg')
          .select('reg.id')
          .whereRef('reg.organization_id', '=', 'organizations.id')
          .where('reg.state', '=', 'active')
          .where(within(actor, 'reg.community_path', root)),
      ),
    ];
    if (actor.role === 'orgContact' && !root) ors.push(eb('organizations.contact_user_id', '=', actor.userId));
    return eb.or(ors);
  };
}

/** Projects an actor may read: where the need is, or (for a contact) those its organisation takes part in. */
function projectVisible(actor: ScopeActor, root?: string): Filter {
  return (eb) => {
    const ors: Expression<SqlBool>[] = [within(actor, 'cobuild_projects.grid_path', root)(eb)];
    if (actor.role === 'orgContact' && !root) {
      ors.push(
        eb.exists(
          eb
            .selectFrom('cobuild_project_resources as pr')
            .innerJoin('organizations as po', 'po.id', 'pr.organization_id')
            .select('pr.id')
            .whereRef('pr.project_id', '=', 'cobuild_projects.id')
            .where('po.contact_user_id', '=', actor.userId),
        ),
      );
    }
    return eb.or(ors);
  };
}

export interface OrgFilter {
  q?: string;
  kind?: string;
  root?: string;
  limit: number;
  offset: number;
}

export interface ListFilter {
  state?: string;
  kind?: string;
  root?: string;
  organizationId?: string;
  q?: string;
  limit: number;
  offset: number;
}

/** Half-open range of ISO instants. */
export interface Period {
  from?: string;
  to?: string;
}

/** SQL of co-building. Reads take the caller's scope; nothing here decides who may do what. */
export function cobuildRepository(db: Kysely<Database>) {
  return {
    // ---- grids and people ------------------------------------------------------------------------
    grid(id: string) {
      return db.selectFrom('grids').select(['id', 'name', 'level', 'path', 'centroid_lng', 'centroid_lat']).where('id', '=', id).executeTakeFirst();
    },
    gridNames(ids: string[]) {
      if (ids.length === 0) return Promise.resolve([]);
      return db.selectFrom('grids').select(['id', 'name', 'path', 'level']).where('id', 'in', ids).execute();
    },
    gridsByPaths(paths: string[]) {
      if (paths.length === 0) return Promise.resolve([]);
      return db.selectFrom('grids').select(['id', 'name', 'path', 'level']).where('path', 'in', paths).execute();
    },
    person(id: string) {
      return db
        .selectFrom('persons')
        .leftJoin('party_members', 'party_members.person_id', 'persons.id')
        .select(['persons.id', 'persons.name', 'persons.grid_path', 'persons.phone_enc', 'party_members.kind as party_kind', 'party_members.employer_org_id'])
        .where('persons.id', '=', id)
        .executeTakeFirst();
    },
    userByUsername(username: string) {
      return db.selectFrom('users').select(['id', 'role', 'display_name']).where('username', '=', username).executeTakeFirst();
    },
    /** Marks the person an in-service party member employed by the organisation (core's party_members row). */
    async setInServiceMember(personId: string, gridPath: string, employerOrgId: string, now: string) {
      const existing = await db.selectFrom('party_members').select(['person_id', 'kind']).where('person_id', '=', personId).executeTakeFirst();
      if (existing) await db.updateTable('party_members').set({ kind: 'inService', employer_org_id: employerOrgId }).where('person_id', '=', personId).execute();
      else await db.insertInto('party_members').values({ person_id: personId, kind: 'inService', party_org_id: null, employer_org_id: employerOrgId, joined_on: null, grid_path: gridPath, created_at: now }).execute();
    },

    // ---- organisations ---------------------------------------------------------------------------
    findOrg(id: string) {
      return db.selectFrom('organizations').selectAll().where('id', '=', id).where('deleted_at', 'is', null).executeTakeFirst();
    },
    async listOrgs(actor: ScopeActor, f: OrgFilter) {
      let q = db.selectFrom('organizations').where('organizations.deleted_at', 'is', null).where(orgVisible(actor, f.root));
      if (f.kind) q = q.where('organizations.kind', '=', f.kind as OrganizationTable['kind']);
      if (f.q) q = q.where('organizations.name', 'like', `%${f.q}%`);
      const [items, total] = await Promise.all([
        q
          .innerJoin('grids', 'grids.id', 'organizations.grid_id')
          .selectAll('organizations')
          .select('grids.name as grid_name')
          .orderBy('organizations.grid_path')
          .orderBy('organizations.name')
          .orderBy('organizations.id')
          .limit(f.limit)
          .offset(f.offset)
          .execute(),
        q.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
      ]);
      return { items, total: Number(total.n) };
    },
    /** Every organisation's id, name and kind: the register members pick their employer from. */
    directory(q?: string) {
      let query = db
        .selectFrom('organizations')
        .innerJoin('grids', 'grids.id', 'organizations.grid_id')
        .select(['organizations.id', 'organizations.name', 'organizations.kind', 'grids.name as grid_name'])
        .where('organizations.deleted_at', 'is', null);
      if (q) query = query.where('organizations.name', 'like', `%${q}%`);
      return query.orderBy('organizations.name').limit(50).execute();
    },
    insertOrg(row: OrganizationTable) {
      return db.insertInto('organizations').values(row).execute();
    },
    async updateOrg(id: string, version: number, patch: Updateable<OrganizationTable>) {
      const r = await db.updateTable('organizations').set({ ...patch, version: version + 1 }).where('id', '=', id).where('version', '=', version).executeTakeFirst();
      return Number(r.numUpdatedRows) === 1;
    },
    orgByCreditCode(code: string) {
      return db.selectFrom('organizations').select('id').where('credit_code', '=', code).executeTakeFirst();
    },
    endRegistrationsOf(orgId: string, endedOn: string) {
      return db.updateTable('org_registrations').set({ state: 'ended', ended_on: endedOn }).where('organization_id', '=', orgId).where('state', '=', 'active').execute();
    },
    withdrawResourcesOf(orgId: string, now: string) {
      return db.updateTable('cobuild_resources').set({ state: 'withdrawn', updated_at: now }).where('organization_id', '=', orgId).execute();
    },
    orgRegistrationsOf(orgIds: string[]) {
      if (orgIds.length === 0) return Promise.resolve([]);
      return db
        .selectFrom('org_registrations')
        .innerJoin('grids', 'grids.id', 'org_registrations.community_id')
        .select(['org_registrations.id', 'org_registrations.organization_id', 'org_registrations.community_id', 'org_registrations.community_path', 'org_registrations.registered_on', 'org_registrations.state', 'org_registrations.ended_on', 'org_registrations.note', 'grids.name as community_name'])
        .where('org_registrations.organization_id', 'in', orgIds)
        .orderBy('org_registrations.registered_on')
        .execute();
    },
    findOrgRegistration(id: string) {
      return db.selectFrom('org_registrations').selectAll().where('id', '=', id).executeTakeFirst();
    },
    findOrgRegistrationAt(orgId: string, communityId: string) {
      return db.selectFrom('org_registrations').selectAll().where('organization_id', '=', orgId).where('community_id', '=', communityId).executeTakeFirst();
    },
    insertOrgRegistration(row: OrgRegistrationTable) {
      return db.insertInto('org_registrations').values(row).execute();
    },
    updateOrgRegistration(id: string, patch: Updateable<OrgRegistrationTable>) {
      return db.updateTable('org_registrations').set(patch).where('id', '=', id).execute();
    },
    /** Open projects (planned or in progress) each organisation takes part in. */
    async openProjectCounts(orgIds: string[]) {
      if (orgIds.length === 0) return new Map<string, number>();
      const rows = await db
        .selectFrom('cobuild_project_resources')
        .innerJoin('cobuild_projects', 'cobuild_projects.id', 'cobuild_project_resources.project_id')
        .select(['cobuild_project_resources.organization_id as id', (eb) => eb.fn.count<number>('cobuild_projects.id').distinct().as('n')])
        .where('cobuild_project_resources.organization_id', 'in', orgIds)
        .where('cobuild_projects.state', 'in', ['planned', 'inProgress'])
        .groupBy('cobuild_project_resources.organization_id')
        .execute();
      return new Map(rows.map((r) => [r.id, Number(r.n)]));
    },
    async memberCounts(orgIds: string[]) {
      if (orgIds.length === 0) return new Map<string, number>();
      const rows = await db
        .selectFrom('member_registrations')
        .select(['employer_org_id as id', (eb) => eb.fn.countAll<number>().as('n')])
        .where('employer_org_id', 'in', orgIds)
        .where('state', '=', 'active')
        .groupBy('employer_org_id')
        .execute();
      return new Map(rows.map((r) => [r.id, Number(r.n)]));
    },

    // ---- agreements ------------------------------------------------------------------------------
    insertAgreement(row: AgreementTable) {
      return db.insertInto('cobuild_agreements').values(row).execute();
    },
    insertCommitments(rows: CommitmentTable[]) {
      if (rows.length === 0) return Promise.resolve();
      return db.insertInto('cobuild_commitments').values(rows).execute().then(() => undefined);
    },
    agreementsOf(orgId: string) {
      return db
        .selectFrom('cobuild_agreements')
        .innerJoin('grids', 'grids.id', 'cobuild_agreements.community_id')
        .selectAll('cobuild_agreements')
        .select('grids.name as community_name')
        .where('organization_id', '=', orgId)
        .orderBy('signed_on', 'desc')
        .execute();
    },
    commitmentsOf(agreementIds: string[]) {
      if (agreementIds.length === 0) return Promise.resolve([]);
      return db.selectFrom('cobuild_commitments').selectAll().where('agreement_id', 'in', agreementIds).orderBy('created_at').execute();
    },
    findCommitment(id: string) {
      return db.selectFrom('cobuild_commitments').selectAll().where('id', '=', id).executeTakeFirst();
    },
    async updateCommitment(id: string, fromState: CommitmentTable['state'], patch: Updateable<CommitmentTable>) {
      const r = await db.updateTable('cobuild_commitments').set(patch).where('id', '=', id).where('state', '=', fromState).executeTakeFirst();
      return Number(r.numUpdatedRows) === 1;
    },

    // ---- needs -----------------------------------------------------------------------------------
    findNeed(id: string) {
      return db.selectFrom('cobuild_needs').selectAll().where('id', '=', id).executeTakeFirst();
    },
    insertNeed(row: NeedTable) {
      return db.insertInto('cobuild_needs').values(row).execute();
    },
    async updateNeed(id: string, version: number, patch: Updateable<NeedTable>) {
      const r = await db.updateTable('cobuild_needs').set({ ...patch, version: version + 1 }).where('id', '=', id).where('version', '=', version).executeTakeFirst();
      return Number(r.numUpdatedRows) === 1;
    },
    async listNeeds(actor: ScopeActor, f: ListFilter) {
      let q = db.selectFrom('cobuild_needs').where(within(actor, 'cobuild_needs.grid_path', f.root));
      if (f.state) q = q.where('cobuild_needs.state', 'in', f.state.split(',') as NeedTable['state'][]);
      if (f.kind) q = q.where('cobuild_needs.kind', '=', f.kind as NeedTable['kind']);
      if (f.q) q = q.where('cobuild_needs.title', 'like', `%${f.q}%`);
      const [items, total] = await Promise.all([
        q
          .innerJoin('grids', 'grids.id', 'cobuild_needs.grid_id')
          .leftJoin('cobuild_reviews', 'cobuild_reviews.id', 'cobuild_needs.last_review_id')
          .selectAll('cobuild_needs')
          .select(['grids.name as grid_name', 'cobuild_reviews.reviewed_on'])
          .select((eb) => eb.selectFrom('cobuild_projects').select((e) => e.fn.countAll<number>().as('n')).whereRef('cobuild_projects.need_id', '=', 'cobuild_needs.id').as('project_count'))
          .orderBy('cobuild_needs.created_at', 'desc')
          .orderBy('cobuild_needs.id')
          .limit(f.limit)
          .offset(f.offset)
          .execute(),
        q.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
      ]);
      return { items, total: Number(total.n) };
    },
    /** Open needs a resource could meet, in the actor's scope. */
    candidateNeeds(actor: ScopeActor, kinds: string[]) {
      return db
        .selectFrom('cobuild_needs')
        .innerJoin('grids', 'grids.id', 'cobuild_needs.grid_id')
        .selectAll('cobuild_needs')
        .select('grids.name as grid_name')
        .where(inScope(actor, 'cobuild_needs.grid_path'))
        .where('cobuild_needs.state', '=', 'open')
        .where('cobuild_needs.kind', 'in', kinds as NeedTable['kind'][])
        .limit(2000)
        .execute();
    },

    // ---- resources -------------------------------------------------------------------------------
    findResource(id: string) {
      return db.selectFrom('cobuild_resources').selectAll().where('id', '=', id).executeTakeFirst();
    },
    findResources(ids: string[]) {
      if (ids.length === 0) return Promise.resolve([]);
      return db.selectFrom('cobuild_resources').selectAll().where('id', 'in', ids).execute();
    },
    insertResource(row: ResourceTable) {
      return db.insertInto('cobuild_resources').values(row).execute();
    },
    async updateResource(id: string, version: number, patch: Updateable<ResourceTable>) {
      const r = await db.updateTable('cobuild_resources').set({ ...patch, version: version + 1 }).where('id', '=', id).where('version', '=', version).executeTakeFirst();
      return Number(r.numUpdatedRows) === 1;
    },
    setResourcesState(ids: string[], state: ResourceTable['state'], now: string) {
      if (ids.length === 0) return Promise.resolve();
      return db.updateTable('cobuild_resources').set((eb) => ({ state, updated_at: now, version: eb('version', '+', 1) })).where('id', 'in', ids).where('state', '!=', 'withdrawn').execute().then(() => undefined);
    },
    async listResources(actor: ScopeActor, f: ListFilter) {
      let q = db
        .selectFrom('cobuild_resources')
        .innerJoin('organizations', 'organizations.id', 'cobuild_resources.organization_id')
        .where('organizations.deleted_at', 'is', null)
        .where(orgVisible(actor, f.root));
      if (f.state) q = q.where('cobuild_resources.state', 'in', f.state.split(',') as ResourceTable['state'][]);
      if (f.kind) q = q.where('cobuild_resources.kind', '=', f.kind as ResourceTable['kind']);
      if (f.organizationId) q = q.where('cobuild_resources.organization_id', '=', f.organizationId);
      if (f.q) q = q.where((eb) => eb.or([eb('cobuild_resources.title', 'like', `%${f.q}%`), eb('organizations.name', 'like', `%${f.q}%`)]));
      const [items, total] = await Promise.all([
        q
          .leftJoin('cobuild_reviews', 'cobuild_reviews.id', 'cobuild_resources.last_review_id')
          .selectAll('cobuild_resources')
          .select(['organizations.name as org_name', 'organizations.kind as org_kind', 'cobuild_reviews.reviewed_on'])
          .orderBy('cobuild_resources.created_at', 'desc')
          .orderBy('cobuild_resources.id')
          .limit(f.limit)
          .offset(f.offset)
          .execute(),
        q.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
      ]);
      return { items, total: Number(total.n) };
    },
    /** Resources still on offer that the actor can see, of the given kinds. */
    candidateResources(actor: ScopeActor, kinds: string[]) {
      return db
        .selectFrom('cobuild_resources')
        .innerJoin('organizations', 'organizations.id', 'cobuild_resources.organization_id')
        .selectAll('cobuild_resources')
        .select(['organizations.name as org_name', 'organizations.kind as org_kind'])
        .where('organizations.deleted_at', 'is', null)
        .where(orgVisible(actor))
        .where('cobuild_resources.state', '=', 'available')
        .where('cobuild_resources.kind', 'in', kinds as ResourceTable['kind'][])
        .limit(2000)
        .execute();
    },

    // ---- projects --------------------------------------------------------------------------------
    findProject(id: string) {
      return db.selectFrom('cobuild_projects').selectAll().where('id', '=', id).executeTakeFirst();
    },
    insertProject(row: ProjectTable) {
      return db.insertInto('cobuild_projects').values(row).execute();
    },
    async updateProject(id: string, version: number, patch: Updateable<ProjectTable>) {
      const r = await db.updateTable('cobuild_projects').set({ ...patch, version: version + 1 }).where('id', '=', id).where('version', '=', version).executeTakeFirst();
      return Number(r.numUpdatedRows) === 1;
    },
    insertProjectResources(rows: ProjectResourceTable[]) {
      return db.insertInto('cobuild_project_resources').values(rows).execute();
    },
    updateProjectResource(id: string, patch: Updateable<ProjectResourceTable>) {
      return db.updateTable('cobuild_project_resources').set(patch).where('id', '=', id).execute();
    },
    projectResources(projectIds: string[]) {
      if (projectIds.length === 0) return Promise.resolve([]);
      return db
        .selectFrom('cobuild_project_resources')
        .innerJoin('organizations', 'organizations.id', 'cobuild_project_resources.organization_id')
        .innerJoin('cobuild_resources', 'cobuild_resources.id', 'cobuild_project_resources.resource_id')
        .selectAll('cobuild_project_resources')
        .select(['organizations.name as org_name', 'organizations.contact_user_id', 'cobuild_resources.title as resource_title'])
        .where('cobuild_project_resources.project_id', 'in', projectIds)
        .execute();
    },
    projectsOfNeed(needId: string) {
      return db.selectFrom('cobuild_projects').select(['id', 'title', 'state']).where('need_id', '=', needId).execute();
    },
    projectsOfResource(resourceId: string) {
      return db
        .selectFrom('cobuild_project_resources')
        .innerJoin('cobuild_projects', 'cobuild_projects.id', 'cobuild_project_resources.project_id')
        .select(['cobuild_projects.id', 'cobuild_projects.title', 'cobuild_projects.state'])
        .where('cobuild_project_resources.resource_id', '=', resourceId)
        .execute();
    },
    /** Resources committed to projects that are still open, per resource. */
    async committedElsewhere(resourceIds: string[]) {
      if (resourceIds.length === 0) return new Map<string, number>();
      const rows = await db
        .selectFrom('cobuild_project_resources')
        .innerJoin('cobuild_projects', 'cobuild_projects.id', 'cobuild_project_resources.project_id')
        .select(['cobuild_project_resources.resource_id as id', (eb) => eb.fn.sum<number>('cobuild_project_resources.quantity_committed').as('n')])
        .where('cobuild_project_resources.resource_id', 'in', resourceIds)
        .where('cobuild_projects.state', 'in', ['planned', 'inProgress'])
        .groupBy('cobuild_project_resources.resource_id')
        .execute();
      return new Map(rows.map((r) => [r.id, Number(r.n)]));
    },
    async listProjects(actor: ScopeActor, f: ListFilter) {
      let q = db.selectFrom('cobuild_projects').where(projectVisible(actor, f.root));
      if (f.state) q = q.where('cobuild_projects.state', 'in', f.state.split(',') as ProjectTable['state'][]);
      if (f.q) q = q.where('cobuild_projects.title', 'like', `%${f.q}%`);
      if (f.organizationId) {
        const orgId = f.organizationId;
        q = q.where((eb) => eb.exists(eb.selectFrom('cobuild_project_resources as x').select('x.id').whereRef('x.project_id', '=', 'cobuild_projects.id').where('x.organization_id', '=', orgId)));
      }
      if (f.kind) q = q.where((eb) => eb.exists(eb.selectFrom('cobuild_needs as n').select('n.id').whereRef('n.id', '=', 'cobuild_projects.need_id').where('n.kind', '=', f.kind as NeedTable['kind'])));
      const [items, total] = await Promise.all([
        q
          .innerJoin('cobuild_needs', 'cobuild_needs.id', 'cobuild_projects.need_id')
          .innerJoin('grids', 'grids.id', 'cobuild_needs.grid_id')
          .leftJoin('cobuild_reviews', 'cobuild_reviews.id', 'cobuild_projects.last_review_id')
          .selectAll('cobuild_projects')
          .select(['cobuild_needs.title as need_title', 'cobuild_needs.kind as need_kind', 'cobuild_needs.grid_id', 'grids.name as grid_name', 'cobuild_reviews.reviewed_on'])
          .select((eb) => eb.selectFrom('cobuild_milestones').select((e) => e.fn.countAll<number>().as('n')).whereRef('cobuild_milestones.project_id', '=', 'cobuild_projects.id').as('milestones_total'))
          .select((eb) => eb.selectFrom('cobuild_milestones').select((e) => e.fn.countAll<number>().as('n')).whereRef('cobuild_milestones.project_id', '=', 'cobuild_projects.id').where('cobuild_milestones.done_at', 'is not', null).as('milestones_done'))
          .orderBy('cobuild_projects.created_at', 'desc')
          .orderBy('cobuild_projects.id')
          .limit(f.limit)
          .offset(f.offset)
          .execute(),
        q.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
      ]);
      return { items, total: Number(total.n) };
    },
    milestones(projectId: string) {
      return db.selectFrom('cobuild_milestones').selectAll().where('project_id', '=', projectId).orderBy('sort').execute();
    },
    findMilestone(id: string) {
      return db.selectFrom('cobuild_milestones').selectAll().where('id', '=', id).executeTakeFirst();
    },
    insertMilestones(rows: MilestoneTable[]) {
      if (rows.length === 0) return Promise.resolve();
      return db.insertInto('cobuild_milestones').values(rows).execute().then(() => undefined);
    },
    updateMilestone(id: string, patch: Updateable<MilestoneTable>) {
      return db.updateTable('cobuild_milestones').set(patch).where('id', '=', id).execute();
    },

    // ---- monthly reviews -------------------------------------------------------------------------
    insertReview(row: ListReviewTable) {
      return db.insertInto('cobuild_reviews').values(row).execute();
    },
    markReviewed(table: 'cobuild_needs' | 'cobuild_resources' | 'cobuild_projects', ids: string[], reviewId: string) {
      if (ids.length === 0) return Promise.resolve();
      return db.updateTable(table).set({ last_review_id: reviewId }).where('id', 'in', ids).execute().then(() => undefined);
    },
    listReviews(actor: ScopeActor, root?: string) {
      return db
        .selectFrom('cobuild_reviews')
        .innerJoin('grids', 'grids.id', 'cobuild_reviews.community_id')
        .selectAll('cobuild_reviews')
        .select('grids.name as community_name')
        .where(within(actor, 'cobuild_reviews.community_path', root))
        .orderBy('reviewed_on', 'desc')
        .limit(100)
        .execute();
    },
    /** A deliberation meeting (Deliberation module), or undefined when that module's table is absent. Call outside transactions. */
    async meeting(id: string): Promise<{ id: string; title: string; starts_at: string; grid_path: string } | null | undefined> {
      try {
        const found = await sql<{ id: string; title: string; starts_at: string; grid_path: string }>`select id, title, starts_at, grid_path from meetings where id = ${id}`.execute(db);
        return found.rows[0] ?? null;
      } catch {
        return undefined;
      }
    },

    // ---- figures ---------------------------------------------------------------------------------
    async figures(actor: ScopeActor, root: string | undefined, period: Period) {
      let orgs = db
        .selectFrom('organizations')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where('organizations.deleted_at', 'is', null)
        .where('organizations.party_org_name', 'is not', null)
        .where((eb) =>
          eb.exists(
            eb
              .selectFrom('org_registrations as r')
              .select('r.id')
              .whereRef('r.organization_id', '=', 'organizations.id')
              .where('r.state', '=', 'active')
              .where(within(actor, 'r.community_path', root))
              .$if(Boolean(period.to), (qb) => qb.where('r.registered_on', '<', period.to!.slice(0, 10))),
          ),
        );
      let members = db
        .selectFrom('member_registrations')
        .innerJoin('party_members', 'party_members.person_id', 'member_registrations.person_id')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where('member_registrations.state', '=', 'active')
        .where('party_members.kind', '=', 'inService')
        .where(within(actor, 'member_registrations.community_path', root));
      if (period.to) members = members.where('member_registrations.registered_on', '<', period.to.slice(0, 10));
      let delivered = db
        .selectFrom('cobuild_project_resources')
        .innerJoin('cobuild_projects', 'cobuild_projects.id', 'cobuild_project_resources.project_id')
        .select(['cobuild_project_resources.kind', (eb) => eb.fn.sum<number>('cobuild_project_resources.quantity_delivered').as('n')])
        .where('cobuild_projects.state', '=', 'completed')
        .where(within(actor, 'cobuild_projects.grid_path', root))
        .groupBy('cobuild_project_resources.kind');
      let completed = db
        .selectFrom('cobuild_projects')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where('state', '=', 'completed')
        .where(within(actor, 'cobuild_projects.grid_path', root));
      if (period.from) {
        delivered = delivered.where('cobuild_projects.completed_at', '>=', period.from);
        completed = completed.where('completed_at', '>=', period.from);
      }
      if (period.to) {
        delivered = delivered.where('cobuild_projects.completed_at', '<', period.to);
        completed = completed.where('completed_at', '<', period.to);
        orgs = orgs.where('organizations.created_at', '<', period.to);
      }
      const openNeeds = db.selectFrom('cobuild_needs').select((eb) => eb.fn.countAll<number>().as('n')).where('state', '=', 'open').where(within(actor, 'cobuild_needs.grid_path', root));
      const availableResources = db
        .selectFrom('cobuild_resources')
        .innerJoin('organizations', 'organizations.id', 'cobuild_resources.organization_id')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where('cobuild_resources.state', '=', 'available')
        .where('organizations.deleted_at', 'is', null)
        .where(orgVisible(actor, root));
      const [o, m, d, c, n, r] = await Promise.all([
        orgs.executeTakeFirstOrThrow(), members.executeTakeFirstOrThrow(), delivered.execute(), completed.executeTakeFirstOrThrow(), openNeeds.executeTakeFirstOrThrow(), availableResources.executeTakeFirstOrThrow(),
      ]);
      const byKind = Object.fromEntries(d.map((row) => [row.kind, Number(row.n ?? 0)]));
      return {
        partnerOrganizations: Number(o.n),
        inServiceMembersRegistered: Number(m.n),
        venueAreaProvidedM2: byKind.venue ?? 0,
        fundsProvidedYuan: byKind.funds ?? 0,
        completedProjects: Number(c.n),
        openNeeds: Number(n.n),
        availableResources: Number(r.n),
      };
    },

    // ---- assessment ------------------------------------------------------------------------------
    scheme(year: number) {
      return db.selectFrom('assessment_schemes').selectAll().where('year', '=', year).executeTakeFirst();
    },
    async saveScheme(row: { id: string; year: number; rules: string; updated_by: string | null; now: string }) {
      const existing = await db.selectFrom('assessment_schemes').select('id').where('year', '=', row.year).executeTakeFirst();
      if (existing) await db.updateTable('assessment_schemes').set({ rules: row.rules, updated_by: row.updated_by, updated_at: row.now }).where('id', '=', existing.id).execute();
      else await db.insertInto('assessment_schemes').values({ id: row.id, year: row.year, rules: row.rules, updated_by: row.updated_by, created_at: row.now, updated_at: row.now }).execute();
    },
    /** Completed projects, with each participating organisation's deliveries, inside the scope and the period. */
    completedParticipation(actor: ScopeActor, root: string | undefined, from: string, to: string) {
      return db
        .selectFrom('cobuild_project_resources')
        .innerJoin('cobuild_projects', 'cobuild_projects.id', 'cobuild_project_resources.project_id')
        .select(['cobuild_project_resources.organization_id', 'cobuild_project_resources.project_id', 'cobuild_project_resources.kind', 'cobuild_project_resources.quantity_delivered', 'cobuild_projects.rating'])
        .where('cobuild_projects.state', '=', 'completed')
        .where('cobuild_projects.completed_at', '>=', from)
        .where('cobuild_projects.completed_at', '<', to)
        .where(within(actor, 'cobuild_projects.grid_path', root))
        .execute();
    },
    /** Verified hours (ledger credits and corrections) of each employer's registered members, served inside the scope. */
    async memberHoursByEmployer(actor: ScopeActor, root: string | undefined, fromDate: string, toDate: string) {
      const rows = await db
        .selectFrom('volunteer_ledger')
        .innerJoin('member_registrations', 'member_registrations.person_id', 'volunteer_ledger.person_id')
        .select(['member_registrations.employer_org_id as id', (eb) => eb.fn.sum<number>('volunteer_ledger.hours').as('n')])
        .where('volunteer_ledger.occurred_on', '>=', fromDate)
        .where('volunteer_ledger.occurred_on', '<', toDate)
        .where(within(actor, 'volunteer_ledger.grid_path', root))
        .groupBy('member_registrations.employer_org_id')
        .execute();
      return new Map(rows.map((r) => [r.id, Number(r.n ?? 0)]));
    },
    async withdrawnCommitments(actor: ScopeActor, root: string | undefined, from: string, to: string) {
      const rows = await db
        .selectFrom('cobuild_commitments')
        .select(['organization_id as id', (eb) => eb.fn.countAll<number>().as('n')])
        .where('state', '=', 'withdrawn')
        .where('withdrawn_at', '>=', from)
        .where('withdrawn_at', '<', to)
        .where(within(actor, 'cobuild_commitments.community_path', root))
        .groupBy('organization_id')
        .execute();
      return new Map(rows.map((r) => [r.id, Number(r.n)]));
    },
    visibleOrgs(actor: ScopeActor, root?: string) {
      return db
        .selectFrom('organizations')
        .innerJoin('grids', 'grids.id', 'organizations.grid_id')
        .select(['organizations.id', 'organizations.name', 'organizations.kind', 'organizations.contact_user_id', 'grids.name as grid_name'])
        .where('organizations.deleted_at', 'is', null)
        .where(orgVisible(actor, root))
        .orderBy('organizations.name')
        .execute();
    },

    // ---- member registrations, service records, evaluations --------------------------------------
    findRegistration(id: string) {
      return db.selectFrom('member_registrations').selectAll().where('id', '=', id).executeTakeFirst();
    },
    registrationOfPerson(personId: string) {
      return db.selectFrom('member_registrations').selectAll().where('person_id', '=', personId).executeTakeFirst();
    },
    insertRegistration(row: MemberRegistrationTable) {
      return db.insertInto('member_registrations').values(row).execute();
    },
    updateRegistration(id: string, patch: Updateable<MemberRegistrationTable>) {
      return db.updateTable('member_registrations').set(patch).where('id', '=', id).execute();
    },
    async listRegistrations(actor: ScopeActor, f: { q?: string; root?: string; employerOrgId?: string; state?: string; limit: number; offset: number; contactOrgIds?: string[] }) {
      let q = db.selectFrom('member_registrations').innerJoin('persons', 'persons.id', 'member_registrations.person_id');
      if (f.contactOrgIds) q = q.where('member_registrations.employer_org_id', 'in', f.contactOrgIds.length ? f.contactOrgIds : ['-']);
      else q = q.where(within(actor, 'member_registrations.community_path', f.root));
      if (f.employerOrgId) q = q.where('member_registrations.employer_org_id', '=', f.employerOrgId);
      if (f.state) q = q.where('member_registrations.state', '=', f.state as MemberRegistrationTable['state']);
      if (f.q) q = q.where('persons.name', 'like', `%${f.q}%`);
      const [items, total] = await Promise.all([
        q
          .innerJoin('grids', 'grids.id', 'member_registrations.community_id')
          .innerJoin('organizations', 'organizations.id', 'member_registrations.employer_org_id')
          .selectAll('member_registrations')
          .select(['persons.name as person_name', 'persons.phone_enc', 'grids.name as community_name', 'organizations.name as employer_name'])
          .orderBy('member_registrations.registered_on', 'desc')
          .orderBy('persons.name')
          .orderBy('member_registrations.id')
          .limit(f.limit)
          .offset(f.offset)
          .execute(),
        q.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
      ]);
      return { items, total: Number(total.n) };
    },
    insertServiceRecord(row: ServiceRecordTable) {
      return db.insertInto('service_records').values(row).execute();
    },
    serviceRecords(personIds: string[], fromDate?: string, toDate?: string) {
      if (personIds.length === 0) return Promise.resolve([]);
      let q = db.selectFrom('service_records').selectAll().where('person_id', 'in', personIds);
      if (fromDate) q = q.where('served_on', '>=', fromDate);
      if (toDate) q = q.where('served_on', '<', toDate);
      return q.orderBy('served_on', 'desc').execute();
    },
    evaluations(registrationIds: string[], year?: number) {
      if (registrationIds.length === 0) return Promise.resolve([]);
      let q = db.selectFrom('evaluations').selectAll().where('registration_id', 'in', registrationIds);
      if (year) q = q.where('year', '=', year);
      return q.orderBy('year', 'desc').execute();
    },
    async upsertEvaluation(row: EvaluationTable) {
      const existing = await db.selectFrom('evaluations').select('id').where('registration_id', '=', row.registration_id).where('side', '=', row.side).where('year', '=', row.year).executeTakeFirst();
      if (existing) {
        await db.updateTable('evaluations').set({ grade: row.grade, comment: row.comment, evaluator_user_id: row.evaluator_user_id, evaluator_name: row.evaluator_name, updated_at: row.updated_at }).where('id', '=', existing.id).execute();
        return existing.id;
      }
      await db.insertInto('evaluations').values(row).execute();
      return row.id;
    },

    // ---- feedback lists --------------------------------------------------------------------------
    /** Registrations of the employer's members, optionally only where the community is in the scope. */
    employerRegistrations(orgId: string, scope: { actor: ScopeActor; root?: string } | null, communityId?: string) {
      let q = db
        .selectFrom('member_registrations')
        .innerJoin('persons', 'persons.id', 'member_registrations.person_id')
        .innerJoin('grids', 'grids.id', 'member_registrations.community_id')
        .selectAll('member_registrations')
        .select(['persons.name as person_name', 'grids.name as community_name'])
        .where('member_registrations.employer_org_id', '=', orgId);
      if (scope) q = q.where(within(scope.actor, 'member_registrations.community_path', scope.root));
      if (communityId) q = q.where('member_registrations.community_id', '=', communityId);
      return q.orderBy('grids.name').orderBy('persons.name').execute();
    },
    /** Ledger totals per person over local dates [from, to). */
    async ledgerTotals(personIds: string[], fromDate: string, toDate: string) {
      const out = new Map<string, { hours: number; points: number; activities: number }>();
      for (let i = 0; i < personIds.length; i += 500) {
        const chunk = personIds.slice(i, i + 500);
        const rows = await db
          .selectFrom('volunteer_ledger')
          .select([
            'person_id',
            (eb) => eb.fn.sum<number>('hours').as('hours'),
            (eb) => eb.fn.sum<number>('points').as('points'),
            (eb) => eb.fn.count<number>('activity_id').distinct().as('activities'),
          ])
          .where('person_id', 'in', chunk)
          .where('occurred_on', '>=', fromDate)
          .where('occurred_on', '<', toDate)
          .groupBy('person_id')
          .execute();
        for (const r of rows) out.set(r.person_id, { hours: Number(r.hours ?? 0), points: Number(r.points ?? 0), activities: Number(r.activities ?? 0) });
      }
      return out;
    },
    /** Verified attendances in the period with the hours credited for them (credits and corrections). */
    async verifiedAttendances(personIds: string[], fromDate: string, toDate: string) {
      const rows: { person_id: string; activity_id: string; title: string; starts_at: string; hours: number }[] = [];
      for (let i = 0; i < personIds.length; i += 500) {
        const chunk = personIds.slice(i, i + 500);
        const part = await db
          .selectFrom('volunteer_ledger')
          .innerJoin('activities', 'activities.id', 'volunteer_ledger.activity_id')
          .select(['volunteer_ledger.person_id', 'volunteer_ledger.activity_id', 'activities.title', 'activities.starts_at', (eb) => eb.fn.sum<number>('volunteer_ledger.hours').as('hours')])
          .where('volunteer_ledger.person_id', 'in', chunk)
          .where('volunteer_ledger.occurred_on', '>=', fromDate)
          .where('volunteer_ledger.occurred_on', '<', toDate)
          .groupBy(['volunteer_ledger.person_id', 'volunteer_ledger.activity_id', 'activities.title', 'activities.starts_at'])
          .execute();
        rows.push(...part.map((r) => ({ person_id: r.person_id, activity_id: r.activity_id!, title: r.title, starts_at: r.starts_at, hours: Number(r.hours ?? 0) })));
      }
      return rows;
    },
    /** Verified outputs of the given activities. */
    activityOutputs(activityIds: string[]) {
      if (activityIds.length === 0) return Promise.resolve([]);
      return db.selectFrom('activity_outputs').select(['activity_id', 'metric', 'unit', 'quantity']).where('activity_id', 'in', activityIds).where('voided_at', 'is', null).execute();
    },
    insertFeedback(row: EvaluationFeedbackTable) {
      return db.insertInto('evaluation_feedbacks').values(row).execute();
    },
    findFeedback(id: string) {
      return db.selectFrom('evaluation_feedbacks').selectAll().where('id', '=', id).executeTakeFirst();
    },
    updateFeedback(id: string, patch: Updateable<EvaluationFeedbackTable>) {
      return db.updateTable('evaluation_feedbacks').set(patch).where('id', '=', id).execute();
    },
    feedbacksOf(orgId: string, scope: { actor: ScopeActor } | null) {
      let q = db
        .selectFrom('evaluation_feedbacks')
        .innerJoin('grids', 'grids.id', 'evaluation_feedbacks.community_id')
        .select(['evaluation_feedbacks.id', 'evaluation_feedbacks.year', 'evaluation_feedbacks.member_count', 'evaluation_feedbacks.sent_at', 'evaluation_feedbacks.sent_by_name', 'evaluation_feedbacks.acknowledged_at', 'evaluation_feedbacks.acknowledged_by_name', 'evaluation_feedbacks.community_id', 'grids.name as community_name'])
        .where('evaluation_feedbacks.organization_id', '=', orgId);
      if (scope) q = q.where(inScope(scope.actor, 'evaluation_feedbacks.community_path'));
      return q.orderBy('sent_at', 'desc').limit(100).execute();
    },
    orgsOfContact(userId: string) {
      return db.selectFrom('organizations').select(['id', 'name']).where('contact_user_id', '=', userId).where('deleted_at', 'is', null).execute();
    },
  };
}

export type CobuildRepository = ReturnType<typeof cobuildRepository>;
