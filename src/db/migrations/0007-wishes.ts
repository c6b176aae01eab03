import { sql, type Kysely } from 'kysely';

/**
 * Micro-wishes (微心愿): the wish, with its verification kept apart from its status, and its
 * claims. At most one live claim per wish is a partial unique index, so two claims racing on two
 * processes cannot both stand.
 */
export async function up(db: Kysely<any>): Promise<void> {
  const isPg = db.getExecutor().adapter.constructor.name.toLowerCase().includes('postgres');
  const pathType = isPg ? sql`text collate "C"` : sql`text`;

  await db.schema
    .createTable('wishes')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('description', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('estimated_value', 'double precision', (c) => c.notNull())
    .addColumn('actual_value', 'double precision')
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('verification', 'text', (c) => c.notNull())
    .addColumn('verification_reason', 'text')
    .addColumn('verified_by', 'text', (c) => c.references('users.id'))
    .addColumn('verified_at', 'text')
    .addColumn('beneficiary_name', 'text', (c) => c.notNull())
    .addColumn('beneficiary_person_id', 'text', (c) => c.references('persons.id'))
    .addColumn('beneficiary_user_id', 'text', (c) => c.references('users.id'))
    .addColumn('posted_by', 'text', (c) => c.notNull().references('users.id'))
    .addColumn('grid_id', 'text', (c) => c.notNull().references('grids.id'))
    .addColumn('grid_path', pathType, (c) => c.notNull())
    .addColumn('delivery_note', 'text')
    .addColumn('delivery_photo_ids', 'text')
    .addColumn('delivered_at', 'text')
    .addColumn('confirmed_at', 'text')
    .addColumn('thanks', 'text')
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('wishes_grid_path').on('wishes').column('grid_path').execute();
  await db.schema.createIndex('wishes_status').on('wishes').columns(['status', 'confirmed_at']).execute();

  await db.schema
    .createTable('wish_claims')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('wish_id', 'text', (c) => c.notNull().references('wishes.id'))
    .addColumn('claimant_user_id', 'text', (c) => c.notNull().references('users.id'))
    .addColumn('claimant_kind', 'text', (c) => c.notNull())
    .addColumn('claimant_name', 'text', (c) => c.notNull())
    .addColumn('party_org_id', 'text', (c) => c.references('party_orgs.id'))
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('reason', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('ended_at', 'text')
    .execute();
  await db.schema.createIndex('wish_claims_one_live').on('wish_claims').column('wish_id').unique().where(sql.ref('status'), '=', sql.lit('live')).execute();
  await db.schema.createIndex('wish_claims_claimant').on('wish_claims').columns(['claimant_user_id', 'status']).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('wish_claims').execute();
  await db.schema.dropTable('wishes').execute();
}
