import { describe, expect, it } from 'vitest';
import { balanceOf, checkInProblem, checkOutProblem, claimedHours, correctionFor, distanceM, durationHours, localTime, placesOf, pointsFor, type LedgerAmounts } from './ledger.js';

const credit = (hours: number, occurredOn = '2026-03-02', points = hours * 10): LedgerAmounts => ({ kind: 'credit', hours, points, occurredOn });
const correction = (hours: number, occurredOn = '2026-03-02', points = hours * 10): LedgerAmounts => ({ kind: 'correction', hours, points, occurredOn });

describe('balanceOf', () => {
  const table: [string, LedgerAmounts[], { from?: string; to?: string }, { hours: number; points: number }][] = [
    ['no entries', [], {}, { hours: 0, points: 0 }],
    ['credits add up', [credit(3), credit(2.5)], {}, { hours: 5.5, points: 55 }],
    ['a correction takes back what was credited too much', [credit(4), correction(-1)], {}, { hours: 3, points: 30 }],
    ['a correction adds what was credited too little', [credit(2), correction(0.5)], {}, { hours: 2.5, points: 25 }],
    ['a year counts only its own service', [credit(3, '2025-12-31'), credit(2, '2026-01-01'), credit(1, '2027-01-01')], { from: '2026-01-01', to: '2027-01-01' }, { hours: 2, points: 20 }],
    ['floating sums are rounded', [credit(0.1), credit(0.2)], {}, { hours: 0.3, points: 3 }],
  ];
  it.each(table)('%s', (_, entries, period, expected) => {
    expect(balanceOf(entries, period)).toEqual(expected);
  });
});

describe('corrections', () => {
  const table: [string, number, number, number, number, { hours: number; points: number }][] = [
    ['down from 4 to 3 hours', 4, 40, 3, 10, { hours: -1, points: -10 }],
    ['up from 2 to 2.5 hours', 2, 20, 2.5, 10, { hours: 0.5, points: 5 }],
    ['to nothing', 3, 30, 0, 10, { hours: -3, points: -30 }],
    ['after an earlier correction, from what the ledger holds', 3.5, 35, 3, 10, { hours: -0.5, points: -5 }],
  ];
  it.each(table)('%s', (_, heldHours, heldPoints, newHours, rate, expected) => {
    expect(correctionFor(heldHours, heldPoints, newHours, rate)).toEqual(expected);
    // The ledger then holds exactly the corrected total.
    expect(balanceOf([credit(heldHours, '2026-03-02', heldPoints), correction(expected.hours, '2026-03-02', expected.points)])).toEqual({ hours: newHours, points: pointsFor(newHours, rate) });
  });
});

describe('time rules', () => {
  const starts = '2026-03-02T00:00:00.000Z';
  const ends = '2026-03-02T04:00:00.000Z';
  it.each([
    ['31 minutes early', '2026-03-01T23:29:00Z', 'tooEarly'],
    ['30 minutes early', '2026-03-01T23:30:00Z', null],
    ['during', '2026-03-02T02:00:00Z', null],
    ['at the end', '2026-03-02T04:00:00Z', null],
    ['after the end', '2026-03-02T04:00:01Z', 'tooLate'],
  ] as const)('check-in %s', (_, at, problem) => {
    expect(checkInProblem(new Date(at), starts, ends)).toBe(problem);
  });
  it.each([
    ['before checking in', '2026-03-02T00:59:00Z', 'tooEarly'],
    ['two hours after the end', '2026-03-02T06:00:00Z', null],
    ['later than that', '2026-03-02T06:00:01Z', 'tooLate'],
  ] as const)('check-out %s', (_, at, problem) => {
    expect(checkOutProblem(new Date(at), '2026-03-02T01:00:00Z', ends)).toBe(problem);
  });
  it.each([
    ['in at 9, out at 12', '2026-03-02T01:00:00Z', '2026-03-02T04:00:00Z', 3],
    ['early arrival counts from the start', '2026-03-01T23:40:00Z', '2026-03-02T02:00:00Z', 2],
    ['no check-out: the rest of the activity', '2026-03-02T02:00:00Z', null, 2],
    ['late check-out counts to the end', '2026-03-02T03:00:00Z', '2026-03-02T05:30:00Z', 1],
    ['to the nearest half hour', '2026-03-02T01:10:00Z', '2026-03-02T02:25:00Z', 1.5],
    ['never checked in', null, null, 0],
  ] as const)('suggested hours: %s', (_, inAt, outAt, hours) => {
    expect(claimedHours({ startsAt: starts, endsAt: ends, checkedInAt: inAt, checkedOutAt: outAt })).toBe(hours);
  });
  it('knows an activity\'s length and writes local time', () => {
    expect(durationHours(starts, ends)).toBe(4);
    expect(localTime(starts)).toBe('2026-03-02 08:00');
  });
});

describe('places and distance', () => {
  it('confirms the first come up to capacity; the rest wait in order', () => {
    const signups = [{ id: 'c', signedUpAt: '2026-03-01T10:00:02Z' }, { id: 'a', signedUpAt: '2026-03-01T10:00:00Z' }, { id: 'b', signedUpAt: '2026-03-01T10:00:01Z' }];
    const { confirmed, waitlisted } = placesOf(signups, 2);
    expect(confirmed.map((s) => s.id)).toEqual(['a', 'b']);
    expect(waitlisted.map((s) => s.id)).toEqual(['c']);
  });
  it('measures metres within a city', () => {
    expect(Math.round(distanceM(130.5, 44.9, 130.5, 44.91))).toBe(1113);
    expect(distanceM(130.5, 44.9, 130.5, 44.9)).toBe(0);
  });
});
