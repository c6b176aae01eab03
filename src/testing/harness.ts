import { sql } from 'kysely';
import { hashPassword } from '../core/accounts/service.js';
import { fixedClock } from '../core/clock.js';
import type { AppContext } from '../core/context.js';
import { GridLocator } from '../core/grids/locator.js';
import { createFieldCipher } from '../core/secrets.js';
import { migrate, openDb, type Db } from '../db/index.js';
import { buildApp } from '../server/app.js';
import { loadConfig } from '../server/config.js';
import type { App } from '../server/manifest.js';

/**
 * A fresh database for one test file: in-memory SQLite by default, or the PostgreSQL database
 * in DATABASE_URL (emptied first; files run one at a time there).
 */
export async function openTestDb(): Promise<Db> {
  const databaseUrl = process.env.DATABASE_URL;
  const db = openDb({ databaseUrl, sqliteFile: ':memory:' });
  if (databaseUrl) {
    await sql`drop schema if exists public cascade`.execute(db.kysely);
    await sql`create schema public`.execute(db.kysely);
  }
  await migrate(db);
  return db;
}

export interface TestHarness {
  ctx: AppContext;
  app: App;
  clock: ReturnType<typeof fixedClock>;
  /** Signs in and returns headers carrying a bearer token. */
  login(username: string, password?: string): Promise<Record<string, string>>;
  close(): Promise<void>;
}

export const TEST_PASSWORD = 'test-password-1';

export async function createHarness(): Promise<TestHarness> {
  const db = await openTestDb();
  const clock = fixedClock(new Date('2026-03-02T01:00:00Z'));
  const config = { ...loadConfig({}), dataDir: '/nonexistent', databaseUrl: process.env.DATABASE_URL };
  const ctx: AppContext = { db, clock, cipher: createFieldCipher('test-secret'), config, locator: new GridLocator(db.kysely) };
  const app = await buildApp(ctx, { logger: false, webDir: '/nonexistent' });
  await app.ready();
  return {
    ctx,
    app,
    clock,
    async login(username, password = TEST_PASSWORD) {
      const res = await app.inject({ method: 'POST', url: '/api/auth/login', payload: { username, password } });
      if (res.statusCode !== 200) throw new Error(`login ${username}: ${res.statusCode} ${res.body}`);
      return { authorization: `Bearer ${res.json().token}` };
    },
    async close() {
      await app.close();
      await db.close();
    },
  };
}

export { hashPassword };
