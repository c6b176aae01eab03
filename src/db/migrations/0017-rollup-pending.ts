import { sql, type Kysely } from 'kysely';

/**
 * Roll-up counts waiting to be added to `case_rollups` (issue 3, `case.intake`). The SQLite
 * intake's group commit appends its summed counts here — a few pages at the end of one table —
 * instead of updating about a hundred counters spread over as many pages of `case_rollups` for
 * every group; the counts are added to `case_rollups` in bulk about once a second. Readers add
 * both tables, so a count is seen from the commit of its case on. No key and no index: rows are
 * only appended, read whole (a few thousand at most) and deleted whole.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`create table case_rollup_pending (path text not null, k text not null, bucket text not null, n integer not null)`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop table case_rollup_pending`.execute(db);
}
