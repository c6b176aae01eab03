import { sql, type Kysely } from 'kysely';
import type { Database } from '../../db/schema.js';

/** SQL for one-time sign-in codes and for finding the resident behind a phone. */
export function otpRepository(db: Kysely<Database>) {
  return {
    /** Requests for one phone since a time, oldest first (the first one tells when the window frees up). */
    requestsForPhone(phoneHash: string, sinceIso: string) {
      return db.selectFrom('otp_codes').select(['created_at']).where('phone_hash', '=', phoneHash).where('created_at', '>', sinceIso).orderBy('created_at').execute();
    },
    requestsFromAddress(ipHash: string, sinceIso: string) {
      return db.selectFrom('otp_codes').select(['created_at']).where('ip_hash', '=', ipHash).where('created_at', '>', sinceIso).orderBy('created_at').execute();
    },
    /** PostgreSQL: holds a transaction-scoped advisory lock per key, in the order given. */
    async lockFor(keys: string[]): Promise<void> {
      for (const key of keys) await sql`select pg_advisory_xact_lock(hashtext(${key}))`.execute(db);
    },
    insertCode(row: Database['otp_codes']) {
      return db.insertInto('otp_codes').values(row).execute();
    },
    /** A newer code replaces every earlier one still open for the phone, so guesses cannot be spread over several. */
    retireOpenCodes(phoneHash: string, at: string) {
      return db.updateTable('otp_codes').set({ consumed_at: at }).where('phone_hash', '=', phoneHash).where('consumed_at', 'is', null).execute();
    },
    latestOpenCode(phoneHash: string) {
      return db.selectFrom('otp_codes').selectAll().where('phone_hash', '=', phoneHash).where('consumed_at', 'is', null).orderBy('created_at', 'desc').orderBy('id', 'desc').limit(1).executeTakeFirst();
    },
    /** Counts one wrong guess unless the code is already dead; returns whether the guess was counted. */
    async countWrongGuess(id: string, maxAttempts: number): Promise<boolean> {
      const result = await db
        .updateTable('otp_codes')
        .set((eb) => ({ attempts: eb('attempts', '+', 1) }))
        .where('id', '=', id)
        .where('consumed_at', 'is', null)
        .where('attempts', '<', maxAttempts)
        .executeTakeFirst();
      return Number(result.numUpdatedRows) === 1;
    },
    attemptsOf(id: string) {
      return db.selectFrom('otp_codes').select(['attempts']).where('id', '=', id).executeTakeFirst();
    },
    /** Uses the code once: of two concurrent right answers only one gets true. */
    async consume(id: string, at: string, maxAttempts: number): Promise<boolean> {
      const result = await db.updateTable('otp_codes').set({ consumed_at: at }).where('id', '=', id).where('consumed_at', 'is', null).where('attempts', '<', maxAttempts).executeTakeFirst();
      return Number(result.numUpdatedRows) === 1;
    },
    /** Registered people with this phone: the household head first, then by registration. */
    personsWithPhone(phoneHash: string) {
      return db
        .selectFrom('persons')
        .leftJoin('households', 'households.id', 'persons.household_id')
        .select(['persons.id', 'persons.name', 'persons.grid_id', 'persons.created_at', 'households.grid_id as household_grid_id', 'households.head_person_id'])
        .where('persons.phone_hash', '=', phoneHash)
        .orderBy('persons.created_at')
        .orderBy('persons.id')
        .execute();
    },
    accountsOfPersons(personIds: string[]) {
      if (personIds.length === 0) return Promise.resolve([]);
      return db
        .selectFrom('users')
        .select(['id', 'username', 'role', 'person_id', 'is_active', 'last_login_at', 'created_at'])
        .where('person_id', 'in', personIds)
        .orderBy('created_at')
        .execute();
    },
    gridById(id: string) {
      return db.selectFrom('grids').select(['id', 'parent_id', 'level', 'path']).where('id', '=', id).executeTakeFirst();
    },
  };
}
