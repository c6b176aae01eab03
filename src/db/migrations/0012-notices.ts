import { sql, type Kysely } from 'kysely';

/**
 * Notices (公告) posted by staff to a grid and read by the residents under it; and the WeChat
 * message id of a consultation that came through the public account, unique so a redelivered
 * message never logs a second consultation.
 */
export async function up(db: Kysely<any>): Promise<void> {
  const isPg = db.getExecutor().adapter.constructor.name.toLowerCase().includes('postgres');
  const pathType = isPg ? sql`text collate "C"` : sql`text`;

  await db.schema
    .createTable('notices')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('grid_id', 'text', (c) => c.notNull().references('grids.id'))
    .addColumn('grid_path', pathType, (c) => c.notNull())
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('body', 'text', (c) => c.notNull())
    .addColumn('category', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('is_pinned', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('published_at', 'text', (c) => c.notNull())
    .addColumn('expires_at', 'text')
    .addColumn('author_user_id', 'text', (c) => c.references('users.id'))
    .addColumn('author_name', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  // Residents read by exact ancestor paths; staff by subtree range. Both start with the path.
  await db.schema.createIndex('notices_path').on('notices').columns(['grid_path', 'published_at']).execute();

  await db.schema.alterTable('consultations').addColumn('external_id', 'text').execute();
  await db.schema.createIndex('consultations_external_id').on('consultations').column('external_id').unique().execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('consultations_external_id').execute();
  await db.schema.alterTable('consultations').dropColumn('external_id').execute();
  await db.schema.dropTable('notices').execute();
}
