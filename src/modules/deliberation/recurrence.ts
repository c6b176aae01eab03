import rrulePackage from 'rrule';
import { invalidField } from '../../core/errors.js';
import type { BodyLevel } from './tables.js';

// rrule ships CommonJS for Node; its classes hang off the default export.
const { RRule } = rrulePackage as unknown as typeof import('rrule');

/** Meetings are planned in Beijing time (UTC+8, no daylight saving). */
const OFFSET_MS = 8 * 3_600_000;

/**
 * The monthly joint meetings of the four levels (四级党建联席会议), staggered so that what a lower
 * level cannot solve reaches the next one within the month: grid in the first week, community
 * in the second, subdistrict in the third, city in the fourth.
 */
export const jointMeetingDefaults: Record<Exclude<BodyLevel, 'compound'>, { rrule: string; startTime: string }> = {
  grid: { rrule: 'FREQ=MONTHLY;BYDAY=TU;BYSETPOS=1', startTime: '15:00' },
  community: { rrule: 'FREQ=MONTHLY;BYDAY=TU;BYSETPOS=2', startTime: '09:00' },
  subdistrict: { rrule: 'FREQ=MONTHLY;BYDAY=TU;BYSETPOS=3', startTime: '09:00' },
  city: { rrule: 'FREQ=MONTHLY;BYDAY=TH;BYSETPOS=4', startTime: '09:00' },
};

/** A four-party council meets monthly unless it says otherwise. */
export const councilDefault = { rrule: 'FREQ=MONTHLY;BYDAY=FR;BYSETPOS=-1', startTime: '14:30' };

function parseRule(rule: string, field: string) {
  const text = rule.trim().replace(/^RRULE:/i, '');
  if (/DTSTART|UNTIL=\d{8}T\d{6}(?!Z)/i.test(text)) throw invalidField(field, 'rruleInvalid');
  try {
    const options = RRule.parseString(text);
    if (options.freq === undefined) throw new Error('no FREQ');
    if (options.freq > RRule.DAILY) throw invalidField(field, 'rruleTooFrequent');
    return options;
  } catch (error) {
    if (error instanceof Error && 'code' in error) throw error;
    throw invalidField(field, 'rruleInvalid');
  }
}

/** Validates an iCalendar RRULE (no DTSTART; daily or rarer) and returns it normalised. */
export function normaliseRule(rule: string, field = 'rrule'): string {
  const options = parseRule(rule, field);
  return RRule.optionsToString(options).replace(/^RRULE:/, '');
}

/**
 * Start instants (UTC) of a series' occurrences in [from, to): the RRULE is expanded on Beijing
 * wall-clock time from `startsOn` at `startTime`, then shifted to UTC.
 */
export function occurrences(input: { rrule: string; startsOn: string; startTime: string }, from: Date, to: Date): Date[] {
  const options = parseRule(input.rrule, 'rrule');
  const [hh, mm] = input.startTime.split(':').map(Number);
  const dtstart = new Date(`${input.startsOn}T00:00:00Z`);
  dtstart.setUTCHours(hh, mm, 0, 0);
  const rule = new RRule({ ...options, dtstart });
  return rule.between(new Date(from.getTime() + OFFSET_MS), new Date(to.getTime() + OFFSET_MS), true).map((d) => new Date(d.getTime() - OFFSET_MS)).filter((d) => d >= from && d < to);
}

/** The Beijing calendar day of an instant (YYYY-MM-DD). */
export function localDay(at: Date): string {
  return new Date(at.getTime() + OFFSET_MS).toISOString().slice(0, 10);
}
