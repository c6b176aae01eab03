import { transaction } from '../../db/index.js';
import { recordAudit } from '../../core/audit/audit.js';
import type { AppContext } from '../../core/context.js';
import { invalidField } from '../../core/errors.js';
import { newId } from '../../core/ids.js';
import type { Actor } from '../../core/scope.js';
import { managedBody, today } from './access.js';
import { deliberationRepository } from './repository.js';
import type { Position } from './tables.js';

export interface AddMemberOptions {
  ctx: AppContext;
  actor: Actor | undefined;
  bodyId: string;
  input: { name: string; position: Position; orgId?: string; userId?: string; termStart?: string; termEnd?: string };
}

/**
 * Adds a delegate with a position (chair, vice chair, secretary, member) and a term; delegates
 * of a four-party council speak for a seated organisation. The new delegate is invited to the
 * body's meetings still ahead.
 */
export async function addMember({ ctx, actor, bodyId, input }: AddMemberOptions): Promise<string> {
  const body = await managedBody(ctx, actor, bodyId);
  const repo = deliberationRepository(ctx.db.kysely);
  if (input.orgId) {
    const seats = await repo.seats(bodyId);
    if (!seats.some((s) => s.org_id === input.orgId)) throw invalidField('orgId', 'notASeat');
  } else if (body.voting_rule === 'perSeat' && input.position !== 'secretary') {
    throw invalidField('orgId', 'required');
  }
  if (input.userId) {
    const user = await ctx.db.kysely.selectFrom('users').select('id').where('id', '=', input.userId).executeTakeFirst();
    if (!user) throw invalidField('userId', 'unknownUser');
  }
  const termStart = input.termStart ?? today(ctx);
  if (input.termEnd && input.termEnd < termStart) throw invalidField('termEnd', 'periodEndBeforeStart');
  const id = newId();
  const now = ctx.clock.now();
  const nowIso = now.toISOString();
  await transaction(ctx.db, async (trx) => {
    await trx
      .insertInto('body_members')
      .values({ id, body_id: bodyId, org_id: input.orgId ?? null, user_id: input.userId ?? null, name: input.name.trim(), position: input.position, term_start: termStart, term_end: input.termEnd ?? null, created_at: nowIso })
      .execute();
    const ahead = await trx.selectFrom('meetings').select('id').where('body_id', '=', bodyId).where('state', 'in', ['draft', 'scheduled', 'inProgress']).where('ends_at', '>=', nowIso).execute();
    if (ahead.length) await trx.insertInto('meeting_attendance').values(ahead.map((m) => ({ meeting_id: m.id, member_id: id, invited_at: nowIso, checked_in_at: null, method: null }))).execute();
    await recordAudit(trx, actor!, now, { action: 'body.member.add', recordType: 'body', recordId: bodyId, gridPath: body.grid_path, details: { memberId: id, position: input.position, orgId: input.orgId ?? null } });
  });
  return id;
}
