import { sql, type Kysely } from 'kysely';
import type { Database } from '../../db/schema.js';
import { inScope, underPath, type Actor } from '../../core/scope.js';
import type { ActionItemState, BodyKind, BodyLevel, MeetingState, TopicState } from './tables.js';

type ScopeActor = Pick<Actor, 'isGlobal' | 'scopePaths' | 'userId'>;
type Eb = Parameters<ReturnType<typeof inScope>>[0];

/** Rows of bodies the actor governs (subtree) or sits in as a current delegate. */
function bodyVisible(actor: ScopeActor, pathColumn: string, bodyColumn: string) {
  return (eb: Eb) =>
    eb.or([
      inScope(actor, pathColumn)(eb),
      eb(eb.ref(bodyColumn), 'in', eb.selectFrom('body_members').select('body_members.body_id').where('body_members.user_id', '=', actor.userId).where('body_members.term_end', 'is', null)),
    ]);
}

export interface MeetingFilter {
  from?: string;
  to?: string;
  bodyId?: string;
  kind?: BodyKind;
  level?: BodyLevel;
  state?: MeetingState;
  underPath?: string;
  limit: number;
  offset: number;
}

export interface ActionItemFilter {
  state?: ActionItemState | 'overdue' | 'pending';
  ownerOrgId?: string;
  ownerName?: string;
  resolutionId?: string;
  underPath?: string;
  today: string;
  limit: number;
  offset: number;
}

