import { requirePermission } from '../../core/accounts/policy.js';
import type { AppContext } from '../../core/context.js';
import { AppError } from '../../core/errors.js';
import { inScope, isInScope, type Actor } from '../../core/scope.js';
import { isDelegate, readableBody, readableMeeting, today } from './access.js';
import { canEditMinutes, isCurrentMember, isManagerOf } from './policy.js';
import { deliberationRepository, type ActionItemFilter, type MeetingFilter } from './repository.js';
import type { ActionItemTable, BodyKind, BodyLevel, BodyTable, MeetingTable, MotionTable, ResolutionTable, TopicState, VoteTable } from './tables.js';
import { tallyMotion, type MotionRule } from './tally.js';

/** Roles that govern a subtree; the others see deliberation only through the bodies they sit in. */
const governing = new Set(['admin', 'cadre', 'secretary', 'gridWorker', 'steward']);

/** The actor as the body and meeting queries see it: without a subtree unless they govern one. */
export function viewerOf(actor: Actor): Actor {
  return governing.has(actor.role) ? actor : { ...actor, isGlobal: false, scopePaths: [], scopeGridIds: [] };
}

export function bodyView(b: BodyTable & { grid_name?: string; grid_level?: string }) {
  return {
    id: b.id, kind: b.kind, level: b.level, name: b.name, gridId: b.grid_id, gridName: b.grid_name ?? null,
    votingRule: b.voting_rule, quorumPercent: b.quorum_percent, majority: b.majority, countsAbstentions: b.counts_abstentions === 1, topicThreshold: b.topic_threshold,
    isActive: b.is_active === 1, createdAt: b.created_at,
  };
}

export function meetingView(m: MeetingTable & { body_name?: string; body_kind?: string; body_level?: string }) {
  return {
    id: m.id, bodyId: m.body_id, bodyName: m.body_name ?? null, bodyKind: m.body_kind ?? null, bodyLevel: m.body_level ?? null, seriesId: m.series_id,
    title: m.title, kind: m.kind, state: m.state, startsAt: m.starts_at, endsAt: m.ends_at, location: m.location, startedAt: m.started_at, closedAt: m.closed_at, version: m.version,
  };
}

export function resolutionView(r: ResolutionTable & { body_name?: string; body_kind?: string }) {
  return {
    id: r.id, number: r.number, title: r.title, text: r.text, state: r.state, progress: r.progress, decidedAt: r.decided_at, doneAt: r.done_at,
    bodyId: r.body_id, bodyName: r.body_name ?? null, bodyKind: r.body_kind ?? null, meetingId: r.meeting_id, motionId: r.motion_id,
  };
}

export function actionItemView(a: ActionItemTable & { resolution_number?: string; resolution_title?: string; body_name?: string; body_id?: string }, day: string) {
  return {
    id: a.id, resolutionId: a.resolution_id, resolutionNumber: a.resolution_number ?? null, resolutionTitle: a.resolution_title ?? null, bodyId: a.body_id ?? null, bodyName: a.body_name ?? null,
    title: a.title, ownerKind: a.owner_kind, ownerOrgId: a.owner_org_id, ownerMemberId: a.owner_member_id, ownerName: a.owner_name,
    dueOn: a.due_on, state: a.state, progress: a.progress, note: a.note, completedAt: a.completed_at,
    isOverdue: (a.state === 'open' || a.state === 'inProgress') && a.due_on < day, updatedAt: a.updated_at,
  };
}

export function ruleOf(body: BodyTable): MotionRule {
  return { votingRule: body.voting_rule, quorumPercent: body.quorum_percent, majority: body.majority, countsAbstentions: body.counts_abstentions === 1 };
}

/**
 * Who may vote on a motion and who is here: seats with a checked-in delegate (one vote per seat)
 * or checked-in members (one per member).
 */
