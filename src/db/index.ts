import fs from 'node:fs';
import path from 'node:path';
import SqliteDatabase from 'better-sqlite3';
import { Kysely, Migrator, PostgresDialect, SqliteDialect, type MigrationProvider } from 'kysely';
import pg from 'pg';
import type { Database } from './schema.js';
import { migrations } from './migrations/index.js';

export type Dialect = 'sqlite' | 'postgres';

/** The database handle every service receives. */
export interface Db {
  kysely: Kysely<Database>;
  dialect: Dialect;
  /** The raw better-sqlite3 handle (SQLite only): for backups and prepared hot paths. */
  sqlite?: SqliteDatabase.Database;
  /** Where the SQLite file lives, or `:memory:`. */
  file?: string;
  close(): Promise<void>;
}

export interface OpenDbOptions {
  databaseUrl?: string;
  /** SQLite file; `:memory:` for throwaway tests. */
  sqliteFile?: string;
}

// PostgreSQL returns bigint counts as strings; every count here fits in a JS number.
pg.types.setTypeParser(20, (value) => Number(value));

export function openDb(options: OpenDbOptions): Db {
  if (options.databaseUrl) {
    const pool = new pg.Pool({ connectionString: options.databaseUrl, max: 10 });
    const kysely = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
    return { kysely, dialect: 'postgres', close: () => kysely.destroy() };
  }
  const file = options.sqliteFile ?? ':memory:';
  if (file !== ':memory:') fs.mkdirSync(path.dirname(file), { recursive: true });
  const sqlite = new SqliteDatabase(file);
  sqlite.pragma('journal_mode = WAL');
  // An acknowledged write must survive power loss.
  sqlite.pragma('synchronous = FULL');
  sqlite.pragma('foreign_keys = ON');
  sqlite.pragma('busy_timeout = 5000');
  // The default page cache (2 MB) holds little of the case indexes and roll-ups; 64 MB keeps the hot pages in memory.
  sqlite.pragma('cache_size = -65536');
  const kysely = new Kysely<Database>({ dialect: new SqliteDialect({ database: withStatementCache(sqlite) }) });
  return { kysely, dialect: 'sqlite', sqlite, file, close: () => kysely.destroy() };
}

/** Distinct SQL texts kept prepared per SQLite connection (least recently used dropped first). */
const STATEMENT_CACHE_SIZE = 1000;

/**
 * The better-sqlite3 handle as Kysely's SQLite driver sees it, with its statements prepared once
 * per SQL text: the driver prepares every statement on every call, which often costs more than
 * running it. A statement still being iterated (a streamed query) is never handed out again: a
 * fresh one is prepared instead.
 */
export function withStatementCache(sqlite: SqliteDatabase.Database): Pick<SqliteDatabase.Database, 'prepare' | 'close'> {
  const cache = new Map<string, SqliteDatabase.Statement>();
  return {
    close: () => sqlite.close(),
    prepare(text: string) {
      const cached = cache.get(text);
      if (cached && !cached.busy) {
        // Most recently used last, so the first key is the one to drop.
        cache.delete(text);
        cache.set(text, cached);
        return cached;
      }
      const statement = sqlite.prepare(text);
      if (!cached) {
        cache.set(text, statement);
        if (cache.size > STATEMENT_CACHE_SIZE) cache.delete(cache.keys().next().value!);
      }
      return statement;
    },
  } as Pick<SqliteDatabase.Database, 'prepare' | 'close'>;
}

const provider: MigrationProvider = { getMigrations: async () => migrations };

/** Applies every pending migration; returns the names applied. */
export async function migrate(db: Db): Promise<string[]> {
  const migrator = new Migrator({ db: db.kysely, provider, migrationTableName: 'gridgov_migrations', migrationLockTableName: 'gridgov_migrations_lock' });
  const { error, results } = await migrator.migrateToLatest();
  if (error) throw error;
  return (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName);
}

/** Runs `fn` in one transaction: every write of one command commits together or not at all. */
export function transaction<T>(db: Db, fn: (trx: Kysely<Database>) => Promise<T>): Promise<T> {
  return db.kysely.transaction().execute(fn);
}
