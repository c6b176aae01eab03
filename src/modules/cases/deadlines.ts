import type { AppContext } from '../../core/context.js';
import { loadBusinessCalendar } from '../../core/calendar/service.js';
import { addWorkingDays, addWorkingHours, workingMsBetween } from '../../core/calendar/working-time.js';
import type { Limit } from './limits.js';

/** A stage deadline: `limit` working hours or working days after `start`, on the business calendar. */
export async function dueAfter(ctx: AppContext, start: Date, limit: Limit): Promise<Date> {
  const calendar = await loadBusinessCalendar(ctx.db);
  return limit[1] === 'workingDays' ? addWorkingDays(calendar, start, limit[0]) : addWorkingHours(calendar, start, limit[0]);
}

/** Working time between two instants, in hours (for overdue amounts and stage durations). */
export async function workingHoursBetween(ctx: AppContext, a: Date, b: Date): Promise<number> {
  const calendar = await loadBusinessCalendar(ctx.db);
  return workingMsBetween(calendar, a, b) / 3_600_000;
}
