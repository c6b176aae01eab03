import { describe, expect, it } from 'vitest';
import { calendarRowsOfYears } from './holidays.js';
import {
  addWorkingDays, addWorkingHours, coversRange, createBusinessCalendar, isWorkingDay, isWorkingTime, nextWorkingMoment, workingMsBetween,
  type BusinessCalendar,
} from './working-time.js';

const calendar = createBusinessCalendar(calendarRowsOfYears([2025, 2026, 2027]));
const HOUR = 3_600_000;

/** A wall-clock time in Asia/Shanghai: `2025-09-30 16:00`. */
const at = (local: string) => new Date(`${local.replace(' ', 'T')}:00+08:00`);
/** An instant back on the Shanghai wall clock, `YYYY-MM-DD HH:MM`. */
const local = (d: Date) => new Date(d.getTime() + 8 * HOUR).toISOString().slice(0, 16).replace('T', ' ');

describe('isWorkingDay', () => {
  it.each([
    ['2026-03-06', true, 'an ordinary Friday'],
    ['2026-03-07', false, 'an ordinary Saturday'],
    ['2025-10-08', false, 'a weekday inside 国庆'],
    ['2025-10-09', true, 'the first day back after 国庆'],
    ['2025-09-28', true, 'a make-up Sunday before 国庆'],
    ['2025-10-11', true, 'a make-up Saturday after 国庆'],
    ['2025-10-12', false, 'the Sunday after that'],
    ['2026-01-04', true, 'the make-up Sunday after 元旦 2026'],
    ['2026-02-14', true, 'the make-up Saturday before 春节 2026'],
    ['2026-02-23', false, '正月初七 2026, a Monday'],
    ['2027-02-13', true, 'a provisional make-up Saturday in 2027'],
    ['2028-01-03', true, 'a Monday in a year without data'],
  ])('%s → %s (%s)', (date, expected) => {
    expect(isWorkingDay(calendar, date)).toBe(expected);
  });

  it('reads an instant on the Shanghai wall clock, not in UTC', () => {
    // 2025-10-08 23:30 UTC is already 9 October in Shanghai.
    expect(isWorkingDay(calendar, new Date('2025-10-08T23:30:00Z'))).toBe(true);
    expect(isWorkingDay(calendar, new Date('2025-10-08T15:59:00Z'))).toBe(false);
  });

  it('counts weekdays minus the 13 statutory days as the working days of each year', () => {
    for (const [year, weekdays] of [[2025, 261], [2026, 261], [2027, 261]] as const) {
      let working = 0;
      for (let t = Date.parse(`${year}-01-01`); t < Date.parse(`${year + 1}-01-01`); t += 24 * HOUR) {
        if (isWorkingDay(calendar, new Date(t).toISOString().slice(0, 10))) working++;
      }
      expect(`${year}: ${working}`).toBe(`${year}: ${weekdays - 13}`);
    }
  });

  it('refuses a date that does not exist', () => {
    expect(() => isWorkingDay(calendar, '2026-02-30')).toThrow(RangeError);
  });
});

describe('nextWorkingMoment', () => {
  it.each([
    ['2026-03-03 10:00', '2026-03-03 10:00', 'inside the morning'],
    ['2026-03-03 08:30', '2026-03-03 08:30', 'at opening'],
    ['2026-03-03 08:29', '2026-03-03 08:30', 'just before opening'],
    ['2026-03-03 12:00', '2026-03-03 13:30', 'at the start of lunch'],
    ['2026-03-03 17:30', '2026-03-04 08:30', 'at closing'],
    ['2026-03-06 19:00', '2026-03-09 08:30', 'Friday evening'],
    ['2025-10-01 09:00', '2025-10-09 08:30', 'on a holiday'],
    ['2025-09-27 23:00', '2025-09-28 08:30', 'before a make-up Sunday'],
  ])('%s → %s (%s)', (start, expected) => {
    expect(local(nextWorkingMoment(calendar, at(start)))).toBe(expected);
  });

  it('treats a period start as working time and its end as not', () => {
    expect(isWorkingTime(calendar, at('2026-03-03 13:30'))).toBe(true);
    expect(isWorkingTime(calendar, at('2026-03-03 12:00'))).toBe(false);
  });
});

