import type { Role } from '../../db/schema.js';

const everyone: Role[] = ['admin', 'cadre', 'secretary', 'gridWorker', 'steward', 'departmentOfficer', 'orgContact', 'partyMember', 'resident', 'operator'];

/** Every account reads its own inbox; only admins wire up webhooks (they receive every event of their topics, unscoped). */
export const notificationsPolicy = {
  'notification.read': everyone,
  'webhook.manage': ['admin'],
} as const satisfies Record<string, readonly Role[]>;
