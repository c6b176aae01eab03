import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.js';
import { inScope, type Actor } from '../scope.js';

/** SQL for reading the audit log, within the caller's subtree. */
export function auditRepository(db: Kysely<Database>) {
  return {
    async list(actor: Pick<Actor, 'isGlobal' | 'scopePaths'>, filter: { recordType?: string; recordId?: string; action?: string; limit: number; offset: number }) {
      let q = db.selectFrom('audit_log').where(inScope(actor, 'audit_log.grid_path'));
      if (filter.recordType) q = q.where('record_type', '=', filter.recordType);
      if (filter.recordId) q = q.where('record_id', '=', filter.recordId);
      if (filter.action) q = q.where('action', '=', filter.action);
      const [rows, total] = await Promise.all([
        q.selectAll().orderBy('at', 'desc').orderBy('id', 'desc').limit(filter.limit).offset(filter.offset).execute(),
        q.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
      ]);
      return { rows, total: Number(total.n) };
    },
  };
}
