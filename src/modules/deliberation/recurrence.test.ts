import { describe, expect, it } from 'vitest';
import { AppError } from '../../core/errors.js';
import { horizonOf } from './ensure-upcoming-meetings.js';
import { jointMeetingDefaults, localDay, normaliseRule, occurrences } from './recurrence.js';

describe('recurrence (iCalendar RRULE in Beijing time)', () => {
  it('expands the second Tuesday of each month at 09:00 Beijing time', () => {
    const starts = occurrences({ rrule: 'FREQ=MONTHLY;BYDAY=TU;BYSETPOS=2', startsOn: '2026-01-01', startTime: '09:00' }, new Date('2026-03-01T00:00:00Z'), new Date('2026-06-01T00:00:00Z'));
    expect(starts.map((d) => d.toISOString())).toEqual(['2026-03-10T01:00:00.000Z', '2026-04-14T01:00:00.000Z', '2026-05-12T01:00:00.000Z']);
  });

  it('uses the Beijing calendar day near midnight', () => {
    const [first] = occurrences({ rrule: 'FREQ=WEEKLY;BYDAY=MO', startsOn: '2026-03-01', startTime: '07:30' }, new Date('2026-03-01T00:00:00Z'), new Date('2026-03-10T00:00:00Z'));
    // Monday 07:30 in Beijing is Sunday 23:30 UTC.
    expect(first.toISOString()).toBe('2026-03-01T23:30:00.000Z');
    expect(localDay(first)).toBe('2026-03-02');
  });

  it('has a monthly default for each of the four levels', () => {
    for (const level of ['city', 'subdistrict', 'community', 'grid'] as const) {
      const starts = occurrences({ ...jointMeetingDefaults[level], startsOn: '2026-01-01' }, new Date('2026-01-01T00:00:00Z'), new Date('2027-01-01T00:00:00Z'));
      expect(starts).toHaveLength(12);
    }
  });

  it('refuses rules that are not RRULEs, carry their own DTSTART, or recur more than daily', () => {
    for (const bad of ['every month', 'DTSTART:20260101T000000Z\nRRULE:FREQ=MONTHLY', 'FREQ=HOURLY']) {
      expect(() => normaliseRule(bad)).toThrow(AppError);
    }
    expect(normaliseRule('RRULE:FREQ=MONTHLY;BYMONTHDAY=15')).toBe('FREQ=MONTHLY;BYMONTHDAY=15');
  });

  it('plans three full months ahead', () => {
    expect(horizonOf(new Date('2026-03-02T01:00:00Z')).toISOString()).toBe('2026-06-30T16:00:00.000Z');
    expect(horizonOf(new Date('2026-11-30T20:00:00Z')).toISOString()).toBe('2027-03-31T16:00:00.000Z');
  });
});
