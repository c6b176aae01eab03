import { sql, type Kysely } from 'kysely';
import { calendarRowsOfYears } from '../../core/calendar/holidays.js';

/** The years whose holidays this migration ships; a later year comes with its own migration. */
const SEEDED_YEARS = [2025, 2026, 2027];

/** Working hours of Chinese government offices, Asia/Shanghai local time. */
const DEFAULT_WORKING_HOURS = { periods: [{ start: '08:30', end: '12:00' }, { start: '13:30', end: '17:30' }] };

/**
 * The business calendar: the days that differ from Monday to Friday (public holidays on weekdays,
 * make-up workdays on weekends) with the 2025–2027 notices as seed data, and the working hours
 * as a `settings` row. Dates are local `YYYY-MM-DD` text, so a year is a range scan in both
 * dialects.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('calendar_days')
    .addColumn('date', 'text', (c) => c.primaryKey())
    .addColumn('kind', 'text', (c) => c.notNull().check(sql`kind in ('holiday', 'workday')`))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('note', 'text')
    .addColumn('is_provisional', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();

  const rows = calendarRowsOfYears(SEEDED_YEARS).map((r) => ({ date: r.date, kind: r.kind, name: r.name, note: r.note, is_provisional: r.isProvisional ? 1 : 0 }));
  await db.insertInto('calendar_days').values(rows).execute();
  await db
    .insertInto('settings')
    .values([
      { key: 'calendar.workingHours', value: JSON.stringify(DEFAULT_WORKING_HOURS) },
      { key: 'calendar.version', value: '0002-calendar' },
    ])
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.deleteFrom('settings').where('key', 'in', ['calendar.workingHours', 'calendar.version']).execute();
  await db.schema.dropTable('calendar_days').ifExists().execute();
}
