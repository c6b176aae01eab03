import { transaction } from '../../db/index.js';
import { requirePermission } from '../../core/accounts/policy.js';
import { recordAudit, writeOutbox } from '../../core/audit/audit.js';
import type { AppContext } from '../../core/context.js';
import { AppError, invalidField } from '../../core/errors.js';
import { newId } from '../../core/ids.js';
import type { Actor } from '../../core/scope.js';
import { canSeeWish } from './policy.js';

export interface ClaimWishOptions {
  ctx: AppContext;
  actor: Actor | undefined;
  wishId: string;
  /** An organisation contact claims for this party organisation. */
  partyOrgId?: string;
}

function isUniqueViolation(error: unknown): boolean {
  const e = error as { code?: string; message?: string } | undefined;
  return e?.code === '23505' || e?.code === 'SQLITE_CONSTRAINT_UNIQUE' || /UNIQUE constraint failed/.test(e?.message ?? '');
}

/**
 * A party member (or an organisation) claims an open, verified wish. The partial unique index
 * `wish_claims_one_live` lets one live claim stand: a racing second claim fails on it (or on the
 * conditional status update) and gets 409.
 */
export async function claimWish({ ctx, actor, wishId, partyOrgId }: ClaimWishOptions): Promise<string> {
  requirePermission(actor, 'wish.claim');
  const now = ctx.clock.now();
  try {
    return await transaction(ctx.db, async (trx) => {
      const wish = await trx.selectFrom('wishes').selectAll().where('id', '=', wishId).executeTakeFirst();
      if (!wish || !canSeeWish(actor, wish, false)) throw new AppError('notFound');
      if (wish.verification !== 'verified' || wish.status !== 'open') throw new AppError('conflict', { errors: [{ field: 'status', reason: 'wishNotOpen', params: { status: wish.status } }] });
      let claimantName = actor.displayName;
      if (actor.role === 'orgContact') {
        if (!partyOrgId) throw invalidField('partyOrgId', 'required');
        const org = await trx.selectFrom('party_orgs').select(['name']).where('id', '=', partyOrgId).executeTakeFirst();
        if (!org) throw invalidField('partyOrgId', 'unknownPartyOrg');
        claimantName = org.name;
      }
      const id = newId();
      await trx
        .insertInto('wish_claims')
        .values({ id, wish_id: wishId, claimant_user_id: actor.userId, claimant_kind: actor.role === 'orgContact' ? 'organisation' : 'partyMember', claimant_name: claimantName, party_org_id: actor.role === 'orgContact' ? partyOrgId! : null, status: 'live', reason: null, created_at: now.toISOString(), ended_at: null })
        .execute();
      const updated = await trx.updateTable('wishes').set({ status: 'claimed', version: wish.version + 1, updated_at: now.toISOString() }).where('id', '=', wishId).where('status', '=', 'open').where('version', '=', wish.version).executeTakeFirst();
      if (Number(updated.numUpdatedRows) !== 1) throw new AppError('conflict', { errors: [{ field: 'status', reason: 'alreadyClaimed' }] });
      await recordAudit(trx, actor, now, { action: 'wish.claim', recordType: 'wish', recordId: wishId, gridPath: wish.grid_path, details: { claimId: id } });
      await writeOutbox(trx, now, 'wish.claimed', { wishId, claimId: id }, wish.grid_path);
      return id;
    });
  } catch (error) {
    if (isUniqueViolation(error)) throw new AppError('conflict', { errors: [{ field: 'status', reason: 'alreadyClaimed' }] });
    throw error;
  }
}
