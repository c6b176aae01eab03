import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import Fastify from 'fastify';
import cookie from '@fastify/cookie';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import fastifyStatic from '@fastify/static';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { sql } from 'kysely';
import { accountsService } from '../core/accounts/service.js';
import { registerPolicy } from '../core/accounts/policy.js';
import type { AppContext } from '../core/context.js';
import { addStrings } from '../core/i18n.js';
import { newId } from '../core/ids.js';
import { registerAuth } from './auth.js';
import { registerErrorHandling, sendProblem } from './errors.js';
import type { App } from './manifest.js';
import { manifests } from './modules.js';

export interface BuildAppOptions {
  /** Pino logger options; false silences logs (tests). */
  logger?: boolean | { level: string };
  /** Directory of the built web app; defaults to dist/web beside the package. */
  webDir?: string;
}

const packageRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', ...(import.meta.url.includes('/dist/') ? ['..'] : []));

/** Builds the Fastify app around an already-migrated context. Listening is the caller's job. */
export async function buildApp(ctx: AppContext, options: BuildAppOptions = {}): Promise<App> {
  const app = Fastify({
    logger: options.logger ?? false,
    genReqId: () => newId(),
    requestIdHeader: 'x-request-id',
    bodyLimit: 12 * 1024 * 1024,
    trustProxy: true,
    ajv: { customOptions: { allErrors: true, coerceTypes: 'array', removeAdditional: true, useDefaults: true } },
  }).withTypeProvider<TypeBoxTypeProvider>();

  registerErrorHandling(app);
  // Division lists arrive as CSV; GeoJSON under its own media type parses like JSON.
  app.addContentTypeParser(['text/csv', 'text/plain'], { parseAs: 'string' }, (_req, body, done) => done(null, body));
  app.addContentTypeParser('application/geo+json', { parseAs: 'string' }, (_req, body, done) => {
    try {
      done(null, JSON.parse(body as string));
    } catch (error) {
      (error as { statusCode?: number }).statusCode = 400;
      done(error as Error, undefined);
    }
  });
  await app.register(cookie);
  await app.register(swagger, {
    openapi: {
      openapi: '3.0.3',
      info: { title: 'gridgov API', version: '0.1.0', description: 'Urban grassroots governance by grids (网格化社会治理).' },
      components: {
        securitySchemes: {
          bearer: { type: 'http', scheme: 'bearer', description: 'A session token from POST /api/auth/login, or an API key (ggk_…).' },
          cookie: { type: 'apiKey', in: 'cookie', name: 'gridgov_session' },
        },
      },
      security: [{ bearer: [] }, { cookie: [] }],
    },
  });
  await app.register(swaggerUi, { routePrefix: '/api/docs' });
  app.get('/api/openapi.json', { schema: { hide: true } }, async () => app.swagger());

  const accounts = accountsService(ctx);
  app.decorate('accounts', accounts);
  registerAuth(app, accounts);

  app.get(
    '/healthz',
    { schema: { tags: ['system'], summary: 'Liveness and database check', response: { 200: Type.Object({ status: Type.Literal('ok') }) } } },
    async (request, reply) => {
      try {
        await sql`select 1`.execute(ctx.db.kysely);
      } catch {
        return sendProblem(request, reply, 'unavailable');
      }
      return { status: 'ok' as const };
    },
  );

  for (const manifest of manifests) {
    if (manifest.policy) registerPolicy(manifest.policy);
    if (manifest.strings) addStrings(manifest.strings);
    await manifest.routes(app, ctx);
  }

  const webDir = options.webDir ?? path.join(packageRoot, 'dist', 'web');
  const hasWeb = fs.existsSync(path.join(webDir, 'index.html'));
  if (hasWeb) {
    await app.register(fastifyStatic, { root: webDir, prefix: '/', wildcard: false, index: ['index.html'], maxAge: '1h' });
  }
  app.setNotFoundHandler((request, reply) => {
    const isApi = request.url.startsWith('/api/') || request.url === '/api';
    // Client-side routes get the app; a missing file (an asset of an older build) stays a 404.
    const isFile = /\.[a-z0-9]+$/i.test(request.url.split('?')[0]);
    if (!isApi && !isFile && hasWeb && request.method === 'GET') return reply.header('cache-control', 'no-cache').sendFile('index.html');
    return sendProblem(request, reply, 'notFound');
  });

  return app as unknown as App;
}

declare module 'fastify' {
  interface FastifyInstance {
    accounts: ReturnType<typeof accountsService>;
  }
}
