import { sql, type Kysely } from 'kysely';

/**
 * The service alliance (便民服务联盟, 四部一网): the alliance and its website, four departments,
 * service teams, service points (便民小屋) with hours and staff, the catalogue (categories and
 * items), bookings, consultations (政策咨询) from every channel, and mediated disputes.
 */
export async function up(db: Kysely<any>): Promise<void> {
  const isPg = db.getExecutor().adapter.constructor.name.toLowerCase().includes('postgres');
  const pathType = isPg ? sql`text collate "C"` : sql`text`;

  await db.schema
    .createTable('service_alliances')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('website_url', 'text')
    .addColumn('grid_id', 'text', (c) => c.notNull().references('grids.id'))
    .addColumn('grid_path', pathType, (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createTable('service_departments')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('alliance_id', 'text', (c) => c.notNull().references('service_alliances.id'))
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('description', 'text')
    .addColumn('phone', 'text')
    .addColumn('sort', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();
  await db.schema
    .createTable('service_teams')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('department_id', 'text', (c) => c.notNull().references('service_departments.id'))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('leader_name', 'text')
    .addColumn('member_count', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();
  await db.schema
    .createTable('service_points')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('department_id', 'text', (c) => c.references('service_departments.id'))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('grid_id', 'text', (c) => c.notNull().references('grids.id'))
    .addColumn('grid_path', pathType, (c) => c.notNull())
    .addColumn('address', 'text', (c) => c.notNull())
    .addColumn('lng', 'double precision')
    .addColumn('lat', 'double precision')
    .addColumn('opening_hours', 'text', (c) => c.notNull())
    .addColumn('staff', 'text', (c) => c.notNull())
    .addColumn('slot_minutes', 'integer', (c) => c.notNull())
    .addColumn('slot_capacity', 'integer', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('service_points_grid_path').on('service_points').column('grid_path').execute();
  await db.schema
    .createTable('service_categories')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('code', 'text', (c) => c.notNull().unique())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('name_en', 'text', (c) => c.notNull())
    .addColumn('sort', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();
  await db.schema
    .createTable('service_items')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('category_id', 'text', (c) => c.notNull().references('service_categories.id'))
    .addColumn('department_id', 'text', (c) => c.references('service_departments.id'))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('description', 'text')
    .addColumn('is_bookable', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('is_active', 'integer', (c) => c.notNull().defaultTo(1))
    .execute();
  await db.schema
    .createTable('service_bookings')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('item_id', 'text', (c) => c.notNull().references('service_items.id'))
    .addColumn('point_id', 'text', (c) => c.notNull().references('service_points.id'))
    .addColumn('grid_path', pathType, (c) => c.notNull())
    .addColumn('user_id', 'text', (c) => c.references('users.id'))
    .addColumn('resident_name', 'text', (c) => c.notNull())
    .addColumn('slot_start', 'text', (c) => c.notNull())
    .addColumn('slot_end', 'text', (c) => c.notNull())
    .addColumn('address', 'text')
    .addColumn('note', 'text')
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('service_bookings_slot').on('service_bookings').columns(['point_id', 'slot_start', 'status']).execute();
  await db.schema.createIndex('service_bookings_user').on('service_bookings').column('user_id').execute();
  await db.schema
    .createTable('consultations')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('channel', 'text', (c) => c.notNull())
    .addColumn('topic', 'text', (c) => c.notNull())
    .addColumn('question', 'text', (c) => c.notNull())
    .addColumn('answer', 'text')
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('case_id', 'text', (c) => c.references('cases.id'))
    .addColumn('asked_by', 'text', (c) => c.references('users.id'))
    .addColumn('asker_name', 'text')
    .addColumn('grid_id', 'text', (c) => c.notNull().references('grids.id'))
    .addColumn('grid_path', pathType, (c) => c.notNull())
    .addColumn('handled_by', 'text', (c) => c.references('users.id'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('answered_at', 'text')
    .execute();
  await db.schema.createIndex('consultations_grid_path').on('consultations').columns(['grid_path', 'created_at']).execute();
  await db.schema
    .createTable('mediations')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('parties', 'text', (c) => c.notNull())
    .addColumn('outcome', 'text', (c) => c.notNull())
    .addColumn('is_by_alliance', 'integer', (c) => c.notNull())
    .addColumn('mediator_name', 'text', (c) => c.notNull())
    .addColumn('note', 'text')
    .addColumn('grid_id', 'text', (c) => c.notNull().references('grids.id'))
    .addColumn('grid_path', pathType, (c) => c.notNull())
    .addColumn('mediated_on', 'text', (c) => c.notNull())
    .addColumn('recorded_by', 'text', (c) => c.references('users.id'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('mediations_grid_path').on('mediations').column('grid_path').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const t of ['mediations', 'consultations', 'service_bookings', 'service_items', 'service_categories', 'service_points', 'service_teams', 'service_departments', 'service_alliances']) await db.schema.dropTable(t).execute();
}
