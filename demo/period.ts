/**
 * The demo world's time line. Its records (cases, wishes, activities, consultations, visits…)
 * cover the three years up to the moment it is loaded (`now`); its structure — grids, party
 * organisations, residents, the people on duty and their accounts, partner organisations, the
 * service alliance — was set up before that, so that a report over the whole period, any year of
 * it or any part of it counts the structure the article describes (a structure figure counts what
 * was created by the end of the period, src/modules/reports/repository.ts).
 */

const OFFSET = 8 * 3_600_000;
const DAY = 86_400_000;

/** Beijing midnight of the first of now's month three years back: no demo record is older. */
export function demoPeriodStart(now: Date): Date {
  const local = new Date(now.getTime() + OFFSET);
  return new Date(Date.UTC(local.getUTCFullYear() - 3, local.getUTCMonth(), 1) - OFFSET);
}

/** When the demo's structure was set up: thirty days before its period starts. */
export function demoStructureAt(now: Date): Date {
  return new Date(demoPeriodStart(now).getTime() - 30 * DAY);
}

/** The Beijing calendar day of an instant (`YYYY-MM-DD`). */
export function demoLocalDay(at: Date): string {
  return new Date(at.getTime() + OFFSET).toISOString().slice(0, 10);
}
