import { Type } from 'typebox';
import type { App } from '../../server/manifest.js';
import { requirePermission } from '../accounts/policy.js';
import type { AppContext } from '../context.js';
import { Page, Paged, problemResponses } from '../schemas.js';
import { inScope } from '../scope.js';

const AuditEntry = Type.Object({
  id: Type.String(),
  at: Type.String(),
  actorName: Type.Union([Type.String(), Type.Null()]),
  action: Type.String(),
  recordType: Type.String(),
  recordId: Type.Union([Type.String(), Type.Null()]),
  details: Type.Union([Type.String(), Type.Null()]),
});

/** The audit log, read within the caller's subtree (entries without a place: admins only). */
export function auditRoutes(app: App, ctx: AppContext): void {
  app.get(
    '/api/audit',
    {
      schema: {
        tags: ['system'],
        summary: 'Audit log of writes',
        querystring: Type.Intersect([Type.Object({ recordType: Type.Optional(Type.String()), recordId: Type.Optional(Type.String()), action: Type.Optional(Type.String()) }), Page]),
        response: { 200: Paged(AuditEntry), ...problemResponses },
      },
    },
    async (req) => {
      requirePermission(req.actor, 'audit.read');
      let q = ctx.db.kysely.selectFrom('audit_log').where(inScope(req.actor, 'audit_log.grid_path'));
      if (req.query.recordType) q = q.where('record_type', '=', req.query.recordType);
      if (req.query.recordId) q = q.where('record_id', '=', req.query.recordId);
      if (req.query.action) q = q.where('action', '=', req.query.action);
      const [rows, total] = await Promise.all([
        q.selectAll().orderBy('at', 'desc').orderBy('id', 'desc').limit(req.query.limit).offset(req.query.offset).execute(),
        q.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
      ]);
      return {
        items: rows.map((r) => ({ id: r.id, at: r.at, actorName: r.actor_name, action: r.action, recordType: r.record_type, recordId: r.record_id, details: r.details })),
        total: Number(total.n),
      };
    },
  );
}
