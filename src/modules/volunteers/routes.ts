import QRCode from 'qrcode';
import { Type } from 'typebox';
import { requirePermission } from '../../core/accounts/policy.js';
import type { AppContext } from '../../core/context.js';
import { IdParams, Paged, problemResponses } from '../../core/schemas.js';
import type { App } from '../../server/manifest.js';
import { checkIn, checkOut } from './check-in.js';
import { completeFollowUp, recordCareVisit } from './record-care-visit.js';
import { activityForOrganizer, cancelActivity, createActivity, updateActivity } from './save-activity.js';
import { createTeam, joinTeam, leaveTeam, updateTeam } from './save-team.js';
import {
  ActivityBody, ActivityPatch, ActivityQuery, ActivitySummary, CareVisitBody, CareVisitQuery, CheckInBody, CheckOutBody, CorrectionBody, FiguresQuery, FollowUpBody, Loose, TeamBody, TeamMemberBody,
  TeamPatch, TeamQuery, TeamSummary, VerifyBody, VoidBody, VolunteerFigures, YearOptional,
} from './schemas.js';
import { volunteersService } from './service.js';
import { cancelSignUp, signUp } from './sign-up.js';
import { correctHours, verifyAttendance, voidOutput } from './verify-attendance.js';

const tags = ['volunteers'];
const Created = Type.Object({ id: Type.String() });
const Done = Type.Object({ ok: Type.Boolean() });
const VersionBody = Type.Object({ version: Type.Optional(Type.Integer()) });
const ReasonBody = Type.Object({ reason: Type.String({ minLength: 2, maxLength: 500 }) });

