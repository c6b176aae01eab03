import type { Role } from '../../db/schema.js';

const everyone: readonly Role[] = ['admin', 'cadre', 'secretary', 'gridWorker', 'steward', 'departmentOfficer', 'operator', 'orgContact', 'partyMember', 'resident'];

/** Route-level permissions of the service alliance (role → action); scope is checked per record. */
export const servicesPolicy = {
  /** The alliance, its points and catalogue are published to every signed-in user. */
  'service.read': everyone,
  'service.book': ['resident', 'partyMember', 'admin', 'secretary', 'gridWorker', 'operator'],
  'booking.handle': ['admin', 'secretary', 'gridWorker', 'operator'],
  'consultation.ask': ['resident', 'partyMember', 'orgContact'],
  'consultation.log': ['admin', 'cadre', 'secretary', 'gridWorker', 'steward', 'operator'],
  'consultation.read': ['admin', 'cadre', 'secretary', 'gridWorker', 'steward', 'operator'],
  'consultation.handle': ['admin', 'secretary', 'gridWorker', 'operator'],
  'mediation.read': ['admin', 'cadre', 'secretary', 'gridWorker'],
  'mediation.write': ['admin', 'secretary', 'gridWorker'],
  /** Edit the alliance: departments, teams, catalogue, and the service points in one's subtree. */
  'service.configure': ['admin', 'cadre'],
} as const satisfies Record<string, readonly Role[]>;
