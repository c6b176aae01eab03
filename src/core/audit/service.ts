import { requirePermission } from '../accounts/policy.js';
import type { AppContext } from '../context.js';
import type { Actor } from '../scope.js';
import { auditRepository } from './repository.js';

/** The audit log as staff read it: entries of their subtree (entries without a place: admins only). */
export function auditService(ctx: AppContext) {
  return {
    async list(actor: Actor | undefined, filter: { recordType?: string; recordId?: string; action?: string; limit: number; offset: number }) {
      requirePermission(actor, 'audit.read');
      const { rows, total } = await auditRepository(ctx.db.kysely).list(actor, filter);
      return {
        items: rows.map((r) => ({ id: r.id, at: r.at, actorName: r.actor_name, action: r.action, recordType: r.record_type, recordId: r.record_id, details: r.details })),
        total,
      };
    },
  };
}
