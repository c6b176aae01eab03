import { Type } from 'typebox';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { App } from '../../server/manifest.js';
import type { AppContext } from '../../core/context.js';
import type { Actor } from '../../core/scope.js';
import { Open311Error, render, type Open311Format } from './format.js';
import { open311Service } from './service.js';

const tags = ['open311'];
const Format = Type.Unsafe<Open311Format>({ type: 'string', enum: ['json', 'xml'] });
const FormatParams = Type.Object({ format: Format });
const Loose = Type.Record(Type.String(), Type.String());
const BASE = '/open311/v2';

/** Open311 GeoReport v2 with mySociety's update extension, so existing clients and validators work against gridgov. */
export async function open311Routes(app: App, ctx: AppContext): Promise<void> {
  const open311 = open311Service(ctx);

  await app.register(async (plain) => {
    const scope = plain.withTypeProvider<TypeBoxTypeProvider>();
    // Clients POST form-encoded bodies; `attribute[code]` keys stay flat strings.
    scope.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string' }, (_req, body, done) => done(null, Object.fromEntries(new URLSearchParams(body as string))));
    scope.setErrorHandler((error: Error & { validation?: unknown; statusCode?: number }, request, reply) => {
      const format: Open311Format = request.url.includes('.xml') ? 'xml' : 'json';
      const problem = error instanceof Open311Error ? error : new Open311Error(error.statusCode === 404 ? 404 : 400, [{ code: 400, description: error.message }]);
      const out = render(format, 'errors', problem.errors);
      return reply.status(problem.status).type(out.type).send(out.payload);
    });

    const send = (reply: FastifyReply, format: Open311Format, root: string, body: unknown) => {
      const out = render(format, root, body);
      return reply.type(out.type).send(out.payload);
    };
    /** The api_key of an integration (a gridgov API key), or the caller's bearer token. */
    const actorOf = async (req: FastifyRequest, fields: Record<string, string | undefined>): Promise<Actor | undefined> => {
      const key = fields.api_key;
      if (key) return (await app.accounts.authenticateApiKey(key)) ?? undefined;
      return req.actor;
    };
    const localeOf = (req: FastifyRequest) => req.locale;

    scope.get(`${BASE}/discovery.:format`, { schema: { tags, summary: 'Open311 discovery', security: [], params: FormatParams } }, async (req, reply) =>
      send(reply, req.params.format, 'discovery', {
        changeset: '2026-11-27T00:00:00Z',
        contact: 'gridgov',
        key_service: 'API keys are issued by gridgov administrators (POST /api/api-keys)',
        endpoints: [{ specification: 'http://wiki.open311.org/GeoReport_v2', url: `${req.protocol}://${req.host}${BASE}`, changeset: '2026-11-27T00:00:00Z', type: 'production', formats: ['application/json', 'text/xml'] }],
      }),
    );
    scope.get(`${BASE}/services.:format`, { schema: { tags, summary: 'Service list (the case categories)', security: [], params: FormatParams } }, async (req, reply) =>
      send(reply, req.params.format, 'services', await open311.services()),
    );
    scope.get(`${BASE}/services/:code.:format`, { schema: { tags, summary: 'Service definition', security: [], params: Type.Object({ code: Type.String(), format: Format }) } }, async (req, reply) =>
      send(reply, req.params.format, 'service_definition', await open311.service(req.params.code)),
    );
    scope.post(`${BASE}/requests.:format`, { schema: { tags, summary: 'Create a service request (api_key required)', security: [], params: FormatParams, consumes: ['application/x-www-form-urlencoded'], body: Loose } }, async (req, reply) => {
      const form = req.body as Record<string, string>;
      const actor = await actorOf(req, form);
      return send(reply, req.params.format, 'service_requests', await open311.createRequest(actor, form));
    });
    scope.get(`${BASE}/requests.:format`, { schema: { tags, summary: 'Service requests in the api_key holder’s scope', security: [], params: FormatParams, querystring: Loose } }, async (req, reply) => {
      const query = req.query as Record<string, string>;
      return send(reply, req.params.format, 'service_requests', await open311.listRequests(await actorOf(req, query), query, localeOf(req)));
    });
    scope.get(`${BASE}/requests/:id.:format`, { schema: { tags, summary: 'One service request', security: [], params: Type.Object({ id: Type.String(), format: Format }), querystring: Loose } }, async (req, reply) => {
      const query = req.query as Record<string, string>;
      return send(reply, req.params.format, 'service_requests', await open311.request(await actorOf(req, query), req.params.id, localeOf(req)));
    });
    scope.get(`${BASE}/tokens/:token.:format`, { schema: { tags, summary: 'Request id from a token (gridgov answers ids at once; a token is the case number)', security: [], params: Type.Object({ token: Type.String(), format: Format }), querystring: Loose } }, async (req, reply) => {
      const query = req.query as Record<string, string>;
      const [found] = await open311.request(await actorOf(req, query), req.params.token, localeOf(req));
      return send(reply, req.params.format, 'service_requests', [{ service_request_id: found.service_request_id, token: req.params.token }]);
    });
    scope.get(`${BASE}/servicerequestupdates.:format`, { schema: { tags, summary: 'Updates (mySociety extension)', security: [], params: FormatParams, querystring: Loose } }, async (req, reply) => {
      const query = req.query as Record<string, string>;
      return send(reply, req.params.format, 'service_request_updates', await open311.updates(await actorOf(req, query), query, localeOf(req)));
    });
  });
}