describe('addWorkingHours', () => {
  it.each([
    ['2026-03-06 16:00', 4, '2026-03-09 11:00', 'Friday afternoon over the weekend'],
    ['2026-03-06 16:00', 6, '2026-03-09 14:30', 'over the weekend and Monday lunch'],
    ['2026-03-03 11:00', 2, '2026-03-03 14:30', 'over lunch'],
    ['2026-03-03 10:00', 2, '2026-03-03 12:00', 'ending exactly at noon stays at noon'],
    ['2026-03-03 15:30', 2, '2026-03-03 17:30', 'ending exactly at closing stays at closing'],
    ['2026-03-03 12:15', 1, '2026-03-03 14:30', 'starting in the lunch break'],
    ['2026-03-03 20:00', 1, '2026-03-04 09:30', 'starting at night'],
    ['2026-03-03 10:00', 0.25, '2026-03-03 10:15', 'a quarter of an hour'],
    ['2026-03-07 10:00', 0, '2026-03-09 08:30', 'zero hours from a Saturday is the next opening'],
    ['2025-10-03 10:00', 1, '2025-10-09 09:30', 'starting on a holiday'],
    ['2025-09-30 16:00', 7.5, '2025-10-09 16:00', 'across 国庆 2025'],
    ['2025-09-26 17:00', 1, '2025-09-28 09:00', 'onto the make-up Sunday 2025-09-28'],
    ['2025-01-27 17:00', 1, '2025-02-05 09:00', 'across 春节 2025'],
    ['2026-02-13 16:00', 4, '2026-02-14 11:00', 'onto the make-up Saturday before 春节 2026'],
    ['2026-02-14 16:00', 4, '2026-02-24 11:00', 'across 春节 2026'],
    ['2025-12-31 16:00', 4, '2026-01-04 11:00', 'New Year’s Eve 2025 onto the make-up Sunday'],
    ['2026-12-31 16:00', 4, '2027-01-04 11:00', 'New Year’s Eve 2026 into 2027'],
    ['2026-03-02 08:30', 75, '2026-03-13 17:30', 'ten working days'],
  ])('%s + %s h → %s (%s)', (start, hours, expected) => {
    expect(local(addWorkingHours(calendar, at(start), hours))).toBe(expected);
  });

  it('refuses negative or non-finite hours', () => {
    expect(() => addWorkingHours(calendar, at('2026-03-03 10:00'), -1)).toThrow(RangeError);
    expect(() => addWorkingHours(calendar, at('2026-03-03 10:00'), Number.NaN)).toThrow(RangeError);
  });
});

describe('addWorkingDays', () => {
  it.each([
    ['2026-03-03 10:00', 1, '2026-03-04 10:00', 'inside hours: same time the next working day'],
    ['2026-03-03 08:30', 1, '2026-03-04 08:30', 'at opening: same time the next working day'],
    ['2025-09-30 16:00', 1, '2025-10-09 16:00', 'across 国庆 2025'],
    ['2026-03-03 12:30', 1, '2026-03-04 13:30', 'in the lunch break: from the afternoon opening'],
    ['2026-03-06 20:00', 1, '2026-03-09 17:30', 'Friday evening: close of Monday'],
    ['2026-03-03 07:00', 1, '2026-03-03 17:30', 'before opening: close of the same day'],
    ['2026-03-03 17:30', 2, '2026-03-05 17:30', 'at closing: close of the second following day'],
    ['2025-09-27 10:00', 1, '2025-09-28 17:30', 'a Saturday off: close of the make-up Sunday'],
    ['2026-02-13 10:00', 2, '2026-02-24 10:00', 'over the make-up Saturday and 春节 2026'],
    ['2026-09-30 09:00', 5, '2026-10-13 09:00', 'across 国庆 2026 with its make-up Saturday'],
    ['2026-12-30 15:00', 3, '2027-01-05 15:00', 'across the year boundary'],
    ['2025-10-05 10:00', 0, '2025-10-09 08:30', 'zero days from a holiday is the next opening'],
  ])('%s + %s d → %s (%s)', (start, days, expected) => {
    expect(local(addWorkingDays(calendar, at(start), days))).toBe(expected);
  });

  it('refuses fractional days', () => {
    expect(() => addWorkingDays(calendar, at('2026-03-03 10:00'), 1.5)).toThrow(RangeError);
  });
});

