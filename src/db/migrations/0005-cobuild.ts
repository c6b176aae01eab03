import { sql, type Kysely } from 'kysely';

/**
 * Co-building (B1–B4): partner organisations, their registrations with communities and
 * agreements, the three lists (needs, resources, projects) with milestones and monthly reviews,
 * the assessment scheme per year, in-service members' registrations, service records,
 * evaluations and the feedback lists sent to employers.
 */
export async function up(db: Kysely<any>): Promise<void> {
  const isPg = db.getExecutor().adapter.constructor.name.toLowerCase().includes('postgres');
  const pathType = isPg ? sql`text collate "C"` : sql`text`;

  await db.schema
    .createTable('organizations')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('credit_code', 'text', (c) => c.unique())
    .addColumn('address', 'text')
    .addColumn('grid_id', 'text', (c) => c.notNull().references('grids.id'))
    .addColumn('grid_path', pathType, (c) => c.notNull())
    .addColumn('party_org_name', 'text')
    .addColumn('party_org_kind', 'text')
    .addColumn('party_member_count', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('secretary_name', 'text')
    .addColumn('contact_name', 'text')
    .addColumn('contact_phone_enc', 'text')
    .addColumn('contact_phone_hash', 'text')
    .addColumn('contact_user_id', 'text', (c) => c.references('users.id'))
    .addColumn('description', 'text')
    .addColumn('deleted_at', 'text')
    .addColumn('version', 'integer', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('organizations_path').on('organizations').columns(['grid_path', 'name']).execute();
  await db.schema.createIndex('organizations_contact').on('organizations').column('contact_user_id').execute();

  await db.schema
    .createTable('org_registrations')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('organization_id', 'text', (c) => c.notNull().references('organizations.id'))
    .addColumn('community_id', 'text', (c) => c.notNull().references('grids.id'))
    .addColumn('community_path', pathType, (c) => c.notNull())
    .addColumn('registered_on', 'text', (c) => c.notNull())
    .addColumn('state', 'text', (c) => c.notNull())
    .addColumn('ended_on', 'text')
    .addColumn('note', 'text')
    .addColumn('created_by', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addUniqueConstraint('org_registrations_once', ['organization_id', 'community_id'])
    .execute();
  await db.schema.createIndex('org_registrations_path').on('org_registrations').columns(['community_path', 'state']).execute();

  await db.schema
    .createTable('cobuild_agreements')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('organization_id', 'text', (c) => c.notNull().references('organizations.id'))
    .addColumn('community_id', 'text', (c) => c.notNull().references('grids.id'))
    .addColumn('community_path', pathType, (c) => c.notNull())
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('terms', 'text')
    .addColumn('signed_on', 'text', (c) => c.notNull())
    .addColumn('starts_on', 'text', (c) => c.notNull())
    .addColumn('ends_on', 'text')
    .addColumn('state', 'text', (c) => c.notNull())
    .addColumn('created_by', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('cobuild_agreements_org').on('cobuild_agreements').column('organization_id').execute();

  await db.schema
    .createTable('cobuild_commitments')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('agreement_id', 'text', (c) => c.notNull().references('cobuild_agreements.id'))
    .addColumn('organization_id', 'text', (c) => c.notNull().references('organizations.id'))
    .addColumn('community_path', pathType, (c) => c.notNull())
    .addColumn('content', 'text', (c) => c.notNull())
    .addColumn('kind', 'text')
    .addColumn('quantity', 'double precision')
    .addColumn('state', 'text', (c) => c.notNull())
    .addColumn('fulfilled_at', 'text')
    .addColumn('withdrawn_at', 'text')
    .addColumn('withdrawn_reason', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('cobuild_commitments_org').on('cobuild_commitments').columns(['organization_id', 'state']).execute();
  await db.schema.createIndex('cobuild_commitments_agreement').on('cobuild_commitments').column('agreement_id').execute();

  await db.schema
    .createTable('cobuild_reviews')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('community_id', 'text', (c) => c.notNull().references('grids.id'))
    .addColumn('community_path', pathType, (c) => c.notNull())
    .addColumn('meeting_id', 'text')
    .addColumn('reviewed_on', 'text', (c) => c.notNull())
    .addColumn('note', 'text')
    .addColumn('items', 'text', (c) => c.notNull())
    .addColumn('created_by', 'text')
    .addColumn('created_by_name', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('cobuild_reviews_path').on('cobuild_reviews').columns(['community_path', 'reviewed_on']).execute();

  await db.schema
    .createTable('cobuild_needs')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('grid_id', 'text', (c) => c.notNull().references('grids.id'))
    .addColumn('grid_path', pathType, (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('description', 'text')
    .addColumn('quantity', 'double precision', (c) => c.notNull())
    .addColumn('unit', 'text', (c) => c.notNull())
    .addColumn('deadline', 'text')
    .addColumn('location', 'text')
    .addColumn('lng', 'double precision')
    .addColumn('lat', 'double precision')
    .addColumn('state', 'text', (c) => c.notNull())
    .addColumn('posted_by', 'text')
    .addColumn('posted_by_name', 'text')
    .addColumn('last_review_id', 'text', (c) => c.references('cobuild_reviews.id'))
    .addColumn('version', 'integer', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('cobuild_needs_path').on('cobuild_needs').columns(['grid_path', 'state']).execute();
  await db.schema.createIndex('cobuild_needs_kind').on('cobuild_needs').columns(['kind', 'state']).execute();

  await db.schema
    .createTable('cobuild_resources')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('organization_id', 'text', (c) => c.notNull().references('organizations.id'))
    .addColumn('grid_path', pathType, (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('description', 'text')
    .addColumn('quantity', 'double precision', (c) => c.notNull())
    .addColumn('unit', 'text', (c) => c.notNull())
    .addColumn('available_from', 'text')
    .addColumn('available_until', 'text')
    .addColumn('availability', 'text')
    .addColumn('location', 'text')
    .addColumn('lng', 'double precision')
    .addColumn('lat', 'double precision')
    .addColumn('state', 'text', (c) => c.notNull())
    .addColumn('posted_by', 'text')
    .addColumn('last_review_id', 'text', (c) => c.references('cobuild_reviews.id'))
    .addColumn('version', 'integer', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('cobuild_resources_org').on('cobuild_resources').columns(['organization_id', 'state']).execute();
  await db.schema.createIndex('cobuild_resources_kind').on('cobuild_resources').columns(['kind', 'state']).execute();

  await db.schema
    .createTable('cobuild_projects')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('description', 'text')
    .addColumn('need_id', 'text', (c) => c.notNull().references('cobuild_needs.id'))
    .addColumn('grid_path', pathType, (c) => c.notNull())
    .addColumn('state', 'text', (c) => c.notNull())
    .addColumn('starts_on', 'text')
    .addColumn('started_at', 'text')
    .addColumn('completed_at', 'text')
    .addColumn('outcome', 'text')
    .addColumn('rating', 'integer')
    .addColumn('beneficiaries', 'integer')
    .addColumn('created_by', 'text')
    .addColumn('last_review_id', 'text', (c) => c.references('cobuild_reviews.id'))
    .addColumn('version', 'integer', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('cobuild_projects_path').on('cobuild_projects').columns(['grid_path', 'state']).execute();
  await db.schema.createIndex('cobuild_projects_need').on('cobuild_projects').column('need_id').execute();
  await db.schema.createIndex('cobuild_projects_completed').on('cobuild_projects').columns(['state', 'completed_at']).execute();

  await db.schema
    .createTable('cobuild_project_resources')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('project_id', 'text', (c) => c.notNull().references('cobuild_projects.id'))
    .addColumn('resource_id', 'text', (c) => c.notNull().references('cobuild_resources.id'))
    .addColumn('organization_id', 'text', (c) => c.notNull().references('organizations.id'))
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('unit', 'text', (c) => c.notNull())
    .addColumn('quantity_committed', 'double precision', (c) => c.notNull())
    .addColumn('quantity_delivered', 'double precision')
    .addColumn('delivered_at', 'text')
    .addColumn('grid_path', pathType, (c) => c.notNull())
    .addUniqueConstraint('cobuild_project_resources_once', ['project_id', 'resource_id'])
    .execute();
  await db.schema.createIndex('cobuild_project_resources_org').on('cobuild_project_resources').column('organization_id').execute();
  await db.schema.createIndex('cobuild_project_resources_resource').on('cobuild_project_resources').column('resource_id').execute();

  await db.schema
    .createTable('cobuild_milestones')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('project_id', 'text', (c) => c.notNull().references('cobuild_projects.id'))
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('due_on', 'text')
    .addColumn('done_at', 'text')
    .addColumn('note', 'text')
    .addColumn('sort', 'integer', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('cobuild_milestones_project').on('cobuild_milestones').columns(['project_id', 'sort']).execute();

  await db.schema
    .createTable('assessment_schemes')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('year', 'integer', (c) => c.notNull().unique())
    .addColumn('rules', 'text', (c) => c.notNull())
    .addColumn('updated_by', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('member_registrations')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('person_id', 'text', (c) => c.notNull().unique().references('persons.id'))
    .addColumn('community_id', 'text', (c) => c.notNull().references('grids.id'))
    .addColumn('community_path', pathType, (c) => c.notNull())
    .addColumn('employer_org_id', 'text', (c) => c.notNull().references('organizations.id'))
    .addColumn('registered_on', 'text', (c) => c.notNull())
    .addColumn('state', 'text', (c) => c.notNull())
    .addColumn('ended_on', 'text')
    .addColumn('skills', 'text')
    .addColumn('note', 'text')
    .addColumn('created_by', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('member_registrations_path').on('member_registrations').columns(['community_path', 'state']).execute();
  await db.schema.createIndex('member_registrations_employer').on('member_registrations').columns(['employer_org_id', 'state']).execute();

  await db.schema
    .createTable('service_records')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('registration_id', 'text', (c) => c.notNull().references('member_registrations.id'))
    .addColumn('person_id', 'text', (c) => c.notNull().references('persons.id'))
    .addColumn('community_path', pathType, (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('description', 'text', (c) => c.notNull())
    .addColumn('served_on', 'text', (c) => c.notNull())
    .addColumn('recorded_by', 'text')
    .addColumn('recorded_by_name', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('service_records_person').on('service_records').columns(['person_id', 'served_on']).execute();

  await db.schema
    .createTable('evaluations')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('registration_id', 'text', (c) => c.notNull().references('member_registrations.id'))
    .addColumn('person_id', 'text', (c) => c.notNull().references('persons.id'))
    .addColumn('side', 'text', (c) => c.notNull())
    .addColumn('year', 'integer', (c) => c.notNull())
    .addColumn('grade', 'text', (c) => c.notNull())
    .addColumn('comment', 'text')
    .addColumn('community_path', pathType, (c) => c.notNull())
    .addColumn('employer_org_id', 'text', (c) => c.notNull().references('organizations.id'))
    .addColumn('evaluator_user_id', 'text')
    .addColumn('evaluator_name', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addUniqueConstraint('evaluations_once', ['registration_id', 'side', 'year'])
    .execute();
  await db.schema.createIndex('evaluations_employer').on('evaluations').columns(['employer_org_id', 'year']).execute();

  await db.schema
    .createTable('evaluation_feedbacks')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('organization_id', 'text', (c) => c.notNull().references('organizations.id'))
    .addColumn('community_id', 'text', (c) => c.notNull().references('grids.id'))
    .addColumn('community_path', pathType, (c) => c.notNull())
    .addColumn('year', 'integer', (c) => c.notNull())
    .addColumn('content', 'text', (c) => c.notNull())
    .addColumn('member_count', 'integer', (c) => c.notNull())
    .addColumn('sent_by', 'text')
    .addColumn('sent_by_name', 'text')
    .addColumn('sent_at', 'text', (c) => c.notNull())
    .addColumn('acknowledged_at', 'text')
    .addColumn('acknowledged_by_name', 'text')
    .execute();
  await db.schema.createIndex('evaluation_feedbacks_org').on('evaluation_feedbacks').columns(['organization_id', 'year']).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const table of [
    'evaluation_feedbacks', 'evaluations', 'service_records', 'member_registrations', 'assessment_schemes', 'cobuild_milestones', 'cobuild_project_resources',
    'cobuild_projects', 'cobuild_resources', 'cobuild_needs', 'cobuild_reviews', 'cobuild_commitments', 'cobuild_agreements', 'org_registrations', 'organizations',
  ]) {
    await db.schema.dropTable(table).ifExists().execute();
  }
}
