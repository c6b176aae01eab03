import { sql, type Kysely } from 'kysely';

/**
 * Case roll-ups keyed (path, k, bucket) instead of (path, bucket, k): a read of a few keys over a
 * period is then one short range per path and key (about 100 rows for three years) where the
 * old order read every key of every bucket in the period (issue 7, `dashboard.kpis.10m`). On
 * SQLite the table becomes WITHOUT ROWID, so the primary key holds `n` and a read touches one
 * b-tree; on PostgreSQL the key includes `n` for index-only reads. Upserts naming the columns in
 * the old order (`on conflict (path, bucket, k)`) still match: both databases compare the sets.
 */
export async function up(db: Kysely<any>): Promise<void> {
  const isPg = db.getExecutor().adapter.constructor.name.toLowerCase().includes('postgres');
  if (isPg) {
    await sql`alter table case_rollups drop constraint case_rollups_pk`.execute(db);
    await sql`alter table case_rollups add constraint case_rollups_pk primary key (path, k, bucket) include (n)`.execute(db);
    return;
  }
  await sql`create table case_rollups_new (path text not null, k text not null, bucket text not null, n integer not null, constraint case_rollups_pk primary key (path, k, bucket)) without rowid`.execute(db);
  await sql`insert into case_rollups_new (path, k, bucket, n) select path, k, bucket, n from case_rollups order by path, k, bucket`.execute(db);
  await sql`drop table case_rollups`.execute(db);
  await sql`alter table case_rollups_new rename to case_rollups`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  const isPg = db.getExecutor().adapter.constructor.name.toLowerCase().includes('postgres');
  if (isPg) {
    await sql`alter table case_rollups drop constraint case_rollups_pk`.execute(db);
    await sql`alter table case_rollups add constraint case_rollups_pk primary key (path, bucket, k)`.execute(db);
    return;
  }
  await sql`create table case_rollups_old (path text not null, bucket text not null, k text not null, n integer not null, constraint case_rollups_pk primary key (path, bucket, k))`.execute(db);
  await sql`insert into case_rollups_old (path, bucket, k, n) select path, bucket, k, n from case_rollups`.execute(db);
  await sql`drop table case_rollups`.execute(db);
  await sql`alter table case_rollups_old rename to case_rollups`.execute(db);
}