/** Volunteer service (B5) and care visits (B6). */
export async function volunteerRoutes(app: App, ctx: AppContext): Promise<void> {
  const svc = volunteersService(ctx);
  const ok = { ok: true };

  // ---- teams ---------------------------------------------------------------------------------------
  app.get('/api/volunteers/teams', { schema: { tags, summary: 'Themed service party branches and volunteer teams you can see', querystring: TeamQuery, response: { 200: Paged(TeamSummary), ...problemResponses } } }, (req) =>
    svc.listTeams(req.actor, req.query),
  );
  app.post('/api/volunteers/teams', { schema: { tags, summary: 'Found a themed branch or team in a community', body: TeamBody, response: { 201: Created, ...problemResponses } } }, async (req, reply) =>
    reply.status(201).send({ id: await createTeam({ ctx, actor: req.actor, input: req.body }) }),
  );
  app.get('/api/volunteers/teams/:id', { schema: { tags, summary: 'A team with its members and activities', params: IdParams, response: { 200: Loose(), ...problemResponses } } }, (req) => svc.getTeam(req.actor, req.params.id));
  app.patch('/api/volunteers/teams/:id', { schema: { tags, summary: 'Edit a team', params: IdParams, body: Type.Intersect([TeamPatch, VersionBody]), response: { 200: Done, ...problemResponses } } }, async (req) => {
    await updateTeam({ ctx, actor: req.actor, id: req.params.id, input: req.body });
    return ok;
  });
  app.post('/api/volunteers/teams/:id/members', { schema: { tags, summary: 'Staff add a person to the team', params: IdParams, body: TeamMemberBody, response: { 200: Done, ...problemResponses } } }, async (req) => {
    await joinTeam({ ctx, actor: req.actor, teamId: req.params.id, personId: req.body.personId, role: req.body.role });
    return ok;
  });
  app.post('/api/volunteers/teams/:id/join', { schema: { tags, summary: 'Join a team of your place', params: IdParams, response: { 200: Done, ...problemResponses } } }, async (req) => {
    await joinTeam({ ctx, actor: req.actor, teamId: req.params.id });
    return ok;
  });
  app.post('/api/volunteers/teams/:id/leave', { schema: { tags, summary: 'Leave a team (or staff take someone off it)', params: IdParams, body: Type.Object({ personId: Type.Optional(Type.String()) }), response: { 200: Done, ...problemResponses } } }, async (req) => {
    await leaveTeam({ ctx, actor: req.actor, teamId: req.params.id, personId: req.body.personId });
    return ok;
  });

  // ---- activities ----------------------------------------------------------------------------------
  app.get('/api/volunteers/activities', { schema: { tags, summary: 'Activities you can see (upcoming by default), with places left and your sign-up', querystring: ActivityQuery, response: { 200: Paged(ActivitySummary), ...problemResponses } } }, (req) =>
    svc.listActivities(req.actor, req.query),
  );
  app.post('/api/volunteers/activities', { schema: { tags, summary: 'Publish an activity (place, time, capacity)', body: ActivityBody, response: { 201: Created, ...problemResponses } } }, async (req, reply) =>
    reply.status(201).send({ id: await createActivity({ ctx, actor: req.actor, input: req.body }) }),
  );
  app.get('/api/volunteers/activities/:id', { schema: { tags, summary: 'An activity; organisers also get the check-in code and every sign-up', params: IdParams, response: { 200: Loose(), ...problemResponses } } }, (req) =>
    svc.getActivity(req.actor, req.params.id),
  );
  app.get('/api/volunteers/activities/:id/qr', { schema: { tags, summary: 'The check-in QR code (SVG) for the organiser to show', params: IdParams, produces: ['image/svg+xml'] } }, async (req, reply) => {
    requirePermission(req.actor, 'volunteer.read');
    await svc.visibleActivity(req.actor, req.params.id);
    const activity = await activityForOrganizer(ctx, req.actor, req.params.id, 'activity.verify');
    const url = `${req.protocol}://${req.host}/volunteers/activities/${activity.id}?code=${activity.checkin_code}`;
    const svg = await QRCode.toString(url, { type: 'svg', margin: 1, errorCorrectionLevel: 'M' });
    return reply.type('image/svg+xml').header('cache-control', 'private, no-store').send(svg);
  });
  app.patch('/api/volunteers/activities/:id', { schema: { tags, summary: 'Edit an activity (more places move the waiting list up)', params: IdParams, body: Type.Intersect([ActivityPatch, VersionBody]), response: { 200: Done, ...problemResponses } } }, async (req) => {
    await updateActivity({ ctx, actor: req.actor, id: req.params.id, input: req.body });
    return ok;
  });
  app.post('/api/volunteers/activities/:id/cancel', { schema: { tags, summary: 'Cancel an activity', params: IdParams, body: ReasonBody, response: { 200: Done, ...problemResponses } } }, async (req) => {
    await cancelActivity({ ctx, actor: req.actor, id: req.params.id, reason: req.body.reason });
    return ok;
  });
  app.post('/api/volunteers/activities/:id/signup', {
    schema: { tags, summary: 'Sign up; past capacity you join the waiting list', params: IdParams, response: { 200: Type.Object({ id: Type.String(), state: Type.String(), waitlistPosition: Type.Union([Type.Integer(), Type.Null()]) }), ...problemResponses } },
  }, (req) => signUp({ ctx, actor: req.actor, activityId: req.params.id }));
  app.post('/api/volunteers/activities/:id/signup/cancel', { schema: { tags, summary: 'Cancel your sign-up (the first waiting moves up)', params: IdParams, response: { 200: Done, ...problemResponses } } }, async (req) => {
    await cancelSignUp({ ctx, actor: req.actor, activityId: req.params.id });
    return ok;
  });
  app.post('/api/volunteers/activities/:id/check-in', { schema: { tags, summary: 'Check in with the code or QR, and your location (409: twice, outside the window, too far)', params: IdParams, body: CheckInBody, response: { 200: Type.Object({ checkedInAt: Type.String() }), ...problemResponses } } }, (req) =>
    checkIn({ ctx, actor: req.actor, activityId: req.params.id, ...req.body }),
  );
  app.post('/api/volunteers/activities/:id/check-out', { schema: { tags, summary: 'Check out (409: not checked in, twice, outside the window)', params: IdParams, body: CheckOutBody, response: { 200: Type.Object({ checkedOutAt: Type.String() }), ...problemResponses } } }, (req) =>
    checkOut({ ctx, actor: req.actor, activityId: req.params.id, ...req.body }),
  );
  app.post('/api/volunteers/activities/:id/verify', { schema: { tags, summary: 'The organiser verifies attendance (hours credited on the ledger) and measured outputs', params: IdParams, body: VerifyBody, response: { 200: Type.Object({ credited: Type.Integer(), outputs: Type.Integer() }), ...problemResponses } } }, (req) =>
    verifyAttendance({ ctx, actor: req.actor, activityId: req.params.id, input: req.body }),
  );
  app.post('/api/volunteers/signups/:id/correct', { schema: { tags, summary: 'Correct verified hours: a correction entry with the difference', params: IdParams, body: CorrectionBody, response: { 200: Type.Object({ id: Type.String(), hours: Type.Number(), points: Type.Number() }), ...problemResponses } } }, (req) =>
    correctHours({ ctx, actor: req.actor, signupId: req.params.id, hours: req.body.hours, reason: req.body.reason }),
  );
  app.post('/api/volunteers/outputs/:id/void', { schema: { tags, summary: 'Take back a recorded output', params: IdParams, body: VoidBody, response: { 200: Done, ...problemResponses } } }, async (req) => {
    await voidOutput({ ctx, actor: req.actor, outputId: req.params.id, reason: req.body.reason });
    return ok;
  });

  // ---- records, certificates, figures --------------------------------------------------------------
  app.get('/api/volunteers/me', { schema: { tags, summary: 'My hours and points (sums of the ledger), entries, sign-ups and teams', response: { 200: Loose(), ...problemResponses } } }, (req) => svc.me(req.actor));
  app.get('/api/volunteers/me/certificate', { schema: { tags, summary: 'My certificate of volunteer service (a year, or all years)', querystring: YearOptional, response: { 200: Loose(), ...problemResponses } } }, (req) =>
    svc.certificate(req.actor, 'me', req.query.year),
  );
  app.get('/api/volunteers/people/:id/record', { schema: { tags, summary: 'A person\'s hours, points and entries (staff of where they live)', params: IdParams, response: { 200: Loose(), ...problemResponses } } }, (req) =>
    svc.personRecord(req.actor, req.params.id),
  );
  app.get('/api/volunteers/people/:id/certificate', { schema: { tags, summary: 'A person\'s certificate of volunteer service', params: IdParams, querystring: YearOptional, response: { 200: Loose(), ...problemResponses } } }, (req) =>
    svc.certificate(req.actor, req.params.id, req.query.year),
  );
  app.get('/api/volunteers/figures', { schema: { tags, summary: 'Volunteer figures counted from verified records', querystring: FiguresQuery, response: { 200: VolunteerFigures, ...problemResponses } } }, (req) => svc.figures(req.actor, req.query));

  // ---- care visits ---------------------------------------------------------------------------------
  app.get('/api/volunteers/care-visits', { schema: { tags, summary: '关爱走访 in your scope', querystring: CareVisitQuery, response: { 200: Type.Object({ items: Type.Array(Loose()), total: Type.Integer() }), ...problemResponses } } }, (req) =>
    svc.listCareVisits(req.actor, req.query),
  );
  app.post('/api/volunteers/care-visits', { schema: { tags, summary: 'Record a care visit: who went, what was brought, follow-up needed', body: CareVisitBody, response: { 201: Created, ...problemResponses } } }, async (req, reply) =>
    reply.status(201).send({ id: await recordCareVisit({ ctx, actor: req.actor, input: req.body }) }),
  );
  app.get('/api/volunteers/care-visits/:id', { schema: { tags, summary: 'A care visit', params: IdParams, response: { 200: Loose(), ...problemResponses } } }, (req) => svc.getCareVisit(req.actor, req.params.id));
  app.post('/api/volunteers/care-visits/:id/follow-up-done', { schema: { tags, summary: 'Mark the follow-up done', params: IdParams, body: FollowUpBody, response: { 200: Done, ...problemResponses } } }, async (req) => {
    await completeFollowUp({ ctx, actor: req.actor, id: req.params.id, note: req.body.note });
    return ok;
  });
}
