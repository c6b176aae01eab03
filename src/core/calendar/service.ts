import type { Kysely } from 'kysely';
import { transaction, type Db } from '../../db/index.js';
import type { Database } from '../../db/schema.js';
import { requirePermission } from '../accounts/policy.js';
import { recordAudit } from '../audit/audit.js';
import type { AppContext } from '../context.js';
import { AppError, invalidField } from '../errors.js';
import type { Actor } from '../scope.js';
import { CALENDAR_VERSION_KEY, calendarRepository, WORKING_HOURS_KEY, type CalendarDayTable } from './repository.js';
import type { CalendarDayBody, DeadlineQuery } from './schemas.js';
import {
  addWorkingDays, addWorkingHours, CALENDAR_TIME_ZONE, coversRange, createBusinessCalendar, DEFAULT_WORKING_HOURS, isValidDate, isWeekend,
  localDateOf, workingHoursProblem, type BusinessCalendar, type CalendarDay, type WorkingHours,
} from './working-time.js';

/** A calendar row as the API and the arithmetic see it. */
export function toCalendarDay(row: CalendarDayTable): CalendarDay {
  return { date: row.date, kind: row.kind, name: row.name, note: row.note, isProvisional: Number(row.is_provisional) === 1 };
}

/** The stored working hours, or the default when the row is missing or unreadable (writes are validated). */
function parseWorkingHours(value: string | undefined): WorkingHours {
  if (!value) return DEFAULT_WORKING_HOURS;
  try {
    const parsed = JSON.parse(value) as WorkingHours;
    return workingHoursProblem(parsed) ? DEFAULT_WORKING_HOURS : { periods: parsed.periods.map((p) => ({ start: p.start, end: p.end })) };
  } catch {
    return DEFAULT_WORKING_HOURS;
  }
}

/** How long a process trusts its cached calendar before asking the database for the version again. */
const FRESHNESS_CHECK_MS = 2_000;

interface CachedCalendar {
  calendar?: BusinessCalendar;
  version: string;
  checkedAt: number;
  loading?: Promise<BusinessCalendar>;
}

const caches = new WeakMap<Kysely<Database>, CachedCalendar>();

function kyselyOf(db: Db | Kysely<Database>): Kysely<Database> {
  return 'kysely' in db ? db.kysely : db;
}

/**
 * The business calendar of this database, cached in the process. The cache is rebuilt when the
 * calendar version in `settings` moves (bumped by every edit, on any instance); the version is
 * read at most every two seconds, and at once after an edit made by this process. Pass the
 * root handle (`ctx.db`), not a transaction: the cache is kept per handle.
 */
export async function loadBusinessCalendar(db: Db | Kysely<Database>): Promise<BusinessCalendar> {
  const kysely = kyselyOf(db);
  let entry = caches.get(kysely);
  if (!entry) {
    entry = { version: '', checkedAt: 0 };
    caches.set(kysely, entry);
  }
  if (entry.calendar && Date.now() - entry.checkedAt < FRESHNESS_CHECK_MS) return entry.calendar;
  if (entry.loading) return entry.loading;
  const cached = entry;
  cached.loading = (async () => {
    const repo = calendarRepository(kysely);
    const version = (await repo.getSetting(CALENDAR_VERSION_KEY)) ?? '';
    if (!cached.calendar || version !== cached.version) {
      const [rows, hours] = await Promise.all([repo.listAll(), repo.getSetting(WORKING_HOURS_KEY)]);
      cached.calendar = createBusinessCalendar(rows.map(toCalendarDay), parseWorkingHours(hours));
      cached.version = version;
    }
    cached.checkedAt = Date.now();
    return cached.calendar;
  })().finally(() => {
    cached.loading = undefined;
  });
  return cached.loading;
}

/** Makes the next `loadBusinessCalendar` of this handle ask the database (after a write here). */
export function invalidateBusinessCalendar(db: Db | Kysely<Database>): void {
  const entry = caches.get(kyselyOf(db));
  if (entry) entry.checkedAt = 0;
}

/** Moves the calendar version inside the writer's transaction, so every instance reloads. */
async function bumpCalendarVersion(trx: Kysely<Database>, at: Date): Promise<void> {
  await calendarRepository(trx).putSetting(CALENDAR_VERSION_KEY, `${at.getTime()}-${Math.random().toString(36).slice(2, 8)}`);
}

/** A real date, or a 400 naming the field. */
function requireDate(date: string, field = 'date'): string {
  if (!isValidDate(date)) throw invalidField(field, 'invalidDate');
  return date;
}

