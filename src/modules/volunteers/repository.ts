import { type Expression, type ExpressionBuilder, type Kysely, type SqlBool, type Updateable } from 'kysely';
import type { Database } from '../../db/schema.js';
import { inScope, underPath, type Actor } from '../../core/scope.js';
import { ancestorPathsOf, isVolunteerStaff } from './policy.js';
import type { ActivityOutputTable, ActivityTable, CareVisitTable, LedgerEntryTable, SignupTable, TeamMemberTable, VolunteerTeamTable } from './tables.js';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type AnyEb = ExpressionBuilder<any, any>;
type Filter = (eb: AnyEb) => Expression<SqlBool>;

/** Staff read their subtree; members and residents also the places above them (a community's teams and activities). */
export function placeVisible(actor: Actor, column: string, root?: string): Filter {
  return (eb) => {
    if (root) return underPath(column, root)(eb);
    const own = inScope(actor, column)(eb);
    const above = isVolunteerStaff(actor) ? [] : ancestorPathsOf(actor);
    return above.length ? eb.or([own, eb(eb.ref(column), 'in', above)]) : own;
  };
}

const within = (actor: Actor, column: string, root?: string): Filter => (root ? underPath(column, root) : inScope(actor, column));

export interface ActivityFilter {
  when?: 'upcoming' | 'past' | 'all';
  teamId?: string;
  theme?: string;
  kind?: string;
  state?: string;
  q?: string;
  root?: string;
  limit: number;
  offset: number;
}

