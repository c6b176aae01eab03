import { Type } from 'typebox';
import { requirePermission } from '../../core/accounts/policy.js';
import { localDateOf } from '../../core/calendar/working-time.js';
import type { AppContext } from '../../core/context.js';
import { IdParams, Paged, problemResponses } from '../../core/schemas.js';
import type { App } from '../../server/manifest.js';
import { organizationScore, ranking, saveScheme, schemeOf } from './assessment.js';
import { completeProject } from './complete-project.js';
import { evaluateMember, recordService } from './evaluate-member.js';
import { exportRanking } from './export-ranking.js';
import { addMilestone, cancelProject, completeMilestone, createProject, startProject } from './match-project.js';
import { cancelNeed, postNeed, postResource, updateNeed, updateResource, withdrawResource } from './post-list-item.js';
import { endMemberRegistration, registerMember } from './register-member.js';
import { endOrgRegistration, registerOrganization } from './register-organization.js';
import { reviewLists } from './review-lists.js';
import { createOrganization, deleteOrganization, updateOrganization } from './save-organization.js';
import {
  AgreementBody, CompleteProjectBody, EvaluationBody, FeedbackQuery, FeedbackSendBody, FiguresQuery, ListQuery, Loose, MemberRegistrationBody, MilestoneBody, MilestoneDoneBody,
  NeedBody, NeedPatch, NeedSummary, OrganizationBody, OrganizationListQuery, OrganizationPatch, OrganizationSummary, OrgRegistrationBody, ProjectCreateBody, ProjectSummary,
  ReasonBody, RegistrationListQuery, RegistrationSummary, ResourceBody, ResourcePatch, ResourceSummary, ReviewBody, SchemeBody, ServiceRecordBody, YearQuery,
} from './schemas.js';
import { acknowledgeFeedback, sendFeedback, sentFeedback } from './send-feedback.js';
import { cobuildService } from './service.js';
import { settleCommitment, signAgreement } from './sign-agreement.js';

const tags = ['cobuild'];
const Created = Type.Object({ id: Type.String() });
const Done = Type.Object({ ok: Type.Boolean() });
const VersionBody = Type.Object({ version: Type.Optional(Type.Integer()) });