describe('workingMsBetween', () => {
  it.each([
    ['2026-03-06 16:00', '2026-03-09 11:00', 4, 'over a weekend'],
    ['2025-09-30 16:00', '2025-10-09 16:00', 7.5, 'over 国庆 2025'],
    ['2026-03-07 09:00', '2026-03-08 18:00', 0, 'a weekend'],
    ['2026-03-03 12:00', '2026-03-03 13:30', 0, 'the lunch break'],
    ['2026-03-09 11:00', '2026-03-06 16:00', -4, 'backwards is negative'],
  ])('%s → %s = %s h (%s)', (a, b, hours) => {
    expect(workingMsBetween(calendar, at(a), at(b))).toBe(hours * HOUR);
  });

  it('measures a whole year as its working days times 7.5 hours', () => {
    expect(workingMsBetween(calendar, at('2025-01-01 00:00'), at('2026-01-01 00:00'))).toBe(248 * 7.5 * HOUR);
  });
});

describe('working hours are configurable', () => {
  const summer = createBusinessCalendar(calendarRowsOfYears([2026]), { periods: [{ start: '09:00', end: '12:00' }, { start: '14:00', end: '18:00' }] });

  it('uses the configured periods', () => {
    expect(summer.workingDayMs).toBe(7 * HOUR);
    expect(local(addWorkingHours(summer, at('2026-07-03 17:00'), 2))).toBe('2026-07-06 10:00');
    expect(local(addWorkingDays(summer, at('2026-07-03 19:00'), 1))).toBe('2026-07-06 18:00');
  });

  it('refuses overlapping or reversed periods', () => {
    expect(() => createBusinessCalendar([], { periods: [{ start: '09:00', end: '12:00' }, { start: '11:00', end: '18:00' }] })).toThrow(/periodOverlap/);
    expect(() => createBusinessCalendar([], { periods: [{ start: '12:00', end: '09:00' }] })).toThrow(/periodEndBeforeStart/);
  });
});

describe('coversRange', () => {
  it('knows which years have data', () => {
    expect(coversRange(calendar, at('2025-06-01 10:00'), at('2027-12-31 10:00'))).toBe(true);
    expect(coversRange(calendar, at('2027-12-30 10:00'), at('2028-01-05 10:00'))).toBe(false);
  });
});

/** Deterministic random numbers (mulberry32) so a failure can be replayed. */
function random(seed: number) {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

describe('properties over random starts (2025–2027)', () => {
  const next = random(20260302);
  const from = at('2025-01-01 00:00').getTime();
  const span = at('2027-12-01 00:00').getTime() - from;
  const samples = Array.from({ length: 2_000 }, () => ({
    // Starts on the minute, half of them snapped into working time, hours in whole minutes.
    start: new Date(from + Math.floor((next() * span) / 60_000) * 60_000),
    minutes: Math.floor(next() * 120 * 60),
    days: Math.floor(next() * 30),
    snap: next() < 0.5,
  }));
  const startOf = (s: (typeof samples)[number], cal: BusinessCalendar) => (s.snap ? nextWorkingMoment(cal, s.start) : s.start);

  it('workingMsBetween(start, addWorkingHours(start, h)) === h hours', () => {
    for (const s of samples) {
      const start = startOf(s, calendar);
      const end = addWorkingHours(calendar, start, s.minutes / 60);
      expect(workingMsBetween(calendar, start, end), `${start.toISOString()} + ${s.minutes} min`).toBe(s.minutes * 60_000);
    }
  });

  it('addWorkingDays is exactly days × 7.5 h of working time, and lands in working time or at a close', () => {
    for (const s of samples) {
      const start = startOf(s, calendar);
      const end = addWorkingDays(calendar, start, s.days);
      expect(workingMsBetween(calendar, start, end), `${start.toISOString()} + ${s.days} d`).toBe(s.days * calendar.workingDayMs);
      const clock = local(end).slice(11);
      expect(isWorkingTime(calendar, end) || clock === '12:00' || clock === '17:30', `${start.toISOString()} + ${s.days} d → ${local(end)}`).toBe(true);
    }
  });

  it('more hours never give an earlier deadline, and a deadline is never before the start', () => {
    for (const s of samples) {
      const a = addWorkingHours(calendar, s.start, s.minutes / 60);
      const b = addWorkingHours(calendar, s.start, (s.minutes + 1) / 60);
      expect(b.getTime()).toBeGreaterThan(a.getTime());
      expect(a.getTime()).toBeGreaterThanOrEqual(s.start.getTime());
    }
  });
});
