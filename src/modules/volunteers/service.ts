import crypto from 'node:crypto';
import { requirePermission } from '../../core/accounts/policy.js';
import { localDateOf } from '../../core/calendar/working-time.js';
import type { AppContext } from '../../core/context.js';
import { AppError } from '../../core/errors.js';
import { maskPhone } from '../../core/people/identity.js';
import { isInScope, type Actor } from '../../core/scope.js';
import { balanceOf, claimedHours, durationHours } from './ledger.js';
import { canSeePlace, isVolunteerStaff, mayOrganize } from './policy.js';
import { volunteersRepository, type ActivityFilter } from './repository.js';
import type { ActivityTable, VolunteerTeamTable } from './tables.js';

const round2 = (v: number) => Math.round(v * 100) / 100;

/** Local dates [from, to) of a year. */
export function yearDates(year: number) {
  return { fromDate: `${year}-01-01`, toDate: `${year + 1}-01-01` };
}

/** Reads of volunteer service: teams, activities with their sign-ups, a person's ledger and certificate, figures, care visits. */
export function volunteersService(ctx: AppContext) {
  const repo = () => volunteersRepository(ctx.db.kysely);
  const nowIso = () => ctx.clock.now().toISOString();

  async function rootOf(actor: Actor, gridId: string | undefined): Promise<string | undefined> {
    if (!gridId) return undefined;
    const grid = await repo().grid(gridId);
    if (!grid || !canSeePlace(actor, grid.path)) throw new AppError('notFound');
    return grid.path;
  }

  async function visibleTeam(actor: Actor, id: string): Promise<VolunteerTeamTable> {
    const team = await repo().findTeam(id);
    if (!team || !canSeePlace(actor, team.grid_path)) throw new AppError('notFound');
    return team;
  }

  async function visibleActivity(actor: Actor, id: string): Promise<ActivityTable> {
    const activity = await repo().findActivity(id);
    if (!activity || !(canSeePlace(actor, activity.grid_path) || activity.organizer_user_id === actor.userId)) throw new AppError('notFound');
    return activity;
  }

  /** A person whose record the caller may read: themselves, or someone living in their scope (staff). */
  async function visiblePerson(actor: Actor, personId: string) {
    const person = await repo().person(personId);
    if (!person) throw new AppError('notFound');
    if (actor.personId === personId) return person;
    requirePermission(actor, 'volunteer.people');
    if (!isInScope(actor, person.grid_path)) throw new AppError('notFound');
    return person;
  }

  async function record(personId: string) {
    const [entries, signups, teams] = await Promise.all([repo().ledgerOfPerson(personId), repo().signupsOfPerson(personId, 200), repo().teamsOfPerson(personId)]);
    const amounts = entries.map((e) => ({ kind: e.kind, hours: Number(e.hours), points: Number(e.points), occurredOn: e.occurred_on }));
    const year = Number(localDateOf(ctx.clock.now()).slice(0, 4));
    const now = nowIso();
    return {
      balance: balanceOf(amounts),
      thisYear: balanceOf(amounts, { from: `${year}-01-01`, to: `${year + 1}-01-01` }),
      entries: entries.map((e) => ({
        id: e.id, kind: e.kind, hours: Number(e.hours), points: Number(e.points), occurredOn: e.occurred_on, reason: e.reason, activityId: e.activity_id, activityTitle: e.activity_title,
        correctsId: e.corrects_id, enteredByName: e.entered_by_name, enteredAt: e.entered_at,
      })),
      upcoming: signups
        .filter((s) => s.ends_at > now && s.state !== 'cancelled' && s.activity_state === 'published')
        .reverse()
        .map((s) => ({ signupId: s.id, activityId: s.activity_id, title: s.title, startsAt: s.starts_at, endsAt: s.ends_at, place: s.place, state: s.state, checkedInAt: s.checked_in_at, checkedOutAt: s.checked_out_at })),
      history: signups
        .filter((s) => s.ends_at <= now || s.verification !== 'pending')
        .slice(0, 50)
        .map((s) => ({ signupId: s.id, activityId: s.activity_id, title: s.title, startsAt: s.starts_at, gridName: s.grid_name, state: s.state, verification: s.verification, verifiedHours: s.verified_hours === null ? null : Number(s.verified_hours), checkedInAt: s.checked_in_at })),
      teams: teams.map((t) => ({ id: t.id, name: t.name, kind: t.kind, theme: t.theme, role: t.role, joinedOn: t.joined_on, communityName: t.community_name })),
    };
  }

  function activitySummary(a: Awaited<ReturnType<ReturnType<typeof repo>['listActivities']>>['items'][number]) {
    return {
      id: a.id, title: a.title, kind: a.kind, theme: a.theme, state: a.state, place: a.place, grid: { id: a.grid_id, name: a.grid_name },
      team: a.team_id ? { id: a.team_id, name: a.team_name ?? '' } : null, organization: a.organization_id ? { id: a.organization_id, name: a.org_name ?? '' } : null,
      startsAt: a.starts_at, endsAt: a.ends_at, capacity: a.capacity, confirmed: Number(a.confirmed ?? 0), waitlisted: Number(a.waitlisted ?? 0),
      mySignup: a.my_id ? { id: a.my_id, state: a.my_state!, verification: a.my_verification!, checkedInAt: a.my_checked_in_at ?? null, checkedOutAt: a.my_checked_out_at ?? null } : null,
    };
  }

  return {
    rootOf,
    visibleTeam,
    visibleActivity,
    visiblePerson,

    // ---- teams -----------------------------------------------------------------------------------
    async listTeams(actor: Actor | undefined, query: { kind?: string; theme?: string; grid?: string; q?: string; limit: number; offset: number }) {
      requirePermission(actor, 'volunteer.read');
      const root = await rootOf(actor, query.grid);
      const { items, total } = await repo().listTeams(actor, { ...query, root }, actor.personId, nowIso());
      return {
        items: items.map((t) => ({
          id: t.id, name: t.name, kind: t.kind, theme: t.theme, community: { id: t.community_id, name: t.community_name }, description: t.description, leaderName: t.leader_name, foundedOn: t.founded_on,
          memberCount: Number(t.member_count ?? 0), inServiceCount: Number(t.in_service_count ?? 0), upcomingActivities: Number(t.upcoming ?? 0), isMember: Number(t.is_member ?? 0) > 0,
        })),
        total,
      };
    },

    async getTeam(actor: Actor | undefined, id: string) {
      requirePermission(actor, 'volunteer.read');
      const team = await visibleTeam(actor, id);
      const [members, community, activities] = await Promise.all([
        repo().teamMembers(id),
        repo().grid(team.community_id),
        repo().listActivities({ ...actor, isGlobal: true }, { teamId: id, when: 'all', limit: 20, offset: 0 }, actor.personId, nowIso()),
      ]);
      const isStaff = isVolunteerStaff(actor) && isInScope(actor, team.grid_path);
      const leader = members.find((m) => m.person_id === team.leader_person_id);
      return {
        id: team.id, name: team.name, kind: team.kind, theme: team.theme, description: team.description, foundedOn: team.founded_on, version: team.version,
        community: { id: team.community_id, name: community?.name ?? '' }, leaderName: leader?.name ?? null,
        memberCount: members.length, inServiceCount: members.filter((m) => m.party_kind === 'inService').length,
        members: members.map((m) => ({ personId: m.person_id, name: m.name, role: m.role, joinedOn: m.joined_on, partyKind: m.party_kind, employerName: m.employer_name, phone: isStaff && m.phone_enc ? maskPhone(ctx.cipher.decrypt(m.phone_enc)) : null })),
        activities: activities.items.map(activitySummary),
        isMember: actor.personId !== null && members.some((m) => m.person_id === actor.personId),
        canManage: isStaff && ['admin', 'cadre', 'secretary'].includes(actor.role),
      };
    },

    // ---- activities ------------------------------------------------------------------------------
    async listActivities(actor: Actor | undefined, query: Omit<ActivityFilter, 'root'> & { grid?: string; mine?: boolean }) {
      requirePermission(actor, 'volunteer.read');
      const root = await rootOf(actor, query.grid);
      const { items, total } = await repo().listActivities(actor, { ...query, root }, actor.personId, nowIso());
      return { items: items.map(activitySummary), total };
    },

    /**
     * An activity. Its organiser (and staff of its place) also get the check-in code, every sign-up
     * with check-in, check-out and the hours suggested for verification, and the outputs recorded.
     */
    async getActivity(actor: Actor | undefined, id: string) {
      requirePermission(actor, 'volunteer.read');
      const a = await visibleActivity(actor, id);
      const [grid, team, org, counts, outputs] = await Promise.all([
        repo().grid(a.grid_id),
        a.team_id ? repo().findTeam(a.team_id) : undefined,
        a.organization_id ? repo().organization(a.organization_id) : undefined,
        repo().countSignups(id),
        repo().outputsOf(id),
      ]);
      const isOrganizer = mayOrganize(actor, a);
      const mine = actor.personId ? await repo().signupOf(id, actor.personId) : undefined;
      const position = mine?.state === 'waitlisted' ? await repo().waitlistPosition(id, mine.signed_up_at, mine.id) : null;
      const signups = isOrganizer ? await repo().signupsOf(id) : [];
      return {
        id: a.id, title: a.title, kind: a.kind, theme: a.theme, state: a.state, description: a.description, place: a.place, lng: a.lng, lat: a.lat, checkinRadiusM: a.checkin_radius_m,
        startsAt: a.starts_at, endsAt: a.ends_at, durationHours: durationHours(a.starts_at, a.ends_at), capacity: a.capacity, pointsPerHour: Number(a.points_per_hour),
        grid: { id: a.grid_id, name: grid?.name ?? '' }, team: team ? { id: team.id, name: team.name } : null, organization: org ? { id: org.id, name: org.name } : null,
        organizerName: a.organizer_name, confirmed: counts.confirmed, waitlisted: counts.waitlisted, version: a.version, completedAt: a.completed_at,
        mySignup: mine
          ? { id: mine.id, state: mine.state, waitlistPosition: position, checkedInAt: mine.checked_in_at, checkedOutAt: mine.checked_out_at, verification: mine.verification, verifiedHours: mine.verified_hours === null ? null : Number(mine.verified_hours) }
          : null,
        outputs: outputs.filter((o) => !o.voided_at || isOrganizer).map((o) => ({ id: o.id, metric: o.metric, quantity: Number(o.quantity), unit: o.unit, grid: o.grid_id ? { id: o.grid_id, name: o.grid_name ?? '' } : null, note: o.note, verifiedAt: o.verified_at, voidedAt: o.voided_at, voidReason: o.void_reason })),
        isOrganizer,
        checkinCode: isOrganizer ? a.checkin_code : null,
        signups: signups.map((s) => ({
          id: s.id, person: { id: s.person_id, name: s.person_name, phone: s.phone_enc ? maskPhone(ctx.cipher.decrypt(s.phone_enc)) : null, partyKind: s.party_kind }, state: s.state, signedUpAt: s.signed_up_at,
          checkedInAt: s.checked_in_at, checkinMethod: s.checkin_method, checkedOutAt: s.checked_out_at, verification: s.verification, verifiedHours: s.verified_hours === null ? null : Number(s.verified_hours),
          suggestedHours: claimedHours({ startsAt: a.starts_at, endsAt: a.ends_at, checkedInAt: s.checked_in_at, checkedOutAt: s.checked_out_at }), verifyNote: s.verify_note,
        })),
      };
    },

    // ---- a person's record -------------------------------------------------------------------------
    /** My hours and points (sums of the ledger), the entries, my sign-ups and teams. */
    async me(actor: Actor | undefined) {
      requirePermission(actor, 'volunteer.self');
      if (!actor.personId) return { person: null, ...(emptyRecord()) };
      const person = await repo().person(actor.personId);
      return { person: person ? { id: person.id, name: person.name } : null, ...(await record(actor.personId)) };
    },

    async personRecord(actor: Actor | undefined, personId: string) {
      requirePermission(actor, actor?.personId === personId ? 'volunteer.self' : 'volunteer.people');
      const person = await visiblePerson(actor, personId);
      return { person: { id: person.id, name: person.name }, ...(await record(personId)) };
    },

    /**
     * A printable certificate of volunteer service (志愿服务证明): verified hours, points and the
     * activities behind them for a year (or all years), with a serial derived from its content.
     */
    async certificate(actor: Actor | undefined, personId: string | 'me', year?: number) {
      requirePermission(actor, personId === 'me' || personId === actor?.personId ? 'volunteer.self' : 'volunteer.people');
      const id = personId === 'me' ? actor.personId : personId;
      if (!id) throw new AppError('notFound');
      const person = await visiblePerson(actor, id);
      const entries = await repo().ledgerOfPerson(id);
      const range: { fromDate?: string; toDate?: string } = year ? yearDates(year) : {};
      const amounts = entries.map((e) => ({ kind: e.kind, hours: Number(e.hours), points: Number(e.points), occurredOn: e.occurred_on }));
      const total = balanceOf(amounts, { from: range.fromDate, to: range.toDate });
      const byActivity = new Map<string, { title: string; date: string; hours: number }>();
      for (const e of entries) {
        if (range.fromDate && (e.occurred_on < range.fromDate || e.occurred_on >= range.toDate!)) continue;
        const key = e.activity_id ?? e.id;
        const row = byActivity.get(key) ?? { title: e.activity_title ?? e.reason ?? '', date: e.occurred_on, hours: 0 };
        row.hours = round2(row.hours + Number(e.hours));
        byActivity.set(key, row);
      }
      const activities = [...byActivity.values()].filter((r) => r.hours > 0).sort((a, b) => (a.date < b.date ? -1 : 1));
      const grid = person.grid_id ? await repo().grid(person.grid_id) : undefined;
      const codes = (person.grid_path ?? '').split('/').filter(Boolean);
      const community = codes.length >= 3 ? (await repo().gridByCode(codes[2]))?.name ?? null : null;
      const serial = crypto.createHash('sha256').update(`${id}|${year ?? 'all'}|${total.hours}|${total.points}|${activities.length}`).digest('hex').slice(0, 12).toUpperCase();
      return {
        person: { id, name: person.name, partyKind: person.party_kind }, community, place: grid?.name ?? null, year: year ?? null,
        from: activities[0]?.date ?? null, to: activities.at(-1)?.date ?? null,
        hours: total.hours, points: total.points, activities: activities.length, items: activities,
        serial: `GG-${year ?? 'ALL'}-${serial}`, issuedOn: localDateOf(ctx.clock.now()),
      };
    },

    // ---- figures ---------------------------------------------------------------------------------
    /**
     * The volunteer figures of the results report under the caller's scope (or `?grid=`): themed
     * branches and the in-service members in them, verified hours, completed and joint activities,
     * verified outputs (m³ cleared, metres of alley, decorated stairwells and their buildings), care visits.
     */
    async figures(actor: Actor | undefined, query: { grid?: string; from?: string; to?: string }) {
      requirePermission(actor, 'volunteer.stats');
      let root: string | undefined;
      if (query.grid) {
        const grid = await repo().grid(query.grid);
        if (!grid || !isInScope(actor, grid.path)) throw new AppError('notFound');
        root = grid.path;
      }
      const fromDate = query.from ? localDateOf(new Date(query.from)) : undefined;
      const toDate = query.to ? localDateOf(new Date(query.to)) : undefined;
      return repo().figures(actor, root, { from: query.from, to: query.to }, { fromDate, toDate });
    },

    // ---- care visits -----------------------------------------------------------------------------
    async listCareVisits(actor: Actor | undefined, query: { grid?: string; campaign?: string; followUp?: 'open' | 'done'; q?: string; limit: number; offset: number }) {
      requirePermission(actor, 'careVisit.read');
      let root: string | undefined;
      if (query.grid) {
        const grid = await repo().grid(query.grid);
        if (!grid || !isInScope(actor, grid.path)) throw new AppError('notFound');
        root = grid.path;
      }
      const { items, total } = await repo().listCareVisits(actor, { ...query, root });
      return { items: items.map((v) => careVisitView(v)), total };
    },

    async getCareVisit(actor: Actor | undefined, id: string) {
      requirePermission(actor, 'careVisit.read');
      const v = await repo().findCareVisit(id);
      if (!v || !isInScope(actor, v.grid_path)) throw new AppError('notFound');
      const [grid] = await repo().gridNames([v.grid_id]);
      const org = v.organization_id ? await repo().organization(v.organization_id) : undefined;
      const team = v.team_id ? await repo().findTeam(v.team_id) : undefined;
      return careVisitView({ ...v, grid_name: grid?.name ?? '', org_name: org?.name ?? null, team_name: team?.name ?? null });
    },
  };
}

function emptyRecord() {
  return { balance: { hours: 0, points: 0 }, thisYear: { hours: 0, points: 0 }, entries: [], upcoming: [], history: [], teams: [] };
}

function careVisitView(v: import('./tables.js').CareVisitTable & { grid_name: string; org_name: string | null; team_name: string | null }) {
  return {
    id: v.id, grid: { id: v.grid_id, name: v.grid_name }, visitedPersonId: v.visited_person_id, visitedName: v.visited_name, visitedKind: v.visited_kind, hardship: v.hardship,
    campaign: v.campaign, visitedOn: v.visited_on, visitors: JSON.parse(v.visitors) as { name: string; personId?: string }[],
    organization: v.organization_id ? { id: v.organization_id, name: v.org_name ?? '' } : null, team: v.team_id ? { id: v.team_id, name: v.team_name ?? '' } : null,
    itemsBrought: v.items_brought, valueYuan: v.value_yuan === null ? null : Number(v.value_yuan), needsFollowUp: v.needs_follow_up === 1, followUpNote: v.follow_up_note,
    followUpDoneAt: v.follow_up_done_at, note: v.note, createdAt: v.created_at,
  };
}
