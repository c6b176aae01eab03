import type { Role } from '../../db/schema.js';

const staff: readonly Role[] = ['admin', 'cadre', 'secretary', 'gridWorker', 'steward'];

/** Route-level permissions of field work (role → action); scope is checked per record. */
export const fieldworkPolicy = {
  'stewardReport.file': ['steward', 'gridWorker', 'secretary', 'admin'],
  'fieldwork.read': staff,
  'followUp.write': staff,
  'meeting.write': ['admin', 'secretary', 'gridWorker'],
  'communityTask.write': ['admin', 'cadre', 'secretary'],
  /** Moving a task off a community's list is decided above the community (街道 approves). */
  'communityTask.decide': ['admin', 'cadre'],
  'visit.log': ['admin', 'secretary', 'gridWorker', 'steward'],
  'officeHours.write': ['admin', 'secretary', 'gridWorker'],
  /** Residents see published office hours and read the handbook. */
  'officeHours.read': [...staff, 'resident', 'partyMember', 'orgContact', 'operator'],
  'handbook.read': [...staff, 'resident', 'partyMember', 'orgContact', 'operator', 'departmentOfficer'],
  'handbook.write': ['admin', 'secretary'],
} as const satisfies Record<string, readonly Role[]>;
