import { Type, type Static } from 'typebox';

/** A local date in Asia/Shanghai. The pattern catches the shape; the service rejects 2026-02-30. */
export const CalendarDate = Type.String({ pattern: '^[0-9]{4}-[0-9]{2}-[0-9]{2}$', description: 'Local date in Asia/Shanghai, YYYY-MM-DD' });

export const CalendarDayKind = Type.Unsafe<'holiday' | 'workday'>({
  type: 'string',
  enum: ['holiday', 'workday'],
  description: '`holiday`: a Monday-to-Friday day off; `workday`: a weekend day worked (调休上班)',
});

/** A day that differs from the Monday-to-Friday week. */
export const CalendarDay = Type.Object({
  date: CalendarDate,
  kind: CalendarDayKind,
  name: Type.String({ description: 'The holiday it belongs to, e.g. 春节' }),
  note: Type.Union([Type.String(), Type.Null()]),
  isProvisional: Type.Boolean({ description: 'Derived by gridgov, not yet confirmed by a State Council notice' }),
});
export type CalendarDay = Static<typeof CalendarDay>;

const TimeOfDay = Type.String({ pattern: '^([01][0-9]|2[0-3]):[0-5][0-9]$', description: 'Local time HH:MM in Asia/Shanghai' });

export const WorkingPeriod = Type.Object({ start: TimeOfDay, end: TimeOfDay });

/** The working hours of every working day. */
export const WorkingHours = Type.Object({
  periods: Type.Array(WorkingPeriod, { minItems: 1, maxItems: 4, description: 'In order, not overlapping; default 08:30–12:00 and 13:30–17:30' }),
});
export type WorkingHours = Static<typeof WorkingHours>;

export const CalendarYearQuery = Type.Object({
  year: Type.Optional(Type.Integer({ minimum: 2000, maximum: 2100, description: 'Default: the current year in Asia/Shanghai' })),
});

export const CalendarYear = Type.Object({
  year: Type.Integer(),
  timeZone: Type.Literal('Asia/Shanghai'),
  workingHours: WorkingHours,
  days: Type.Array(CalendarDay, { description: 'Only the days that differ from Monday to Friday, in date order' }),
});

export const CalendarDateParams = Type.Object({ date: CalendarDate });

export const CalendarDayBody = Type.Object({
  kind: CalendarDayKind,
  name: Type.String({ minLength: 1, maxLength: 50 }),
  note: Type.Optional(Type.Union([Type.String({ maxLength: 200 }), Type.Null()])),
  isProvisional: Type.Optional(Type.Boolean({ default: false, description: 'Mark a day entered before the official notice' })),
});
export type CalendarDayBody = Static<typeof CalendarDayBody>;

export const DeadlineQuery = Type.Object({
  start: Type.String({ format: 'date-time', description: 'ISO 8601 instant with an offset, e.g. 2026-03-06T16:00:00+08:00' }),
  hours: Type.Optional(Type.Number({ minimum: 0, maximum: 100_000, description: 'Working hours to add' })),
  days: Type.Optional(Type.Integer({ minimum: 0, maximum: 3_650, description: 'Working days to add (see docs/calendar.md)' })),
});
export type DeadlineQuery = Static<typeof DeadlineQuery>;

export const Deadline = Type.Object({
  deadline: Type.String({ format: 'date-time' }),
  isCovered: Type.Boolean({ description: 'False when a year between start and deadline has no holiday data (only weekends were skipped)' }),
});
