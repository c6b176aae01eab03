import path from 'node:path';
import { systemClock, type Clock } from '../core/clock.js';
import type { AppContext } from '../core/context.js';
import { GridLocator } from '../core/grids/locator.js';
import { createFieldCipher, resolveMasterSecret } from '../core/secrets.js';
import { migrate, openDb } from '../db/index.js';
import type { Config } from './config.js';

/**
 * Opens the database named by the configuration (PostgreSQL when DATABASE_URL is set, else
 * `$DATA_DIR/gridgov.db`), applies pending migrations and assembles the shared context.
 */
export async function createContext(config: Config, options: { clock?: Clock; sqliteFile?: string; log?: (line: string) => void } = {}): Promise<AppContext> {
  const db = openDb({ databaseUrl: config.databaseUrl, sqliteFile: options.sqliteFile ?? path.join(config.dataDir, 'gridgov.db') });
  const applied = await migrate(db);
  if (applied.length) options.log?.(`migrations applied: ${applied.join(', ')}`);
  const cipher = createFieldCipher(resolveMasterSecret(config.secret, config.dataDir));
  return { db, clock: options.clock ?? systemClock, cipher, config, locator: new GridLocator(db.kysely) };
}
