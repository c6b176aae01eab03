import { sql, type Kysely } from 'kysely';

/**
 * 响应率 judged in time (issue 7): a case keeps the acceptance deadline it was registered under
 * (`response_due_at`, fixed at intake) and when it was first answered (`responded_at`: accepted,
 * rejected or merged, whichever came first). Existing cases: answered when accepted (or when last
 * changed, if rejected or merged unaccepted), no deadline known (answered in time once answered).
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('cases').addColumn('response_due_at', 'text').execute();
  await db.schema.alterTable('cases').addColumn('responded_at', 'text').execute();
  await sql`update cases set responded_at = coalesce(accepted_at, case when state in ('rejected', 'merged') then updated_at end)`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('cases').dropColumn('responded_at').execute();
  await db.schema.alterTable('cases').dropColumn('response_due_at').execute();
}
