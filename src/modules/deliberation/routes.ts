import { Type } from 'typebox';
import type { App } from '../../server/manifest.js';
import type { AppContext } from '../../core/context.js';
import { AppError } from '../../core/errors.js';
import { IdParams, Paged, problemResponses } from '../../core/schemas.js';
import { registerActionItemAudience } from './action-item-audience.js';
import { addActionItem } from './add-action-item.js';
import { addAgendaItem } from './add-agenda-item.js';
import { addMember } from './add-member.js';
import { addSeries } from './add-series.js';
import { castVote } from './cast-vote.js';
import { closeCasesByResolution } from './close-case-by-resolution.js';
import { createBody } from './create-body.js';
import { createOrg } from './create-org.js';
import { decideMotion } from './decide-motion.js';
import { editAgendaOutcome, editMeeting } from './edit-meeting.js';
import { managedBody } from './access.js';
import { moveMeeting } from './move-meeting.js';
import { openMotion } from './open-motion.js';
import { proposeTopic } from './propose-topic.js';
import { checkIn, markAttendance } from './record-attendance.js';
import { scheduleMeeting } from './schedule-meeting.js';
import {
  ActionItemCreateBody, ActionItemListQuery, ActionItemUpdateBody, AgendaCreateBody, AgendaOutcomeBody, AnyObject, AttendanceBody, BodyCreateBody, BodyListQuery,
  BodyUpdateBody, CheckInBody, Created, MeetingCreateBody, MeetingListQuery, MeetingMoveBody, MeetingMoveParams, MeetingUpdateBody, MemberCreateBody, MemberUpdateBody,
  MotionCreateBody, OrgCreateBody, ResolutionListQuery, ScheduleBody, SeatBody, TopicCreateBody, TopicListQuery, VoteBody,
} from './schemas.js';
import { seatOrg } from './seat-org.js';
import { deliberationService } from './service.js';
import { supportTopic } from './support-topic.js';
import type { MeetingMove } from './policy.js';
import { updateActionItem } from './update-action-item.js';
import { updateBody } from './update-body.js';
import { updateMember } from './update-member.js';

const tags = ['deliberation'];
const ok = { 200: AnyObject, ...problemResponses };
const made = { 201: Created, ...problemResponses };

function signedIn<T>(actor: T | undefined): T {
  if (!actor) throw new AppError('unauthenticated');
  return actor;
}

