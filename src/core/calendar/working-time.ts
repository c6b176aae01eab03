/**
 * Working time on the business calendar (工作日历): pure functions over an in-memory calendar.
 *
 * Every time is a JS `Date` (a UTC instant) read on the wall clock of Asia/Shanghai, which is
 * UTC+08:00 all year (China has had no daylight saving time since 1991), so the arithmetic is a
 * fixed offset and needs no time-zone library.
 *
 * A working day is Monday to Friday, unless the calendar marks it a `holiday`, plus any weekend
 * day the calendar marks a `workday` (调休上班). Working time is the working hours (by default
 * 08:30–12:00 and 13:30–17:30) of working days; the lunch break, nights, weekends and holidays
 * do not count.
 */

/** The offset of Asia/Shanghai from UTC. */
const OFFSET_MS = 8 * 3_600_000;
const DAY_MS = 86_400_000;
const MINUTE_MS = 60_000;
/** Every search for the next working day gives up after this many days (a misconfigured calendar). */
const MAX_SCAN_DAYS = 3_660;

export const CALENDAR_TIME_ZONE = 'Asia/Shanghai' as const;

export type CalendarDayKind = 'holiday' | 'workday';

/** A day that differs from the Monday-to-Friday week. */
export interface CalendarDay {
  /** Local date in Asia/Shanghai, `YYYY-MM-DD`. */
  date: string;
  /** `holiday`: a weekday off; `workday`: a weekend day worked (调休上班). */
  kind: CalendarDayKind;
  /** The holiday it belongs to, e.g. 春节. */
  name: string;
  note: string | null;
  /** Derived by gridgov rather than taken from a State Council notice. */
  isProvisional: boolean;
}

/** One stretch of working time within a day, as local `HH:MM` in Asia/Shanghai. */
export interface WorkingPeriod {
  start: string;
  end: string;
}

/** The working hours of every working day: periods in order, not overlapping. */
export interface WorkingHours {
  periods: WorkingPeriod[];
}

/** Chinese government offices: 08:30–12:00 and 13:30–17:30, 7.5 hours a day. */
export const DEFAULT_WORKING_HOURS: WorkingHours = {
  periods: [
    { start: '08:30', end: '12:00' },
    { start: '13:30', end: '17:30' },
  ],
};

/** A calendar ready for arithmetic. Build it with `createBusinessCalendar`; treat it as read-only. */
export interface BusinessCalendar {
  readonly workingHours: WorkingHours;
  /** Days that differ from Monday to Friday, by date. */
  readonly days: ReadonlyMap<string, CalendarDay>;
  /** Years with at least one row: outside them every Monday to Friday counts as working. */
  readonly years: ReadonlySet<number>;
  /** The working periods as milliseconds after local midnight. */
  readonly periodsMs: readonly (readonly [start: number, end: number])[];
  /** Working time in one working day (27,000,000 ms = 7.5 h by default). */
  readonly workingDayMs: number;
}

const HHMM = /^([01]\d|2[0-3]):([0-5]\d)$/;

function minutesOf(hhmm: string): number | undefined {
  const m = HHMM.exec(hhmm);
  return m ? Number(m[1]) * 60 + Number(m[2]) : undefined;
}

/**
 * Why a set of working hours cannot be used, or undefined when it can: `field` points into the
 * value (`periods/1/end`) and `reason` is a locale key under `reasons.`.
 */
export function workingHoursProblem(hours: WorkingHours): { field: string; reason: string } | undefined {
  if (!Array.isArray(hours.periods) || hours.periods.length === 0) return { field: 'periods', reason: 'required' };
  let previousEnd = -1;
  for (const [i, period] of hours.periods.entries()) {
    const start = minutesOf(period.start);
    const end = minutesOf(period.end);
    if (start === undefined) return { field: `periods/${i}/start`, reason: 'timeOfDay' };
    if (end === undefined) return { field: `periods/${i}/end`, reason: 'timeOfDay' };
    if (end <= start) return { field: `periods/${i}/end`, reason: 'periodEndBeforeStart' };
    if (start < previousEnd) return { field: `periods/${i}/start`, reason: 'periodOverlap' };
    previousEnd = end;
  }
  return undefined;
}

/** Builds the in-memory calendar from its rows and working hours; throws on invalid hours. */
export function createBusinessCalendar(days: Iterable<CalendarDay>, workingHours: WorkingHours = DEFAULT_WORKING_HOURS): BusinessCalendar {
  const problem = workingHoursProblem(workingHours);
  if (problem) throw new RangeError(`invalid working hours: ${problem.field} ${problem.reason}`);
  const byDate = new Map<string, CalendarDay>();
  const years = new Set<number>();
  for (const day of days) {
    if (localDayIndex(day.date) === undefined) throw new RangeError(`invalid calendar date: ${day.date}`);
    byDate.set(day.date, day);
    years.add(Number(day.date.slice(0, 4)));
  }
  const periodsMs = workingHours.periods.map((p) => [minutesOf(p.start)! * MINUTE_MS, minutesOf(p.end)! * MINUTE_MS] as const);
  return {
    workingHours: { periods: workingHours.periods.map((p) => ({ ...p })) },
    days: byDate,
    years,
    periodsMs,
    workingDayMs: periodsMs.reduce((sum, [start, end]) => sum + end - start, 0),
  };
}

