import { Type } from 'typebox';
import type { App } from '../../server/manifest.js';
import type { AppContext } from '../context.js';
import { Page, Paged, problemResponses } from '../schemas.js';
import { auditService } from './service.js';

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
  const audit = auditService(ctx);
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
    (req) => audit.list(req.actor, req.query),
  );
}
