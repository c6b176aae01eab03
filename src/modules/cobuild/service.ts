import { requirePermission } from '../../core/accounts/policy.js';
import { localDateOf } from '../../core/calendar/working-time.js';
import type { AppContext } from '../../core/context.js';
import { AppError } from '../../core/errors.js';
import { maskPhone } from '../../core/people/identity.js';
import { isInScope, type Actor } from '../../core/scope.js';
import { rankMatches, type MatchNeed, type MatchResource } from './matching.js';
import { isCobuildStaff, isContactOf, mayManageOrganization } from './policy.js';
import { cobuildRepository, type Period } from './repository.js';
import type { NeedTable, OrganizationTable, ProjectTable, ResourceTable } from './tables.js';

/** Local dates [from, to) and UTC instants of a year in Asia/Shanghai (UTC+8, no daylight saving). */
export function yearBounds(year: number) {
  return { fromDate: `${year}-01-01`, toDate: `${year + 1}-01-01`, from: `${year - 1}-12-31T16:00:00.000Z`, to: `${year}-12-31T16:00:00.000Z` };
}

type OrgRow = OrganizationTable & { grid_name?: string };

/** Reads of co-building: organisations, the three lists with matching, reviews, figures, registrations and feedback. */
export function cobuildService(ctx: AppContext) {
  const repo = () => cobuildRepository(ctx.db.kysely);
  const today = () => localDateOf(ctx.clock.now());

  /** `?grid=`: a subtree inside the caller's scope (else 404), as its path. */
  async function rootOf(actor: Actor, gridId: string | undefined): Promise<string | undefined> {
    if (!gridId) return undefined;
    const grid = await repo().grid(gridId);
    if (!grid || !isInScope(actor, grid.path)) throw new AppError('notFound');
    return grid.path;
  }

  async function servedPaths(orgId: string): Promise<string[]> {
    return (await repo().orgRegistrationsOf([orgId])).filter((r) => r.state === 'active').map((r) => r.community_path);
  }

  /** The organisation if the caller may read it (located or serving in their scope, or they are its contact), else 404. */
  async function visibleOrg(actor: Actor, id: string): Promise<OrganizationTable> {
    const org = await repo().findOrg(id);
    if (!org) throw new AppError('notFound');
    if (isContactOf(actor, org) || isInScope(actor, org.grid_path)) return org;
    if ((await servedPaths(org.id)).some((p) => isInScope(actor, p))) return org;
    throw new AppError('notFound');
  }

  async function orgViews(actor: Actor, rows: OrgRow[]) {
    const ids = rows.map((r) => r.id);
    const [registrations, open, members, grids] = await Promise.all([
      repo().orgRegistrationsOf(ids),
      repo().openProjectCounts(ids),
      repo().memberCounts(ids),
      repo().gridNames([...new Set(rows.filter((r) => r.grid_name === undefined).map((r) => r.grid_id))]),
    ]);
    const gridName = new Map(grids.map((g) => [g.id, g.name]));
    return rows.map((o) => {
      const mine = registrations.filter((r) => r.organization_id === o.id && r.state === 'active');
      return {
        id: o.id,
        name: o.name,
        kind: o.kind,
        address: o.address,
        grid: { id: o.grid_id, name: o.grid_name ?? gridName.get(o.grid_id) ?? '' },
        partyOrgName: o.party_org_name,
        partyOrgKind: o.party_org_kind,
        partyMemberCount: o.party_member_count,
        contactName: o.contact_name,
        contactPhone: o.contact_phone_enc ? maskPhone(ctx.cipher.decrypt(o.contact_phone_enc)) : null,
        communities: mine.map((r) => ({ id: r.community_id, name: r.community_name })),
        inServiceMembers: members.get(o.id) ?? 0,
        openProjects: open.get(o.id) ?? 0,
        isMine: isContactOf(actor, o),
        canManage: mayManageOrganization(actor, o, mine.map((r) => r.community_path)) && actor.role !== 'gridWorker',
      };
    });
  }

  function needView(n: NeedTable & { grid_name: string; reviewed_on?: string | null; project_count?: number | null }) {
    return {
      id: n.id, kind: n.kind, title: n.title, description: n.description, quantity: Number(n.quantity), unit: n.unit, deadline: n.deadline, location: n.location, lng: n.lng, lat: n.lat,
      state: n.state, grid: { id: n.grid_id, name: n.grid_name }, postedByName: n.posted_by_name, lastReviewedOn: n.reviewed_on ?? null, projectCount: Number(n.project_count ?? 0),
      createdAt: n.created_at, version: n.version,
    };
  }

  function resourceView(r: ResourceTable & { org_name: string; org_kind: string; reviewed_on?: string | null }) {
    return {
      id: r.id, kind: r.kind, title: r.title, description: r.description, quantity: Number(r.quantity), unit: r.unit, availableFrom: r.available_from, availableUntil: r.available_until,
      availability: r.availability, location: r.location, lng: r.lng, lat: r.lat, state: r.state, organization: { id: r.organization_id, name: r.org_name, kind: r.org_kind },
      lastReviewedOn: r.reviewed_on ?? null, createdAt: r.created_at, version: r.version,
    };
  }

  const asNeed = (n: NeedTable): MatchNeed => ({ kind: n.kind, quantity: Number(n.quantity), deadline: n.deadline, gridPath: n.grid_path, lng: n.lng, lat: n.lat });
  const asResource = (r: ResourceTable): MatchResource => ({ kind: r.kind, quantity: Number(r.quantity), availableFrom: r.available_from, availableUntil: r.available_until, gridPath: r.grid_path, lng: r.lng, lat: r.lat });

  async function visibleNeed(actor: Actor, id: string): Promise<NeedTable> {
    const need = await repo().findNeed(id);
    if (!need || !isInScope(actor, need.grid_path)) throw new AppError('notFound');
    return need;
  }

  async function visibleResource(actor: Actor, id: string) {
    const resource = await repo().findResource(id);
    if (!resource) throw new AppError('notFound');
    const org = await visibleOrg(actor, resource.organization_id);
    return { resource, org };
  }

  async function visibleProject(actor: Actor, id: string): Promise<ProjectTable> {
    const project = await repo().findProject(id);
    if (!project) throw new AppError('notFound');
    if (isInScope(actor, project.grid_path)) return project;
    if (actor.role === 'orgContact' && (await repo().projectResources([id])).some((pr) => pr.contact_user_id === actor.userId)) return project;
    throw new AppError('notFound');
  }

  return {
    rootOf,
    visibleOrg,
    visibleNeed,
    visibleResource,
    visibleProject,
    servedPaths,

    // ---- organisations ---------------------------------------------------------------------------
    async listOrganizations(actor: Actor | undefined, query: { q?: string; kind?: string; grid?: string; limit: number; offset: number }) {
      requirePermission(actor, 'cobuild.read');
      const root = await rootOf(actor, query.grid);
      const { items, total } = await repo().listOrgs(actor, { ...query, root });
      return { items: await orgViews(actor, items), total };
    },

    /** The register of partner organisations (names only), for a member choosing their employer. */
    async directory(actor: Actor | undefined, q?: string) {
      requirePermission(actor, 'organization.directory');
      const rows = await repo().directory(q?.trim() || undefined);
      return { items: rows.map((r) => ({ id: r.id, name: r.name, kind: r.kind, gridName: r.grid_name })) };
    },

    async getOrganization(actor: Actor | undefined, id: string) {
      requirePermission(actor, 'cobuild.read');
      const org = await visibleOrg(actor, id);
      const [view] = await orgViews(actor, [org]);
      const [registrations, agreements, resources, projects] = await Promise.all([
        repo().orgRegistrationsOf([id]),
        repo().agreementsOf(id),
        repo().listResources({ ...actor, isGlobal: true }, { organizationId: id, limit: 200, offset: 0 }),
        repo().listProjects(actor, { organizationId: id, limit: 100, offset: 0 }),
      ]);
      const commitments = await repo().commitmentsOf(agreements.map((a) => a.id));
      return {
        ...view,
        creditCode: org.credit_code,
        secretaryName: org.secretary_name,
        description: org.description,
        version: org.version,
        registrations: registrations.map((r) => ({ id: r.id, community: { id: r.community_id, name: r.community_name }, registeredOn: r.registered_on, state: r.state, endedOn: r.ended_on, note: r.note })),
        agreements: agreements.map((a) => ({
          id: a.id, community: { id: a.community_id, name: a.community_name }, title: a.title, terms: a.terms, signedOn: a.signed_on, startsOn: a.starts_on, endsOn: a.ends_on, state: a.state,
          commitments: commitments.filter((c) => c.agreement_id === a.id).map((c) => ({ id: c.id, content: c.content, kind: c.kind, quantity: c.quantity, state: c.state, fulfilledAt: c.fulfilled_at, withdrawnAt: c.withdrawn_at, withdrawnReason: c.withdrawn_reason })),
        })),
        resources: resources.items.map(resourceView),
        projects: projects.items.map((p) => ({ id: p.id, title: p.title, state: p.state, completedAt: p.completed_at, rating: p.rating, needTitle: p.need_title, gridName: p.grid_name })),
      };
    },

    // ---- needs -----------------------------------------------------------------------------------
    async listNeeds(actor: Actor | undefined, query: { state?: string; kind?: string; grid?: string; q?: string; limit: number; offset: number }) {
      requirePermission(actor, 'cobuild.read');
      const root = await rootOf(actor, query.grid);
      const { items, total } = await repo().listNeeds(actor, { ...query, root });
      return { items: items.map(needView), total };
    },

    async getNeed(actor: Actor | undefined, id: string) {
      requirePermission(actor, 'cobuild.read');
      const need = await visibleNeed(actor, id);
      const [grid] = await repo().gridNames([need.grid_id]);
      const projects = await repo().projectsOfNeed(id);
      return { ...needView({ ...need, grid_name: grid?.name ?? '', project_count: projects.length }), projects };
    },

    /** Resources that could meet the need, ranked by kind, place and time. */
    async needMatches(actor: Actor | undefined, id: string) {
      requirePermission(actor, 'cobuild.read');
      const need = await visibleNeed(actor, id);
      const kinds = need.kind === 'skills' || need.kind === 'people' ? ['skills', 'people'] : [need.kind];
      const candidates = await repo().candidateResources(actor, kinds);
      const committed = await repo().committedElsewhere(candidates.map((c) => c.id));
      // What is already promised to open projects is not on offer twice.
      const offers = candidates
        .map((r) => ({ row: r, ...asResource(r), quantity: Math.max(0, Number(r.quantity) - (committed.get(r.id) ?? 0)) }))
        .filter((r) => r.quantity > 0);
      const ranked = rankMatches(asNeed(need), offers, today());
      return { items: ranked.map((m) => ({ resource: { ...resourceView(m.row), remaining: m.quantity }, score: m.score, reasons: m.reasons })) };
    },

    // ---- resources -------------------------------------------------------------------------------
    async listResources(actor: Actor | undefined, query: { state?: string; kind?: string; grid?: string; organizationId?: string; q?: string; limit: number; offset: number }) {
      requirePermission(actor, 'cobuild.read');
      const root = await rootOf(actor, query.grid);
      const { items, total } = await repo().listResources(actor, { ...query, root });
      return { items: items.map(resourceView), total };
    },

    async getResource(actor: Actor | undefined, id: string) {
      requirePermission(actor, 'cobuild.read');
      const { resource, org } = await visibleResource(actor, id);
      const projects = await repo().projectsOfResource(id);
      const committed = (await repo().committedElsewhere([id])).get(id) ?? 0;
      return { ...resourceView({ ...resource, org_name: org.name, org_kind: org.kind }), projects, committed, remaining: Math.max(0, Number(resource.quantity) - committed), canManage: mayManageOrganization(actor, org, await servedPaths(org.id)) };
    },

    /** Open needs in the caller's scope the resource could meet, best first. */
    async resourceMatches(actor: Actor | undefined, id: string) {
      requirePermission(actor, 'cobuild.read');
      const { resource, org } = await visibleResource(actor, id);
      const kinds = resource.kind === 'skills' || resource.kind === 'people' ? ['skills', 'people'] : [resource.kind];
      const needs = await repo().candidateNeeds(actor, kinds);
      const offer = asResource(resource);
      const ranked = needs
        .map((n) => ({ n, m: rankMatches(asNeed(n), [offer], today(), 1)[0] }))
        .filter((x) => x.m)
        .sort((a, b) => b.m.score - a.m.score)
        .slice(0, 10);
      return { items: ranked.map((x) => ({ need: needView(x.n), score: x.m.score, reasons: x.m.reasons })), organization: { id: org.id, name: org.name } };
    },

    // ---- projects --------------------------------------------------------------------------------
    async listProjects(actor: Actor | undefined, query: { state?: string; kind?: string; grid?: string; organizationId?: string; q?: string; limit: number; offset: number }) {
      requirePermission(actor, 'cobuild.read');
      const root = await rootOf(actor, query.grid);
      const { items, total } = await repo().listProjects(actor, { ...query, root });
      const resources = await repo().projectResources(items.map((p) => p.id));
      return {
        items: items.map((p) => {
          const orgs = new Map(resources.filter((r) => r.project_id === p.id).map((r) => [r.organization_id, r.org_name]));
          return {
            id: p.id, title: p.title, state: p.state, grid: { id: p.grid_id, name: p.grid_name }, need: { id: p.need_id, title: p.need_title, kind: p.need_kind },
            organizations: [...orgs].map(([id, name]) => ({ id, name })), startsOn: p.starts_on, completedAt: p.completed_at, rating: p.rating,
            milestonesDone: Number(p.milestones_done ?? 0), milestonesTotal: Number(p.milestones_total ?? 0), lastReviewedOn: p.reviewed_on, createdAt: p.created_at, version: p.version,
          };
        }),
        total,
      };
    },

    async getProject(actor: Actor | undefined, id: string) {
      requirePermission(actor, 'cobuild.read');
      const p = await visibleProject(actor, id);
      const [need, resources, milestones] = await Promise.all([repo().findNeed(p.need_id), repo().projectResources([id]), repo().milestones(id)]);
      const [grid] = await repo().gridNames([need!.grid_id]);
      return {
        id: p.id, title: p.title, description: p.description, state: p.state, startsOn: p.starts_on, startedAt: p.started_at, completedAt: p.completed_at, outcome: p.outcome,
        rating: p.rating, beneficiaries: p.beneficiaries, version: p.version, createdAt: p.created_at,
        grid: { id: need!.grid_id, name: grid?.name ?? '' },
        need: needView({ ...need!, grid_name: grid?.name ?? '' }),
        resources: resources.map((r) => ({
          id: r.id, resourceId: r.resource_id, title: r.resource_title, organization: { id: r.organization_id, name: r.org_name }, kind: r.kind, unit: r.unit,
          committed: Number(r.quantity_committed), delivered: r.quantity_delivered === null ? null : Number(r.quantity_delivered), deliveredAt: r.delivered_at,
        })),
        milestones: milestones.map((m) => ({ id: m.id, title: m.title, dueOn: m.due_on, doneAt: m.done_at, note: m.note })),
        canManage: isCobuildStaff(actor) && actor.role !== 'gridWorker' && isInScope(actor, p.grid_path),
      };
    },

    // ---- reviews and figures -----------------------------------------------------------------------
    async listReviews(actor: Actor | undefined, gridId?: string) {
      requirePermission(actor, 'cobuild.read');
      const root = await rootOf(actor, gridId);
      const rows = await repo().listReviews(actor, root);
      return {
        items: rows.map((r) => ({ id: r.id, community: { id: r.community_id, name: r.community_name }, meetingId: r.meeting_id, reviewedOn: r.reviewed_on, note: r.note, items: JSON.parse(r.items), createdByName: r.created_by_name, createdAt: r.created_at })),
      };
    },

    /**
     * The co-building figures of the results report, counted from records under the caller's scope
     * (or `?grid=`): partner organisations with a party organisation registered with a community,
     * in-service members registered, venue area delivered by completed projects.
     */
    async figures(actor: Actor | undefined, query: { grid?: string } & Period) {
      requirePermission(actor, 'cobuild.read');
      const root = await rootOf(actor, query.grid);
      return repo().figures(actor, root, { from: query.from, to: query.to });
    },

    // ---- registrations ---------------------------------------------------------------------------
    async listRegistrations(actor: Actor | undefined, query: { q?: string; grid?: string; employerOrgId?: string; state?: string; limit: number; offset: number }) {
      requirePermission(actor, 'registration.read');
      const root = await rootOf(actor, query.grid);
      const contactOrgIds = actor.role === 'orgContact' ? (await repo().orgsOfContact(actor.userId)).map((o) => o.id) : undefined;
      const { items, total } = await repo().listRegistrations(actor, { ...query, root, contactOrgIds });
      const year = Number(today().slice(0, 4)) - 1;
      const evaluations = await repo().evaluations(items.map((r) => r.id));
      return {
        items: items.map((r) => {
          const mine = evaluations.filter((e) => e.registration_id === r.id);
          const latestYear = mine.length ? Math.max(...mine.map((e) => e.year)) : year;
          return {
            id: r.id,
            person: { id: r.person_id, name: r.person_name, phone: r.phone_enc ? maskPhone(ctx.cipher.decrypt(r.phone_enc)) : null },
            community: { id: r.community_id, name: r.community_name },
            employer: { id: r.employer_org_id, name: r.employer_name },
            registeredOn: r.registered_on,
            state: r.state,
            skills: r.skills ? (JSON.parse(r.skills) as string[]) : [],
            grades: {
              year: latestYear,
              community: mine.find((e) => e.side === 'community' && e.year === latestYear)?.grade ?? null,
              employer: mine.find((e) => e.side === 'employer' && e.year === latestYear)?.grade ?? null,
            },
          };
        }),
        total,
      };
    },

    /** A registration if the caller may read it: staff of its community, the employer's contact, the member. */
    async visibleRegistration(actor: Actor, id: string) {
      const r = await repo().findRegistration(id);
      if (!r) throw new AppError('notFound');
      if (actor.personId && r.person_id === actor.personId) return r;
      if (actor.role === 'orgContact') {
        const employer = await repo().findOrg(r.employer_org_id);
        if (employer && isContactOf(actor, employer)) return r;
        throw new AppError('notFound');
      }
      if (isCobuildStaff(actor) && isInScope(actor, r.community_path)) return r;
      throw new AppError('notFound');
    },

    async registrationDetail(actor: Actor, id: string) {
      const r = await this.visibleRegistration(actor, id);
      const [person, community, employer, services, evaluations] = await Promise.all([
        repo().person(r.person_id), repo().grid(r.community_id), repo().findOrg(r.employer_org_id), repo().serviceRecords([r.person_id]), repo().evaluations([r.id]),
      ]);
      const year = Number(today().slice(0, 4));
      const { fromDate, toDate } = yearBounds(year);
      const [totals, attendances] = await Promise.all([repo().ledgerTotals([r.person_id], '0000', '9999'), repo().verifiedAttendances([r.person_id], `${year - 2}-01-01`, toDate)]);
      const thisYear = await repo().ledgerTotals([r.person_id], fromDate, toDate);
      return {
        id: r.id, state: r.state, registeredOn: r.registered_on, endedOn: r.ended_on, note: r.note, skills: r.skills ? (JSON.parse(r.skills) as string[]) : [],
        person: { id: r.person_id, name: person?.name ?? '', phone: person?.phone_enc ? maskPhone(ctx.cipher.decrypt(person.phone_enc)) : null },
        community: { id: r.community_id, name: community?.name ?? '' },
        employer: { id: r.employer_org_id, name: employer?.name ?? '', partyOrgName: employer?.party_org_name ?? null },
        hours: { total: totals.get(r.person_id)?.hours ?? 0, thisYear: thisYear.get(r.person_id)?.hours ?? 0, points: totals.get(r.person_id)?.points ?? 0 },
        attendances: attendances.sort((a, b) => (a.starts_at < b.starts_at ? 1 : -1)).slice(0, 30).map((a) => ({ activityId: a.activity_id, title: a.title, date: localDateOf(new Date(a.starts_at)), hours: a.hours })),
        services: services.map((s) => ({ id: s.id, kind: s.kind, description: s.description, servedOn: s.served_on, recordedByName: s.recorded_by_name })),
        evaluations: evaluations.map((e) => ({ id: e.id, side: e.side, year: e.year, grade: e.grade, comment: e.comment, evaluatorName: e.evaluator_name, updatedAt: e.updated_at })),
        canEvaluate: actor.role === 'orgContact' ? Boolean(employer && isContactOf(actor, employer)) : ['admin', 'cadre', 'secretary'].includes(actor.role) && isInScope(actor, r.community_path),
        canRecordService: ['admin', 'secretary', 'gridWorker'].includes(actor.role) && isInScope(actor, r.community_path),
      };
    },

    /** The caller's own registration (个人报到), if any, with their evaluations. */
    async myRegistration(actor: Actor | undefined) {
      requirePermission(actor, 'registration.mine');
      if (!actor.personId) return { registration: null, isInService: false };
      const [r, person] = await Promise.all([repo().registrationOfPerson(actor.personId), repo().person(actor.personId)]);
      if (!r) return { registration: null, isInService: person?.party_kind === 'inService' };
      return { registration: await this.registrationDetail(actor, r.id), isInService: true };
    },

    // ---- feedback lists (双向服务反馈清单) -----------------------------------------------------------

    /**
     * What each of the organisation's in-service members did in the year and how they were rated:
     * activities and hours from the ledger (verified only), outputs of those activities, service
     * records and both evaluations. Staff see the members registered in their scope; the
     * organisation's contact sees all of its members.
     */
    async feedbackList(actor: Actor | undefined, orgId: string, year: number, communityId?: string) {
      requirePermission(actor, 'feedback.read');
      const org = await visibleOrg(actor, orgId);
      const isContact = isContactOf(actor, org);
      if (actor.role === 'orgContact' && !isContact) throw new AppError('notFound');
      const lines = await feedbackLines(org.id, year, isContact ? null : { actor }, communityId);
      const sent = await repo().feedbacksOf(org.id, isContact ? null : { actor });
      return {
        organization: { id: org.id, name: org.name, partyOrgName: org.party_org_name },
        year,
        items: lines,
        totals: { members: lines.length, hours: round2(lines.reduce((s, l) => s + l.hours, 0)), activities: lines.reduce((s, l) => s + l.activities, 0) },
        sent: sent.map((f) => ({ id: f.id, year: f.year, community: { id: f.community_id, name: f.community_name }, memberCount: f.member_count, sentAt: f.sent_at, sentByName: f.sent_by_name, acknowledgedAt: f.acknowledged_at, acknowledgedByName: f.acknowledged_by_name })),
        canSend: ['admin', 'cadre', 'secretary'].includes(actor.role),
        isContact,
      };
    },

    feedbackLines: (orgId: string, year: number, scope: { actor: Actor } | null, communityId?: string) => feedbackLines(orgId, year, scope, communityId),
  };

  async function feedbackLines(orgId: string, year: number, scope: { actor: Actor } | null, communityId?: string) {
    const { fromDate, toDate } = yearBounds(year);
    const registrations = await repo().employerRegistrations(orgId, scope, communityId);
    const personIds = registrations.map((r) => r.person_id);
    const [totals, attendances, services, evaluations] = await Promise.all([
      repo().ledgerTotals(personIds, fromDate, toDate),
      repo().verifiedAttendances(personIds, fromDate, toDate),
      repo().serviceRecords(personIds, fromDate, toDate),
      repo().evaluations(registrations.map((r) => r.id), year),
    ]);
    const outputs = await repo().activityOutputs([...new Set(attendances.map((a) => a.activity_id))]);
    return registrations.map((r) => {
      const mine = attendances.filter((a) => a.person_id === r.person_id && a.hours > 0);
      const perMetric = new Map<string, { metric: string; unit: string; quantity: number }>();
      for (const a of mine) {
        for (const o of outputs.filter((x) => x.activity_id === a.activity_id)) {
          const key = `${o.metric}:${o.unit}`;
          const entry = perMetric.get(key) ?? { metric: o.metric, unit: o.unit, quantity: 0 };
          entry.quantity = round2(entry.quantity + Number(o.quantity));
          perMetric.set(key, entry);
        }
      }
      const grades = evaluations.filter((e) => e.registration_id === r.id);
      const community = grades.find((e) => e.side === 'community');
      return {
        registrationId: r.id,
        person: { id: r.person_id, name: r.person_name },
        community: { id: r.community_id, name: r.community_name },
        activities: mine.length,
        hours: round2(totals.get(r.person_id)?.hours ?? 0),
        points: round2(totals.get(r.person_id)?.points ?? 0),
        outputs: [...perMetric.values()],
        services: services.filter((s) => s.person_id === r.person_id).map((s) => ({ kind: s.kind, description: s.description, servedOn: s.served_on })),
        recentActivities: mine.sort((a, b) => (a.starts_at < b.starts_at ? 1 : -1)).slice(0, 5).map((a) => ({ title: a.title, date: localDateOf(new Date(a.starts_at)), hours: round2(a.hours) })),
        grades: { community: community?.grade ?? null, communityComment: community?.comment ?? null, employer: grades.find((e) => e.side === 'employer')?.grade ?? null },
      };
    });
  }
}

const round2 = (v: number) => Math.round(v * 100) / 100;

export type CobuildService = ReturnType<typeof cobuildService>;