/** Deliberation (D1–D4): bodies and seats, meetings live, motions and votes, resolutions and action items, residents' topics. */
export async function deliberationRoutes(app: App, ctx: AppContext): Promise<void> {
  const service = deliberationService(ctx);
  const p = '/api/deliberation';
  registerActionItemAudience();

  app.get(`${p}/stats`, { schema: { tags, summary: 'Headline figures in your area: councils, meetings, resolutions, cases closed through deliberation', response: ok } }, (req) => service.stats(req.actor));

  // --- organisations and bodies (D1) -------------------------------------------------------------
  app.get(`${p}/orgs`, { schema: { tags, summary: 'Organisations that hold seats or sit in joint meetings', querystring: Type.Object({ grid: Type.Optional(Type.String({ description: 'Only under this grid' })) }), response: ok } }, (req) => service.orgs(req.actor, req.query as { grid?: string }));
  app.post(`${p}/orgs`, { schema: { tags, summary: "Register an organisation (community party organisation, social organisation, owners' committee, property company…)", body: OrgCreateBody, response: made } }, async (req, reply) =>
    reply.status(201).send({ id: await createOrg({ ctx, actor: req.actor, input: req.body as never }) }),
  );
  app.get(`${p}/bodies`, { schema: { tags, summary: 'Four-party councils and joint meetings in your area or that you sit in', querystring: BodyListQuery, response: { 200: Paged(AnyObject), ...problemResponses } } }, (req) =>
    service.bodies(req.actor, req.query as never),
  );
  app.post(`${p}/bodies`, { schema: { tags, summary: 'Create a four-party council or a joint meeting (joint meetings get their monthly schedule)', body: BodyCreateBody, response: made } }, async (req, reply) =>
    reply.status(201).send({ id: await createBody({ ctx, actor: req.actor, input: req.body as never }) }),
  );
  app.get(`${p}/bodies/:id`, { schema: { tags, summary: 'A body with its seats, delegates and terms, schedules and meetings', params: IdParams, response: ok } }, (req) => service.body(req.actor, req.params.id));
  app.patch(`${p}/bodies/:id`, { schema: { tags, summary: "Change a body's rules (quorum, majority, abstentions, topic threshold)", params: IdParams, body: BodyUpdateBody, response: ok } }, async (req) => {
    await updateBody({ ctx, actor: req.actor, bodyId: req.params.id, input: req.body as never });
    return service.body(req.actor, req.params.id);
  });
  app.post(`${p}/bodies/:id/seats`, { schema: { tags, summary: 'Seat an organisation (one of each of the four kinds on a council)', params: IdParams, body: SeatBody, response: ok } }, async (req) => {
    await seatOrg({ ctx, actor: req.actor, bodyId: req.params.id, orgId: req.body.orgId });
    return service.body(req.actor, req.params.id);
  });
  app.post(`${p}/bodies/:id/members`, { schema: { tags, summary: 'Add a delegate with a position and a term', params: IdParams, body: MemberCreateBody, response: made } }, async (req, reply) =>
    reply.status(201).send({ id: await addMember({ ctx, actor: req.actor, bodyId: req.params.id, input: req.body as never }) }),
  );
  app.patch(`${p}/members/:id`, { schema: { tags, summary: "Change a delegate's position or end their term", params: IdParams, body: MemberUpdateBody, response: { 204: Type.Null(), ...problemResponses } } }, async (req, reply) => {
    await updateMember({ ctx, actor: req.actor, memberId: req.params.id, input: req.body as never });
    return reply.status(204).send(null);
  });
  app.post(`${p}/bodies/:id/series`, { schema: { tags, summary: 'Add a recurring schedule (iCalendar RRULE); its meetings for the next three months are created', params: IdParams, body: ScheduleBody, response: made } }, async (req, reply) => {
    return reply.status(201).send({ id: await addSeries({ ctx, actor: req.actor, bodyId: req.params.id, input: req.body as never }) });
  });

  // --- meetings (D2) -------------------------------------------------------------------------------
  app.get(`${p}/meetings`, { schema: { tags, summary: 'Meetings in a period (the calendar)', querystring: MeetingListQuery, response: { 200: Paged(AnyObject), ...problemResponses } } }, (req) =>
    service.meetings(req.actor, req.query as never),
  );
  app.post(`${p}/meetings`, { schema: { tags, summary: 'Call a one-off meeting of a body; delegates are invited and queued topics put on its agenda', body: MeetingCreateBody, response: made } }, async (req, reply) => {
    const { bodyId, ...input } = req.body;
    return reply.status(201).send({ id: await scheduleMeeting({ ctx, actor: req.actor, bodyId, input: input as never }) });
  });
  app.get(`${p}/meetings/:id`, { schema: { tags, summary: 'A meeting as it happens: attendance, agenda, motions with the live count, resolutions, minutes', params: IdParams, response: ok } }, (req) =>
    service.meeting(req.actor, req.params.id),
  );
  app.patch(`${p}/meetings/:id`, { schema: { tags, summary: 'Edit time and place before it begins; minutes while in progress or by the secretary within 72 hours after', params: IdParams, body: MeetingUpdateBody, response: ok } }, async (req) => {
    const { version, ...input } = req.body;
    await editMeeting({ ctx, actor: req.actor, meetingId: req.params.id, input: input as never, version });
    return service.meeting(req.actor, req.params.id);
  });
  app.post(`${p}/meetings/:id/actions/:action`, { schema: { tags, summary: 'Move a meeting: schedule, start, close, cancel (409 names the allowed ones)', params: MeetingMoveParams, body: MeetingMoveBody, response: ok } }, async (req) => {
    await moveMeeting({ ctx, actor: req.actor, meetingId: req.params.id, move: req.params.action as MeetingMove, version: req.body.version });
    return service.meeting(req.actor, req.params.id);
  });
  app.post(`${p}/meetings/:id/agenda`, { schema: { tags, summary: 'Add an agenda item: a case, a topic, a need or project, or a plain item', params: IdParams, body: AgendaCreateBody, response: made } }, async (req, reply) =>
    reply.status(201).send({ id: await addAgendaItem({ ctx, actor: req.actor, meetingId: req.params.id, input: req.body as never }) }),
  );
  app.patch(`${p}/agenda-items/:id`, { schema: { tags, summary: "Record an agenda item's outcome (same rule as the minutes)", params: IdParams, body: AgendaOutcomeBody, response: { 204: Type.Null(), ...problemResponses } } }, async (req, reply) => {
    await editAgendaOutcome({ ctx, actor: req.actor, agendaItemId: req.params.id, outcome: req.body.outcome });
    return reply.status(204).send(null);
  });
  app.post(`${p}/meetings/:id/check-in`, { schema: { tags, summary: "A delegate checks in with the meeting's code (typed or from the QR)", params: IdParams, body: CheckInBody, response: ok } }, async (req) => {
    const memberId = await checkIn({ ctx, actor: req.actor, meetingId: req.params.id, code: req.body.code, via: req.body.via as 'code' | 'qr' | undefined });
    return { memberId, checkedIn: true };
  });
  app.post(`${p}/meetings/:id/attendance`, { schema: { tags, summary: 'The secretary marks a delegate present or absent', params: IdParams, body: AttendanceBody, response: ok } }, async (req) => {
    await markAttendance({ ctx, actor: req.actor, meetingId: req.params.id, memberId: req.body.memberId, isPresent: req.body.isPresent });
    return service.meeting(req.actor, req.params.id);
  });

  // --- motions and votes ---------------------------------------------------------------------------
  app.post(`${p}/meetings/:id/motions`, { schema: { tags, summary: 'Put a motion to the vote on agenda items of a meeting in progress', params: IdParams, body: MotionCreateBody, response: made } }, async (req, reply) =>
    reply.status(201).send({ id: await openMotion({ ctx, actor: req.actor, meetingId: req.params.id, input: req.body }) }),
  );
  app.post(`${p}/motions/:id/votes`, { schema: { tags, summary: 'Vote by name (once per seat or member; 409 after the motion or meeting closed)', params: IdParams, body: VoteBody, response: made } }, async (req, reply) =>
    reply.status(201).send({ id: await castVote({ ctx, actor: req.actor, motionId: req.params.id, input: req.body as never }) }),
  );
  app.post(`${p}/motions/:id/decide`, { schema: { tags, summary: 'Close the vote: the result is computed (quorum, majority, abstentions); passed makes a resolution', params: IdParams, response: ok } }, (req) =>
    decideMotion({ ctx, actor: req.actor, motionId: req.params.id }),
  );

  // --- resolutions and action items (D3) -------------------------------------------------------------
  app.get(`${p}/resolutions`, { schema: { tags, summary: 'Resolutions with their progress', querystring: ResolutionListQuery, response: { 200: Paged(AnyObject), ...problemResponses } } }, (req) =>
    service.resolutions(req.actor, req.query as never),
  );
  app.get(`${p}/resolutions/:id`, { schema: { tags, summary: 'A resolution: the vote, its action items and the cases it decided', params: IdParams, response: ok } }, (req) => service.resolution(req.actor, req.params.id));
  app.post(`${p}/resolutions/:id/action-items`, { schema: { tags, summary: 'Add an action item (owner and deadline required)', params: IdParams, body: ActionItemCreateBody, response: made } }, async (req, reply) =>
    reply.status(201).send({ id: await addActionItem({ ctx, actor: req.actor, resolutionId: req.params.id, input: req.body }) }),
  );
  app.post(`${p}/resolutions/:id/close-cases`, { schema: { tags, summary: 'Close the cases the resolution decided as solved through deliberation', params: IdParams, response: ok } }, async (req) => {
    const actor = signedIn(req.actor);
    const resolution = await service.resolution(actor, req.params.id);
    await managedBody(ctx, actor, resolution.bodyId);
    return { cases: await closeCasesByResolution({ ctx, actor, resolutionId: req.params.id }) };
  });
  app.get(`${p}/action-items`, { schema: { tags, summary: 'Action items by owner and deadline (the board)', querystring: ActionItemListQuery, response: ok } }, (req) => service.actionItems(req.actor, req.query as never));
  app.patch(`${p}/action-items/:id`, { schema: { tags, summary: 'Report progress (owner or manager); the last item done closes the decided cases', params: IdParams, body: ActionItemUpdateBody, response: ok } }, (req) =>
    updateActionItem({ ctx, actor: req.actor, actionItemId: req.params.id, input: req.body as never }),
  );

  // --- residents' topics (D4) -----------------------------------------------------------------------
  app.get(`${p}/topics`, { schema: { tags, summary: "Residents' topics of your compound", querystring: TopicListQuery, response: { 200: Paged(AnyObject), ...problemResponses } } }, (req) => service.topics(req.actor, req.query as never));
  app.post(`${p}/topics`, { schema: { tags, summary: 'Propose a topic for your compound (it goes to its four-party council)', body: TopicCreateBody, response: made } }, async (req, reply) =>
    reply.status(201).send({ id: await proposeTopic({ ctx, actor: req.actor, input: req.body }) }),
  );
  app.get(`${p}/topics/:id`, { schema: { tags, summary: 'A topic with its supports and the meeting it is on', params: IdParams, response: ok } }, (req) => service.topic(req.actor, req.params.id));
  app.post(`${p}/topics/:id/supports`, { schema: { tags, summary: 'Support a topic (once per resident)', params: IdParams, response: { 201: AnyObject, ...problemResponses } } }, async (req, reply) =>
    reply.status(201).send(await supportTopic({ ctx, actor: req.actor, topicId: req.params.id })),
  );
}
