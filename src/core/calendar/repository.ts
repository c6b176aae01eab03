import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.js';
import type { CalendarDayKind } from './working-time.js';

/** `calendar_days` (migration 0002-calendar): the days that differ from Monday to Friday. */
export interface CalendarDayTable {
  /** Local date in Asia/Shanghai, `YYYY-MM-DD`. */
  date: string;
  kind: CalendarDayKind;
  name: string;
  note: string | null;
  /** 1 when gridgov derived the day rather than a State Council notice stating it. */
  is_provisional: number;
}

/** The calendar's own tables, for `Database` to extend (a type alias: `withTables` needs an index signature). */
export type CalendarTables = {
  calendar_days: CalendarDayTable;
};

/** `settings` key holding the working hours as JSON (`{"periods":[{"start":"08:30","end":"12:00"},…]}`). */
export const WORKING_HOURS_KEY = 'calendar.workingHours';
/** `settings` key bumped on every calendar edit, so every instance reloads its cached calendar. */
export const CALENDAR_VERSION_KEY = 'calendar.version';

/** SQL for the business calendar. The calendar is global: there is no scope to filter by. */
export function calendarRepository(root: Kysely<Database>) {
  const db = root;
  return {
    /** Every row, in date order (a few dozen a year). */
    listAll() {
      return db.selectFrom('calendar_days').selectAll().orderBy('date').execute();
    },
    listYear(year: number) {
      return db.selectFrom('calendar_days').selectAll().where('date', '>=', `${year}-01-01`).where('date', '<=', `${year}-12-31`).orderBy('date').execute();
    },
    findDay(date: string) {
      return db.selectFrom('calendar_days').selectAll().where('date', '=', date).executeTakeFirst();
    },
    async upsertDay(row: CalendarDayTable): Promise<void> {
      await db
        .insertInto('calendar_days')
        .values(row)
        .onConflict((oc) => oc.column('date').doUpdateSet({ kind: row.kind, name: row.name, note: row.note, is_provisional: row.is_provisional }))
        .execute();
    },
    async deleteDay(date: string): Promise<boolean> {
      const result = await db.deleteFrom('calendar_days').where('date', '=', date).executeTakeFirst();
      return Number(result.numDeletedRows) > 0;
    },
    async getSetting(key: string): Promise<string | undefined> {
      return (await db.selectFrom('settings').select('value').where('key', '=', key).executeTakeFirst())?.value;
    },
    async putSetting(key: string, value: string): Promise<void> {
      await db.insertInto('settings').values({ key, value }).onConflict((oc) => oc.column('key').doUpdateSet({ value })).execute();
    },
  };
}

export type CalendarRepository = ReturnType<typeof calendarRepository>;
