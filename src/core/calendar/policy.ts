import type { Role } from '../../db/schema.js';

/** The business calendar: everyone signed in reads it (deadlines are shown to all); admins keep it. */
export const calendarPolicy = {
  'calendar.read': ['admin', 'cadre', 'secretary', 'gridWorker', 'steward', 'departmentOfficer', 'operator', 'orgContact', 'partyMember', 'resident'],
  'calendar.write': ['admin'],
} as const satisfies Record<string, readonly Role[]>;
