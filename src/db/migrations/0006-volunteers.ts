import { sql, type Kysely } from 'kysely';

/**
 * Volunteer service and care (B5, B6): themed service party branches and teams, activities with
 * capacity and waiting list, sign-ups with check-in and check-out, the hours and points ledger
 * (entries only; balances are sums), measured outputs, and care visits.
 */
export async function up(db: Kysely<any>): Promise<void> {
  const isPg = db.getExecutor().adapter.constructor.name.toLowerCase().includes('postgres');
  const pathType = isPg ? sql`text collate "C"` : sql`text`;

  await db.schema
    .createTable('volunteer_teams')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('theme', 'text', (c) => c.notNull())
    .addColumn('community_id', 'text', (c) => c.notNull().references('grids.id'))
    .addColumn('grid_path', pathType, (c) => c.notNull())
    .addColumn('description', 'text')
    .addColumn('leader_person_id', 'text', (c) => c.references('persons.id'))
    .addColumn('founded_on', 'text')
    .addColumn('archived_at', 'text')
    .addColumn('created_by', 'text')
    .addColumn('version', 'integer', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('volunteer_teams_path').on('volunteer_teams').columns(['grid_path', 'kind']).execute();

  await db.schema
    .createTable('team_members')
    .addColumn('team_id', 'text', (c) => c.notNull().references('volunteer_teams.id'))
    .addColumn('person_id', 'text', (c) => c.notNull().references('persons.id'))
    .addColumn('role', 'text', (c) => c.notNull())
    .addColumn('joined_on', 'text', (c) => c.notNull())
    .addColumn('left_on', 'text')
    .addColumn('grid_path', pathType, (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('team_members_pk', ['team_id', 'person_id'])
    .execute();
  await db.schema.createIndex('team_members_person').on('team_members').column('person_id').execute();

  await db.schema
    .createTable('activities')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('team_id', 'text', (c) => c.references('volunteer_teams.id'))
    .addColumn('organization_id', 'text', (c) => c.references('organizations.id'))
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('theme', 'text', (c) => c.notNull())
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('description', 'text')
    .addColumn('grid_id', 'text', (c) => c.notNull().references('grids.id'))
    .addColumn('grid_path', pathType, (c) => c.notNull())
    .addColumn('place', 'text', (c) => c.notNull())
    .addColumn('lng', 'double precision')
    .addColumn('lat', 'double precision')
    .addColumn('checkin_radius_m', 'integer', (c) => c.notNull())
    .addColumn('starts_at', 'text', (c) => c.notNull())
    .addColumn('ends_at', 'text', (c) => c.notNull())
    .addColumn('capacity', 'integer', (c) => c.notNull())
    .addColumn('checkin_code', 'text', (c) => c.notNull())
    .addColumn('points_per_hour', 'double precision', (c) => c.notNull())
    .addColumn('state', 'text', (c) => c.notNull())
    .addColumn('completed_at', 'text')
    .addColumn('organizer_user_id', 'text', (c) => c.references('users.id'))
    .addColumn('organizer_name', 'text')
    .addColumn('created_by', 'text')
    .addColumn('version', 'integer', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('activities_path_start').on('activities').columns(['grid_path', 'starts_at']).execute();
  await db.schema.createIndex('activities_team').on('activities').columns(['team_id', 'starts_at']).execute();
  await db.schema.createIndex('activities_org').on('activities').column('organization_id').execute();
  await db.schema.createIndex('activities_kind_state').on('activities').columns(['kind', 'state']).execute();

  await db.schema
    .createTable('activity_signups')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('activity_id', 'text', (c) => c.notNull().references('activities.id'))
    .addColumn('person_id', 'text', (c) => c.notNull().references('persons.id'))
    .addColumn('user_id', 'text')
    .addColumn('grid_path', pathType, (c) => c.notNull())
    .addColumn('state', 'text', (c) => c.notNull())
    .addColumn('signed_up_at', 'text', (c) => c.notNull())
    .addColumn('promoted_at', 'text')
    .addColumn('cancelled_at', 'text')
    .addColumn('checked_in_at', 'text')
    .addColumn('checkin_method', 'text')
    .addColumn('checkin_lng', 'double precision')
    .addColumn('checkin_lat', 'double precision')
    .addColumn('checked_out_at', 'text')
    .addColumn('checkout_lng', 'double precision')
    .addColumn('checkout_lat', 'double precision')
    .addColumn('verification', 'text', (c) => c.notNull())
    .addColumn('verified_hours', 'double precision')
    .addColumn('verified_at', 'text')
    .addColumn('verified_by', 'text')
    .addColumn('verify_note', 'text')
    .addColumn('version', 'integer', (c) => c.notNull())
    .addUniqueConstraint('activity_signups_once', ['activity_id', 'person_id'])
    .execute();
  await db.schema.createIndex('activity_signups_queue').on('activity_signups').columns(['activity_id', 'state', 'signed_up_at']).execute();
  await db.schema.createIndex('activity_signups_person').on('activity_signups').column('person_id').execute();

  await db.schema
    .createTable('volunteer_ledger')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('person_id', 'text', (c) => c.notNull().references('persons.id'))
    .addColumn('grid_path', pathType, (c) => c.notNull())
    .addColumn('activity_id', 'text', (c) => c.references('activities.id'))
    .addColumn('signup_id', 'text', (c) => c.references('activity_signups.id'))
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('hours', 'double precision', (c) => c.notNull())
    .addColumn('points', 'double precision', (c) => c.notNull())
    .addColumn('occurred_on', 'text', (c) => c.notNull())
    .addColumn('reason', 'text')
    .addColumn('corrects_id', 'text', (c) => c.references('volunteer_ledger.id'))
    .addColumn('entered_by', 'text')
    .addColumn('entered_by_name', 'text')
    .addColumn('entered_at', 'text', (c) => c.notNull())
    .execute();
  // One credit per attendance, whatever two organisers do at once; corrections are unlimited.
  await db.schema.createIndex('volunteer_ledger_one_credit').unique().on('volunteer_ledger').column('signup_id').where(sql.ref('kind'), '=', 'credit').execute();
  await db.schema.createIndex('volunteer_ledger_person').on('volunteer_ledger').columns(['person_id', 'occurred_on']).execute();
  await db.schema.createIndex('volunteer_ledger_path').on('volunteer_ledger').columns(['grid_path', 'occurred_on']).execute();

  await db.schema
    .createTable('activity_outputs')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('activity_id', 'text', (c) => c.notNull().references('activities.id'))
    .addColumn('metric', 'text', (c) => c.notNull())
    .addColumn('quantity', 'double precision', (c) => c.notNull())
    .addColumn('unit', 'text', (c) => c.notNull())
    .addColumn('grid_id', 'text', (c) => c.references('grids.id'))
    .addColumn('output_grid_path', pathType)
    .addColumn('grid_path', pathType, (c) => c.notNull())
    .addColumn('note', 'text')
    .addColumn('verified_at', 'text', (c) => c.notNull())
    .addColumn('verified_by', 'text')
    .addColumn('voided_at', 'text')
    .addColumn('void_reason', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('activity_outputs_activity').on('activity_outputs').column('activity_id').execute();
  await db.schema.createIndex('activity_outputs_metric').on('activity_outputs').columns(['metric', 'grid_path']).execute();

  await db.schema
    .createTable('care_visits')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('grid_id', 'text', (c) => c.notNull().references('grids.id'))
    .addColumn('grid_path', pathType, (c) => c.notNull())
    .addColumn('visited_person_id', 'text', (c) => c.references('persons.id'))
    .addColumn('visited_name', 'text', (c) => c.notNull())
    .addColumn('visited_kind', 'text', (c) => c.notNull())
    .addColumn('hardship', 'text')
    .addColumn('campaign', 'text', (c) => c.notNull())
    .addColumn('visited_on', 'text', (c) => c.notNull())
    .addColumn('visitors', 'text', (c) => c.notNull())
    .addColumn('organization_id', 'text', (c) => c.references('organizations.id'))
    .addColumn('team_id', 'text', (c) => c.references('volunteer_teams.id'))
    .addColumn('items_brought', 'text')
    .addColumn('value_yuan', 'double precision')
    .addColumn('needs_follow_up', 'integer', (c) => c.notNull())
    .addColumn('follow_up_note', 'text')
    .addColumn('follow_up_done_at', 'text')
    .addColumn('follow_up_done_by', 'text')
    .addColumn('note', 'text')
    .addColumn('created_by', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('care_visits_path').on('care_visits').columns(['grid_path', 'visited_on']).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const table of ['care_visits', 'activity_outputs', 'volunteer_ledger', 'activity_signups', 'activities', 'team_members', 'volunteer_teams']) {
    await db.schema.dropTable(table).ifExists().execute();
  }
}
