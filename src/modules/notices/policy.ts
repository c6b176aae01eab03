import type { Role } from '../../db/schema.js';

/** Route-level permissions of notices (role → action); scope is checked per record. */
export const noticesPolicy = {
  /** Everyone signed in reads the notices posted for their grid and the grids above it. */
  'notice.read': ['admin', 'cadre', 'secretary', 'gridWorker', 'steward', 'departmentOfficer', 'operator', 'orgContact', 'partyMember', 'resident'],
  /** Staff who post to the grids they govern: the subdistrict's cadres, community secretaries, grid workers. */
  'notice.write': ['admin', 'cadre', 'secretary', 'gridWorker'],
} as const satisfies Record<string, readonly Role[]>;
