import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.js';
import { newId } from '../ids.js';
import type { Actor } from '../scope.js';

/** One write, as the audit log keeps it. */
export interface AuditEntry {
  action: string;
  recordType: string;
  recordId?: string | null;
  gridPath?: string | null;
  details?: Record<string, unknown>;
}

/**
 * Appends an audit entry inside the caller's transaction, so the log and the change commit
 * together. Details must never carry plain personal identifiers.
 */
export async function recordAudit(trx: Kysely<Database>, actor: Pick<Actor, 'userId' | 'username'> | null, at: Date, entry: AuditEntry, requestId?: string): Promise<void> {
  await trx
    .insertInto('audit_log')
    .values({
      id: newId(),
      at: at.toISOString(),
      actor_id: actor?.userId ?? null,
      actor_name: actor?.username ?? null,
      action: entry.action,
      record_type: entry.recordType,
      record_id: entry.recordId ?? null,
      grid_path: entry.gridPath ?? null,
      details: entry.details ? JSON.stringify(entry.details) : null,
      request_id: requestId ?? null,
    })
    .execute();
}

/** Writes a domain event to the outbox in the caller's transaction; publishers read it later. */
export async function writeOutbox(trx: Kysely<Database>, at: Date, topic: string, payload: Record<string, unknown>, gridPath?: string | null): Promise<void> {
  await trx
    .insertInto('outbox')
    .values({ id: newId(), topic, payload: JSON.stringify(payload), grid_path: gridPath ?? null, created_at: at.toISOString(), published_at: null })
    .execute();
}
