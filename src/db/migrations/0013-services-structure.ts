import type { Kysely } from 'kysely';

const archivable = ['service_departments', 'service_teams', 'service_points', 'service_categories', 'service_items'] as const;

/**
 * Editing the service alliance: departments, teams, points, categories and items are archived
 * rather than deleted (old bookings keep pointing at them), and an item states how long it takes.
 */
export async function up(db: Kysely<any>): Promise<void> {
  for (const table of archivable) await db.schema.alterTable(table).addColumn('archived_at', 'text').execute();
  await db.schema.alterTable('service_items').addColumn('duration_minutes', 'integer').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('service_items').dropColumn('duration_minutes').execute();
  for (const table of archivable) await db.schema.alterTable(table).dropColumn('archived_at').execute();
}
