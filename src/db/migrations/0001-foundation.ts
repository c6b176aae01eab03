import { sql, type Kysely } from 'kysely';

/**
 * The grid, people and places, accounts, audit and outbox. Text keys and ISO timestamps in both
 * dialects; on PostgreSQL materialized paths use the "C" collation so that range scans on a path
 * prefix follow byte order, as they do in SQLite.
 */
export async function up(db: Kysely<any>): Promise<void> {
  const isPg = await isPostgres(db);
  const pathType = isPg ? sql`text collate "C"` : sql`text`;

  await db.schema
    .createTable('grids')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('code', 'text', (c) => c.notNull().unique())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('level', 'text', (c) => c.notNull())
    .addColumn('parent_id', 'text', (c) => c.references('grids.id'))
    .addColumn('path', pathType, (c) => c.notNull().unique())
    .addColumn('depth', 'integer', (c) => c.notNull())
    .addColumn('sort', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('boundary', 'text')
    .addColumn('centroid_lng', 'double precision')
    .addColumn('centroid_lat', 'double precision')
    .addColumn('min_lng', 'double precision')
    .addColumn('min_lat', 'double precision')
    .addColumn('max_lng', 'double precision')
    .addColumn('max_lat', 'double precision')
    .addColumn('area_m2', 'double precision')
    .addColumn('attributes', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('grids_parent').on('grids').columns(['parent_id', 'sort']).execute();
  await db.schema.createIndex('grids_level_path').on('grids').columns(['level', 'path']).execute();

  await db.schema
    .createTable('party_orgs')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('grid_id', 'text', (c) => c.notNull().references('grids.id'))
    .addColumn('grid_path', pathType, (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('party_orgs_path').on('party_orgs').column('grid_path').execute();

  await db.schema
    .createTable('rooms')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('grid_id', 'text', (c) => c.notNull().references('grids.id'))
    .addColumn('grid_path', pathType, (c) => c.notNull())
    .addColumn('number', 'text', (c) => c.notNull())
    .addColumn('floor', 'integer', (c) => c.notNull())
    .addColumn('area_m2', 'double precision')
    .addColumn('use', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addUniqueConstraint('rooms_grid_number', ['grid_id', 'number'])
    .execute();
  await db.schema.createIndex('rooms_path').on('rooms').column('grid_path').execute();

  await db.schema
    .createTable('households')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('room_id', 'text', (c) => c.notNull().references('rooms.id'))
    .addColumn('grid_id', 'text', (c) => c.notNull().references('grids.id'))
    .addColumn('grid_path', pathType, (c) => c.notNull())
    .addColumn('head_person_id', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('households_path').on('households').column('grid_path').execute();
  await db.schema.createIndex('households_room').on('households').column('room_id').execute();

  await db.schema
    .createTable('persons')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('gender', 'text')
    .addColumn('birth_year', 'integer')
    .addColumn('id_number_enc', 'text')
    .addColumn('id_number_hash', 'text')
    .addColumn('phone_enc', 'text')
    .addColumn('phone_hash', 'text')
    .addColumn('grid_id', 'text', (c) => c.references('grids.id'))
    .addColumn('grid_path', pathType)
    .addColumn('household_id', 'text', (c) => c.references('households.id'))
    .addColumn('room_id', 'text', (c) => c.references('rooms.id'))
    .addColumn('relation', 'text')
    .addColumn('note', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('persons_path').on('persons').columns(['grid_path', 'name']).execute();
  await db.schema.createIndex('persons_id_hash').on('persons').column('id_number_hash').unique().execute();
  await db.schema.createIndex('persons_phone_hash').on('persons').column('phone_hash').execute();
  await db.schema.createIndex('persons_name').on('persons').column('name').execute();
  await db.schema.createIndex('persons_household').on('persons').column('household_id').execute();

  await db.schema
    .createTable('party_members')
    .addColumn('person_id', 'text', (c) => c.primaryKey().references('persons.id'))
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('party_org_id', 'text', (c) => c.references('party_orgs.id'))
    .addColumn('employer_org_id', 'text')
    .addColumn('joined_on', 'text')
    .addColumn('grid_path', pathType, (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('party_members_path').on('party_members').columns(['grid_path', 'kind']).execute();

  await db.schema
    .createTable('care_groups')
    .addColumn('person_id', 'text', (c) => c.notNull().references('persons.id'))
    .addColumn('group_code', 'text', (c) => c.notNull())
    .addColumn('grid_path', pathType, (c) => c.notNull())
    .addColumn('since', 'text')
    .addColumn('note', 'text')
    .addPrimaryKeyConstraint('care_groups_pk', ['person_id', 'group_code'])
    .execute();
  await db.schema.createIndex('care_groups_path').on('care_groups').columns(['grid_path', 'group_code']).execute();

  await db.schema
    .createTable('assignments')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('grid_id', 'text', (c) => c.notNull().references('grids.id'))
    .addColumn('grid_path', pathType, (c) => c.notNull())
    .addColumn('role', 'text', (c) => c.notNull())
    .addColumn('person_id', 'text', (c) => c.references('persons.id'))
    .addColumn('party_org_id', 'text', (c) => c.references('party_orgs.id'))
    .addColumn('start_on', 'text', (c) => c.notNull())
    .addColumn('end_on', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('assignments_grid').on('assignments').columns(['grid_id', 'role']).execute();
  await db.schema.createIndex('assignments_path').on('assignments').columns(['grid_path', 'role']).execute();
  await db.schema.createIndex('assignments_person').on('assignments').column('person_id').execute();

  await db.schema
    .createTable('users')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('username', 'text', (c) => c.notNull().unique())
    .addColumn('display_name', 'text', (c) => c.notNull())
    .addColumn('password_hash', 'text', (c) => c.notNull())
    .addColumn('role', 'text', (c) => c.notNull())
    .addColumn('person_id', 'text', (c) => c.references('persons.id'))
    .addColumn('locale', 'text', (c) => c.notNull().defaultTo('zh-CN'))
    .addColumn('is_active', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addColumn('last_login_at', 'text')
    .execute();

  await db.schema
    .createTable('user_scopes')
    .addColumn('user_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('grid_id', 'text', (c) => c.notNull().references('grids.id'))
    .addPrimaryKeyConstraint('user_scopes_pk', ['user_id', 'grid_id'])
    .execute();

  await db.schema
    .createTable('sessions')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('user_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('csrf_token', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('expires_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('sessions_user').on('sessions').column('user_id').execute();

  await db.schema
    .createTable('api_keys')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('user_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('prefix', 'text', (c) => c.notNull())
    .addColumn('key_hash', 'text', (c) => c.notNull().unique())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('revoked_at', 'text')
    .addColumn('last_used_at', 'text')
    .execute();

  await db.schema
    .createTable('login_attempts')
    .addColumn('id', isPg ? 'bigserial' : 'integer', (c) => (isPg ? c.primaryKey() : c.primaryKey().autoIncrement()))
    .addColumn('username', 'text', (c) => c.notNull())
    .addColumn('at', 'text', (c) => c.notNull())
    .addColumn('ok', 'integer', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('login_attempts_user_at').on('login_attempts').columns(['username', 'at']).execute();

  await db.schema
    .createTable('audit_log')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('at', 'text', (c) => c.notNull())
    .addColumn('actor_id', 'text')
    .addColumn('actor_name', 'text')
    .addColumn('action', 'text', (c) => c.notNull())
    .addColumn('record_type', 'text', (c) => c.notNull())
    .addColumn('record_id', 'text')
    .addColumn('grid_path', pathType)
    .addColumn('details', 'text')
    .addColumn('request_id', 'text')
    .execute();
  await db.schema.createIndex('audit_log_record').on('audit_log').columns(['record_type', 'record_id']).execute();
  await db.schema.createIndex('audit_log_at').on('audit_log').column('at').execute();

  await db.schema
    .createTable('outbox')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('topic', 'text', (c) => c.notNull())
    .addColumn('payload', 'text', (c) => c.notNull())
    .addColumn('grid_path', pathType)
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('published_at', 'text')
    .execute();
  await db.schema.createIndex('outbox_unpublished').on('outbox').columns(['published_at', 'id']).execute();

  await db.schema
    .createTable('settings')
    .addColumn('key', 'text', (c) => c.primaryKey())
    .addColumn('value', 'text', (c) => c.notNull())
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const table of [
    'settings', 'outbox', 'audit_log', 'login_attempts', 'api_keys', 'sessions', 'user_scopes', 'users',
    'assignments', 'care_groups', 'party_members', 'persons', 'households', 'rooms', 'party_orgs', 'grids',
  ]) {
    await db.schema.dropTable(table).ifExists().execute();
  }
}

async function isPostgres(db: Kysely<any>): Promise<boolean> {
  const adapter = db.getExecutor().adapter;
  return adapter.constructor.name.toLowerCase().includes('postgres');
}
