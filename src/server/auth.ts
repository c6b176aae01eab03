import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { AccountsService } from '../core/accounts/service.js';
import { AppError } from '../core/errors.js';
import { pickLocale, type Locale } from '../core/i18n.js';
import type { Actor } from '../core/scope.js';

export const SESSION_COOKIE = 'gridgov_session';
export const CSRF_HEADER = 'x-csrf-token';

declare module 'fastify' {
  interface FastifyRequest {
    actor?: Actor;
    locale: Locale;
    /** How the caller authenticated: the cookie needs a CSRF token on writes, bearer tokens do not. */
    authKind?: 'cookie' | 'bearer' | 'apiKey';
  }
}

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * Resolves the caller on every request (session cookie, bearer token or API key) and its
 * language. Routes do not check authentication themselves: services require a permission,
 * which fails with 401 when there is no actor.
 */
export function registerAuth(app: FastifyInstance, accounts: AccountsService): void {
  app.decorateRequest('actor', undefined);
  app.decorateRequest('locale', 'zh-CN');
  app.decorateRequest('authKind', undefined);

  app.addHook('onRequest', async (request) => {
    request.locale = pickLocale(request.headers['accept-language']);
    const header = request.headers.authorization;
    if (header?.startsWith('Bearer ')) {
      const token = header.slice(7).trim();
      if (token.startsWith('ggk_')) {
        request.actor = await accounts.authenticateApiKey(token);
        request.authKind = 'apiKey';
      } else {
        request.actor = (await accounts.authenticateSession(token))?.actor;
        request.authKind = 'bearer';
      }
      if (!request.actor) throw new AppError('unauthenticated');
    } else {
      const cookie = request.cookies[SESSION_COOKIE];
      if (cookie) {
        const session = await accounts.authenticateSession(cookie);
        if (session) {
          request.actor = session.actor;
          request.authKind = 'cookie';
          const skipCsrf = (request.routeOptions.config as { skipCsrf?: boolean } | undefined)?.skipCsrf;
          if (!SAFE_METHODS.has(request.method) && !skipCsrf && request.headers[CSRF_HEADER] !== session.csrfToken) throw new AppError('csrf');
        }
      }
    }
    if (request.actor && !request.headers['accept-language']) request.locale = pickLocale(request.actor.locale);
  });
}

/** The session token of the caller, from the cookie or the bearer header. */
export function sessionTokenOf(request: FastifyRequest): string | undefined {
  const header = request.headers.authorization;
  if (header?.startsWith('Bearer ')) return header.slice(7).trim();
  return request.cookies[SESSION_COOKIE];
}
