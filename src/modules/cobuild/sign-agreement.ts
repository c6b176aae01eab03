import { transaction } from '../../db/index.js';
import { requirePermission } from '../../core/accounts/policy.js';
import { recordAudit, writeOutbox } from '../../core/audit/audit.js';
import type { AppContext } from '../../core/context.js';
import { AppError, invalidField } from '../../core/errors.js';
import { newId } from '../../core/ids.js';
import { isInScope, type Actor } from '../../core/scope.js';
import { communityFor } from './register-organization.js';
import { cobuildRepository } from './repository.js';
import type { AgreementBody } from './schemas.js';

/**
 * A co-building agreement (共驻共建协议) between an organisation registered with the community and
 * the community: terms, period and the commitments the organisation makes, one row each.
 */
export async function signAgreement({ ctx, actor, organizationId, input }: { ctx: AppContext; actor: Actor | undefined; organizationId: string; input: AgreementBody }) {
  requirePermission(actor, 'agreement.write');
  const repo = cobuildRepository(ctx.db.kysely);
  const org = await repo.findOrg(organizationId);
  if (!org) throw new AppError('notFound');
  const community = await communityFor(ctx, actor, input.communityId);
  const registration = await repo.findOrgRegistrationAt(org.id, community.id);
  if (registration?.state !== 'active') throw invalidField('communityId', 'organizationNotRegistered');
  if (input.endsOn && input.endsOn < input.startsOn) throw invalidField('endsOn', 'periodEndBeforeStart');
  const now = ctx.clock.now();
  const id = newId();
  await transaction(ctx.db, async (trx) => {
    const r = cobuildRepository(trx);
    await r.insertAgreement({
      id, organization_id: org.id, community_id: community.id, community_path: community.path, title: input.title.trim(), terms: input.terms ?? null,
      signed_on: input.signedOn, starts_on: input.startsOn, ends_on: input.endsOn ?? null, state: 'active', created_by: actor.userId, created_at: now.toISOString(), updated_at: now.toISOString(),
    });
    await r.insertCommitments(
      input.commitments.map((c) => ({
        id: newId(), agreement_id: id, organization_id: org.id, community_path: community.path, content: c.content.trim(), kind: c.kind ?? null, quantity: c.quantity ?? null,
        state: 'open' as const, fulfilled_at: null, withdrawn_at: null, withdrawn_reason: null, created_at: now.toISOString(),
      })),
    );
    await recordAudit(trx, actor, now, { action: 'agreement.sign', recordType: 'agreement', recordId: id, gridPath: community.path, details: { organizationId: org.id, commitments: input.commitments.length } });
    await writeOutbox(trx, now, 'cobuild.agreementSigned', { agreementId: id, organizationId: org.id }, community.path);
  });
  return id;
}

/**
 * Marks a commitment fulfilled, or withdrawn (with a reason; the assessment deducts for it).
 * Only open commitments change; the community's staff decide.
 */
export async function settleCommitment({ ctx, actor, commitmentId, outcome, reason }: { ctx: AppContext; actor: Actor | undefined; commitmentId: string; outcome: 'fulfilled' | 'withdrawn'; reason?: string }) {
  requirePermission(actor, 'agreement.write');
  const repo = cobuildRepository(ctx.db.kysely);
  const c = await repo.findCommitment(commitmentId);
  if (!c) throw new AppError('notFound');
  if (!isInScope(actor, c.community_path)) throw new AppError('forbidden', { params: { action: 'agreement.write' } });
  if (outcome === 'withdrawn' && !reason?.trim()) throw invalidField('reason', 'required');
  const now = ctx.clock.now();
  await transaction(ctx.db, async (trx) => {
    const patch = outcome === 'fulfilled' ? { state: 'fulfilled' as const, fulfilled_at: now.toISOString() } : { state: 'withdrawn' as const, withdrawn_at: now.toISOString(), withdrawn_reason: reason!.trim() };
    const isUpdated = await cobuildRepository(trx).updateCommitment(c.id, 'open', patch);
    if (!isUpdated) throw new AppError('conflict', { errors: [{ field: 'id', reason: 'commitmentNotOpen' }] });
    await recordAudit(trx, actor, now, { action: `commitment.${outcome === 'fulfilled' ? 'fulfil' : 'withdraw'}`, recordType: 'commitment', recordId: c.id, gridPath: c.community_path, details: reason ? { reason } : undefined });
  });
}
