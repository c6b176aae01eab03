import type { App } from '../../server/manifest.js';
import type { AppContext } from '../../core/context.js';
import { IdParams, problemResponses } from '../../core/schemas.js';
import {
  CommunityTaskBody, CommunityTaskStats, CoverageQuery, FollowUpBody, HandbookArticle, HandbookBody, HandbookQuery, HouseholdHits, HouseholdSearchQuery, Listed, ListQuery, MeetingBody, MissingQuery, MissingReports, MoveOutBody,
  OfficeHourBody, OfficeHoursQuery, Record_, StewardReportBody, VisitBody, VisitCoverage,
} from './schemas.js';
import { Type } from 'typebox';
import { fieldworkService } from './service.js';

const tags = ['fieldwork'];
const created = { 201: Record_, ...problemResponses };
const listed = { 200: Listed, ...problemResponses };

/** Field work (G5–G7): steward reports, follow-ups, meetings, community tasks, household visits, office hours, the handbook. */
export function fieldworkRoutes(app: App, ctx: AppContext): void {
  const fw = fieldworkService(ctx);

  app.post('/api/fieldwork/steward-reports', { schema: { tags, summary: 'File a 四清四报 report for a stairwell (one per month)', body: StewardReportBody, response: created } }, async (req, reply) => reply.status(201).send(await fw.fileStewardReport(req.actor, req.body)));
  app.get('/api/fieldwork/steward-reports', { schema: { tags, summary: '四清四报 reports in your scope', querystring: ListQuery, response: listed } }, (req) => fw.stewardReports(req.actor, req.query));
  app.get('/api/fieldwork/steward-reports/missing', { schema: { tags, summary: 'The board: stairwells with a steward and no report this period', querystring: MissingQuery, response: { 200: MissingReports, ...problemResponses } } }, (req) => fw.missingReports(req.actor, req.query));

  app.post('/api/fieldwork/follow-ups', { schema: { tags, summary: 'Log a follow-up visit (跟踪回访)', body: FollowUpBody, response: created } }, async (req, reply) => reply.status(201).send(await fw.recordFollowUp(req.actor, req.body)));
  app.get('/api/fieldwork/follow-ups', { schema: { tags, summary: 'Follow-up visits in your scope', querystring: ListQuery, response: listed } }, (req) => fw.followUps(req.actor, req.query));
  app.post('/api/fieldwork/meetings', { schema: { tags, summary: 'Record a regular steward meeting (定期例会)', body: MeetingBody, response: created } }, async (req, reply) => reply.status(201).send(await fw.recordMeeting(req.actor, req.body)));
  app.get('/api/fieldwork/meetings', { schema: { tags, summary: 'Steward meetings in your scope', querystring: ListQuery, response: listed } }, (req) => fw.meetings(req.actor, req.query));

  app.post('/api/fieldwork/community-tasks', { schema: { tags, summary: 'Add a task a community is asked to carry', body: CommunityTaskBody, response: created } }, async (req, reply) => reply.status(201).send(await fw.addCommunityTask(req.actor, req.body)));
  app.get('/api/fieldwork/community-tasks', { schema: { tags, summary: 'The community task list in your scope', querystring: ListQuery, response: listed } }, (req) => fw.communityTasks(req.actor, req.query));
  app.get('/api/fieldwork/community-tasks/stats', { schema: { tags, summary: 'Tasks kept and tasks cleared (moved out)', response: { 200: CommunityTaskStats, ...problemResponses } } }, (req) => fw.communityTaskStats(req.actor));
  app.post('/api/fieldwork/community-tasks/:id/move-out', { schema: { tags, summary: 'Move a task off the community\'s list, with reason, approver and date', params: IdParams, body: MoveOutBody, response: { 200: Record_, ...problemResponses } } }, (req) => fw.moveOutCommunityTask(req.actor, req.params.id, req.body));

  app.post('/api/fieldwork/visits', { schema: { tags, summary: 'Log a household visit (入户走访)', body: VisitBody, response: created } }, async (req, reply) => reply.status(201).send(await fw.logVisit(req.actor, req.body)));
  app.get('/api/fieldwork/visits', { schema: { tags, summary: 'Household visits in your scope', querystring: ListQuery, response: listed } }, (req) => fw.visits(req.actor, req.query));
  app.get('/api/fieldwork/households', { schema: { tags, summary: 'Find households to visit by a resident’s name, a room number or a place name, in your scope', querystring: HouseholdSearchQuery, response: { 200: HouseholdHits, ...problemResponses } } }, (req) => fw.searchHouseholds(req.actor, req.query));
  app.get('/api/fieldwork/visits/coverage', { schema: { tags, summary: 'Visit coverage per grid for a period, and the households nobody visited', querystring: CoverageQuery, response: { 200: VisitCoverage, ...problemResponses } } }, (req) => fw.visitCoverage(req.actor, req.query));

  app.post('/api/fieldwork/office-hours', { schema: { tags, summary: 'Publish a reception slot in a compound ("我在小区等您")', body: OfficeHourBody, response: created } }, async (req, reply) => reply.status(201).send(await fw.publishOfficeHours(req.actor, req.body)));
  app.get('/api/fieldwork/office-hours', { schema: { tags, summary: 'Upcoming office hours in and around your area', querystring: OfficeHoursQuery, response: listed } }, (req) => fw.officeHours(req.actor, req.query).then((r) => ({ ...r, total: r.items.length })));

  app.get('/api/fieldwork/handbook', { schema: { tags, summary: 'Search the policy handbook (全岗通业务手册)', querystring: HandbookQuery, response: { 200: Type.Object({ items: Type.Array(HandbookArticle), total: Type.Integer() }), ...problemResponses } } }, (req) => fw.searchHandbook(req.actor, req.query as never));
  app.get('/api/fieldwork/handbook/:id', { schema: { tags, summary: 'One handbook article', params: IdParams, response: { 200: HandbookArticle, ...problemResponses } } }, (req) => fw.article(req.actor, req.params.id));
  app.post('/api/fieldwork/handbook', { schema: { tags, summary: 'Add a handbook article', body: HandbookBody, response: { 201: HandbookArticle, ...problemResponses } } }, async (req, reply) => reply.status(201).send(await fw.writeArticle(req.actor, req.body as never)));
}
