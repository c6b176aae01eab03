import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.js';
import { newId } from '../../core/ids.js';
import type { Actor } from '../../core/scope.js';
import type { CaseEventTable, CaseState, CaseTable, Tier } from './tables.js';

/** The actor of automatic transitions (SLA sweeps, all referrals answered). */
export const SYSTEM_ACTOR = { userId: null, username: 'system', role: 'system' } as const;

export interface EventActor {
  userId: string | null;
  username: string;
  role: string;
}

export function eventActor(actor: Actor | undefined | null): EventActor {
  return actor ? { userId: actor.userId, username: actor.displayName || actor.username, role: actor.role } : { userId: null, username: 'anonymous', role: 'public' };
}

export interface CaseEventInput {
  caseRow: Pick<CaseTable, 'id' | 'number' | 'grid_path' | 'handling_path'>;
  seq: number;
  action: string;
  from: CaseState | null;
  to: CaseState;
  fromTier?: Tier | null;
  toTier?: Tier | null;
  actor: EventActor;
  note?: string | null;
  data?: Record<string, unknown>;
  at: Date;
}

/** The log entry and the outbox event of one case transition, as rows (no query). */
export function caseEventRows(input: CaseEventInput): { event: CaseEventTable; outbox: Database['outbox'] } {
  const id = newId();
  const at = input.at.toISOString();
  const event: CaseEventTable = {
    id,
    case_id: input.caseRow.id,
    seq: input.seq,
    action: input.action,
    from_state: input.from,
    to_state: input.to,
    from_tier: input.fromTier ?? null,
    to_tier: input.toTier ?? null,
    actor_id: input.actor.userId,
    actor_name: input.actor.username,
    actor_role: input.actor.role,
    note: input.note ?? null,
    data: input.data ? JSON.stringify(input.data) : null,
    at,
  };
  const payload = { caseId: input.caseRow.id, number: input.caseRow.number, action: input.action, from: input.from, to: input.to, fromTier: input.fromTier ?? null, toTier: input.toTier ?? null, handlingPath: input.caseRow.handling_path, eventId: id };
  const outbox = { id: newId(), topic: `case.${input.action}`, payload: JSON.stringify(payload), grid_path: input.caseRow.grid_path ?? input.caseRow.handling_path ?? null, created_at: at, published_at: null };
  return { event, outbox };
}

/**
 * Appends one entry to a case's log and the matching domain event to the outbox, inside the
 * caller's transaction; `seq` continues the case's own sequence.
 */
export async function appendCaseEvent(trx: Kysely<Database>, input: CaseEventInput): Promise<string> {
  const { event, outbox } = caseEventRows(input);
  await trx.insertInto('case_events').values(event).execute();
  await trx.insertInto('outbox').values(outbox).execute();
  return event.id;
}
