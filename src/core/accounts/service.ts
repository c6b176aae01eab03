import { hash as argonHash, verify as argonVerify } from '@node-rs/argon2';
import type { Role } from '../../db/schema.js';
import { transaction } from '../../db/index.js';
import { recordAudit } from '../audit/audit.js';
import type { AppContext } from '../context.js';
import { AppError, invalidField } from '../errors.js';
import { newId } from '../ids.js';
import { randomToken, tokenHash } from '../secrets.js';
import type { Actor } from '../scope.js';
import { requirePermission } from './policy.js';
import { accountsRepository } from './repository.js';

/** Failed logins allowed per account in the window; the next attempt gets 429. */
export const MAX_FAILURES = 5;
export const FAILURE_WINDOW_MS = 15 * 60 * 1000;
export const SESSION_TTL_MS = 12 * 60 * 60 * 1000;
/**
 * Sessions (with their actor) and API-key actors are cached this long per token: a session ended
 * on this instance ends at once, but one ended on another instance, or a changed role or scope,
 * may live this much longer here.
 */
const ACTOR_CACHE_MS = 5_000;

// Verifying against a fixed hash when the user does not exist keeps timing from revealing usernames.
let dummyHash: Promise<string> | undefined;

export function hashPassword(password: string): Promise<string> {
  return argonHash(password);
}

