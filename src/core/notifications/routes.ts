import { Type } from 'typebox';
import type { App } from '../../server/manifest.js';
import type { AppContext } from '../context.js';
import { IdParams, Paged, problemResponses } from '../schemas.js';
import { Delivery, DeliveryQuery, NotificationPage, NotificationQuery, ReadAllResult, Webhook, WebhookCreateBody, WebhookCreated } from './schemas.js';
import { notificationsService } from './service.js';

/** The in-app inbox of the signed-in user, and webhook subscriptions (admin). */
export function notificationRoutes(app: App, ctx: AppContext): void {
  const service = notificationsService(ctx);
  const tags = ['notifications'];

  app.get('/api/notifications', { schema: { tags, summary: 'My notifications, newest first, with the unread count', querystring: NotificationQuery, response: { 200: NotificationPage, ...problemResponses } } }, (req) =>
    service.inbox(req.actor, req.locale, req.query),
  );
  app.post('/api/notifications/:id/read', { schema: { tags, summary: 'Mark one of my notifications read', params: IdParams, response: { 204: Type.Null(), ...problemResponses } } }, async (req, reply) => {
    await service.markRead(req.actor, req.params.id);
    return reply.status(204).send(null);
  });
  app.post('/api/notifications/read-all', { schema: { tags, summary: 'Mark all my notifications read', response: { 200: ReadAllResult, ...problemResponses } } }, (req) => service.markAllRead(req.actor));

  const hookTags = ['webhooks'];
  app.get('/api/webhooks', { schema: { tags: hookTags, summary: 'Webhook subscriptions (admin)', response: { 200: Type.Object({ items: Type.Array(Webhook) }), ...problemResponses } } }, (req) => service.webhooks(req.actor));
  app.post('/api/webhooks', { schema: { tags: hookTags, summary: 'Subscribe a URL to event topics (admin); the signing secret is shown once', body: WebhookCreateBody, response: { 201: WebhookCreated, ...problemResponses } } }, async (req, reply) =>
    reply.status(201).send(await service.createWebhook(req.actor, req.body)),
  );
  app.delete('/api/webhooks/:id', { schema: { tags: hookTags, summary: 'Stop a webhook; pending deliveries are dropped (admin)', params: IdParams, response: { 204: Type.Null(), ...problemResponses } } }, async (req, reply) => {
    await service.deleteWebhook(req.actor, req.params.id);
    return reply.status(204).send(null);
  });
  app.get('/api/webhooks/:id/deliveries', { schema: { tags: hookTags, summary: 'Delivery attempts of a webhook, newest first (admin)', params: IdParams, querystring: DeliveryQuery, response: { 200: Paged(Delivery), ...problemResponses } } }, (req) =>
    service.deliveries(req.actor, req.params.id, req.query),
  );
}
