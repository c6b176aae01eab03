import { transaction } from '../../db/index.js';
import { recordAudit } from '../../core/audit/audit.js';
import type { AppContext } from '../../core/context.js';
import { AppError, invalidField } from '../../core/errors.js';
import type { Actor } from '../../core/scope.js';
import { managedBody } from './access.js';
import { fourPartySeats } from './create-body.js';
import { deliberationRepository } from './repository.js';

export interface SeatOrgOptions {
  ctx: AppContext;
  actor: Actor | undefined;
  bodyId: string;
  orgId: string;
}

/**
 * Gives an organisation a seat (four-party council: one per kind, of the four kinds) or admits
 * it as a member organisation of a joint meeting.
 */
export async function seatOrg({ ctx, actor, bodyId, orgId }: SeatOrgOptions): Promise<void> {
  const body = await managedBody(ctx, actor, bodyId);
  const repo = deliberationRepository(ctx.db.kysely);
  const org = await repo.org(orgId);
  if (!org) throw invalidField('orgId', 'unknownOrg', { value: orgId });
  const seats = await repo.seats(bodyId);
  if (seats.some((s) => s.org_id === orgId)) throw new AppError('conflict', { errors: [{ field: 'orgId', reason: 'alreadySeated' }] });
  if (body.kind === 'fourParty') {
    if (!fourPartySeats.includes(org.kind)) throw invalidField('orgId', 'notAFourPartyKind', { value: org.kind });
    if (seats.some((s) => s.seat_kind === org.kind)) throw new AppError('conflict', { errors: [{ field: 'orgId', reason: 'seatTaken' }] });
  }
  const now = ctx.clock.now();
  await transaction(ctx.db, async (trx) => {
    await trx.insertInto('body_orgs').values({ body_id: bodyId, org_id: orgId, seat_kind: org.kind, created_at: now.toISOString() }).execute();
    await recordAudit(trx, actor!, now, { action: 'body.seat', recordType: 'body', recordId: bodyId, gridPath: body.grid_path, details: { orgId, kind: org.kind } });
  });
}