export function accountsService(ctx: AppContext) {
  const repo = () => accountsRepository(ctx.db.kysely);
  const actorCache = new Map<string, { actor: Actor; until: number }>();
  const sessionCache = new Map<string, { actor: Actor; csrfToken: string; expiresAt: string; until: number }>();

  async function actorFor(userId: string): Promise<Actor | undefined> {
    const user = await repo().findUserById(userId);
    if (!user || !user.is_active) return undefined;
    const scopes = await repo().scopesOf(user.id);
    return {
      userId: user.id,
      username: user.username,
      displayName: user.display_name,
      role: user.role,
      personId: user.person_id,
      locale: user.locale,
      isGlobal: user.role === 'admin',
      scopePaths: scopes.map((s) => s.path),
      scopeGridIds: scopes.map((s) => s.id),
    };
  }

  return {
    /** Checks a password; throttles an account after repeated failures without saying which part was wrong. */
    async login(input: { username: string; password: string }): Promise<{ token: string; csrfToken: string; actor: Actor; expiresAt: string }> {
      const now = ctx.clock.now();
      const since = new Date(now.getTime() - FAILURE_WINDOW_MS).toISOString();
      const { n: failures } = await repo().countRecentFailures(input.username, since);
      if (Number(failures) >= MAX_FAILURES) {
        await repo().recordAttempt(input.username, now.toISOString(), false);
        throw new AppError('tooManyAttempts', { params: { minutes: 15 } });
      }
      const user = await repo().findUserByUsername(input.username);
      dummyHash ??= argonHash('gridgov-dummy-password');
      const ok = user && user.is_active ? await argonVerify(user.password_hash, input.password) : (await argonVerify(await dummyHash, input.password), false);
      if (!ok || !user) {
        await repo().recordAttempt(input.username, now.toISOString(), false);
        throw new AppError('invalidCredentials');
      }
      await repo().clearFailures(input.username);
      const token = randomToken();
      const csrfToken = randomToken(18);
      const expiresAt = new Date(now.getTime() + SESSION_TTL_MS).toISOString();
      await transaction(ctx.db, async (trx) => {
        await accountsRepository(trx).insertSession({ id: tokenHash(token), user_id: user.id, csrf_token: csrfToken, created_at: now.toISOString(), expires_at: expiresAt });
        await accountsRepository(trx).touchLogin(user.id, now.toISOString());
        await recordAudit(trx, { userId: user.id, username: user.username }, now, { action: 'auth.login', recordType: 'user', recordId: user.id });
      });
      const actor = (await actorFor(user.id))!;
      return { token, csrfToken, actor, expiresAt };
    },

    async logout(token: string): Promise<void> {
      sessionCache.delete(token);
      await repo().deleteSession(tokenHash(token));
    },

    /** Resolves a session token to its actor and CSRF token, or undefined when expired or unknown. */
    async authenticateSession(token: string): Promise<{ actor: Actor; csrfToken: string } | undefined> {
      const nowMs = Date.now();
      let cached = sessionCache.get(token);
      if (!cached || cached.until <= nowMs) {
        const session = await repo().findSession(tokenHash(token));
        if (!session || session.expires_at <= ctx.clock.now().toISOString()) {
          sessionCache.delete(token);
          return undefined;
        }
        const actor = await actorFor(session.user_id);
        if (!actor) return undefined;
        cached = { actor, csrfToken: session.csrf_token, expiresAt: session.expires_at, until: nowMs + ACTOR_CACHE_MS };
        if (sessionCache.size >= 10_000) sessionCache.clear();
        sessionCache.set(token, cached);
      }
      // The expiry is checked on every request, cached or not.
      if (cached.expiresAt <= ctx.clock.now().toISOString()) return undefined;
      return { actor: cached.actor, csrfToken: cached.csrfToken };
    },

    /** Resolves an API key (`ggk_…`) to the actor of the user it was issued to. */
    async authenticateApiKey(key: string): Promise<Actor | undefined> {
      const cached = actorCache.get(key);
      if (cached && cached.until > Date.now()) return cached.actor;
      const row = await repo().findApiKey(tokenHash(key));
      if (!row) return undefined;
      const actor = await actorFor(row.user_id);
      if (actor) actorCache.set(key, { actor, until: Date.now() + ACTOR_CACHE_MS });
      return actor;
    },

    actorFor,

    async scopesOf(userId: string) {
      return repo().scopesOf(userId);
    },

    /** Issues an API key for the caller; the plain key is shown once. */
    async createApiKey(actor: Actor | undefined, input: { name: string }) {
      requirePermission(actor, 'apiKey.manage');
      const key = `ggk_${randomToken(24)}`;
      const now = ctx.clock.now();
      const id = newId();
      await transaction(ctx.db, async (trx) => {
        await accountsRepository(trx).insertApiKey({ id, user_id: actor.userId, name: input.name, prefix: key.slice(0, 8), key_hash: tokenHash(key), created_at: now.toISOString(), revoked_at: null, last_used_at: null });
        await recordAudit(trx, actor, now, { action: 'apiKey.create', recordType: 'apiKey', recordId: id, details: { name: input.name } });
      });
      return { id, name: input.name, prefix: key.slice(0, 8), key, createdAt: now.toISOString() };
    },

    async listApiKeys(actor: Actor | undefined) {
      requirePermission(actor, 'apiKey.manage');
      const rows = await repo().listApiKeys(actor.role === 'admin' ? null : actor.userId);
      return rows.map((r) => ({ id: r.id, userId: r.user_id, name: r.name, prefix: r.prefix, createdAt: r.created_at, revokedAt: r.revoked_at, lastUsedAt: r.last_used_at }));
    },

    async revokeApiKey(actor: Actor | undefined, id: string) {
      requirePermission(actor, 'apiKey.manage');
      const row = await repo().findApiKeyById(id);
      if (!row || (actor.role !== 'admin' && row.user_id !== actor.userId)) throw new AppError('notFound');
      const now = ctx.clock.now();
      await transaction(ctx.db, async (trx) => {
        await accountsRepository(trx).revokeApiKey(id, now.toISOString());
        await recordAudit(trx, actor, now, { action: 'apiKey.revoke', recordType: 'apiKey', recordId: id });
      });
      actorCache.clear();
    },

    /** Creates a user with a scope of grid subtrees (by grid code or id). Used by the API and `gridgov user add`. */
    async createUser(actor: Actor | undefined, input: { username: string; password: string; displayName?: string; role: Role; scope?: string[]; personId?: string | null; locale?: string }) {
      requirePermission(actor, 'user.manage');
      if (!/^[A-Za-z0-9_.-]{3,64}$/.test(input.username)) throw invalidField('username', 'pattern');
      if (input.password.length < 8) throw invalidField('password', 'weakPassword');
      if (await repo().findUserByUsername(input.username)) throw new AppError('conflict', { errors: [{ field: 'username', reason: 'usernameTaken' }] });
      const gridIds: string[] = [];
      for (const [i, ref] of (input.scope ?? []).entries()) {
        const grid = await ctx.db.kysely.selectFrom('grids').select(['id']).where((eb) => eb.or([eb('code', '=', ref), eb('id', '=', ref)])).executeTakeFirst();
        if (!grid) throw invalidField(`scope/${i}`, 'unknownGrid', { value: ref });
        gridIds.push(grid.id);
      }
      if (input.role !== 'admin' && gridIds.length === 0) throw invalidField('scope', 'required');
      const now = ctx.clock.now().toISOString();
      const id = newId();
      const passwordHash = await hashPassword(input.password);
      await transaction(ctx.db, async (trx) => {
        await accountsRepository(trx).insertUser({ id, username: input.username, display_name: input.displayName ?? input.username, password_hash: passwordHash, role: input.role, person_id: input.personId ?? null, locale: input.locale ?? 'zh-CN', is_active: 1, created_at: now, updated_at: now, last_login_at: null });
        await accountsRepository(trx).insertScopes(id, gridIds);
        await recordAudit(trx, actor, new Date(now), { action: 'user.create', recordType: 'user', recordId: id, details: { username: input.username, role: input.role } });
      });
      return { id, username: input.username, role: input.role };
    },

    async listUsers(actor: Actor | undefined, filter: { role?: Role; q?: string; limit: number; offset: number }) {
      requirePermission(actor, 'user.manage');
      const [items, total] = await Promise.all([repo().listUsers(filter), repo().countUsers()]);
      return { items, total: Number(total.n) };
    },
  };
}

export type AccountsService = ReturnType<typeof accountsService>;
