import type { Migration } from 'kysely';
import * as foundation from './0001-foundation.js';
import * as calendar from './0002-calendar.js';
import * as cases from './0003-cases.js';

/** Every migration, in order. One set serves SQLite and PostgreSQL. */
export const migrations: Record<string, Migration> = {
  '0001-foundation': foundation,
  '0002-calendar': calendar,
  '0003-cases': cases,
};
