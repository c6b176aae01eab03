import type { ServerResponse } from 'node:http';
import { Type } from 'typebox';
import type { App } from '../../server/manifest.js';
import { requirePermission } from '../../core/accounts/policy.js';
import type { AppContext } from '../../core/context.js';
import type { OutboxEvent } from '../../core/notifications/audience.js';
import { openEventStream } from '../../core/notifications/event-stream.js';
import { isEventId, liveOutbox, outboxSince } from '../../core/notifications/live.js';
import { problemResponses } from '../../core/schemas.js';
import { registerCaseAudience } from './case-audience.js';
import { canSeeCaseEvent, commandService, liveCaseEvent } from './command.js';

/** A comment line keeps proxies from closing an idle stream. */
export const HEARTBEAT_MS = 15_000;
const REPLAY_LIMIT = 500;
const tags = ['command'];
const AnyObject = Type.Unsafe<Record<string, unknown>>({ type: 'object', additionalProperties: true });
const grid = Type.Optional(Type.String({ description: 'Only cases located under this grid (in your scope)' }));
const GridQuery = Type.Object({ grid });

/** The command centre (C9): overview, overdue board, hotspots, map and the live feed. */
export async function commandRoutes(app: App, ctx: AppContext): Promise<void> {
  // Who hears about case events; registered with the routes because core cannot import a module.
  registerCaseAudience();
  const command = commandService(ctx);
  const streams = new Set<ServerResponse>();
  app.addHook('preClose', async () => {
    for (const res of streams) res.end();
  });

  app.get('/api/command/overview', { schema: { tags, summary: 'Open cases by state, tier and age; overdue; today’s new and closed', querystring: GridQuery, response: { 200: AnyObject, ...problemResponses } } }, (req) =>
    command.overview(req.actor, req.query),
  );
  app.get(
    '/api/command/overdue',
    {
      schema: {
        tags, summary: 'Overdue board: open cases past their deadline, most overdue first',
        querystring: Type.Object({ grid, limit: Type.Integer({ minimum: 1, maximum: 500, default: 100 }), offset: Type.Integer({ minimum: 0, default: 0 }) }),
        response: { 200: AnyObject, ...problemResponses },
      },
    },
    (req) => command.overdue(req.actor, req.query),
  );
  app.get(
    '/api/command/hotspots',
    { schema: { tags, summary: 'Cases of the last days by community, compound, category and hour (Asia/Shanghai)', querystring: Type.Object({ grid, days: Type.Integer({ minimum: 1, maximum: 366, default: 30 }) }), response: { 200: AnyObject, ...problemResponses } } },
    (req) => command.hotspots(req.actor, req.query),
  );
  app.get(
    '/api/command/map',
    { schema: { tags, summary: 'Open cases with a location, for the live map', querystring: Type.Object({ grid, limit: Type.Integer({ minimum: 1, maximum: 10_000, default: 2000 }) }), response: { 200: AnyObject, ...problemResponses } } },
    (req) => command.map(req.actor, req.query),
  );

  app.get(
    '/api/command/stream',
    {
      schema: {
        tags,
        summary: 'Live case events in your scope (Server-Sent Events); send Last-Event-ID to resume',
        description: 'Each event: `id` (outbox id, sortable) and `data` JSON {topic, caseId, number, action, from, to, fromTier, toTier, at}. A `: heartbeat` comment every 15 s.',
        produces: ['text/event-stream'],
        headers: Type.Object({ 'last-event-id': Type.Optional(Type.String({ maxLength: 64 })) }),
        response: { 200: Type.String({ description: 'text/event-stream' }), ...problemResponses },
      },
    },
    async (req, reply) => {
      requirePermission(req.actor, 'case.command');
      const actor = req.actor;
      const tail = liveOutbox(ctx.db, { onError: (error) => app.log.error({ err: error }, 'outbox tail failed') });
      const sent = new Set<string>();
      const backlog: OutboxEvent[] = [];
      let isReplaying = true;
      let res: ServerResponse | undefined;
      const send = (event: OutboxEvent) => {
        if (!res || !event.topic.startsWith('case.') || sent.has(event.id) || !canSeeCaseEvent(actor, event)) return;
        sent.add(event.id);
        // Only duplicates from the replay/live overlap need catching; keep the set small.
        if (sent.size > 2000) sent.delete(sent.values().next().value!);
        res.write(`id: ${event.id}\ndata: ${JSON.stringify(liveCaseEvent(event))}\n\n`);
      };
      const unsubscribe = tail.subscribe((event) => (isReplaying ? backlog.push(event) : send(event)));
      try {
        await tail.ready();
      } catch (error) {
        unsubscribe();
        throw error;
      }

      res = openEventStream(reply, streams, unsubscribe, HEARTBEAT_MS);

      const lastEventId = req.headers['last-event-id'];
      try {
        if (isEventId(lastEventId)) for (const event of await outboxSince(ctx.db, lastEventId, 'case.', REPLAY_LIMIT)) send(event);
      } catch (error) {
        app.log.error({ err: error }, 'live feed replay failed');
      }
      isReplaying = false;
      for (const event of backlog.splice(0)) send(event);
    },
  );
}