/** SQL of deliberation. Reads of governed rows take the caller's scope. */
export function deliberationRepository(db: Kysely<Database>) {
  return {
    // --- organisations and bodies --------------------------------------------------------------
    org(id: string) {
      return db.selectFrom('deliberation_orgs').selectAll().where('id', '=', id).executeTakeFirst();
    },
    orgs(actor: ScopeActor, under?: string) {
      let q = db.selectFrom('deliberation_orgs').selectAll().where(inScope(actor, 'grid_path'));
      if (under) q = q.where(underPath('grid_path', under));
      return q.orderBy('grid_path').orderBy('kind').limit(1000).execute();
    },
    body(id: string) {
      return db.selectFrom('bodies').selectAll().where('id', '=', id).executeTakeFirst();
    },
    async bodies(actor: ScopeActor, f: { kind?: BodyKind; level?: BodyLevel; underPath?: string; q?: string; limit: number; offset: number }) {
      let q = db.selectFrom('bodies').where(bodyVisible(actor, 'bodies.grid_path', 'bodies.id')).where('bodies.is_active', '=', 1);
      if (f.kind) q = q.where('bodies.kind', '=', f.kind);
      if (f.level) q = q.where('bodies.level', '=', f.level);
      if (f.underPath) q = q.where(underPath('bodies.grid_path', f.underPath));
      if (f.q) q = q.where('bodies.name', 'like', `%${f.q}%`);
      const [items, total] = await Promise.all([
        q.innerJoin('grids', 'grids.id', 'bodies.grid_id').selectAll('bodies').select(['grids.name as grid_name', 'grids.level as grid_level']).orderBy('bodies.grid_path').orderBy('bodies.kind').orderBy('bodies.id').limit(f.limit).offset(f.offset).execute(),
        q.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
      ]);
      return { items, total: Number(total.n) };
    },
    /** The nearest four-party council at or above a grid (a compound's, else its community's). */
    councilFor(gridPath: string) {
      const codes = gridPath.split('/').filter(Boolean);
      const paths = codes.map((_, i) => `/${codes.slice(0, i + 1).join('/')}/`);
      return db.selectFrom('bodies').selectAll().where('kind', '=', 'fourParty').where('is_active', '=', 1).where('grid_path', 'in', paths).orderBy('grid_path', 'desc').executeTakeFirst();
    },
    seats(bodyId: string) {
      return db
        .selectFrom('body_orgs')
        .innerJoin('deliberation_orgs', 'deliberation_orgs.id', 'body_orgs.org_id')
        .select(['body_orgs.org_id', 'body_orgs.seat_kind', 'deliberation_orgs.name', 'deliberation_orgs.kind', 'deliberation_orgs.contact_name'])
        .where('body_orgs.body_id', '=', bodyId)
        .orderBy('body_orgs.created_at')
        .execute();
    },
    seatCounts(bodyIds: string[]) {
      if (bodyIds.length === 0) return Promise.resolve([]);
      return db.selectFrom('body_orgs').select(['body_id', (eb) => eb.fn.countAll<number>().as('n')]).where('body_id', 'in', bodyIds).groupBy('body_id').execute();
    },
    memberCounts(bodyIds: string[], day: string) {
      if (bodyIds.length === 0) return Promise.resolve([]);
      return db
        .selectFrom('body_members')
        .select(['body_id', (eb) => eb.fn.countAll<number>().as('n')])
        .where('body_id', 'in', bodyIds)
        .where('term_start', '<=', day)
        .where((eb) => eb.or([eb('term_end', 'is', null), eb('term_end', '>=', day)]))
        .groupBy('body_id')
        .execute();
    },
    members(bodyId: string) {
      return db
        .selectFrom('body_members')
        .leftJoin('deliberation_orgs', 'deliberation_orgs.id', 'body_members.org_id')
        .selectAll('body_members')
        .select(['deliberation_orgs.name as org_name', 'deliberation_orgs.kind as org_kind'])
        .where('body_members.body_id', '=', bodyId)
        .orderBy('body_members.created_at')
        .execute();
    },
    member(id: string) {
      return db.selectFrom('body_members').selectAll().where('id', '=', id).executeTakeFirst();
    },
    membershipsOf(userId: string, bodyId: string) {
      return db.selectFrom('body_members').selectAll().where('user_id', '=', userId).where('body_id', '=', bodyId).execute();
    },
    series(bodyId: string) {
      return db.selectFrom('meeting_series').selectAll().where('body_id', '=', bodyId).orderBy('created_at').execute();
    },
    activeSeries() {
      return db.selectFrom('meeting_series').innerJoin('bodies', 'bodies.id', 'meeting_series.body_id').selectAll('meeting_series').where('meeting_series.is_active', '=', 1).where('bodies.is_active', '=', 1).execute();
    },

    // --- meetings ---------------------------------------------------------------------------------
    meeting(id: string) {
      return db.selectFrom('meetings').selectAll().where('id', '=', id).executeTakeFirst();
    },
    async meetings(actor: ScopeActor, f: MeetingFilter) {
      let q = db.selectFrom('meetings').innerJoin('bodies', 'bodies.id', 'meetings.body_id').where(bodyVisible(actor, 'meetings.grid_path', 'meetings.body_id'));
      if (f.from) q = q.where('meetings.starts_at', '>=', f.from);
      if (f.to) q = q.where('meetings.starts_at', '<', f.to);
      if (f.bodyId) q = q.where('meetings.body_id', '=', f.bodyId);
      if (f.kind) q = q.where('bodies.kind', '=', f.kind);
      if (f.level) q = q.where('bodies.level', '=', f.level);
      if (f.state) q = q.where('meetings.state', '=', f.state);
      if (f.underPath) q = q.where(underPath('meetings.grid_path', f.underPath));
      const [items, total] = await Promise.all([
        q.selectAll('meetings').select(['bodies.name as body_name', 'bodies.kind as body_kind', 'bodies.level as body_level']).orderBy('meetings.starts_at').orderBy('meetings.id').limit(f.limit).offset(f.offset).execute(),
        q.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
      ]);
      return { items, total: Number(total.n) };
    },
    /** The body's next meeting still open for agenda items: draft or scheduled, not yet begun. */
    nextOpenMeeting(bodyId: string, nowIso: string) {
      return db.selectFrom('meetings').selectAll().where('body_id', '=', bodyId).where('state', 'in', ['draft', 'scheduled']).where('starts_at', '>=', nowIso).orderBy('starts_at').executeTakeFirst();
    },
    attendance(meetingId: string) {
      return db
        .selectFrom('meeting_attendance')
        .innerJoin('body_members', 'body_members.id', 'meeting_attendance.member_id')
        .leftJoin('deliberation_orgs', 'deliberation_orgs.id', 'body_members.org_id')
        .select([
          'meeting_attendance.member_id', 'meeting_attendance.invited_at', 'meeting_attendance.checked_in_at', 'meeting_attendance.method',
          'body_members.name', 'body_members.position', 'body_members.org_id', 'body_members.user_id', 'deliberation_orgs.name as org_name', 'deliberation_orgs.kind as org_kind',
        ])
        .where('meeting_attendance.meeting_id', '=', meetingId)
        .orderBy('body_members.created_at')
        .execute();
    },
    agenda(meetingId: string) {
      return db
        .selectFrom('agenda_items')
        .leftJoin('cases', 'cases.id', 'agenda_items.case_id')
        .leftJoin('topics', 'topics.id', 'agenda_items.topic_id')
        .selectAll('agenda_items')
        .select([
          'cases.number as case_number', 'cases.title as case_title', 'cases.state as case_state', 'cases.closed_via as case_closed_via', 'cases.address as case_address',
          'topics.title as topic_title', 'topics.support_count as topic_supports', 'topics.proposer_name as topic_proposer',
        ])
        .where('agenda_items.meeting_id', '=', meetingId)
        .orderBy('agenda_items.seq')
        .execute();
    },
    agendaItem(id: string) {
      return db.selectFrom('agenda_items').selectAll().where('id', '=', id).executeTakeFirst();
    },
    agendaItems(ids: string[]) {
      if (ids.length === 0) return Promise.resolve([]);
      return db.selectFrom('agenda_items').selectAll().where('id', 'in', ids).execute();
    },
    lastAgendaSeq(meetingId: string) {
      return db.selectFrom('agenda_items').select((eb) => eb.fn.max('seq').as('seq')).where('meeting_id', '=', meetingId).executeTakeFirst();
    },

    // --- motions, votes, resolutions ----------------------------------------------------------------
    motion(id: string) {
      return db.selectFrom('motions').selectAll().where('id', '=', id).executeTakeFirst();
    },
    motions(meetingId: string) {
      return db.selectFrom('motions').selectAll().where('meeting_id', '=', meetingId).orderBy('opened_at').execute();
    },
    votes(motionIds: string[]) {
      if (motionIds.length === 0) return Promise.resolve([]);
      return db.selectFrom('votes').selectAll().where('motion_id', 'in', motionIds).orderBy('at').execute();
    },
    resolution(id: string) {
      return db.selectFrom('resolutions').selectAll().where('id', '=', id).executeTakeFirst();
    },
    resolutionsOfMeeting(meetingId: string) {
      return db.selectFrom('resolutions').selectAll().where('meeting_id', '=', meetingId).orderBy('decided_at').execute();
    },
    async resolutions(actor: ScopeActor, f: { bodyId?: string; state?: string; underPath?: string; limit: number; offset: number }) {
      let q = db.selectFrom('resolutions').innerJoin('bodies', 'bodies.id', 'resolutions.body_id').where(bodyVisible(actor, 'resolutions.grid_path', 'resolutions.body_id'));
      if (f.bodyId) q = q.where('resolutions.body_id', '=', f.bodyId);
      if (f.state) q = q.where('resolutions.state', '=', f.state as never);
      if (f.underPath) q = q.where(underPath('resolutions.grid_path', f.underPath));
      const [items, total] = await Promise.all([
        q.selectAll('resolutions').select(['bodies.name as body_name', 'bodies.kind as body_kind']).orderBy('resolutions.decided_at', 'desc').orderBy('resolutions.id').limit(f.limit).offset(f.offset).execute(),
        q.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
      ]);
      return { items, total: Number(total.n) };
    },
    countResolutions(bodyId: string, yearPrefix: string) {
      return db.selectFrom('resolutions').select((eb) => eb.fn.countAll<number>().as('n')).where('body_id', '=', bodyId).where('number', 'like', `${yearPrefix}%`).executeTakeFirstOrThrow();
    },
    casesOf(ids: string[]) {
      if (ids.length === 0) return Promise.resolve([]);
      return db.selectFrom('cases').select(['id', 'number', 'title', 'state', 'closed_via', 'resolution_id', 'grid_path', 'handling_path']).where('id', 'in', ids).execute();
    },

    // --- action items -----------------------------------------------------------------------------
    actionItem(id: string) {
      return db.selectFrom('action_items').selectAll().where('id', '=', id).executeTakeFirst();
    },
    actionItemsOf(resolutionIds: string[]) {
      if (resolutionIds.length === 0) return Promise.resolve([]);
      return db.selectFrom('action_items').selectAll().where('resolution_id', 'in', resolutionIds).orderBy('due_on').orderBy('created_at').execute();
    },
    async actionItems(actor: ScopeActor, f: ActionItemFilter) {
      let q = db
        .selectFrom('action_items')
        .innerJoin('resolutions', 'resolutions.id', 'action_items.resolution_id')
        .innerJoin('bodies', 'bodies.id', 'resolutions.body_id')
        .where((eb) =>
          eb.or([
            bodyVisible(actor, 'action_items.grid_path', 'resolutions.body_id')(eb),
            eb('action_items.owner_member_id', 'in', eb.selectFrom('body_members').select('body_members.id').where('body_members.user_id', '=', actor.userId)),
          ]),
        );
      if (f.state === 'overdue') q = q.where('action_items.state', 'in', ['open', 'inProgress']).where('action_items.due_on', '<', f.today);
      else if (f.state === 'pending') q = q.where('action_items.state', 'in', ['open', 'inProgress']);
      else if (f.state) q = q.where('action_items.state', '=', f.state);
      if (f.ownerOrgId) q = q.where('action_items.owner_org_id', '=', f.ownerOrgId);
      if (f.ownerName) q = q.where('action_items.owner_name', 'like', `%${f.ownerName}%`);
      if (f.resolutionId) q = q.where('action_items.resolution_id', '=', f.resolutionId);
      if (f.underPath) q = q.where(underPath('action_items.grid_path', f.underPath));
      const [items, total] = await Promise.all([
        q
          .selectAll('action_items')
          .select(['resolutions.number as resolution_number', 'resolutions.title as resolution_title', 'bodies.name as body_name', 'bodies.id as body_id'])
          .orderBy(sql`case when action_items.state in ('done', 'cancelled') then 1 else 0 end`)
          .orderBy('action_items.due_on')
          .orderBy('action_items.id')
          .limit(f.limit)
          .offset(f.offset)
          .execute(),
        q.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
      ]);
      return { items, total: Number(total.n) };
    },
    /** Open items past their deadline not yet reminded today, across every instance's view. */
    overdueToRemind(today: string, limit: number) {
      return db
        .selectFrom('action_items')
        .innerJoin('resolutions', 'resolutions.id', 'action_items.resolution_id')
        .selectAll('action_items')
        .select(['resolutions.number as resolution_number', 'resolutions.body_id'])
        .where('action_items.state', 'in', ['open', 'inProgress'])
        .where('action_items.due_on', '<', today)
        .where((eb) => eb.or([eb('action_items.reminded_on', 'is', null), eb('action_items.reminded_on', '<', today)]))
        .orderBy('action_items.due_on')
        .limit(limit)
        .execute();
    },

    // --- topics -----------------------------------------------------------------------------------
    topic(id: string) {
      return db.selectFrom('topics').selectAll().where('id', '=', id).executeTakeFirst();
    },
    async topics(actor: ScopeActor, f: { state?: TopicState; bodyId?: string; underPath?: string; limit: number; offset: number }) {
      let q = db.selectFrom('topics').innerJoin('bodies', 'bodies.id', 'topics.body_id').innerJoin('grids', 'grids.id', 'topics.grid_id').where(bodyVisible(actor, 'topics.grid_path', 'topics.body_id'));
      if (f.state) q = q.where('topics.state', '=', f.state);
      if (f.bodyId) q = q.where('topics.body_id', '=', f.bodyId);
      if (f.underPath) q = q.where(underPath('topics.grid_path', f.underPath));
      const [items, total] = await Promise.all([
        q
          .selectAll('topics')
          .select(['bodies.name as body_name', 'bodies.topic_threshold', 'grids.name as grid_name'])
          .select((eb) => eb.exists(eb.selectFrom('topic_supports').select('topic_supports.topic_id').whereRef('topic_supports.topic_id', '=', 'topics.id').where('topic_supports.user_id', '=', actor.userId)).as('has_supported'))
          .orderBy(sql`case when topics.state = 'open' then 0 else 1 end`)
          .orderBy('topics.created_at', 'desc')
          .orderBy('topics.id')
          .limit(f.limit)
          .offset(f.offset)
          .execute(),
        q.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
      ]);
      return { items, total: Number(total.n) };
    },
    queuedTopics(bodyId: string) {
      return db.selectFrom('topics').selectAll().where('body_id', '=', bodyId).where('state', '=', 'queued').orderBy('created_at').execute();
    },
    hasSupported(topicId: string, userId: string) {
      return db.selectFrom('topic_supports').select('topic_id').where('topic_id', '=', topicId).where('user_id', '=', userId).executeTakeFirst();
    },
  };
}

export type DeliberationRepository = ReturnType<typeof deliberationRepository>;
