import type { Kysely } from 'kysely';
import type { Database, Role } from '../../db/schema.js';

/** SQL for users, scopes, sessions, API keys and login attempts. */
export function accountsRepository(db: Kysely<Database>) {
  return {
    findUserByUsername(username: string) {
      return db.selectFrom('users').selectAll().where('username', '=', username).executeTakeFirst();
    },
    findUserById(id: string) {
      return db.selectFrom('users').selectAll().where('id', '=', id).executeTakeFirst();
    },
    /** Scope roots of a user with their paths. */
    scopesOf(userId: string) {
      return db
        .selectFrom('user_scopes')
        .innerJoin('grids', 'grids.id', 'user_scopes.grid_id')
        .select(['grids.id', 'grids.path', 'grids.name', 'grids.level', 'grids.code'])
        .where('user_scopes.user_id', '=', userId)
        .orderBy('grids.path')
        .execute();
    },
    countRecentFailures(username: string, sinceIso: string) {
      return db
        .selectFrom('login_attempts')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where('username', '=', username)
        .where('ok', '=', 0)
        .where('at', '>=', sinceIso)
        .executeTakeFirstOrThrow();
    },
    recordAttempt(username: string, at: string, ok: boolean) {
      return db.insertInto('login_attempts').values({ username, at, ok: ok ? 1 : 0 }).execute();
    },
    clearFailures(username: string) {
      return db.deleteFrom('login_attempts').where('username', '=', username).where('ok', '=', 0).execute();
    },
    insertSession(row: Database['sessions']) {
      return db.insertInto('sessions').values(row).execute();
    },
    findSession(id: string) {
      return db.selectFrom('sessions').selectAll().where('id', '=', id).executeTakeFirst();
    },
    deleteSession(id: string) {
      return db.deleteFrom('sessions').where('id', '=', id).execute();
    },
    touchLogin(userId: string, at: string) {
      return db.updateTable('users').set({ last_login_at: at }).where('id', '=', userId).execute();
    },
    findApiKey(keyHash: string) {
      return db.selectFrom('api_keys').selectAll().where('key_hash', '=', keyHash).where('revoked_at', 'is', null).executeTakeFirst();
    },
    listApiKeys(userId: string | null) {
      let q = db.selectFrom('api_keys').select(['id', 'user_id', 'name', 'prefix', 'created_at', 'revoked_at', 'last_used_at']).orderBy('created_at', 'desc');
      if (userId) q = q.where('user_id', '=', userId);
      return q.execute();
    },
    insertApiKey(row: Database['api_keys']) {
      return db.insertInto('api_keys').values(row).execute();
    },
    revokeApiKey(id: string, at: string) {
      return db.updateTable('api_keys').set({ revoked_at: at }).where('id', '=', id).where('revoked_at', 'is', null).executeTakeFirst();
    },
    findApiKeyById(id: string) {
      return db.selectFrom('api_keys').selectAll().where('id', '=', id).executeTakeFirst();
    },
    insertUser(row: Database['users']) {
      return db.insertInto('users').values(row).execute();
    },
    insertScopes(userId: string, gridIds: string[]) {
      if (gridIds.length === 0) return Promise.resolve();
      return db.insertInto('user_scopes').values(gridIds.map((grid_id) => ({ user_id: userId, grid_id }))).execute();
    },
    listUsers(filter: { role?: Role; q?: string; limit: number; offset: number }) {
      let q = db.selectFrom('users').select(['id', 'username', 'display_name', 'role', 'person_id', 'locale', 'is_active', 'created_at', 'last_login_at']);
      if (filter.role) q = q.where('role', '=', filter.role);
      if (filter.q) q = q.where((eb) => eb.or([eb('username', 'like', `%${filter.q}%`), eb('display_name', 'like', `%${filter.q}%`)]));
      return q.orderBy('username').limit(filter.limit).offset(filter.offset).execute();
    },
    countUsers() {
      return db.selectFrom('users').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    },
  };
}