// Days are counted as whole local days since 1970-01-01 (a Thursday) in Asia/Shanghai.

function dayIndexOfInstant(t: number): number {
  return Math.floor((t + OFFSET_MS) / DAY_MS);
}

function instantOf(dayIndex: number, msOfDay: number): number {
  return dayIndex * DAY_MS - OFFSET_MS + msOfDay;
}

function dateOfDayIndex(dayIndex: number): string {
  return new Date(dayIndex * DAY_MS).toISOString().slice(0, 10);
}

/** The day index of a real calendar date `YYYY-MM-DD`, or undefined (2026-02-30 is not one). */
function localDayIndex(date: string): number | undefined {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(date)) return undefined;
  const t = Date.parse(`${date}T00:00:00Z`);
  if (Number.isNaN(t) || new Date(t).toISOString().slice(0, 10) !== date) return undefined;
  return t / DAY_MS;
}

/** Whether a string is a real date written `YYYY-MM-DD`. */
export function isValidDate(date: string): boolean {
  return localDayIndex(date) !== undefined;
}

/** The local date (`YYYY-MM-DD`) of an instant in Asia/Shanghai. */
export function localDateOf(at: Date): string {
  return dateOfDayIndex(dayIndexOfInstant(at.getTime()));
}

/** 0 = Sunday … 6 = Saturday, for a local date or an instant read in Asia/Shanghai. */
export function weekdayOf(date: string | Date): number {
  const index = typeof date === 'string' ? requireDayIndex(date) : dayIndexOfInstant(date.getTime());
  return (((index + 4) % 7) + 7) % 7;
}

/** Saturday or Sunday. */
export function isWeekend(date: string | Date): boolean {
  const weekday = weekdayOf(date);
  return weekday === 0 || weekday === 6;
}

function requireDayIndex(date: string): number {
  const index = localDayIndex(date);
  if (index === undefined) throw new RangeError(`invalid date: ${date}`);
  return index;
}

function isWorkingDayIndex(calendar: BusinessCalendar, dayIndex: number): boolean {
  const row = calendar.days.get(dateOfDayIndex(dayIndex));
  if (row) return row.kind === 'workday';
  const weekday = (((dayIndex + 4) % 7) + 7) % 7;
  return weekday >= 1 && weekday <= 5;
}

/**
 * Whether a day is a working day: Monday to Friday unless marked a holiday, or a weekend day
 * marked a make-up workday. A `Date` is read as its local date in Asia/Shanghai.
 */
export function isWorkingDay(calendar: BusinessCalendar, date: string | Date): boolean {
  const index = typeof date === 'string' ? requireDayIndex(date) : dayIndexOfInstant(date.getTime());
  return isWorkingDayIndex(calendar, index);
}

/** The calendar row of a day, if it differs from Monday to Friday. */
export function calendarDayOf(calendar: BusinessCalendar, date: string | Date): CalendarDay | undefined {
  return calendar.days.get(typeof date === 'string' ? date : localDateOf(date));
}

/**
 * Whether the calendar has data for every year from `from` to `to` (local years). Outside the
 * covered years holidays are unknown and only weekends are days off, so a deadline computed
 * there may be early; callers can warn.
 */
export function coversRange(calendar: BusinessCalendar, from: Date, to: Date): boolean {
  const first = Number(localDateOf(from).slice(0, 4));
  const last = Number(localDateOf(to).slice(0, 4));
  for (let year = Math.min(first, last); year <= Math.max(first, last); year++) if (!calendar.years.has(year)) return false;
  return true;
}

/** Whether an instant is inside working time (a period's start is inside, its end is not). */
export function isWorkingTime(calendar: BusinessCalendar, at: Date): boolean {
  return nextWorkingMoment(calendar, at).getTime() === at.getTime();
}

/**
 * The instant itself when it is inside working time, otherwise the start of the next working
 * period (after lunch, the next morning, or the first working day after a weekend or holiday).
 */
export function nextWorkingMoment(calendar: BusinessCalendar, at: Date): Date {
  const t = at.getTime();
  if (!Number.isFinite(t)) throw new RangeError('invalid date');
  let dayIndex = dayIndexOfInstant(t);
  let msOfDay = t + OFFSET_MS - dayIndex * DAY_MS;
  for (let scanned = 0; scanned < MAX_SCAN_DAYS; scanned++, dayIndex++, msOfDay = 0) {
    if (!isWorkingDayIndex(calendar, dayIndex)) continue;
    for (const [start, end] of calendar.periodsMs) {
      if (msOfDay < end) return new Date(instantOf(dayIndex, Math.max(start, msOfDay)));
    }
  }
  throw new RangeError(`no working day within ${MAX_SCAN_DAYS} days of ${at.toISOString()}`);
}

