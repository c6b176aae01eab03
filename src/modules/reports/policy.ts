import type { Role } from '../../db/schema.js';

/**
 * Who may read the results report (成效): the staff who answer for a subtree and report on it —
 * city and subdistrict cadres and community secretaries; admin for the whole deployment. The
 * subtree itself is checked on every request (`?grid=` must lie in the caller's scope).
 */
export const reportsPolicy = {
  'report.read': ['admin', 'cadre', 'secretary'],
} as const satisfies Record<string, readonly Role[]>;
