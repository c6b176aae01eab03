import type { Role } from '../../db/schema.js';

/** Route-level permissions of analytics (role → action); every read is also limited to the viewer's subtree. */
export const analyticsPolicy = {
  /** The dashboard and its live updates: staff who govern a subtree. */
  'analytics.read': ['admin', 'operator', 'cadre', 'secretary', 'gridWorker', 'steward'],
} as const satisfies Record<string, readonly Role[]>;
