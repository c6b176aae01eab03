import type { ServerResponse } from 'node:http';
import { Type } from 'typebox';
import type { App } from '../../server/manifest.js';
import { requirePermission } from '../../core/accounts/policy.js';
import type { AppContext } from '../../core/context.js';
import { liveOutbox } from '../../core/notifications/live.js';
import { problemResponses } from '../../core/schemas.js';
import { Dashboard, DashboardQuery, StreamQuery } from './schemas.js';
import { analyticsService } from './service.js';
import { changeFeed } from './stream.js';
import { openEventStream } from '../../core/notifications/event-stream.js';

const tags = ['analytics'];
const HEARTBEAT_MS = 15_000;

/** The dashboard (A1) and its live updates. */
export function analyticsRoutes(app: App, ctx: AppContext): void {
  const analytics = analyticsService(ctx);
  const streams = new Set<ServerResponse>();
  app.addHook('preClose', async () => {
    for (const res of streams) res.end();
  });

  app.get('/api/analytics/dashboard', {
    schema: { tags, summary: 'Case KPIs with the six rates, breakdowns, trend, 五早 stage times and drill-down of a subtree over a period; volunteer, wish and co-building figures', querystring: DashboardQuery, response: { 200: Dashboard, ...problemResponses } },
  }, (req) => analytics.dashboard(req.actor, req.query));

  app.get('/api/analytics/stream', {
    schema: {
      tags,
      summary: 'Server-Sent Events: a `changed` event (at most one a second) when a case in the subtree changes; refetch the dashboard then',
      produces: ['text/event-stream'],
      querystring: StreamQuery,
      response: { 200: Type.String({ description: 'text/event-stream' }), ...problemResponses },
    },
  }, async (req, reply) => {
    requirePermission(req.actor, 'analytics.read');
    const grid = await analytics.gridOf(req.actor, req.query.grid);
    const tail = liveOutbox(ctx.db, { onError: (error) => app.log.error({ err: error }, 'outbox tail failed') });
    let res: ServerResponse | undefined;
    const feed = changeFeed(grid.path, () => res?.write(`event: changed\ndata: ${JSON.stringify({ grid: grid.id })}\n\n`));
    const unsubscribe = tail.subscribe(feed.onEvent);
    try {
      await tail.ready();
    } catch (error) {
      unsubscribe();
      feed.stop();
      throw error;
    }
    res = openEventStream(reply, streams, () => {
      unsubscribe();
      feed.stop();
    }, HEARTBEAT_MS);
  });
}
