import { Type } from 'typebox';
import type { FastifyReply } from 'fastify';
import type { App } from '../../server/manifest.js';
import { SESSION_COOKIE, sessionTokenOf } from '../../server/auth.js';
import type { AppContext } from '../context.js';
import { AppError } from '../errors.js';
import { IdParams, Paged, problemResponses } from '../schemas.js';
import type { Actor } from '../scope.js';
import { otpRoutes } from './otp-routes.js';
import { can, policyTable } from './policy.js';
import { ApiKey, ApiKeyCreateBody, ClientConfig, LoginBody, LoginResult, Me, UserCreateBody, UserQuery, UserSummary } from './schemas.js';
import { SESSION_TTL_MS } from './service.js';

const tags = ['accounts'];

/** Sign-in, the current user, users and API keys. */
export function accountRoutes(app: App, ctx: AppContext): void {
  const accounts = app.accounts;

  async function me(actor: Actor | undefined, csrfToken: string | null) {
    if (!actor) throw new AppError('unauthenticated');
    const scopes = await accounts.scopesOf(actor.userId);
    return {
      id: actor.userId,
      username: actor.username,
      displayName: actor.displayName,
      role: actor.role,
      locale: actor.locale,
      csrfToken,
      scopes: scopes.map((s) => ({ id: s.id, code: s.code, name: s.name, level: s.level, path: s.path })),
      permissions: Object.keys(policyTable()).filter((action) => can(actor, action)),
    };
  }

  function setSessionCookie(reply: FastifyReply, token: string) {
    reply.setCookie(SESSION_COOKIE, token, { httpOnly: true, sameSite: 'lax', path: '/', maxAge: SESSION_TTL_MS / 1000, secure: 'auto' });
  }

  app.get('/api/config', { schema: { tags: ['system'], summary: 'Public client configuration', security: [], response: { 200: ClientConfig } } }, async () => ({
    mapTileUrl: ctx.config.mapTileUrl ?? null,
    version: '0.1.0',
  }));

  app.post(
    '/api/auth/login',
    { config: { skipCsrf: true }, schema: { tags, summary: 'Sign in: sets a session cookie and returns a bearer token', security: [], body: LoginBody, response: { 200: LoginResult, ...problemResponses } } },
    async (req, reply) => {
      const result = await accounts.login(req.body);
      setSessionCookie(reply, result.token);
      return { token: result.token, csrfToken: result.csrfToken, expiresAt: result.expiresAt, user: await me(result.actor, result.csrfToken) };
    },
  );

  app.post('/api/auth/logout', { schema: { tags, summary: 'Sign out', response: { 204: Type.Null(), ...problemResponses } } }, async (req, reply) => {
    const token = sessionTokenOf(req);
    if (token && !token.startsWith('ggk_')) await accounts.logout(token);
    reply.clearCookie(SESSION_COOKIE, { path: '/' });
    return reply.status(204).send(null);
  });

  app.get('/api/me', { schema: { tags, summary: 'The signed-in user, scope and permissions', response: { 200: Me, ...problemResponses } } }, async (req) => {
    const token = req.authKind === 'cookie' ? sessionTokenOf(req) : undefined;
    const session = token ? await accounts.authenticateSession(token) : undefined;
    return me(req.actor, session?.csrfToken ?? null);
  });

  app.get('/api/users', { schema: { tags, summary: 'List users (admin)', querystring: UserQuery, response: { 200: Paged(UserSummary), ...problemResponses } } }, (req) =>
    accounts.listUsers(req.actor, req.query),
  );
  app.post('/api/users', { schema: { tags, summary: 'Create a user with a grid scope (admin)', body: UserCreateBody, response: { 201: Type.Object({ id: Type.String(), username: Type.String(), role: Type.String() }), ...problemResponses } } }, async (req, reply) =>
    reply.status(201).send(await accounts.createUser(req.actor, req.body)),
  );
  app.get('/api/api-keys', { schema: { tags, summary: 'Your API keys (admin: all)', response: { 200: Type.Object({ items: Type.Array(ApiKey) }), ...problemResponses } } }, async (req) => ({
    items: await accounts.listApiKeys(req.actor),
  }));
  app.post('/api/api-keys', { schema: { tags, summary: 'Issue an API key for integrations (shown once)', body: ApiKeyCreateBody, response: { 201: ApiKey, ...problemResponses } } }, async (req, reply) =>
    reply.status(201).send(await accounts.createApiKey(req.actor, req.body)),
  );
  app.delete('/api/api-keys/:id', { schema: { tags, summary: 'Revoke an API key', params: IdParams, response: { 204: Type.Null(), ...problemResponses } } }, async (req, reply) => {
    await accounts.revokeApiKey(req.actor, req.params.id);
    return reply.status(204).send(null);
  });
  otpRoutes(app, ctx, { me, setSessionCookie });
}
