import { sql, type Kysely } from 'kysely';

/**
 * Case roll-ups (issue 7): counters per grid subtree, day or month and key, kept current in the
 * transaction of every case change; the primary key serves every read (one path, a bucket range).
 * The demo and `gridgov analytics rebuild` fill it from the cases.
 */
export async function up(db: Kysely<any>): Promise<void> {
  const isPg = db.getExecutor().adapter.constructor.name.toLowerCase().includes('postgres');
  const textC = isPg ? sql`text collate "C"` : sql`text`;
  await db.schema
    .createTable('case_rollups')
    .addColumn('path', textC, (c) => c.notNull())
    .addColumn('bucket', textC, (c) => c.notNull())
    .addColumn('k', textC, (c) => c.notNull())
    .addColumn('n', isPg ? 'bigint' : 'integer', (c) => c.notNull())
    .addPrimaryKeyConstraint('case_rollups_pk', ['path', 'bucket', 'k'])
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('case_rollups').execute();
}
