/**
 * The rules of hours and points, free of storage: balances are sums of ledger entries (a credit
 * per verified attendance, a correction per later change), never a stored number; check-in opens
 * a little before an activity and closes at its end; check-out may come a little after.
 */

/** Check-in opens this long before an activity starts. */
export const CHECKIN_OPENS_BEFORE_MS = 30 * 60 * 1000;
/** Check-out is accepted this long after an activity ends. */
export const CHECKOUT_CLOSES_AFTER_MS = 2 * 60 * 60 * 1000;
/** Default points for one verified hour. */
export const DEFAULT_POINTS_PER_HOUR = 10;

export interface LedgerAmounts {
  kind: 'credit' | 'correction';
  hours: number;
  points: number;
  /** Local date of the service (`YYYY-MM-DD`). */
  occurredOn: string;
}

const round2 = (v: number) => Math.round(v * 100) / 100;

/** Hours and points of a set of entries, optionally over local dates [from, to). */
export function balanceOf(entries: LedgerAmounts[], period: { from?: string; to?: string } = {}): { hours: number; points: number } {
  let hours = 0;
  let points = 0;
  for (const e of entries) {
    if (period.from && e.occurredOn < period.from) continue;
    if (period.to && e.occurredOn >= period.to) continue;
    hours += e.hours;
    points += e.points;
  }
  return { hours: round2(hours), points: round2(points) };
}

export function pointsFor(hours: number, pointsPerHour: number): number {
  return round2(hours * pointsPerHour);
}

/** The correction entry that takes an attendance from what the ledger holds to the corrected hours. */
export function correctionFor(creditedHours: number, creditedPoints: number, newHours: number, pointsPerHour: number): { hours: number; points: number } {
  return { hours: round2(newHours - creditedHours), points: round2(pointsFor(newHours, pointsPerHour) - creditedPoints) };
}

/** The activity's length in hours: the most an organiser may verify for one attendance. */
export function durationHours(startsAt: string, endsAt: string): number {
  return round2((Date.parse(endsAt) - Date.parse(startsAt)) / 3_600_000);
}

/**
 * Hours suggested to the organiser from check-in and check-out: the time present inside the
 * activity's window, to the nearest half hour. Without a check-out, the rest of the activity.
 */
export function claimedHours(a: { startsAt: string; endsAt: string; checkedInAt: string | null; checkedOutAt: string | null }): number {
  if (!a.checkedInAt) return 0;
  const from = Math.max(Date.parse(a.checkedInAt), Date.parse(a.startsAt));
  const to = Math.min(a.checkedOutAt ? Date.parse(a.checkedOutAt) : Date.parse(a.endsAt), Date.parse(a.endsAt));
  if (to <= from) return 0;
  return Math.round(((to - from) / 3_600_000) * 2) / 2;
}

export type WindowProblem = 'tooEarly' | 'tooLate' | null;

/** May one check in at `at`? From 30 minutes before the start to the end. */
export function checkInProblem(at: Date, startsAt: string, endsAt: string): WindowProblem {
  const t = at.getTime();
  if (t < Date.parse(startsAt) - CHECKIN_OPENS_BEFORE_MS) return 'tooEarly';
  if (t > Date.parse(endsAt)) return 'tooLate';
  return null;
}

/** May one check out at `at`? After checking in, until two hours after the end. */
export function checkOutProblem(at: Date, checkedInAt: string, endsAt: string): WindowProblem {
  const t = at.getTime();
  if (t < Date.parse(checkedInAt)) return 'tooEarly';
  if (t > Date.parse(endsAt) + CHECKOUT_CLOSES_AFTER_MS) return 'tooLate';
  return null;
}

const METRES_PER_DEGREE = 111_320;

/** Distance in metres between two WGS-84 points (equirectangular; fine within a city). */
export function distanceM(aLng: number, aLat: number, bLng: number, bLat: number): number {
  const dLat = (bLat - aLat) * METRES_PER_DEGREE;
  const dLng = (bLng - aLng) * METRES_PER_DEGREE * Math.cos(((aLat + bLat) / 2) * (Math.PI / 180));
  return Math.sqrt(dLat * dLat + dLng * dLng);
}

/**
 * Places of a capacity-limited activity after sign-ups and cancellations (first come, first
 * served): the first `capacity` of those still signed up are confirmed, the rest wait in order.
 */
export function placesOf<T extends { signedUpAt: string; id: string }>(signups: T[], capacity: number): { confirmed: T[]; waitlisted: T[] } {
  const ordered = [...signups].sort((a, b) => (a.signedUpAt < b.signedUpAt ? -1 : a.signedUpAt > b.signedUpAt ? 1 : a.id < b.id ? -1 : 1));
  return { confirmed: ordered.slice(0, capacity), waitlisted: ordered.slice(capacity) };
}

/** `YYYY-MM-DD HH:mm` in Asia/Shanghai (UTC+8, no daylight saving), for messages. */
export function localTime(iso: string): string {
  return new Date(Date.parse(iso) + 8 * 3_600_000).toISOString().slice(0, 16).replace('T', ' ');
}
