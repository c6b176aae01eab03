/**
 * Periods of the dashboard and the results report: local dates `YYYY-MM-DD` in Asia/Shanghai
 * (UTC+8, no daylight saving), both ends included, and the UTC instants that bound them.
 */
const OFFSET_MS = 8 * 3600_000;
const DAY_MS = 86_400_000;

/** The local date (Asia/Shanghai) of an ISO instant. */
export function localDay(iso: string): string {
  return new Date(Date.parse(iso) + OFFSET_MS).toISOString().slice(0, 10);
}

/** The UTC instant at which a local date starts. */
export function dayStartIso(date: string): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) - OFFSET_MS).toISOString();
}

/** The local date `n` days after `date`. */
export function addDays(date: string, n: number): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + n * DAY_MS).toISOString().slice(0, 10);
}

/** Days from `from` to `to`, both included. */
export function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / DAY_MS) + 1;
}

/** `[fromIso, toIso)`: the instants of a period of local dates; an open end stays undefined. */
export function periodInstants(period: { from?: string; to?: string }): { fromIso?: string; toIso?: string } {
  return { fromIso: period.from ? dayStartIso(period.from) : undefined, toIso: period.to ? dayStartIso(addDays(period.to, 1)) : undefined };
}
