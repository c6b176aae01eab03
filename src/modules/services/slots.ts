import type { OpeningInterval } from './tables.js';

const BEIJING_OFFSET_MS = 8 * 3600_000;

/** Weekday (1 = Monday … 7) and minutes since midnight in Beijing time. */
function local(at: Date): { weekday: number; minutes: number } {
  const l = new Date(at.getTime() + BEIJING_OFFSET_MS);
  return { weekday: l.getUTCDay() || 7, minutes: l.getUTCHours() * 60 + l.getUTCMinutes() };
}

const toMinutes = (hhmm: string) => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));

/** True when the whole slot [start, start + length) lies inside one opening interval and starts on the slot grid. */
export function isWithinHours(hours: OpeningInterval[], start: Date, slotMinutes: number): boolean {
  const { weekday, minutes } = local(start);
  return hours.some((h) => h.weekday === weekday && minutes >= toMinutes(h.open) && minutes + slotMinutes <= toMinutes(h.close) && (minutes - toMinutes(h.open)) % slotMinutes === 0);
}

/** The next `count` slot starts from `from` (rounded up to the slot grid) that are open and for which `isFree` holds; looks 14 days ahead. */
export function nextSlots(hours: OpeningInterval[], from: Date, slotMinutes: number, count: number, isFree: (start: Date) => boolean): Date[] {
  const out: Date[] = [];
  const step = slotMinutes * 60_000;
  let t = Math.ceil(from.getTime() / step) * step;
  const end = from.getTime() + 14 * 86400_000;
  for (; t < end && out.length < count; t += step) {
    const d = new Date(t);
    if (isWithinHours(hours, d, slotMinutes) && isFree(d)) out.push(d);
  }
  return out;
}
