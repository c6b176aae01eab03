import { sql, type Kysely } from 'kysely';

/**
 * On SQLite the case roll-ups become a WITHOUT ROWID table: rows are stored in primary-key order
 * (path, bucket, k), so an upsert touches one B-tree instead of a table and its key index, and a
 * read of one path over a bucket range is one contiguous run of pages. PostgreSQL keeps its heap
 * and primary-key index (nothing to do).
 */
export async function up(db: Kysely<any>): Promise<void> {
  const isPg = db.getExecutor().adapter.constructor.name.toLowerCase().includes('postgres');
  if (isPg) return;
  await sql`create table case_rollups_clustered (path text not null, bucket text not null, k text not null, n integer not null, primary key (path, bucket, k)) without rowid`.execute(db);
  await sql`insert into case_rollups_clustered (path, bucket, k, n) select path, bucket, k, n from case_rollups`.execute(db);
  await sql`drop table case_rollups`.execute(db);
  await sql`alter table case_rollups_clustered rename to case_rollups`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  const isPg = db.getExecutor().adapter.constructor.name.toLowerCase().includes('postgres');
  if (isPg) return;
  await sql`create table case_rollups_rowid (path text not null, bucket text not null, k text not null, n integer not null, constraint case_rollups_pk primary key (path, bucket, k))`.execute(db);
  await sql`insert into case_rollups_rowid (path, bucket, k, n) select path, bucket, k, n from case_rollups`.execute(db);
  await sql`drop table case_rollups`.execute(db);
  await sql`alter table case_rollups_rowid rename to case_rollups`.execute(db);
}
