import multipart from '@fastify/multipart';
import { Type } from 'typebox';
import type { App } from '../../server/manifest.js';
import { requirePermission } from '../../core/accounts/policy.js';
import type { AppContext } from '../../core/context.js';
import { AppError } from '../../core/errors.js';
import { IdParams, Paged, problemResponses } from '../../core/schemas.js';
import { commandRoutes } from './command-routes.js';
import { createCase, type CreateCaseOptions } from './create-case.js';
import { patrolRoutes } from './patrol-routes.js';
import { isStaff } from './policy.js';
import { receiveWechatPush, wechatToken } from './receive-wechat-push.js';
import { respondReferral } from './respond-referral.js';
import {
  ActionBody, ActionParams, CaseCreateBody, CaseDetail, CaseListQuery, CaseSummary, CategoryUpdateBody, DuplicatesQuery, IdempotencyHeaders,
  ReferralBody, TrackQuery, TrackRateBody, WechatBody, WechatQuery,
} from './schemas.js';
import { casesService } from './service.js';
import type { CaseChannel } from './tables.js';
import { transitionCase } from './transition-case.js';
import type { CaseAction } from './workflow.js';

const tags = ['cases'];
const AnyObject = Type.Unsafe<Record<string, unknown>>({ type: 'object', additionalProperties: true });