export function calendarService(ctx: AppContext) {
  const repo = () => calendarRepository(ctx.db.kysely);

  return {
    /** One year of the calendar with the working hours; read fresh from the database. */
    async year(actor: Actor | undefined, year?: number) {
      requirePermission(actor, 'calendar.read');
      const selected = year ?? Number(localDateOf(ctx.clock.now()).slice(0, 4));
      const [rows, hours] = await Promise.all([repo().listYear(selected), repo().getSetting(WORKING_HOURS_KEY)]);
      return { year: selected, timeZone: CALENDAR_TIME_ZONE, workingHours: parseWorkingHours(hours), days: rows.map(toCalendarDay) };
    },

    /**
     * Sets one day: a `holiday` on a weekday, or a `workday` on a weekend day. The other two
     * combinations would change nothing and are refused, so the table only holds exceptions.
     */
    async putDay(actor: Actor | undefined, date: string, input: CalendarDayBody): Promise<CalendarDay> {
      requirePermission(actor, 'calendar.write');
      requireDate(date);
      if (input.kind === 'holiday' && isWeekend(date)) throw invalidField('kind', 'holidayOnWeekend', { date });
      if (input.kind === 'workday' && !isWeekend(date)) throw invalidField('kind', 'workdayOnWeekday', { date });
      const row: CalendarDayTable = { date, kind: input.kind, name: input.name, note: input.note ?? null, is_provisional: input.isProvisional ? 1 : 0 };
      const now = ctx.clock.now();
      await transaction(ctx.db, async (trx) => {
        const before = await calendarRepository(trx).findDay(date);
        await calendarRepository(trx).upsertDay(row);
        await bumpCalendarVersion(trx, now);
        await recordAudit(trx, actor, now, { action: 'calendar.day.put', recordType: 'calendarDay', recordId: date, details: { before: before ? toCalendarDay(before) : null, after: toCalendarDay(row) } });
      });
      invalidateBusinessCalendar(ctx.db);
      return toCalendarDay(row);
    },

    /** Removes a day's row: it becomes an ordinary weekday or weekend day again. */
    async deleteDay(actor: Actor | undefined, date: string): Promise<void> {
      requirePermission(actor, 'calendar.write');
      requireDate(date);
      const now = ctx.clock.now();
      await transaction(ctx.db, async (trx) => {
        const before = await calendarRepository(trx).findDay(date);
        if (!before) throw new AppError('notFound');
        await calendarRepository(trx).deleteDay(date);
        await bumpCalendarVersion(trx, now);
        await recordAudit(trx, actor, now, { action: 'calendar.day.delete', recordType: 'calendarDay', recordId: date, details: { before: toCalendarDay(before) } });
      });
      invalidateBusinessCalendar(ctx.db);
    },

    /** Replaces the working hours of every working day. Deadlines already stored keep their value. */
    async putWorkingHours(actor: Actor | undefined, input: WorkingHours): Promise<WorkingHours> {
      requirePermission(actor, 'calendar.write');
      const hours: WorkingHours = { periods: input.periods.map((p) => ({ start: p.start, end: p.end })) };
      const problem = workingHoursProblem(hours);
      if (problem) throw invalidField(problem.field, problem.reason);
      const now = ctx.clock.now();
      await transaction(ctx.db, async (trx) => {
        const before = await calendarRepository(trx).getSetting(WORKING_HOURS_KEY);
        await calendarRepository(trx).putSetting(WORKING_HOURS_KEY, JSON.stringify(hours));
        await bumpCalendarVersion(trx, now);
        await recordAudit(trx, actor, now, { action: 'calendar.workingHours.put', recordType: 'settings', recordId: WORKING_HOURS_KEY, details: { before: parseWorkingHours(before), after: hours } });
      });
      invalidateBusinessCalendar(ctx.db);
      return hours;
    },

    /** `hours` working hours or `days` working days after `start` (one of the two). */
    async deadline(actor: Actor | undefined, query: DeadlineQuery) {
      requirePermission(actor, 'calendar.read');
      const start = new Date(query.start);
      if (Number.isNaN(start.getTime())) throw invalidField('start', 'format');
      if ((query.hours === undefined) === (query.days === undefined)) throw invalidField('hours', 'hoursOrDays');
      const calendar = await loadBusinessCalendar(ctx.db);
      const deadline = query.days !== undefined ? addWorkingDays(calendar, start, query.days) : addWorkingHours(calendar, start, query.hours!);
      return { deadline: deadline.toISOString(), isCovered: coversRange(calendar, start, deadline) };
    },
  };
}

export type CalendarService = ReturnType<typeof calendarService>;