export async function presenceOf(ctx: AppContext, meeting: MeetingTable, rule: MotionRule) {
  const repo = deliberationRepository(ctx.db.kysely);
  const [seats, members, attendance] = await Promise.all([repo.seats(meeting.body_id), repo.members(meeting.body_id), repo.attendance(meeting.id)]);
  const day = meeting.starts_at.slice(0, 10);
  const current = members.filter((m) => isCurrentMember(m, day) || attendance.some((a) => a.member_id === m.id));
  const checkedIn = new Set(attendance.filter((a) => a.checked_in_at).map((a) => a.member_id));
  if (rule.votingRule === 'perSeat') {
    const presentSeats = seats.filter((s) => current.some((m) => m.org_id === s.org_id && checkedIn.has(m.id)));
    return { eligible: seats.length, present: presentSeats.length };
  }
  return { eligible: current.length, present: current.filter((m) => checkedIn.has(m.id)).length };
}

/** Reads of deliberation: bodies, meetings, resolutions, action items, topics. Writes live in verb-noun files. */
export function deliberationService(ctx: AppContext) {
  const repo = () => deliberationRepository(ctx.db.kysely);

  async function gridPathOf(actor: Actor, gridId: string | undefined): Promise<string | undefined> {
    if (!gridId) return undefined;
    const grid = await ctx.db.kysely.selectFrom('grids').select('path').where('id', '=', gridId).executeTakeFirst();
    if (!grid || !isInScope(actor, grid.path)) throw new AppError('notFound');
    return grid.path;
  }

  function votesView(votes: VoteTable[]) {
    return votes.map((v) => ({ id: v.id, memberId: v.member_id, orgId: v.org_id, voterName: v.voter_name, choice: v.choice, at: v.at }));
  }

  async function motionsView(meeting: MeetingTable, body: BodyTable, motions: MotionTable[]) {
    const votes = await repo().votes(motions.map((m) => m.id));
    const out = [];
    for (const m of motions) {
      const mine = votes.filter((v) => v.motion_id === m.id);
      const rule = JSON.parse(m.rule) as MotionRule;
      const result = m.result ? JSON.parse(m.result) : tallyMotion({ rule, ...(await presenceOf(ctx, meeting, rule)), votes: mine.map((v) => v.choice) });
      out.push({
        id: m.id, agendaItemId: m.agenda_item_id, agendaItemIds: JSON.parse(m.agenda_item_ids) as string[], text: m.text, state: m.state, rule,
        tally: result, isLive: m.state === 'open', openedAt: m.opened_at, decidedAt: m.decided_at, votes: votesView(mine), bodyId: body.id,
      });
    }
    return out;
  }

  return {
    async orgs(actor: Actor | undefined, query: { grid?: string }) {
      requirePermission(actor, 'deliberation.read');
      const rows = await repo().orgs(viewerOf(actor), await gridPathOf(actor, query.grid));
      return { items: rows.map((o) => ({ id: o.id, name: o.name, kind: o.kind, gridId: o.grid_id, contactName: o.contact_name })) };
    },

    async bodies(actor: Actor | undefined, query: { kind?: BodyKind; level?: BodyLevel; grid?: string; q?: string; limit: number; offset: number }) {
      requirePermission(actor, 'deliberation.read');
      const { items, total } = await repo().bodies(viewerOf(actor), { ...query, underPath: await gridPathOf(actor, query.grid) });
      const ids = items.map((b) => b.id);
      const [seats, members] = await Promise.all([repo().seatCounts(ids), repo().memberCounts(ids, today(ctx))]);
      const nowIso = ctx.clock.now().toISOString();
      const next = ids.length
        ? await ctx.db.kysely.selectFrom('meetings').select(['body_id', (eb) => eb.fn.min('starts_at').as('next')]).where('body_id', 'in', ids).where('starts_at', '>=', nowIso).where('state', 'in', ['draft', 'scheduled', 'inProgress']).groupBy('body_id').execute()
        : [];
      return {
        total,
        items: items.map((b) => ({
          ...bodyView(b),
          seatCount: Number(seats.find((s) => s.body_id === b.id)?.n ?? 0),
          memberCount: Number(members.find((s) => s.body_id === b.id)?.n ?? 0),
          nextMeetingAt: (next.find((n) => n.body_id === b.id)?.next as string | undefined) ?? null,
        })),
      };
    },

    async body(actor: Actor | undefined, id: string) {
      requirePermission(actor, 'deliberation.read');
      const body = await readableBody(ctx, viewerOf(actor), id);
      const day = today(ctx);
      const nowIso = ctx.clock.now().toISOString();
      const [grid, seats, members, series, upcoming, recent, counts] = await Promise.all([
        ctx.db.kysely.selectFrom('grids').select(['name', 'level']).where('id', '=', body.grid_id).executeTakeFirst(),
        repo().seats(id),
        repo().members(id),
        repo().series(id),
        ctx.db.kysely.selectFrom('meetings').selectAll().where('body_id', '=', id).where('starts_at', '>=', nowIso).where('state', '!=', 'cancelled').orderBy('starts_at').limit(6).execute(),
        ctx.db.kysely.selectFrom('meetings').selectAll().where('body_id', '=', id).where('starts_at', '<', nowIso).orderBy('starts_at', 'desc').limit(6).execute(),
        ctx.db.kysely
          .selectFrom('resolutions')
          .select([(eb) => eb.fn.countAll<number>().as('resolutions'), (eb) => eb.fn.sum<number>(eb.case().when('state', '=', 'done').then(1).else(0).end()).as('done')])
          .where('body_id', '=', id)
          .executeTakeFirstOrThrow(),
      ]);
      const held = await ctx.db.kysely.selectFrom('meetings').select((eb) => eb.fn.countAll<number>().as('n')).where('body_id', '=', id).where('state', '=', 'closed').executeTakeFirstOrThrow();
      const closedCases = await ctx.db.kysely
        .selectFrom('cases')
        .innerJoin('resolutions', 'resolutions.id', 'cases.resolution_id')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where('resolutions.body_id', '=', id)
        .where('cases.closed_via', '=', 'deliberation')
        .executeTakeFirstOrThrow();
      return {
        ...bodyView({ ...body, grid_name: grid?.name, grid_level: grid?.level }),
        seats: seats.map((s) => ({ orgId: s.org_id, seatKind: s.seat_kind, name: s.name, contactName: s.contact_name })),
        members: members.map((m) => ({
          id: m.id, name: m.name, position: m.position, orgId: m.org_id, orgName: m.org_name, orgKind: m.org_kind, userId: m.user_id,
          termStart: m.term_start, termEnd: m.term_end, isCurrent: isCurrentMember(m, day),
        })),
        series: series.map((s) => ({ id: s.id, title: s.title, rrule: s.rrule, startsOn: s.starts_on, startTime: s.start_time, durationMinutes: s.duration_minutes, location: s.location, isActive: s.is_active === 1 })),
        upcoming: upcoming.map((m) => meetingView(m)),
        recent: recent.map((m) => meetingView(m)),
        stats: { meetingsHeld: Number(held.n), resolutions: Number(counts.resolutions), resolutionsDone: Number(counts.done ?? 0), casesClosed: Number(closedCases.n) },
        canManage: isManagerOf(actor, body.grid_path),
      };
    },

    async meetings(actor: Actor | undefined, query: Omit<MeetingFilter, 'underPath'> & { grid?: string }) {
      requirePermission(actor, 'deliberation.read');
      const { items, total } = await repo().meetings(viewerOf(actor), { ...query, underPath: await gridPathOf(actor, query.grid) });
      return { total, items: items.map((m) => meetingView(m)) };
    },

    async meeting(actor: Actor | undefined, id: string) {
      requirePermission(actor, 'deliberation.read');
      const { meeting, body } = await readableMeeting(ctx, viewerOf(actor), id);
      const now = ctx.clock.now();
      const [attendance, agenda, motions, resolutions, members] = await Promise.all([
        repo().attendance(id),
        repo().agenda(id),
        repo().motions(id),
        repo().resolutionsOfMeeting(id),
        repo().membershipsOf(actor.userId, body.id),
      ]);
      const items = await repo().actionItemsOf(resolutions.map((r) => r.id));
      const day = today(ctx);
      const isManager = isManagerOf(actor, body.grid_path);
      const isBodySecretary = members.some((m) => m.position === 'secretary' && m.term_end === null);
      const isSecretary = isBodySecretary || (isManager && (actor.role === 'secretary' || actor.role === 'admin'));
      const mine = members.find((m) => m.term_end === null);
      return {
        ...meetingView(meeting),
        body: bodyView(body),
        minutes: meeting.minutes,
        minutesUpdatedAt: meeting.minutes_updated_at,
        attachments: meeting.attachments ? JSON.parse(meeting.attachments) : [],
        checkinCode: isManager ? meeting.checkin_code : null,
        attendance: attendance.map((a) => ({ memberId: a.member_id, name: a.name, position: a.position, orgId: a.org_id, orgName: a.org_name, orgKind: a.org_kind, checkedInAt: a.checked_in_at, method: a.method })),
        agenda: agenda.map((a) => ({
          id: a.id, seq: a.seq, kind: a.kind, title: a.title, outcome: a.outcome, refId: a.ref_id,
          case: a.case_id ? { id: a.case_id, number: a.case_number, title: a.case_title, state: a.case_state, closedVia: a.case_closed_via, address: a.case_address } : null,
          topic: a.topic_id ? { id: a.topic_id, title: a.topic_title, supportCount: a.topic_supports, proposerName: a.topic_proposer } : null,
        })),
        motions: await motionsView(meeting, body, motions),
        resolutions: resolutions.map((r) => ({ ...resolutionView(r), actionItems: items.filter((i) => i.resolution_id === r.id).map((i) => actionItemView(i, day)) })),
        canManage: isManager,
        canEditMinutes: (isManager || isBodySecretary) && canEditMinutes(meeting, now, isSecretary),
        me: mine ? { memberId: mine.id, orgId: mine.org_id, hasCheckedIn: attendance.some((a) => a.member_id === mine.id && a.checked_in_at) } : null,
      };
    },

    async resolutions(actor: Actor | undefined, query: { bodyId?: string; state?: string; grid?: string; limit: number; offset: number }) {
      requirePermission(actor, 'deliberation.read');
      const { items, total } = await repo().resolutions(viewerOf(actor), { ...query, underPath: await gridPathOf(actor, query.grid) });
      return { total, items: items.map((r) => resolutionView(r)) };
    },

    async resolution(actor: Actor | undefined, id: string) {
      requirePermission(actor, 'deliberation.read');
      const r = await repo().resolution(id);
      if (!r) throw new AppError('notFound');
      const body = await readableBody(ctx, viewerOf(actor), r.body_id);
      const motion = (await repo().motion(r.motion_id))!;
      const agenda = await repo().agendaItems(JSON.parse(motion.agenda_item_ids) as string[]);
      const linked = await repo().casesOf(agenda.map((a) => a.case_id).filter((c): c is string => c !== null));
      const items = await repo().actionItemsOf([r.id]);
      const day = today(ctx);
      return {
        ...resolutionView({ ...r, body_name: body.name, body_kind: body.kind }),
        tally: motion.result ? JSON.parse(motion.result) : null,
        cases: linked.map((c) => ({ id: c.id, number: c.number, title: c.title, state: c.state, closedVia: c.closed_via, isClosedByThis: c.resolution_id === r.id })),
        actionItems: items.map((i) => actionItemView(i, day)),
        canManage: isManagerOf(actor, body.grid_path),
      };
    },

    async actionItems(actor: Actor | undefined, query: Omit<ActionItemFilter, 'underPath' | 'today'> & { grid?: string }) {
      requirePermission(actor, 'deliberation.read');
      const day = today(ctx);
      const { items, total } = await repo().actionItems(viewerOf(actor), { ...query, today: day, underPath: await gridPathOf(actor, query.grid) });
      return { total, today: day, items: items.map((i) => actionItemView(i, day)) };
    },

    async topics(actor: Actor | undefined, query: { state?: TopicState; bodyId?: string; grid?: string; limit: number; offset: number }) {
      requirePermission(actor, 'topic.read');
      const { items, total } = await repo().topics(actor, { ...query, underPath: await gridPathOf(actor, query.grid) });
      return {
        total,
        items: items.map((t) => ({
          id: t.id, title: t.title, description: t.description, state: t.state, supportCount: t.support_count, threshold: t.topic_threshold,
          bodyId: t.body_id, bodyName: t.body_name, gridId: t.grid_id, gridName: t.grid_name, proposerName: t.proposer_name, isMine: t.proposer_user_id === actor.userId,
          hasSupported: Boolean(t.has_supported), agendaItemId: t.agenda_item_id, createdAt: t.created_at,
        })),
      };
    },

    async topic(actor: Actor | undefined, id: string) {
      requirePermission(actor, 'topic.read');
      const t = await repo().topic(id);
      if (!t || !(isInScope(actor, t.grid_path) || (await isDelegate(ctx.db.kysely, actor.userId, t.body_id)))) throw new AppError('notFound');
      const body = (await repo().body(t.body_id))!;
      const item = t.agenda_item_id ? await repo().agendaItem(t.agenda_item_id) : undefined;
      const meeting = item ? await repo().meeting(item.meeting_id) : undefined;
      return {
        id: t.id, title: t.title, description: t.description, state: t.state, supportCount: t.support_count, threshold: body.topic_threshold, bodyId: body.id, bodyName: body.name,
        proposerName: t.proposer_name, isMine: t.proposer_user_id === actor.userId, hasSupported: Boolean(await repo().hasSupported(t.id, actor.userId)), createdAt: t.created_at,
        meeting: meeting ? { id: meeting.id, title: meeting.title, startsAt: meeting.starts_at, state: meeting.state } : null,
      };
    },

    /** Headline figures over the caller's subtree (D1–D4), computed from the records. */
    async stats(actor: Actor | undefined) {
      requirePermission(actor, 'deliberation.read');
      const viewer = viewerOf(actor);
      const db = ctx.db.kysely;
      const day = today(ctx);
      const yearStart = `${day.slice(0, 4)}-01-01T00:00:00Z`;
      const count = (q: { executeTakeFirstOrThrow(): Promise<{ n: number | string }> }) => q.executeTakeFirstOrThrow().then((r) => Number(r.n));
      const [councils, jointBodies, meetingsThisYear, resolutions, resolutionsDone, overdue, casesClosed, topicsOpen] = await Promise.all([
        count(db.selectFrom('bodies').select((eb) => eb.fn.countAll<number>().as('n')).where('kind', '=', 'fourParty').where(inScope(viewer, 'grid_path'))),
        count(db.selectFrom('bodies').select((eb) => eb.fn.countAll<number>().as('n')).where('kind', '=', 'jointMeeting').where(inScope(viewer, 'grid_path'))),
        count(db.selectFrom('meetings').select((eb) => eb.fn.countAll<number>().as('n')).where('state', '=', 'closed').where('starts_at', '>=', yearStart).where(inScope(viewer, 'grid_path'))),
        count(db.selectFrom('resolutions').select((eb) => eb.fn.countAll<number>().as('n')).where(inScope(viewer, 'grid_path'))),
        count(db.selectFrom('resolutions').select((eb) => eb.fn.countAll<number>().as('n')).where('state', '=', 'done').where(inScope(viewer, 'grid_path'))),
        count(db.selectFrom('action_items').select((eb) => eb.fn.countAll<number>().as('n')).where('state', 'in', ['open', 'inProgress']).where('due_on', '<', day).where(inScope(viewer, 'grid_path'))),
        count(db.selectFrom('cases').select((eb) => eb.fn.countAll<number>().as('n')).where('closed_via', '=', 'deliberation').where(inScope(viewer, 'grid_path'))),
        count(db.selectFrom('topics').select((eb) => eb.fn.countAll<number>().as('n')).where('state', 'in', ['open', 'queued']).where(inScope(viewer, 'grid_path'))),
      ]);
      return { councils, jointBodies, meetingsThisYear, resolutions, resolutionsDone, overdueActionItems: overdue, casesClosedByDeliberation: casesClosed, openTopics: topicsOpen };
    },
  };
}

export type DeliberationService = ReturnType<typeof deliberationService>;