function requireNonNegative(value: number, name: string, integer: boolean): void {
  if (!Number.isFinite(value) || value < 0 || (integer && !Number.isInteger(value))) {
    throw new RangeError(`${name} must be a non-negative ${integer ? 'integer' : 'number'}: ${value}`);
  }
}

/**
 * The instant `hours` of working time after `start`. Counting begins at the next working moment
 * when `start` is outside working time. When the time runs out exactly at the end of a period
 * the result is that end (12:00 or 17:30), not the start of the next one: a deadline is the
 * earliest instant by which that much working time has passed. Hours are rounded to the
 * millisecond; `hours = 0` gives `nextWorkingMoment(start)`.
 */
export function addWorkingHours(calendar: BusinessCalendar, start: Date, hours: number): Date {
  requireNonNegative(hours, 'hours', false);
  let remaining = Math.round(hours * 3_600_000);
  let t = nextWorkingMoment(calendar, start).getTime();
  for (;;) {
    const dayIndex = dayIndexOfInstant(t);
    const msOfDay = t + OFFSET_MS - dayIndex * DAY_MS;
    const [, end] = calendar.periodsMs.find(([s, e]) => s <= msOfDay && msOfDay < e)!;
    const available = end - msOfDay;
    if (remaining <= available) return new Date(t + remaining);
    remaining -= available;
    t = nextWorkingMoment(calendar, new Date(instantOf(dayIndex, end))).getTime();
  }
}

/**
 * The instant `days` working days after `start`, always exactly `days` × the working-day length
 * of working time later (`workingMsBetween(start, result) === days * workingDayMs`):
 *
 * - `start` inside working time: the same local time of day on the `days`-th working day after
 *   the start's day (Tuesday 10:00 + 1 → Wednesday 10:00; across 国庆 2025, 30 September 16:00
 *   + 1 → 9 October 16:00).
 * - `start` during a break between periods (lunch): as if it arrived when the next period opens
 *   (Tuesday 12:30 + 1 → Wednesday 13:30).
 * - `start` before the day's first period, after its last, or on a day off: the close of the
 *   `days`-th working day, counting the first working day that opens after `start` as the first
 *   (Friday 20:00 + 1 → Monday 17:30; Tuesday 07:00 + 1 → Tuesday 17:30), i.e. "within N
 *   working days" ends when the Nth full working day ends.
 *
 * `days = 0` gives `nextWorkingMoment(start)`. Only whole days: use hours for fractions.
 */
export function addWorkingDays(calendar: BusinessCalendar, start: Date, days: number): Date {
  requireNonNegative(days, 'days', true);
  const next = nextWorkingMoment(calendar, start);
  if (days === 0) return next;
  const startDay = dayIndexOfInstant(start.getTime());
  let dayIndex = dayIndexOfInstant(next.getTime());
  const msOfDay = next.getTime() + OFFSET_MS - dayIndex * DAY_MS;
  const firstOpening = calendar.periodsMs[0][0];
  const isInsideOrBreak = dayIndex === startDay && start.getTime() + OFFSET_MS - startDay * DAY_MS >= firstOpening;
  let counted = isInsideOrBreak ? 0 : 1;
  let daysOff = 0;
  while (counted < days) {
    dayIndex++;
    if (isWorkingDayIndex(calendar, dayIndex)) {
      counted++;
      daysOff = 0;
    } else if (++daysOff > MAX_SCAN_DAYS) {
      throw new RangeError(`no working day within ${MAX_SCAN_DAYS} days`);
    }
  }
  const lastClose = calendar.periodsMs[calendar.periodsMs.length - 1][1];
  return new Date(instantOf(dayIndex, isInsideOrBreak ? msOfDay : lastClose));
}

/**
 * Working time between two instants, in milliseconds: the part of [a, b] that falls in working
 * periods of working days. Negative when `b` is before `a`, so `workingMsBetween(deadline, now)`
 * is how far past its deadline a case is (positive) or how much working time it has left
 * (negative).
 */
export function workingMsBetween(calendar: BusinessCalendar, a: Date, b: Date): number {
  const from = a.getTime();
  const to = b.getTime();
  if (!Number.isFinite(from) || !Number.isFinite(to)) throw new RangeError('invalid date');
  if (to < from) return -workingMsBetween(calendar, b, a);
  let total = 0;
  for (let dayIndex = dayIndexOfInstant(from); dayIndex <= dayIndexOfInstant(to); dayIndex++) {
    if (!isWorkingDayIndex(calendar, dayIndex)) continue;
    for (const [start, end] of calendar.periodsMs) {
      const overlap = Math.min(instantOf(dayIndex, end), to) - Math.max(instantOf(dayIndex, start), from);
      if (overlap > 0) total += overlap;
    }
  }
  return total;
}
