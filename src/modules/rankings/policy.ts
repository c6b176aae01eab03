import type { Role } from '../../db/schema.js';

/** Rankings are for those who supervise a subtree: the city and subdistrict cadres, community secretaries and the admin. */
export const rankingsPolicy = {
  'ranking.read': ['admin', 'cadre', 'secretary'],
} as const satisfies Record<string, readonly Role[]>;
