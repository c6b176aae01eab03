import { sql, type Kysely } from 'kysely';

/**
 * Field work: stewards' 四清四报 reports (one per stairwell and month), follow-up visits, steward
 * meetings, the community task list (社区减负), household visits, office hours in compounds, and
 * the policy handbook with a normalized search column that both dialects search the same way.
 */
export async function up(db: Kysely<any>): Promise<void> {
  const isPg = db.getExecutor().adapter.constructor.name.toLowerCase().includes('postgres');
  const pathType = isPg ? sql`text collate "C"` : sql`text`;
  const placed = (name: string) =>
    db.schema.createTable(name).addColumn('id', 'text', (c) => c.primaryKey()).addColumn('grid_id', 'text', (c) => c.notNull().references('grids.id')).addColumn('grid_path', pathType, (c) => c.notNull());

  await placed('steward_reports')
    .addColumn('period', 'text', (c) => c.notNull())
    .addColumn('steward_user_id', 'text', (c) => c.references('users.id'))
    .addColumn('steward_name', 'text', (c) => c.notNull())
    .addColumn('known', 'text', (c) => c.notNull())
    .addColumn('reported', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addUniqueConstraint('steward_reports_grid_period', ['grid_id', 'period'])
    .execute();
  await db.schema.createIndex('steward_reports_path').on('steward_reports').columns(['grid_path', 'period']).execute();

  await placed('follow_ups')
    .addColumn('subject', 'text', (c) => c.notNull())
    .addColumn('note', 'text', (c) => c.notNull())
    .addColumn('case_id', 'text', (c) => c.references('cases.id'))
    .addColumn('visited_on', 'text', (c) => c.notNull())
    .addColumn('by_user_id', 'text', (c) => c.references('users.id'))
    .addColumn('by_name', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('follow_ups_path').on('follow_ups').columns(['grid_path', 'visited_on']).execute();

  await placed('steward_meetings')
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('held_on', 'text', (c) => c.notNull())
    .addColumn('topic', 'text', (c) => c.notNull())
    .addColumn('attendees', 'integer', (c) => c.notNull())
    .addColumn('minutes', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('steward_meetings_path').on('steward_meetings').columns(['grid_path', 'held_on']).execute();

  await placed('community_tasks')
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('source', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('reason', 'text')
    .addColumn('approver_name', 'text')
    .addColumn('decided_on', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('community_tasks_path').on('community_tasks').columns(['grid_path', 'status']).execute();

  await placed('household_visits')
    .addColumn('household_id', 'text', (c) => c.notNull().references('households.id'))
    .addColumn('visited_on', 'text', (c) => c.notNull())
    .addColumn('visitor_user_id', 'text', (c) => c.references('users.id'))
    .addColumn('visitor_name', 'text', (c) => c.notNull())
    .addColumn('note', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('household_visits_path').on('household_visits').columns(['grid_path', 'visited_on']).execute();
  await db.schema.createIndex('household_visits_household').on('household_visits').columns(['household_id', 'visited_on']).execute();

  await placed('office_hours')
    .addColumn('starts_at', 'text', (c) => c.notNull())
    .addColumn('ends_at', 'text', (c) => c.notNull())
    .addColumn('place', 'text', (c) => c.notNull())
    .addColumn('host_name', 'text', (c) => c.notNull())
    .addColumn('topic', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('office_hours_path').on('office_hours').columns(['grid_path', 'starts_at']).execute();

  await db.schema
    .createTable('handbook_articles')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('topic', 'text', (c) => c.notNull())
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('body', 'text', (c) => c.notNull())
    .addColumn('search_text', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('handbook_articles_topic').on('handbook_articles').column('topic').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const t of ['handbook_articles', 'office_hours', 'household_visits', 'community_tasks', 'steward_meetings', 'follow_ups', 'steward_reports']) await db.schema.dropTable(t).execute();
}