/** Co-building (B1–B4): organisations, agreements, the three lists with matching, assessment, dual registration and feedback. */
export async function cobuildRoutes(app: App, ctx: AppContext): Promise<void> {
  const svc = cobuildService(ctx);
  const ok = { ok: true };
  const thisYear = () => Number(localDateOf(ctx.clock.now()).slice(0, 4));

  // ---- organisations -------------------------------------------------------------------------------
  app.get('/api/cobuild/organizations', { schema: { tags, summary: 'Partner organisations located or registered in your scope', querystring: OrganizationListQuery, response: { 200: Paged(OrganizationSummary), ...problemResponses } } }, (req) =>
    svc.listOrganizations(req.actor, req.query),
  );
  app.get('/api/cobuild/organizations/directory', { schema: { tags, summary: 'The register of partner organisations by name (for a member naming their employer)', querystring: Type.Object({ q: Type.Optional(Type.String({ maxLength: 64 })) }), response: { 200: Type.Object({ items: Type.Array(Type.Object({ id: Type.String(), name: Type.String(), kind: Type.String(), gridName: Type.String() })) }), ...problemResponses } } }, (req) =>
    svc.directory(req.actor, req.query.q),
  );
  app.post('/api/cobuild/organizations', { schema: { tags, summary: 'Register a partner organisation (驻区单位)', body: OrganizationBody, response: { 201: Created, ...problemResponses } } }, async (req, reply) =>
    reply.status(201).send({ id: await createOrganization({ ctx, actor: req.actor, input: req.body }) }),
  );
  app.get('/api/cobuild/organizations/:id', { schema: { tags, summary: 'An organisation with its registrations, agreements, resources and projects', params: IdParams, response: { 200: Loose(), ...problemResponses } } }, (req) =>
    svc.getOrganization(req.actor, req.params.id),
  );
  app.patch('/api/cobuild/organizations/:id', { schema: { tags, summary: 'Edit an organisation (its contact edits its own details)', params: IdParams, body: Type.Intersect([OrganizationPatch, VersionBody]), response: { 200: Done, ...problemResponses } } }, async (req) => {
    await updateOrganization({ ctx, actor: req.actor, id: req.params.id, input: req.body });
    return ok;
  });
  app.delete('/api/cobuild/organizations/:id', { schema: { tags, summary: 'Remove an organisation (409 while it has open projects)', params: IdParams, response: { 200: Done, ...problemResponses } } }, async (req) => {
    await deleteOrganization({ ctx, actor: req.actor, id: req.params.id });
    return ok;
  });
  app.post('/api/cobuild/organizations/:id/registrations', { schema: { tags, summary: '单位报到: register the organisation with a community', params: IdParams, body: OrgRegistrationBody, response: { 201: Created, ...problemResponses } } }, async (req, reply) =>
    reply.status(201).send({ id: await registerOrganization({ ctx, actor: req.actor, organizationId: req.params.id, ...req.body }) }),
  );
  app.post('/api/cobuild/org-registrations/:id/end', { schema: { tags, summary: 'End an organisation\'s registration with a community', params: IdParams, response: { 200: Done, ...problemResponses } } }, async (req) => {
    await endOrgRegistration({ ctx, actor: req.actor, registrationId: req.params.id });
    return ok;
  });
  app.post('/api/cobuild/organizations/:id/agreements', { schema: { tags, summary: 'Sign a co-building agreement with its commitments', params: IdParams, body: AgreementBody, response: { 201: Created, ...problemResponses } } }, async (req, reply) =>
    reply.status(201).send({ id: await signAgreement({ ctx, actor: req.actor, organizationId: req.params.id, input: req.body }) }),
  );
  app.post('/api/cobuild/commitments/:id/fulfil', { schema: { tags, summary: 'Mark a commitment fulfilled', params: IdParams, response: { 200: Done, ...problemResponses } } }, async (req) => {
    await settleCommitment({ ctx, actor: req.actor, commitmentId: req.params.id, outcome: 'fulfilled' });
    return ok;
  });
  app.post('/api/cobuild/commitments/:id/withdraw', { schema: { tags, summary: 'Record a withdrawn commitment (deducted in the assessment)', params: IdParams, body: ReasonBody, response: { 200: Done, ...problemResponses } } }, async (req) => {
    await settleCommitment({ ctx, actor: req.actor, commitmentId: req.params.id, outcome: 'withdrawn', reason: req.body.reason });
    return ok;
  });

  // ---- needs ---------------------------------------------------------------------------------------
  app.get('/api/cobuild/needs', { schema: { tags, summary: '需求清单: needs in your scope', querystring: ListQuery, response: { 200: Paged(NeedSummary), ...problemResponses } } }, (req) => svc.listNeeds(req.actor, req.query));
  app.post('/api/cobuild/needs', { schema: { tags, summary: 'Post a need (kind, quantity, deadline, place)', body: NeedBody, response: { 201: Created, ...problemResponses } } }, async (req, reply) =>
    reply.status(201).send({ id: await postNeed({ ctx, actor: req.actor, input: req.body }) }),
  );
  app.get('/api/cobuild/needs/:id', { schema: { tags, summary: 'A need and the projects meeting it', params: IdParams, response: { 200: Loose(), ...problemResponses } } }, (req) => svc.getNeed(req.actor, req.params.id));
  app.get('/api/cobuild/needs/:id/matches', { schema: { tags, summary: 'Resources that could meet the need, ranked by kind, place and time', params: IdParams, response: { 200: Loose(), ...problemResponses } } }, (req) =>
    svc.needMatches(req.actor, req.params.id),
  );
  app.patch('/api/cobuild/needs/:id', { schema: { tags, summary: 'Edit an open need', params: IdParams, body: Type.Intersect([NeedPatch, VersionBody]), response: { 200: Done, ...problemResponses } } }, async (req) => {
    await updateNeed({ ctx, actor: req.actor, id: req.params.id, input: req.body });
    return ok;
  });
  app.post('/api/cobuild/needs/:id/cancel', { schema: { tags, summary: 'Take a need off the list (409 while a project for it is open)', params: IdParams, response: { 200: Done, ...problemResponses } } }, async (req) => {
    await cancelNeed({ ctx, actor: req.actor, id: req.params.id });
    return ok;
  });

  // ---- resources -----------------------------------------------------------------------------------
  app.get('/api/cobuild/resources', { schema: { tags, summary: '资源清单: resources offered by organisations you can see', querystring: ListQuery, response: { 200: Paged(ResourceSummary), ...problemResponses } } }, (req) =>
    svc.listResources(req.actor, req.query),
  );
  app.post('/api/cobuild/resources', { schema: { tags, summary: 'Offer a resource (venue m², funds, equipment, skills, people) with its availability', body: ResourceBody, response: { 201: Created, ...problemResponses } } }, async (req, reply) =>
    reply.status(201).send({ id: await postResource({ ctx, actor: req.actor, input: req.body }) }),
  );
  app.get('/api/cobuild/resources/:id', { schema: { tags, summary: 'A resource, what is committed of it and its projects', params: IdParams, response: { 200: Loose(), ...problemResponses } } }, (req) => svc.getResource(req.actor, req.params.id));
  app.get('/api/cobuild/resources/:id/matches', { schema: { tags, summary: 'Open needs in your scope the resource could meet', params: IdParams, response: { 200: Loose(), ...problemResponses } } }, (req) =>
    svc.resourceMatches(req.actor, req.params.id),
  );
  app.patch('/api/cobuild/resources/:id', { schema: { tags, summary: 'Edit a resource', params: IdParams, body: Type.Intersect([ResourcePatch, VersionBody]), response: { 200: Done, ...problemResponses } } }, async (req) => {
    await updateResource({ ctx, actor: req.actor, id: req.params.id, input: req.body });
    return ok;
  });
  app.post('/api/cobuild/resources/:id/withdraw', { schema: { tags, summary: 'Withdraw an offer (409 while committed to an open project)', params: IdParams, response: { 200: Done, ...problemResponses } } }, async (req) => {
    await withdrawResource({ ctx, actor: req.actor, id: req.params.id });
    return ok;
  });

  // ---- projects ------------------------------------------------------------------------------------
  app.get('/api/cobuild/projects', { schema: { tags, summary: '项目清单: projects in your scope', querystring: ListQuery, response: { 200: Paged(ProjectSummary), ...problemResponses } } }, (req) =>
    svc.listProjects(req.actor, req.query),
  );
  app.post('/api/cobuild/projects', { schema: { tags, summary: 'Match a need with resources (both required: 400 otherwise)', body: ProjectCreateBody, response: { 201: Created, ...problemResponses } } }, async (req, reply) =>
    reply.status(201).send({ id: await createProject({ ctx, actor: req.actor, input: req.body }) }),
  );
  app.get('/api/cobuild/projects/:id', { schema: { tags, summary: 'A project with its need, resources, milestones and outcome', params: IdParams, response: { 200: Loose(), ...problemResponses } } }, (req) =>
    svc.getProject(req.actor, req.params.id),
  );
  app.post('/api/cobuild/projects/:id/start', { schema: { tags, summary: 'Start a planned project', params: IdParams, response: { 200: Done, ...problemResponses } } }, async (req) => {
    await startProject({ ctx, actor: req.actor, id: req.params.id });
    return ok;
  });
  app.post('/api/cobuild/projects/:id/complete', { schema: { tags, summary: 'Complete a project: outcome, what each resource delivered, the community\'s rating', params: IdParams, body: CompleteProjectBody, response: { 200: Done, ...problemResponses } } }, async (req) => {
    await completeProject({ ctx, actor: req.actor, id: req.params.id, input: req.body });
    return ok;
  });
  app.post('/api/cobuild/projects/:id/cancel', { schema: { tags, summary: 'Cancel an open project (resources go back on offer)', params: IdParams, body: ReasonBody, response: { 200: Done, ...problemResponses } } }, async (req) => {
    await cancelProject({ ctx, actor: req.actor, id: req.params.id, reason: req.body.reason });
    return ok;
  });
  app.post('/api/cobuild/projects/:id/milestones', { schema: { tags, summary: 'Add a milestone', params: IdParams, body: MilestoneBody, response: { 201: Created, ...problemResponses } } }, async (req, reply) =>
    reply.status(201).send({ id: await addMilestone({ ctx, actor: req.actor, projectId: req.params.id, title: req.body.title, dueOn: req.body.dueOn }) }),
  );
  app.post('/api/cobuild/milestones/:id/done', { schema: { tags, summary: 'Mark a milestone done', params: IdParams, body: MilestoneDoneBody, response: { 200: Done, ...problemResponses } } }, async (req) => {
    await completeMilestone({ ctx, actor: req.actor, milestoneId: req.params.id, note: req.body.note });
    return ok;
  });

  // ---- monthly review and figures ------------------------------------------------------------------
  app.get('/api/cobuild/reviews', { schema: { tags, summary: 'Monthly joint-meeting reviews of the three lists', querystring: Type.Object({ grid: Type.Optional(Type.String()) }), response: { 200: Loose(), ...problemResponses } } }, (req) =>
    svc.listReviews(req.actor, req.query.grid),
  );
  app.post('/api/cobuild/reviews', { schema: { tags, summary: 'Record the monthly joint meeting\'s review of the three lists', body: ReviewBody, response: { 201: Created, ...problemResponses } } }, async (req, reply) =>
    reply.status(201).send({ id: await reviewLists({ ctx, actor: req.actor, input: req.body }) }),
  );
  app.get('/api/cobuild/figures', {
    schema: {
      tags, summary: 'Co-building figures counted from records: partner organisations, in-service members registered, venue area delivered', querystring: FiguresQuery,
      response: { 200: Type.Object({ partnerOrganizations: Type.Integer(), inServiceMembersRegistered: Type.Integer(), venueAreaProvidedM2: Type.Number(), fundsProvidedYuan: Type.Number(), completedProjects: Type.Integer(), openNeeds: Type.Integer(), availableResources: Type.Integer() }), ...problemResponses },
    },
  }, (req) => svc.figures(req.actor, req.query));

  // ---- assessment ----------------------------------------------------------------------------------
  app.get('/api/cobuild/assessment/scheme', { schema: { tags, summary: 'The scoring scheme of a year (the default when none was configured)', querystring: Type.Object({ year: Type.Integer({ minimum: 2000, maximum: 2100 }) }), response: { 200: Loose(), ...problemResponses } } }, async (req) => {
    requirePermission(req.actor, 'assessment.read');
    return schemeOf(ctx, req.query.year);
  });
  app.put('/api/cobuild/assessment/scheme', { schema: { tags, summary: 'Configure the scoring scheme of a year', body: SchemeBody, response: { 200: Loose(), ...problemResponses } } }, (req) =>
    saveScheme({ ctx, actor: req.actor, year: req.body.year, rules: req.body.rules }),
  );
  app.get('/api/cobuild/assessment/ranking', { schema: { tags, summary: 'The year\'s ranking of organisations, scored from records', querystring: YearQuery, response: { 200: Loose(), ...problemResponses } } }, (req) =>
    ranking({ ctx, actor: req.actor, year: req.query.year, grid: req.query.grid }),
  );
  app.get('/api/cobuild/assessment/export', { schema: { tags, summary: 'The ranking as an Excel workbook (.xlsx)', querystring: YearQuery, produces: ['application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'] } }, async (req, reply) => {
    const { buffer, filename } = await exportRanking({ ctx, actor: req.actor, year: req.query.year, grid: req.query.grid, locale: req.locale });
    return reply
      .type('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
      .header('content-disposition', `attachment; filename="assessment-${req.query.year}.xlsx"; filename*=UTF-8''${encodeURIComponent(filename)}`)
      .send(buffer);
  });
  app.get('/api/cobuild/organizations/:id/score', { schema: { tags, summary: 'An organisation\'s score, its parts and rank for a year', params: IdParams, querystring: FeedbackQuery, response: { 200: Loose(), ...problemResponses } } }, (req) =>
    organizationScore({ ctx, actor: req.actor, organizationId: req.params.id, year: req.query.year ?? thisYear() }),
  );

  // ---- dual registration, service, evaluation, feedback -----------------------------------------------
  app.get('/api/cobuild/member-registrations', { schema: { tags, summary: '个人报到: in-service members registered in your scope (a contact: their organisation\'s)', querystring: RegistrationListQuery, response: { 200: Paged(RegistrationSummary), ...problemResponses } } }, (req) =>
    svc.listRegistrations(req.actor, req.query),
  );
  app.post('/api/cobuild/member-registrations', { schema: { tags, summary: 'Register an in-service member with their residence community (themselves, or by staff)', body: MemberRegistrationBody, response: { 201: Created, ...problemResponses } } }, async (req, reply) =>
    reply.status(201).send({ id: await registerMember({ ctx, actor: req.actor, input: req.body }) }),
  );
  app.get('/api/cobuild/member-registrations/:id', { schema: { tags, summary: 'A registration with hours, attendances, services and evaluations', params: IdParams, response: { 200: Loose(), ...problemResponses } } }, (req) => {
    requirePermission(req.actor, 'registration.read');
    return svc.registrationDetail(req.actor, req.params.id);
  });
  app.post('/api/cobuild/member-registrations/:id/end', { schema: { tags, summary: 'End a registration', params: IdParams, response: { 200: Done, ...problemResponses } } }, async (req) => {
    await endMemberRegistration({ ctx, actor: req.actor, id: req.params.id });
    return ok;
  });
  app.get('/api/cobuild/me', { schema: { tags, summary: 'My own registration (个人报到) and evaluations', response: { 200: Loose(), ...problemResponses } } }, (req) => svc.myRegistration(req.actor));
  app.post('/api/cobuild/service-records', { schema: { tags, summary: '双服务: record a service a member did', body: ServiceRecordBody, response: { 201: Created, ...problemResponses } } }, async (req, reply) =>
    reply.status(201).send({ id: await recordService({ ctx, actor: req.actor, input: req.body }) }),
  );
  app.post('/api/cobuild/evaluations', { schema: { tags, summary: '双评议: the community (staff) or the employer (its contact) grades a member for a year', body: EvaluationBody, response: { 201: Created, ...problemResponses } } }, async (req, reply) =>
    reply.status(201).send({ id: await evaluateMember({ ctx, actor: req.actor, input: req.body }) }),
  );
  app.get('/api/cobuild/organizations/:id/feedback', { schema: { tags, summary: '双向服务反馈清单: what each of its members did and how they were rated', params: IdParams, querystring: Type.Intersect([FeedbackQuery, Type.Object({ communityId: Type.Optional(Type.String()) })]), response: { 200: Loose(), ...problemResponses } } }, (req) =>
    svc.feedbackList(req.actor, req.params.id, req.query.year ?? thisYear(), req.query.communityId),
  );
  app.post('/api/cobuild/organizations/:id/feedback/send', { schema: { tags, summary: 'Send the feedback list of one community to the employer\'s party organisation', params: IdParams, body: FeedbackSendBody, response: { 201: Created, ...problemResponses } } }, async (req, reply) =>
    reply.status(201).send({ id: await sendFeedback({ ctx, actor: req.actor, organizationId: req.params.id, year: req.body.year, communityId: req.body.communityId }) }),
  );
  app.get('/api/cobuild/feedback/:id', { schema: { tags, summary: 'A feedback list as it was sent', params: IdParams, response: { 200: Loose(), ...problemResponses } } }, (req) =>
    sentFeedback({ ctx, actor: req.actor, id: req.params.id }),
  );
  app.post('/api/cobuild/feedback/:id/acknowledge', { schema: { tags, summary: 'The employer\'s contact confirms receipt', params: IdParams, response: { 200: Done, ...problemResponses } } }, async (req) => {
    await acknowledgeFeedback({ ctx, actor: req.actor, id: req.params.id });
    return ok;
  });
}
