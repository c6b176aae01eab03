import { Type } from 'typebox';
import type { App } from '../../server/manifest.js';
import type { AppContext } from '../../core/context.js';
import { IdParams, Paged, problemResponses } from '../../core/schemas.js';
import { bookService } from './book-service.js';
import {
  Alliance, AnswerBody, Booking, BookingBody, BookingListQuery, Catalogue, Consultation, ConsultationBody, ConsultationListQuery, Mediation, MediationBody, ServicePoint, ServiceStats, TurnIntoCaseBody,
} from './schemas.js';
import { servicesService } from './service.js';
import { turnConsultationIntoCase } from './turn-consultation-into-case.js';
import { receiveWechatConsultation } from './receive-wechat-consultation.js';
import { structureRoutes } from './structure-routes.js';
import { checkWechatSignature } from '../cases/receive-wechat-push.js';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';

const tags = ['services'];
const WechatSignature = Type.Object({ signature: Type.String({ maxLength: 64 }), timestamp: Type.String({ maxLength: 20 }), nonce: Type.String({ maxLength: 64 }), openid: Type.Optional(Type.String({ maxLength: 64 })) });
const WechatCheck = Type.Object({ ...WechatSignature.properties, echostr: Type.String({ maxLength: 128 }) });
const Limit = Type.Object({ limit: Type.Integer({ minimum: 1, maximum: 500, default: 50 }), offset: Type.Integer({ minimum: 0, default: 0 }) });

/** The service alliance (S1–S2): structure, catalogue, bookings, consultations and mediations. */
export async function serviceRoutes(app: App, ctx: AppContext): Promise<void> {
  const services = servicesService(ctx);

  app.get('/api/services/alliance', { schema: { tags, summary: 'The alliance: its website, departments and service teams', response: { 200: Alliance, ...problemResponses } } }, (req) => services.alliance(req.actor));
  app.get('/api/services/points', { schema: { tags, summary: 'Service points (便民小屋) serving your area, with hours and staff', response: { 200: Type.Object({ items: Type.Array(ServicePoint) }), ...problemResponses } } }, (req) => services.points(req.actor));
  app.get('/api/services/catalogue', { schema: { tags, summary: 'Service categories and items', response: { 200: Catalogue, ...problemResponses } } }, (req) => services.catalogue(req.actor));
  await structureRoutes(app, ctx);
  app.get('/api/services/stats', { schema: { tags, summary: 'The alliance in figures (consultations and disputes in your scope)', response: { 200: ServiceStats, ...problemResponses } } }, (req) => services.stats(req.actor));

  app.post('/api/services/bookings', { schema: { tags, summary: 'Book a service item at a point for a slot (409 with the next free slots when closed or full)', body: BookingBody, response: { 201: Booking, ...problemResponses } } }, async (req, reply) => {
    const id = await bookService({ ctx, actor: req.actor, input: req.body });
    return reply.status(201).send(await services.booking(req.actor, id));
  });
  app.get('/api/services/bookings', { schema: { tags, summary: 'My bookings, or the bookings at points in your scope (latest slot first; by state and point)', querystring: BookingListQuery, response: { 200: Paged(Booking), ...problemResponses } } }, (req) =>
    services.bookings(req.actor, req.query),
  );
  app.post('/api/services/bookings/:id/cancel', { schema: { tags, summary: 'Cancel a booking (the booker, or staff in scope); its seat is free again', params: IdParams, response: { 200: Booking, ...problemResponses } } }, (req) => services.cancelBooking(req.actor, req.params.id));
  app.get('/api/services/bookings/:id', { schema: { tags, summary: 'One booking', params: IdParams, response: { 200: Booking, ...problemResponses } } }, (req) => services.booking(req.actor, req.params.id));

  app.post('/api/services/consultations', { schema: { tags, summary: 'Ask (residents, via the web) or log (staff: hall, hotline, WeChat) a consultation', body: ConsultationBody, response: { 201: Consultation, ...problemResponses } } }, async (req, reply) =>
    reply.status(201).send(await services.createConsultation(req.actor, req.body)),
  );
  app.get('/api/services/consultations', { schema: { tags, summary: 'Consultations in your scope (residents: their own)', querystring: ConsultationListQuery, response: { 200: Paged(Consultation), ...problemResponses } } }, (req) =>
    services.consultations(req.actor, req.query as never),
  );
  app.get('/api/services/consultations/:id', { schema: { tags, summary: 'One consultation', params: IdParams, response: { 200: Consultation, ...problemResponses } } }, (req) => services.consultation(req.actor, req.params.id));
  app.post('/api/services/consultations/:id/answer', { schema: { tags, summary: 'Answer a consultation', params: IdParams, body: AnswerBody, response: { 200: Consultation, ...problemResponses } } }, (req) =>
    services.answer(req.actor, req.params.id, req.body.answer),
  );
  app.post('/api/services/consultations/:id/case', { schema: { tags, summary: 'Turn the consultation into a case in one step', params: IdParams, body: TurnIntoCaseBody, response: { 201: Type.Object({ caseId: Type.String(), consultation: Consultation }), ...problemResponses } } }, async (req, reply) => {
    const caseId = await turnConsultationIntoCase({ ctx, actor: req.actor, consultationId: req.params.id, categoryId: req.body.categoryId, address: req.body.address });
    return reply.status(201).send({ caseId, consultation: await services.consultation(req.actor, req.params.id) });
  });

  app.get('/api/services/mediations', { schema: { tags, summary: 'Mediated disputes in your scope', querystring: Limit, response: { 200: Paged(Mediation), ...problemResponses } } }, (req) => services.mediations(req.actor, req.query.limit, req.query.offset));
  app.post('/api/services/mediations', { schema: { tags, summary: 'Record a mediated dispute and its outcome', body: MediationBody, response: { 201: Mediation, ...problemResponses } } }, async (req, reply) =>
    reply.status(201).send(await services.recordMediation(req.actor, req.body)),
  );

  // The public account's server URL (公众号 服务器配置, plaintext mode): WeChat's own protocol, not the JSON relay of /api/integrations/wechat.
  await app.register(async (plain) => {
    const wx = plain.withTypeProvider<TypeBoxTypeProvider>();
    wx.addContentTypeParser(['text/xml', 'application/xml'], { parseAs: 'string' }, (_req, body, done) => done(null, body));
    wx.get('/api/integrations/wechat/consultations', { schema: { tags: ['integrations'], summary: 'WeChat server-URL check: echoes echostr when the signature is right', security: [], querystring: WechatCheck, produces: ['text/plain'], response: { 200: Type.String(), ...problemResponses } } }, async (req, reply) => {
      checkWechatSignature(ctx, req.query);
      return reply.type('text/plain').send(req.query.echostr);
    });
    wx.post('/api/integrations/wechat/consultations', { schema: { tags: ['integrations'], summary: 'WeChat message XML → a consultation (channel wechat, idempotent on MsgId); answers with the passive XML reply carrying the receipt number', security: [], querystring: WechatSignature, consumes: ['text/xml'], body: Type.String({ maxLength: 20_000 }), produces: ['text/xml'], response: { 200: Type.String(), ...problemResponses } } }, async (req, reply) => {
      const out = await receiveWechatConsultation({ ctx, signature: req.query, xml: req.body });
      return reply.type(out === 'success' ? 'text/plain' : 'text/xml; charset=utf-8').send(out);
    });
  });
}
