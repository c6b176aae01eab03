import { sql, type Kysely } from 'kysely';

/**
 * Deliberation (民事民议民决, 四方联动议事, 四级党建联席会议): organisations that hold seats, bodies
 * (four-party councils and joint meetings) with their member organisations and delegates,
 * recurring meeting series, meetings with attendance and agenda, motions and votes by name,
 * resolutions with action items, and residents' topics with one support each.
 */
export async function up(db: Kysely<any>): Promise<void> {
  const isPg = db.getExecutor().adapter.constructor.name.toLowerCase().includes('postgres');
  const pathType = isPg ? sql`text collate "C"` : sql`text`;

  await db.schema
    .createTable('deliberation_orgs')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('grid_id', 'text', (c) => c.notNull().references('grids.id'))
    .addColumn('grid_path', pathType, (c) => c.notNull())
    .addColumn('contact_name', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('deliberation_orgs_path').on('deliberation_orgs').column('grid_path').execute();

  await db.schema
    .createTable('bodies')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('level', 'text', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('grid_id', 'text', (c) => c.notNull().references('grids.id'))
    .addColumn('grid_path', pathType, (c) => c.notNull())
    .addColumn('voting_rule', 'text', (c) => c.notNull())
    .addColumn('quorum_percent', 'integer', (c) => c.notNull())
    .addColumn('majority', 'text', (c) => c.notNull())
    .addColumn('counts_abstentions', 'integer', (c) => c.notNull())
    .addColumn('topic_threshold', 'integer', (c) => c.notNull())
    .addColumn('is_active', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('bodies_path').on('bodies').column('grid_path').execute();

  // A seat (four-party council) or a member organisation (joint meeting).
  await db.schema
    .createTable('body_orgs')
    .addColumn('body_id', 'text', (c) => c.notNull().references('bodies.id'))
    .addColumn('org_id', 'text', (c) => c.notNull().references('deliberation_orgs.id'))
    .addColumn('seat_kind', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('body_orgs_pk', ['body_id', 'org_id'])
    .execute();

  await db.schema
    .createTable('body_members')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('body_id', 'text', (c) => c.notNull().references('bodies.id'))
    .addColumn('org_id', 'text', (c) => c.references('deliberation_orgs.id'))
    .addColumn('user_id', 'text', (c) => c.references('users.id'))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('position', 'text', (c) => c.notNull())
    .addColumn('term_start', 'text', (c) => c.notNull())
    .addColumn('term_end', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('body_members_body').on('body_members').column('body_id').execute();
  await db.schema.createIndex('body_members_user').on('body_members').column('user_id').execute();

  await db.schema
    .createTable('meeting_series')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('body_id', 'text', (c) => c.notNull().references('bodies.id'))
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('rrule', 'text', (c) => c.notNull())
    .addColumn('starts_on', 'text', (c) => c.notNull())
    .addColumn('start_time', 'text', (c) => c.notNull())
    .addColumn('duration_minutes', 'integer', (c) => c.notNull())
    .addColumn('location', 'text')
    .addColumn('is_active', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('generated_until', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('meetings')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('body_id', 'text', (c) => c.notNull().references('bodies.id'))
    .addColumn('series_id', 'text', (c) => c.references('meeting_series.id'))
    .addColumn('grid_path', pathType, (c) => c.notNull())
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('state', 'text', (c) => c.notNull())
    .addColumn('starts_at', 'text', (c) => c.notNull())
    .addColumn('ends_at', 'text', (c) => c.notNull())
    .addColumn('location', 'text')
    .addColumn('checkin_code', 'text', (c) => c.notNull())
    .addColumn('minutes', 'text')
    .addColumn('minutes_updated_at', 'text')
    .addColumn('attachments', 'text')
    .addColumn('started_at', 'text')
    .addColumn('closed_at', 'text')
    .addColumn('created_by', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull())
    // One occurrence of a series per start time, however many instances generate ahead at once.
    .addUniqueConstraint('meetings_series_start', ['series_id', 'starts_at'])
    .execute();
  await db.schema.createIndex('meetings_path_start').on('meetings').columns(['grid_path', 'starts_at']).execute();
  await db.schema.createIndex('meetings_body_start').on('meetings').columns(['body_id', 'starts_at']).execute();

  await db.schema
    .createTable('meeting_attendance')
    .addColumn('meeting_id', 'text', (c) => c.notNull().references('meetings.id'))
    .addColumn('member_id', 'text', (c) => c.notNull().references('body_members.id'))
    .addColumn('invited_at', 'text', (c) => c.notNull())
    .addColumn('checked_in_at', 'text')
    .addColumn('method', 'text')
    .addPrimaryKeyConstraint('meeting_attendance_pk', ['meeting_id', 'member_id'])
    .execute();

  await db.schema
    .createTable('agenda_items')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('meeting_id', 'text', (c) => c.notNull().references('meetings.id'))
    .addColumn('seq', 'integer', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('case_id', 'text', (c) => c.references('cases.id'))
    .addColumn('topic_id', 'text')
    .addColumn('ref_id', 'text')
    .addColumn('outcome', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('agenda_items_meeting').on('agenda_items').columns(['meeting_id', 'seq']).execute();
  await db.schema.createIndex('agenda_items_case').on('agenda_items').column('case_id').execute();

  await db.schema
    .createTable('motions')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('meeting_id', 'text', (c) => c.notNull().references('meetings.id'))
    .addColumn('agenda_item_id', 'text', (c) => c.notNull().references('agenda_items.id'))
    .addColumn('agenda_item_ids', 'text', (c) => c.notNull())
    .addColumn('text', 'text', (c) => c.notNull())
    .addColumn('state', 'text', (c) => c.notNull())
    .addColumn('rule', 'text', (c) => c.notNull())
    .addColumn('result', 'text')
    .addColumn('opened_at', 'text', (c) => c.notNull())
    .addColumn('decided_at', 'text')
    .execute();
  await db.schema.createIndex('motions_meeting').on('motions').column('meeting_id').execute();

  await db.schema
    .createTable('votes')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('motion_id', 'text', (c) => c.notNull().references('motions.id'))
    // The seat's organisation (one vote per seat) or the member (one vote per member).
    .addColumn('voter_key', 'text', (c) => c.notNull())
    .addColumn('member_id', 'text', (c) => c.notNull().references('body_members.id'))
    .addColumn('org_id', 'text')
    .addColumn('voter_name', 'text', (c) => c.notNull())
    .addColumn('choice', 'text', (c) => c.notNull())
    .addColumn('recorded_by', 'text')
    .addColumn('at', 'text', (c) => c.notNull())
    .addUniqueConstraint('votes_one_per_voter', ['motion_id', 'voter_key'])
    .execute();

  await db.schema
    .createTable('resolutions')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('number', 'text', (c) => c.notNull())
    .addColumn('motion_id', 'text', (c) => c.notNull().unique().references('motions.id'))
    .addColumn('meeting_id', 'text', (c) => c.notNull().references('meetings.id'))
    .addColumn('body_id', 'text', (c) => c.notNull().references('bodies.id'))
    .addColumn('grid_path', pathType, (c) => c.notNull())
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('text', 'text', (c) => c.notNull())
    .addColumn('state', 'text', (c) => c.notNull())
    .addColumn('progress', 'integer', (c) => c.notNull())
    .addColumn('decided_at', 'text', (c) => c.notNull())
    .addColumn('done_at', 'text')
    .execute();
  await db.schema.createIndex('resolutions_path').on('resolutions').columns(['grid_path', 'decided_at']).execute();
  await db.schema.createIndex('resolutions_body').on('resolutions').columns(['body_id', 'number']).unique().execute();

  await db.schema
    .createTable('action_items')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('resolution_id', 'text', (c) => c.notNull().references('resolutions.id'))
    .addColumn('grid_path', pathType, (c) => c.notNull())
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('owner_kind', 'text', (c) => c.notNull())
    .addColumn('owner_org_id', 'text', (c) => c.references('deliberation_orgs.id'))
    .addColumn('owner_member_id', 'text', (c) => c.references('body_members.id'))
    .addColumn('owner_name', 'text', (c) => c.notNull())
    .addColumn('due_on', 'text', (c) => c.notNull())
    .addColumn('state', 'text', (c) => c.notNull())
    .addColumn('progress', 'integer', (c) => c.notNull())
    .addColumn('note', 'text')
    .addColumn('reminded_on', 'text')
    .addColumn('completed_at', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('action_items_resolution').on('action_items').column('resolution_id').execute();
  await db.schema.createIndex('action_items_path_due').on('action_items').columns(['grid_path', 'due_on']).execute();
  await db.schema.createIndex('action_items_open_due').on('action_items').columns(['state', 'due_on']).execute();

  await db.schema
    .createTable('topics')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('body_id', 'text', (c) => c.notNull().references('bodies.id'))
    .addColumn('grid_id', 'text', (c) => c.notNull().references('grids.id'))
    .addColumn('grid_path', pathType, (c) => c.notNull())
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('description', 'text', (c) => c.notNull())
    .addColumn('case_id', 'text', (c) => c.references('cases.id'))
    .addColumn('proposer_user_id', 'text', (c) => c.references('users.id'))
    .addColumn('proposer_name', 'text', (c) => c.notNull())
    .addColumn('state', 'text', (c) => c.notNull())
    .addColumn('support_count', 'integer', (c) => c.notNull())
    .addColumn('agenda_item_id', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('topics_path_created').on('topics').columns(['grid_path', 'created_at']).execute();
  await db.schema.createIndex('topics_body_state').on('topics').columns(['body_id', 'state']).execute();

  await db.schema
    .createTable('topic_supports')
    .addColumn('topic_id', 'text', (c) => c.notNull().references('topics.id'))
    .addColumn('user_id', 'text', (c) => c.notNull().references('users.id'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    // One support per resident per topic, enforced by the database.
    .addPrimaryKeyConstraint('topic_supports_pk', ['topic_id', 'user_id'])
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const table of ['topic_supports', 'topics', 'action_items', 'resolutions', 'votes', 'motions', 'agenda_items', 'meeting_attendance', 'meetings', 'meeting_series', 'body_members', 'body_orgs', 'bodies', 'deliberation_orgs']) {
    await db.schema.dropTable(table).ifExists().execute();
  }
}
