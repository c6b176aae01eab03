import { sql, type Kysely } from 'kysely';
import { v7 as uuidv7 } from 'uuid';
import { seedDepartments, seedTaxonomy } from '../../modules/cases/taxonomy-seed.js';

/**
 * Cases (五小五早): taxonomy, departments, the case itself with its append-only log, department
 * referrals, attachments, idempotency keys, patrols, and the notification tables fed by the outbox.
 */
export async function up(db: Kysely<any>): Promise<void> {
  const isPg = db.getExecutor().adapter.constructor.name.toLowerCase().includes('postgres');
  const pathType = isPg ? sql`text collate "C"` : sql`text`;

  await db.schema
    .createTable('case_categories')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('code', 'text', (c) => c.notNull().unique())
    .addColumn('parent_id', 'text', (c) => c.references('case_categories.id'))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('name_en', 'text', (c) => c.notNull())
    .addColumn('default_type', 'text', (c) => c.notNull())
    .addColumn('default_tier', 'text', (c) => c.notNull())
    .addColumn('accept_limit', 'double precision', (c) => c.notNull())
    .addColumn('accept_unit', 'text', (c) => c.notNull())
    .addColumn('dispatch_limit', 'double precision', (c) => c.notNull())
    .addColumn('dispatch_unit', 'text', (c) => c.notNull())
    .addColumn('handle_limit', 'double precision', (c) => c.notNull())
    .addColumn('handle_unit', 'text', (c) => c.notNull())
    .addColumn('duplicate_radius_m', 'integer', (c) => c.notNull())
    .addColumn('is_active', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('sort', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('departments')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('code', 'text', (c) => c.notNull().unique())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('name_en', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('phone', 'text')
    .addColumn('response_hours', 'double precision', (c) => c.notNull())
    .addColumn('is_active', 'integer', (c) => c.notNull().defaultTo(1))
    .execute();

  await db.schema
    .createTable('department_areas')
    .addColumn('department_id', 'text', (c) => c.notNull().references('departments.id'))
    .addColumn('grid_id', 'text', (c) => c.notNull().references('grids.id'))
    .addColumn('grid_path', pathType, (c) => c.notNull())
    .addPrimaryKeyConstraint('department_areas_pk', ['department_id', 'grid_id'])
    .execute();

  await db.schema
    .createTable('department_members')
    .addColumn('department_id', 'text', (c) => c.notNull().references('departments.id'))
    .addColumn('user_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addPrimaryKeyConstraint('department_members_pk', ['department_id', 'user_id'])
    .execute();
  await db.schema.createIndex('department_members_user').on('department_members').column('user_id').execute();

  await db.schema
    .createTable('counters')
    .addColumn('key', 'text', (c) => c.primaryKey())
    .addColumn('value', 'integer', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('cases')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('number', 'text', (c) => c.notNull().unique())
    .addColumn('type', 'text', (c) => c.notNull())
    .addColumn('category_id', 'text', (c) => c.notNull().references('case_categories.id'))
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('description', 'text', (c) => c.notNull())
    .addColumn('state', 'text', (c) => c.notNull())
    .addColumn('is_open', 'integer', (c) => c.notNull())
    .addColumn('tier', 'text', (c) => c.notNull())
    .addColumn('channel', 'text', (c) => c.notNull())
    .addColumn('grid_id', 'text', (c) => c.references('grids.id'))
    .addColumn('grid_path', pathType)
    .addColumn('handling_grid_id', 'text', (c) => c.references('grids.id'))
    .addColumn('handling_path', pathType, (c) => c.notNull())
    .addColumn('lng', 'double precision')
    .addColumn('lat', 'double precision')
    .addColumn('address', 'text')
    .addColumn('reporter_user_id', 'text')
    .addColumn('reporter_person_id', 'text')
    .addColumn('reporter_name', 'text')
    .addColumn('reporter_phone_enc', 'text')
    .addColumn('reporter_phone_hash', 'text')
    .addColumn('reporter_phone_last4', 'text')
    .addColumn('limits', 'text', (c) => c.notNull())
    .addColumn('stage', 'text')
    .addColumn('due_at', 'text')
    .addColumn('overdue_at', 'text')
    .addColumn('sla_escalated_at', 'text')
    .addColumn('discovered_at', 'text', (c) => c.notNull())
    .addColumn('accepted_at', 'text')
    .addColumn('assessed_at', 'text')
    .addColumn('intervened_at', 'text')
    .addColumn('resolved_at', 'text')
    .addColumn('closed_at', 'text')
    .addColumn('closed_via', 'text')
    .addColumn('resolution_id', 'text')
    .addColumn('rework_count', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('escalation_count', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('reopen_count', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('lowest_tier', 'text', (c) => c.notNull())
    .addColumn('feedback', 'text')
    .addColumn('rating', 'integer')
    .addColumn('rated_at', 'text')
    .addColumn('merged_into_id', 'text')
    .addColumn('suspended_from', 'text')
    .addColumn('is_skipped_level', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('is_criminal_risk', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('priority', 'text', (c) => c.notNull().defaultTo('normal'))
    .addColumn('pending_request', 'text')
    .addColumn('version', 'integer', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  // The inbox: open cases of a tier under a path, by deadline. Partial, so closed history costs nothing.
  await db.schema.createIndex('cases_inbox').on('cases').columns(['tier', 'handling_path', 'due_at']).where(sql.ref('is_open'), '=', 1).execute();
  await db.schema.createIndex('cases_open_due').on('cases').columns(['due_at']).where(sql.ref('is_open'), '=', 1).execute();
  await db.schema.createIndex('cases_grid_created').on('cases').columns(['grid_path', 'created_at']).execute();
  await db.schema.createIndex('cases_created').on('cases').column('created_at').execute();
  await db.schema.createIndex('cases_category_created').on('cases').columns(['category_id', 'created_at']).execute();
  await db.schema.createIndex('cases_reporter_phone').on('cases').column('reporter_phone_hash').execute();

  await db.schema
    .createTable('case_events')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('case_id', 'text', (c) => c.notNull().references('cases.id'))
    .addColumn('seq', 'integer', (c) => c.notNull())
    .addColumn('action', 'text', (c) => c.notNull())
    .addColumn('from_state', 'text')
    .addColumn('to_state', 'text', (c) => c.notNull())
    .addColumn('from_tier', 'text')
    .addColumn('to_tier', 'text')
    .addColumn('actor_id', 'text')
    .addColumn('actor_name', 'text')
    .addColumn('actor_role', 'text')
    .addColumn('note', 'text')
    .addColumn('data', 'text')
    .addColumn('at', 'text', (c) => c.notNull())
    .addUniqueConstraint('case_events_seq', ['case_id', 'seq'])
    .execute();
  await db.schema.createIndex('case_events_action_at').on('case_events').columns(['action', 'at']).execute();

  await db.schema
    .createTable('case_referrals')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('case_id', 'text', (c) => c.notNull().references('cases.id'))
    .addColumn('department_id', 'text', (c) => c.notNull().references('departments.id'))
    .addColumn('state', 'text', (c) => c.notNull())
    .addColumn('requested_at', 'text', (c) => c.notNull())
    .addColumn('due_at', 'text', (c) => c.notNull())
    .addColumn('acknowledged_at', 'text')
    .addColumn('responded_at', 'text')
    .addColumn('response', 'text')
    .addColumn('grid_path', pathType, (c) => c.notNull())
    .execute();
  await db.schema.createIndex('case_referrals_case').on('case_referrals').column('case_id').execute();
  await db.schema.createIndex('case_referrals_dept').on('case_referrals').columns(['department_id', 'state']).execute();

  await db.schema
    .createTable('case_attachments')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('case_id', 'text', (c) => c.references('cases.id'))
    .addColumn('event_id', 'text')
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('mime', 'text', (c) => c.notNull())
    .addColumn('size', 'integer', (c) => c.notNull())
    .addColumn('sha256', 'text', (c) => c.notNull())
    .addColumn('file', 'text', (c) => c.notNull())
    .addColumn('thumb', 'text', (c) => c.notNull())
    .addColumn('width', 'integer')
    .addColumn('height', 'integer')
    .addColumn('uploaded_by', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('case_attachments_case').on('case_attachments').column('case_id').execute();

  await db.schema
    .createTable('idempotency_keys')
    .addColumn('key', 'text', (c) => c.primaryKey())
    .addColumn('case_id', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('notifications')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('user_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('topic', 'text', (c) => c.notNull())
    .addColumn('case_id', 'text')
    .addColumn('params', 'text', (c) => c.notNull())
    .addColumn('read_at', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('notifications_user').on('notifications').columns(['user_id', 'created_at']).execute();

  await db.schema
    .createTable('webhooks')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('url', 'text', (c) => c.notNull())
    .addColumn('secret', 'text', (c) => c.notNull())
    .addColumn('topics', 'text', (c) => c.notNull())
    .addColumn('is_active', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('webhook_deliveries')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('webhook_id', 'text', (c) => c.notNull().references('webhooks.id'))
    .addColumn('outbox_id', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('next_attempt_at', 'text', (c) => c.notNull())
    .addColumn('last_status', 'integer')
    .addColumn('last_error', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addUniqueConstraint('webhook_deliveries_once', ['webhook_id', 'outbox_id'])
    .execute();
  await db.schema.createIndex('webhook_deliveries_due').on('webhook_deliveries').columns(['status', 'next_attempt_at']).execute();

  await db.schema
    .createTable('patrol_tasks')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('grid_id', 'text', (c) => c.notNull().references('grids.id'))
    .addColumn('grid_path', pathType, (c) => c.notNull())
    .addColumn('assignee_user_id', 'text', (c) => c.notNull().references('users.id'))
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('planned_on', 'text', (c) => c.notNull())
    .addColumn('points', 'text', (c) => c.notNull())
    .addColumn('state', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('completed_at', 'text')
    .execute();
  await db.schema.createIndex('patrol_tasks_assignee').on('patrol_tasks').columns(['assignee_user_id', 'planned_on']).execute();

  await db.schema
    .createTable('patrol_checkins')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('task_id', 'text', (c) => c.notNull().references('patrol_tasks.id'))
    .addColumn('point_index', 'integer', (c) => c.notNull())
    .addColumn('lng', 'double precision')
    .addColumn('lat', 'double precision')
    .addColumn('note', 'text')
    .addColumn('case_id', 'text')
    .addColumn('at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('patrol_checkins_task').on('patrol_checkins').column('task_id').execute();

  // Every deployment starts with the seeded taxonomy and departments; admins edit them after.
  const now = new Date().toISOString();
  let sort = 0;
  for (const group of seedTaxonomy) {
    const groupId = uuidv7();
    const first = group.categories[0];
    await db
      .insertInto('case_categories')
      .values({
        id: groupId, code: group.code, parent_id: null, name: group.name, name_en: group.nameEn, default_type: first.type, default_tier: first.tier,
        accept_limit: first.accept[0], accept_unit: first.accept[1], dispatch_limit: first.dispatch[0], dispatch_unit: first.dispatch[1], handle_limit: first.handle[0], handle_unit: first.handle[1],
        duplicate_radius_m: first.radiusM, is_active: 1, sort: sort++, updated_at: now,
      })
      .execute();
    for (const cat of group.categories) {
      await db
        .insertInto('case_categories')
        .values({
          id: uuidv7(), code: `${group.code}.${cat.code}`, parent_id: groupId, name: cat.name, name_en: cat.nameEn, default_type: cat.type, default_tier: cat.tier,
          accept_limit: cat.accept[0], accept_unit: cat.accept[1], dispatch_limit: cat.dispatch[0], dispatch_unit: cat.dispatch[1], handle_limit: cat.handle[0], handle_unit: cat.handle[1],
          duplicate_radius_m: cat.radiusM, is_active: 1, sort: sort++, updated_at: now,
        })
        .execute();
    }
  }
  for (const dept of seedDepartments) {
    await db.insertInto('departments').values({ id: uuidv7(), code: dept.code, name: dept.name, name_en: dept.nameEn, kind: dept.kind, phone: null, response_hours: dept.responseHours, is_active: 1 }).execute();
  }
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const table of ['patrol_checkins', 'patrol_tasks', 'webhook_deliveries', 'webhooks', 'notifications', 'idempotency_keys', 'case_attachments', 'case_referrals', 'case_events', 'cases', 'counters', 'department_members', 'department_areas', 'departments', 'case_categories']) {
    await db.schema.dropTable(table).ifExists().execute();
  }
}