/** SQL of teams, activities, sign-ups, the ledger, outputs and care visits. */
export function volunteersRepository(db: Kysely<Database>) {
  return {
    grid(id: string) {
      return db.selectFrom('grids').select(['id', 'name', 'level', 'path', 'parent_id', 'centroid_lng', 'centroid_lat']).where('id', '=', id).executeTakeFirst();
    },
    gridByCode(code: string) {
      return db.selectFrom('grids').select(['id', 'name', 'path']).where('code', '=', code).executeTakeFirst();
    },
    gridNames(ids: string[]) {
      if (ids.length === 0) return Promise.resolve([]);
      return db.selectFrom('grids').select(['id', 'name', 'path', 'level']).where('id', 'in', ids).execute();
    },
    person(id: string) {
      return db
        .selectFrom('persons')
        .leftJoin('party_members', 'party_members.person_id', 'persons.id')
        .select(['persons.id', 'persons.name', 'persons.grid_id', 'persons.grid_path', 'persons.phone_enc', 'party_members.kind as party_kind'])
        .where('persons.id', '=', id)
        .executeTakeFirst();
    },
    organization(id: string) {
      return db.selectFrom('organizations').select(['id', 'name', 'grid_path']).where('id', '=', id).where('deleted_at', 'is', null).executeTakeFirst();
    },

    // ---- teams -----------------------------------------------------------------------------------
    findTeam(id: string) {
      return db.selectFrom('volunteer_teams').selectAll().where('id', '=', id).executeTakeFirst();
    },
    insertTeam(row: VolunteerTeamTable) {
      return db.insertInto('volunteer_teams').values(row).execute();
    },
    async updateTeam(id: string, version: number, patch: Updateable<VolunteerTeamTable>) {
      const r = await db.updateTable('volunteer_teams').set({ ...patch, version: version + 1 }).where('id', '=', id).where('version', '=', version).executeTakeFirst();
      return Number(r.numUpdatedRows) === 1;
    },
    async listTeams(actor: Actor, f: { kind?: string; theme?: string; q?: string; root?: string; limit: number; offset: number }, personId: string | null, nowIso: string) {
      let q = db.selectFrom('volunteer_teams').where('volunteer_teams.archived_at', 'is', null).where(placeVisible(actor, 'volunteer_teams.grid_path', f.root));
      if (f.kind) q = q.where('volunteer_teams.kind', '=', f.kind as VolunteerTeamTable['kind']);
      if (f.theme) q = q.where('volunteer_teams.theme', '=', f.theme as VolunteerTeamTable['theme']);
      if (f.q) q = q.where('volunteer_teams.name', 'like', `%${f.q}%`);
      const [items, total] = await Promise.all([
        q
          .innerJoin('grids', 'grids.id', 'volunteer_teams.community_id')
          .leftJoin('persons as leader', 'leader.id', 'volunteer_teams.leader_person_id')
          .selectAll('volunteer_teams')
          .select(['grids.name as community_name', 'leader.name as leader_name'])
          .select((eb) => eb.selectFrom('team_members').select((e) => e.fn.countAll<number>().as('n')).whereRef('team_members.team_id', '=', 'volunteer_teams.id').where('team_members.left_on', 'is', null).as('member_count'))
          .select((eb) =>
            eb
              .selectFrom('team_members')
              .innerJoin('party_members', 'party_members.person_id', 'team_members.person_id')
              .select((e) => e.fn.countAll<number>().as('n'))
              .whereRef('team_members.team_id', '=', 'volunteer_teams.id')
              .where('team_members.left_on', 'is', null)
              .where('party_members.kind', '=', 'inService')
              .as('in_service_count'),
          )
          .select((eb) => eb.selectFrom('activities').select((e) => e.fn.countAll<number>().as('n')).whereRef('activities.team_id', '=', 'volunteer_teams.id').where('activities.ends_at', '>', nowIso).where('activities.state', '=', 'published').as('upcoming'))
          .select((eb) =>
            eb
              .selectFrom('team_members')
              .select((e) => e.fn.countAll<number>().as('n'))
              .whereRef('team_members.team_id', '=', 'volunteer_teams.id')
              .where('team_members.person_id', '=', personId ?? '-')
              .where('team_members.left_on', 'is', null)
              .as('is_member'),
          )
          .orderBy('volunteer_teams.grid_path')
          .orderBy('volunteer_teams.name')
          .orderBy('volunteer_teams.id')
          .limit(f.limit)
          .offset(f.offset)
          .execute(),
        q.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
      ]);
      return { items, total: Number(total.n) };
    },
    teamMembers(teamId: string) {
      return db
        .selectFrom('team_members')
        .innerJoin('persons', 'persons.id', 'team_members.person_id')
        .leftJoin('party_members', 'party_members.person_id', 'team_members.person_id')
        .leftJoin('member_registrations', 'member_registrations.person_id', 'team_members.person_id')
        .leftJoin('organizations', 'organizations.id', 'member_registrations.employer_org_id')
        .select(['team_members.person_id', 'team_members.role', 'team_members.joined_on', 'persons.name', 'persons.phone_enc', 'party_members.kind as party_kind', 'organizations.name as employer_name'])
        .where('team_members.team_id', '=', teamId)
        .where('team_members.left_on', 'is', null)
        .orderBy('team_members.role')
        .orderBy('persons.name')
        .execute();
    },
    findMember(teamId: string, personId: string) {
      return db.selectFrom('team_members').selectAll().where('team_id', '=', teamId).where('person_id', '=', personId).executeTakeFirst();
    },
    async upsertMember(row: TeamMemberTable) {
      const existing = await db.selectFrom('team_members').select('person_id').where('team_id', '=', row.team_id).where('person_id', '=', row.person_id).executeTakeFirst();
      if (existing) await db.updateTable('team_members').set({ role: row.role, joined_on: row.joined_on, left_on: null }).where('team_id', '=', row.team_id).where('person_id', '=', row.person_id).execute();
      else await db.insertInto('team_members').values(row).execute();
    },
    leaveTeam(teamId: string, personId: string, on: string) {
      return db.updateTable('team_members').set({ left_on: on }).where('team_id', '=', teamId).where('person_id', '=', personId).execute();
    },
    teamsOfPerson(personId: string) {
      return db
        .selectFrom('team_members')
        .innerJoin('volunteer_teams', 'volunteer_teams.id', 'team_members.team_id')
        .innerJoin('grids', 'grids.id', 'volunteer_teams.community_id')
        .select(['volunteer_teams.id', 'volunteer_teams.name', 'volunteer_teams.kind', 'volunteer_teams.theme', 'team_members.role', 'team_members.joined_on', 'grids.name as community_name'])
        .where('team_members.person_id', '=', personId)
        .where('team_members.left_on', 'is', null)
        .where('volunteer_teams.archived_at', 'is', null)
        .execute();
    },

    // ---- activities ------------------------------------------------------------------------------
    findActivity(id: string) {
      return db.selectFrom('activities').selectAll().where('id', '=', id).executeTakeFirst();
    },
    insertActivity(row: ActivityTable) {
      return db.insertInto('activities').values(row).execute();
    },
    async updateActivity(id: string, version: number, patch: Updateable<ActivityTable>) {
      const r = await db.updateTable('activities').set({ ...patch, version: version + 1 }).where('id', '=', id).where('version', '=', version).executeTakeFirst();
      return Number(r.numUpdatedRows) === 1;
    },
    /** Takes the activity's row lock (PostgreSQL) so sign-ups to one activity queue up; a no-op change. */
    lockActivity(id: string) {
      return db.updateTable('activities').set((eb) => ({ capacity: eb.ref('capacity') })).where('id', '=', id).execute();
    },
    async listActivities(actor: Actor, f: ActivityFilter, personId: string | null, nowIso: string) {
      let q = db.selectFrom('activities').where(placeVisible(actor, 'activities.grid_path', f.root));
      if (f.when === 'upcoming' || f.when === undefined) q = q.where('activities.ends_at', '>', nowIso);
      if (f.when === 'past') q = q.where('activities.ends_at', '<=', nowIso);
      if (f.teamId) q = q.where('activities.team_id', '=', f.teamId);
      if (f.theme) q = q.where('activities.theme', '=', f.theme as ActivityTable['theme']);
      if (f.kind) q = q.where('activities.kind', '=', f.kind as ActivityTable['kind']);
      if (f.state) q = q.where('activities.state', '=', f.state as ActivityTable['state']);
      if (f.q) q = q.where('activities.title', 'like', `%${f.q}%`);
      const [items, total] = await Promise.all([
        q
          .innerJoin('grids', 'grids.id', 'activities.grid_id')
          .leftJoin('volunteer_teams', 'volunteer_teams.id', 'activities.team_id')
          .leftJoin('organizations', 'organizations.id', 'activities.organization_id')
          .leftJoin('activity_signups as mine', (join) => join.onRef('mine.activity_id', '=', 'activities.id').on('mine.person_id', '=', personId ?? '-'))
          .selectAll('activities')
          .select(['grids.name as grid_name', 'volunteer_teams.name as team_name', 'organizations.name as org_name'])
          .select(['mine.id as my_id', 'mine.state as my_state', 'mine.verification as my_verification', 'mine.checked_in_at as my_checked_in_at', 'mine.checked_out_at as my_checked_out_at'])
          .select((eb) => eb.selectFrom('activity_signups').select((e) => e.fn.countAll<number>().as('n')).whereRef('activity_signups.activity_id', '=', 'activities.id').where('activity_signups.state', '=', 'confirmed').as('confirmed'))
          .select((eb) => eb.selectFrom('activity_signups').select((e) => e.fn.countAll<number>().as('n')).whereRef('activity_signups.activity_id', '=', 'activities.id').where('activity_signups.state', '=', 'waitlisted').as('waitlisted'))
          .orderBy('activities.starts_at', f.when === 'past' ? 'desc' : 'asc')
          .orderBy('activities.id')
          .limit(f.limit)
          .offset(f.offset)
          .execute(),
        q.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
      ]);
      return { items, total: Number(total.n) };
    },
    signupsOf(activityId: string) {
      return db
        .selectFrom('activity_signups')
        .innerJoin('persons', 'persons.id', 'activity_signups.person_id')
        .leftJoin('party_members', 'party_members.person_id', 'activity_signups.person_id')
        .selectAll('activity_signups')
        .select(['persons.name as person_name', 'persons.phone_enc', 'party_members.kind as party_kind'])
        .where('activity_signups.activity_id', '=', activityId)
        .orderBy('activity_signups.signed_up_at')
        .orderBy('activity_signups.id')
        .execute();
    },
    findSignup(id: string) {
      return db.selectFrom('activity_signups').selectAll().where('id', '=', id).executeTakeFirst();
    },
    signupOf(activityId: string, personId: string) {
      return db.selectFrom('activity_signups').selectAll().where('activity_id', '=', activityId).where('person_id', '=', personId).executeTakeFirst();
    },
    async countSignups(activityId: string) {
      const rows = await db.selectFrom('activity_signups').select(['state', (eb) => eb.fn.countAll<number>().as('n')]).where('activity_id', '=', activityId).groupBy('state').execute();
      const by = Object.fromEntries(rows.map((r) => [r.state, Number(r.n)]));
      return { confirmed: by.confirmed ?? 0, waitlisted: by.waitlisted ?? 0, cancelled: by.cancelled ?? 0 };
    },
    insertSignup(row: SignupTable) {
      return db.insertInto('activity_signups').values(row).execute();
    },
    async updateSignup(id: string, version: number, patch: Updateable<SignupTable>) {
      const r = await db.updateTable('activity_signups').set({ ...patch, version: version + 1 }).where('id', '=', id).where('version', '=', version).executeTakeFirst();
      return Number(r.numUpdatedRows) === 1;
    },
    /** The earliest on the waiting list (first come, first served). */
    waitlistHead(activityId: string, n: number) {
      if (n <= 0) return Promise.resolve([]);
      return db.selectFrom('activity_signups').selectAll().where('activity_id', '=', activityId).where('state', '=', 'waitlisted').orderBy('signed_up_at').orderBy('id').limit(n).execute();
    },
    async waitlistPosition(activityId: string, signedUpAt: string, id: string) {
      const row = await db
        .selectFrom('activity_signups')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where('activity_id', '=', activityId)
        .where('state', '=', 'waitlisted')
        .where((eb) => eb.or([eb('signed_up_at', '<', signedUpAt), eb.and([eb('signed_up_at', '=', signedUpAt), eb('id', '<=', id)])]))
        .executeTakeFirstOrThrow();
      return Number(row.n);
    },
    signupsOfPerson(personId: string, limit: number) {
      return db
        .selectFrom('activity_signups')
        .innerJoin('activities', 'activities.id', 'activity_signups.activity_id')
        .innerJoin('grids', 'grids.id', 'activities.grid_id')
        .select([
          'activity_signups.id', 'activity_signups.state', 'activity_signups.verification', 'activity_signups.verified_hours', 'activity_signups.checked_in_at', 'activity_signups.checked_out_at',
          'activities.id as activity_id', 'activities.title', 'activities.starts_at', 'activities.ends_at', 'activities.place', 'activities.state as activity_state', 'activities.theme', 'grids.name as grid_name',
        ])
        .where('activity_signups.person_id', '=', personId)
        .orderBy('activities.starts_at', 'desc')
        .limit(limit)
        .execute();
    },

    // ---- the ledger ------------------------------------------------------------------------------
    insertLedger(row: LedgerEntryTable) {
      return db.insertInto('volunteer_ledger').values(row).execute();
    },
    findLedger(id: string) {
      return db.selectFrom('volunteer_ledger').selectAll().where('id', '=', id).executeTakeFirst();
    },
    ledgerOfSignup(signupId: string) {
      return db.selectFrom('volunteer_ledger').selectAll().where('signup_id', '=', signupId).orderBy('entered_at').execute();
    },
    ledgerOfPerson(personId: string) {
      return db
        .selectFrom('volunteer_ledger')
        .leftJoin('activities', 'activities.id', 'volunteer_ledger.activity_id')
        .selectAll('volunteer_ledger')
        .select(['activities.title as activity_title'])
        .where('volunteer_ledger.person_id', '=', personId)
        .orderBy('volunteer_ledger.occurred_on', 'desc')
        .orderBy('volunteer_ledger.entered_at', 'desc')
        .execute();
    },

    // ---- outputs ---------------------------------------------------------------------------------
    insertOutputs(rows: ActivityOutputTable[]) {
      if (rows.length === 0) return Promise.resolve();
      return db.insertInto('activity_outputs').values(rows).execute().then(() => undefined);
    },
    outputsOf(activityId: string) {
      return db
        .selectFrom('activity_outputs')
        .leftJoin('grids', 'grids.id', 'activity_outputs.grid_id')
        .selectAll('activity_outputs')
        .select('grids.name as grid_name')
        .where('activity_id', '=', activityId)
        .orderBy('activity_outputs.created_at')
        .execute();
    },
    findOutput(id: string) {
      return db.selectFrom('activity_outputs').selectAll().where('id', '=', id).executeTakeFirst();
    },
    voidOutput(id: string, patch: Updateable<ActivityOutputTable>) {
      return db.updateTable('activity_outputs').set(patch).where('id', '=', id).where('voided_at', 'is', null).execute();
    },

    // ---- figures ---------------------------------------------------------------------------------
    /**
     * The volunteer figures of the results report under a subtree, counted from records: verified
     * hours and outputs only (unverified attendance is in no figure).
     */
    async figures(actor: Actor, root: string | undefined, period: { from?: string; to?: string }, dates: { fromDate?: string; toDate?: string }) {
      const teams = db
        .selectFrom('volunteer_teams')
        .select(['kind', (eb) => eb.fn.countAll<number>().as('n')])
        .where('archived_at', 'is', null)
        .where(within(actor, 'volunteer_teams.grid_path', root))
        .groupBy('kind');
      const serving = db
        .selectFrom('team_members')
        .innerJoin('volunteer_teams', 'volunteer_teams.id', 'team_members.team_id')
        .innerJoin('party_members', 'party_members.person_id', 'team_members.person_id')
        .select((eb) => eb.fn.count<number>('team_members.person_id').distinct().as('n'))
        .where('volunteer_teams.kind', '=', 'partyBranch')
        .where('volunteer_teams.archived_at', 'is', null)
        .where('team_members.left_on', 'is', null)
        .where('party_members.kind', '=', 'inService')
        .where(within(actor, 'volunteer_teams.grid_path', root));
      let hours = db
        .selectFrom('volunteer_ledger')
        .select([(eb) => eb.fn.sum<number>('hours').as('hours'), (eb) => eb.fn.count<number>('person_id').distinct().as('people')])
        .where(within(actor, 'volunteer_ledger.grid_path', root));
      if (dates.fromDate) hours = hours.where('occurred_on', '>=', dates.fromDate);
      if (dates.toDate) hours = hours.where('occurred_on', '<', dates.toDate);
      let held = db
        .selectFrom('activities')
        .select(['kind', (eb) => eb.fn.countAll<number>().as('n')])
        .where('state', '=', 'completed')
        .where(within(actor, 'activities.grid_path', root))
        .groupBy('kind');
      let outputs = db
        .selectFrom('activity_outputs')
        .innerJoin('activities', 'activities.id', 'activity_outputs.activity_id')
        .select(['activity_outputs.metric', (eb) => eb.fn.sum<number>('activity_outputs.quantity').as('n')])
        .where('activity_outputs.voided_at', 'is', null)
        .where(within(actor, 'activity_outputs.grid_path', root))
        .groupBy('activity_outputs.metric');
      let culture = db
        .selectFrom('activity_outputs')
        .innerJoin('activities', 'activities.id', 'activity_outputs.activity_id')
        .innerJoin('grids', 'grids.id', 'activity_outputs.grid_id')
        .select([(eb) => eb.fn.count<number>('activity_outputs.grid_id').distinct().as('units'), (eb) => eb.fn.count<number>('grids.parent_id').distinct().as('buildings')])
        .where('activity_outputs.metric', '=', 'stairwellCulture')
        .where('activity_outputs.voided_at', 'is', null)
        .where(within(actor, 'activity_outputs.grid_path', root));
      let visits = db
        .selectFrom('care_visits')
        .select([(eb) => eb.fn.countAll<number>().as('n'), (eb) => eb.fn.sum<number>('value_yuan').as('value')])
        .where(within(actor, 'care_visits.grid_path', root));
      if (period.from) {
        held = held.where('activities.starts_at', '>=', period.from);
        outputs = outputs.where('activities.starts_at', '>=', period.from);
        culture = culture.where('activities.starts_at', '>=', period.from);
      }
      if (period.to) {
        held = held.where('activities.starts_at', '<', period.to);
        outputs = outputs.where('activities.starts_at', '<', period.to);
        culture = culture.where('activities.starts_at', '<', period.to);
      }
      if (dates.fromDate) visits = visits.where('visited_on', '>=', dates.fromDate);
      if (dates.toDate) visits = visits.where('visited_on', '<', dates.toDate);
      const [t, s, h, a, o, c, v] = await Promise.all([
        teams.execute(), serving.executeTakeFirstOrThrow(), hours.executeTakeFirstOrThrow(), held.execute(), outputs.execute(), culture.executeTakeFirstOrThrow(), visits.executeTakeFirstOrThrow(),
      ]);
      const teamsBy = Object.fromEntries(t.map((r) => [r.kind, Number(r.n)]));
      const heldBy = Object.fromEntries(a.map((r) => [r.kind, Number(r.n)]));
      const outBy = Object.fromEntries(o.map((r) => [r.metric, Number(r.n ?? 0)]));
      const round2 = (x: number) => Math.round(x * 100) / 100;
      return {
        volunteerPartyBranches: teamsBy.partyBranch ?? 0,
        volunteerTeams: teamsBy.team ?? 0,
        inServiceMembersServing: Number(s.n),
        verifiedHours: round2(Number(h.hours ?? 0)),
        volunteersWithHours: Number(h.people ?? 0),
        activitiesHeld: (heldBy.service ?? 0) + (heldBy.joint ?? 0),
        jointActivities: heldBy.joint ?? 0,
        snowAndRubbishClearedM3: round2(outBy.snowAndRubbish ?? 0),
        alleysRepairedM: round2(outBy.alleyRepair ?? 0),
        stairwellCultureUnits: Number(c.units ?? 0),
        stairwellCultureBuildings: Number(c.buildings ?? 0),
        careVisits: Number(v.n),
        careVisitValueYuan: round2(Number(v.value ?? 0)),
      };
    },

    // ---- care visits -----------------------------------------------------------------------------
    insertCareVisit(row: CareVisitTable) {
      return db.insertInto('care_visits').values(row).execute();
    },
    findCareVisit(id: string) {
      return db.selectFrom('care_visits').selectAll().where('id', '=', id).executeTakeFirst();
    },
    updateCareVisit(id: string, patch: Updateable<CareVisitTable>) {
      return db.updateTable('care_visits').set(patch).where('id', '=', id).execute();
    },
    async listCareVisits(actor: Actor, f: { root?: string; campaign?: string; followUp?: 'open' | 'done'; q?: string; limit: number; offset: number }) {
      let q = db.selectFrom('care_visits').where(within(actor, 'care_visits.grid_path', f.root));
      if (f.campaign) q = q.where('care_visits.campaign', '=', f.campaign as CareVisitTable['campaign']);
      if (f.followUp === 'open') q = q.where('care_visits.needs_follow_up', '=', 1).where('care_visits.follow_up_done_at', 'is', null);
      if (f.followUp === 'done') q = q.where('care_visits.needs_follow_up', '=', 1).where('care_visits.follow_up_done_at', 'is not', null);
      if (f.q) q = q.where('care_visits.visited_name', 'like', `%${f.q}%`);
      const [items, total] = await Promise.all([
        q
          .innerJoin('grids', 'grids.id', 'care_visits.grid_id')
          .leftJoin('organizations', 'organizations.id', 'care_visits.organization_id')
          .leftJoin('volunteer_teams', 'volunteer_teams.id', 'care_visits.team_id')
          .selectAll('care_visits')
          .select(['grids.name as grid_name', 'organizations.name as org_name', 'volunteer_teams.name as team_name'])
          .orderBy('care_visits.visited_on', 'desc')
          .orderBy('care_visits.created_at', 'desc')
          .orderBy('care_visits.id')
          .limit(f.limit)
          .offset(f.offset)
          .execute(),
        q.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
      ]);
      return { items, total: Number(total.n) };
    },
  };
}

export type VolunteersRepository = ReturnType<typeof volunteersRepository>;