/** Cases: intake from every channel, the workflow, referrals, tracking, taxonomy and photos. */
export async function caseRoutes(app: App, ctx: AppContext): Promise<void> {
  const cases = casesService(ctx);
  await app.register(multipart, { limits: { fileSize: 10 * 1024 * 1024, files: 9, fields: 10 } });

  app.get('/api/cases/categories', { schema: { tags, summary: 'The two-level taxonomy with default tiers and time limits', security: [], response: { 200: AnyObject } } }, () => cases.categories());
  app.patch('/api/cases/categories/:id', { schema: { tags, summary: 'Edit a category (admin); open cases keep their limits', params: IdParams, body: CategoryUpdateBody, response: { 200: AnyObject, ...problemResponses } } }, (req) =>
    cases.updateCategory(req.actor, req.params.id, req.body as never),
  );
  app.get('/api/cases/departments', { schema: { tags, summary: 'Departments that can be summoned', response: { 200: AnyObject, ...problemResponses } } }, (req) => {
    requirePermission(req.actor, 'case.read');
    return cases.departments();
  });
  app.get('/api/cases/duplicates', { schema: { tags, summary: 'Possible duplicates: same category within its radius in the last 14 days', security: [], querystring: DuplicatesQuery, response: { 200: AnyObject, ...problemResponses } } }, (req) =>
    cases.duplicates(req.actor, req.query),
  );

  app.post('/api/cases/photos', { schema: { tags, summary: 'Upload photos (multipart field "photo"; images only, ≤ 10 MB each)', security: [], consumes: ['multipart/form-data'], response: { 201: AnyObject, ...problemResponses } } }, async (req, reply) => {
    if (!req.isMultipart()) throw new AppError('unsupportedMediaType', { errors: [{ field: 'photo', reason: 'notAnImage' }] });
    const buffers: Buffer[] = [];
    for await (const part of req.files()) buffers.push(await part.toBuffer());
    if (buffers.length === 0) throw new AppError('validation', { errors: [{ field: 'photo', reason: 'required' }] });
    return reply.status(201).send(await cases.uploadPhotos(req.actor, buffers));
  });
  app.get('/api/cases/photos/:id', { schema: { tags, summary: 'A photo or its thumbnail', params: IdParams, querystring: Type.Object({ thumb: Type.Optional(Type.Boolean()) }) } }, async (req, reply) => {
    const photo = await cases.photo(req.actor, req.params.id, Boolean(req.query.thumb));
    return reply.type(photo.mime).header('cache-control', 'private, max-age=86400').send(photo.stream);
  });

  app.post(
    '/api/cases',
    { schema: { tags, summary: 'Report a case (residents, stewards, grid workers, hotline operators)', headers: IdempotencyHeaders, body: CaseCreateBody, response: { 201: CaseDetail, 200: CaseDetail, ...problemResponses } } },
    async (req, reply) => {
      requirePermission(req.actor, 'case.create');
      const actor = req.actor;
      const staffChannel = req.body.channel as CaseChannel | undefined;
      const channel: CaseChannel = isStaff(actor) ? (staffChannel ?? (actor.role === 'steward' ? 'steward' : actor.role === 'operator' ? 'hotline' : 'staff')) : actor.role === 'departmentOfficer' ? 'department' : 'web';
      const { id, isReplay, created } = await createCase({ ctx, actor, channel, input: req.body as CreateCaseOptions['input'], idempotencyKey: req.headers['idempotency-key'] });
      // A new case is answered from what was written; a replay reads the case back.
      return reply.status(isReplay ? 200 : 201).send(created ? await cases.created(actor, created) : await cases.get(actor, id));
    },
  );

  app.post(
    '/api/public/cases',
    { schema: { tags, summary: 'Report a case without an account (phone needed to track it)', security: [], headers: IdempotencyHeaders, body: CaseCreateBody, response: { 201: AnyObject, 200: AnyObject, ...problemResponses } } },
    async (req, reply) => {
      const { channel: _ignored, ...input } = req.body;
      const { id, isReplay, created } = await createCase({ ctx, actor: undefined, channel: 'web', input: input as CreateCaseOptions['input'], idempotencyKey: req.headers['idempotency-key'] });
      const c = created ? created.row : await cases.receipt(id);
      return reply.status(isReplay ? 200 : 201).send({ number: c.number, state: c.state, trackWith: { number: c.number, last4: c.reporter_phone_last4 } });
    },
  );

  app.post(
    '/api/integrations/wechat',
    { schema: { tags: ['integrations'], summary: 'WeChat-style push: signature = sha1(sorted token, timestamp, nonce)', security: [], querystring: WechatQuery, body: WechatBody, response: { 200: AnyObject, ...problemResponses } } },
    (req) => receiveWechatPush({ ctx, signature: req.query, message: req.body }),
  );
  app.get('/api/integrations/wechat', { schema: { tags: ['integrations'], summary: 'The WeChat push token to configure (admin)', response: { 200: Type.Object({ token: Type.String(), url: Type.String() }), ...problemResponses } } }, (req) => {
    requirePermission(req.actor, 'webhook.manage');
    return { token: wechatToken(ctx), url: '/api/integrations/wechat' };
  });

  app.get('/api/cases', { schema: { tags, summary: 'Cases in your scope', querystring: CaseListQuery, response: { 200: Paged(CaseSummary), ...problemResponses } } }, (req) =>
    cases.list(req.actor, req.query as never),
  );
  app.get('/api/cases/inbox', { schema: { tags, summary: 'My tasks: open cases at my tier by deadline, and referrals to my departments', querystring: Type.Object({ limit: Type.Integer({ minimum: 1, maximum: 500, default: 100 }) }), response: { 200: AnyObject, ...problemResponses } } }, (req) =>
    cases.inbox(req.actor, req.query.limit),
  );
  app.get('/api/cases/mine', { schema: { tags, summary: 'Cases I reported', querystring: Type.Object({ limit: Type.Integer({ minimum: 1, maximum: 200, default: 50 }), offset: Type.Integer({ minimum: 0, default: 0 }) }), response: { 200: Paged(CaseSummary), ...problemResponses } } }, (req) =>
    cases.mine(req.actor, req.query),
  );
  app.get('/api/cases/:id', { schema: { tags, summary: 'A case with its timeline, referrals, photos and the actions you may take', params: IdParams, response: { 200: CaseDetail, ...problemResponses } } }, (req) =>
    cases.get(req.actor, req.params.id),
  );
  app.post('/api/cases/:id/actions/:action', { schema: { tags, summary: 'Take one workflow action (409 names the allowed ones)', params: ActionParams, body: ActionBody, response: { 200: CaseDetail, ...problemResponses } } }, async (req) => {
    if (!req.actor) throw new AppError('unauthenticated');
    const updated = await transitionCase({ ctx, actor: req.actor, caseId: req.params.id, action: req.params.action as CaseAction, version: req.body.version, note: req.body.note, data: req.body.data as never });
    return cases.detail(req.actor, updated);
  });
  app.post('/api/cases/referrals/:id/acknowledge', { schema: { tags, summary: 'A summoned department acknowledges (签收)', params: IdParams, body: ReferralBody, response: { 200: AnyObject, ...problemResponses } } }, (req) =>
    respondReferral({ ctx, actor: req.actor, referralId: req.params.id, step: 'acknowledge', note: req.body.note }),
  );
  app.post('/api/cases/referrals/:id/respond', { schema: { tags, summary: 'A summoned department answers (note required)', params: IdParams, body: ReferralBody, response: { 200: AnyObject, ...problemResponses } } }, (req) =>
    respondReferral({ ctx, actor: req.actor, referralId: req.params.id, step: 'respond', note: req.body.note }),
  );

  app.get('/api/public/track', { schema: { tags, summary: 'Track a case by its number and the last four digits of the phone', security: [], querystring: TrackQuery, response: { 200: AnyObject, ...problemResponses } } }, (req) =>
    cases.track(req.query.number, req.query.last4),
  );
  app.post('/api/public/track/rate', { schema: { tags, summary: 'Confirm or dispute the result and rate it (reporter)', security: [], body: TrackRateBody, response: { 200: AnyObject, ...problemResponses } } }, async (req) => {
    const caseId = await cases.trackedCaseId(req.body.number, req.body.last4);
    await transitionCase({ ctx, actor: 'trackedReporter', caseId, action: 'rate', note: req.body.note, data: { feedback: req.body.feedback as 'confirmed' | 'disputed', rating: req.body.rating } });
    return cases.track(req.body.number, req.body.last4);
  });

  await commandRoutes(app, ctx);
  await patrolRoutes(app, ctx);
}
