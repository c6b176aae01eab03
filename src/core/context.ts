import type { Db } from '../db/index.js';
import type { Config } from '../server/config.js';
import type { Clock } from './clock.js';
import type { FieldCipher } from './secrets.js';
import type { GridLocator } from './grids/locator.js';

/** What every service receives: the database, a clock, the field cipher and shared in-memory state. */
export interface AppContext {
  db: Db;
  clock: Clock;
  cipher: FieldCipher;
  config: Config;
  locator: GridLocator;
}
