import type { Kysely } from 'kysely';

/**
 * One-time sign-in codes sent by text message. Only a keyed hash of each code is stored, with its
 * expiry and wrong-guess count; every request is a row, so the same table answers the rate limits
 * (per phone and per client address, both as keyed hashes).
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('otp_codes')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('phone_hash', 'text', (c) => c.notNull())
    .addColumn('ip_hash', 'text', (c) => c.notNull())
    .addColumn('code_hash', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('expires_at', 'text', (c) => c.notNull())
    .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('consumed_at', 'text')
    .execute();
  await db.schema.createIndex('otp_codes_phone').on('otp_codes').columns(['phone_hash', 'created_at']).execute();
  await db.schema.createIndex('otp_codes_ip').on('otp_codes').columns(['ip_hash', 'created_at']).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('otp_codes').execute();
}
