import { transaction } from '../../db/index.js';
import { requirePermission } from '../../core/accounts/policy.js';
import { recordAudit, writeOutbox } from '../../core/audit/audit.js';
import type { AppContext } from '../../core/context.js';
import { AppError } from '../../core/errors.js';
import { newId } from '../../core/ids.js';
import { isInScope, type Actor } from '../../core/scope.js';
import { isContactOf } from './policy.js';
import { communityFor } from './register-organization.js';
import { cobuildRepository } from './repository.js';
import { cobuildService } from './service.js';

/**
 * Sends the 双向服务反馈清单 of one community to an employer's party organisation: a snapshot of
 * what each of its members registered there did in the year and how they were rated. The list
 * stays readable live; the snapshot records what was sent and when, and the outbox tells the
 * employer's contact.
 */
export async function sendFeedback({ ctx, actor, organizationId, year, communityId }: { ctx: AppContext; actor: Actor | undefined; organizationId: string; year: number; communityId: string }) {
  requirePermission(actor, 'feedback.send');
  const repo = cobuildRepository(ctx.db.kysely);
  const org = await repo.findOrg(organizationId);
  if (!org) throw new AppError('notFound');
  const community = await communityFor(ctx, actor, communityId);
  const lines = await cobuildService(ctx).feedbackLines(org.id, year, { actor }, community.id);
  if (lines.length === 0) throw new AppError('conflict', { errors: [{ field: 'communityId', reason: 'noMembersToReport' }] });
  const now = ctx.clock.now();
  const id = newId();
  await transaction(ctx.db, async (trx) => {
    await cobuildRepository(trx).insertFeedback({
      id, organization_id: org.id, community_id: community.id, community_path: community.path, year, content: JSON.stringify(lines), member_count: lines.length,
      sent_by: actor.userId, sent_by_name: actor.displayName, sent_at: now.toISOString(), acknowledged_at: null, acknowledged_by_name: null,
    });
    await recordAudit(trx, actor, now, { action: 'feedback.send', recordType: 'evaluationFeedback', recordId: id, gridPath: community.path, details: { organizationId: org.id, year, members: lines.length } });
    await writeOutbox(trx, now, 'cobuild.feedbackSent', { feedbackId: id, organizationId: org.id, contactUserId: org.contact_user_id, year }, community.path);
  });
  return id;
}

/** The employer's contact confirms the feedback list arrived (签收). */
export async function acknowledgeFeedback({ ctx, actor, id }: { ctx: AppContext; actor: Actor | undefined; id: string }) {
  requirePermission(actor, 'feedback.acknowledge');
  const repo = cobuildRepository(ctx.db.kysely);
  const feedback = await repo.findFeedback(id);
  if (!feedback) throw new AppError('notFound');
  const org = await repo.findOrg(feedback.organization_id);
  if (!actor.isGlobal && (!org || !isContactOf(actor, org))) throw new AppError('forbidden', { params: { action: 'feedback.acknowledge' } });
  if (feedback.acknowledged_at) throw new AppError('conflict', { errors: [{ field: 'id', reason: 'feedbackAcknowledged' }] });
  const now = ctx.clock.now();
  await transaction(ctx.db, async (trx) => {
    await cobuildRepository(trx).updateFeedback(id, { acknowledged_at: now.toISOString(), acknowledged_by_name: actor.displayName });
    await recordAudit(trx, actor, now, { action: 'feedback.acknowledge', recordType: 'evaluationFeedback', recordId: id, gridPath: feedback.community_path });
  });
}

/** A sent list as it was sent (for the employer's contact or staff of the community). */
export async function sentFeedback({ ctx, actor, id }: { ctx: AppContext; actor: Actor | undefined; id: string }) {
  requirePermission(actor, 'feedback.read');
  const repo = cobuildRepository(ctx.db.kysely);
  const feedback = await repo.findFeedback(id);
  if (!feedback) throw new AppError('notFound');
  const org = await repo.findOrg(feedback.organization_id);
  const isContact = Boolean(org && isContactOf(actor, org));
  if (!isContact && (actor.role === 'orgContact' || !isInScope(actor, feedback.community_path))) throw new AppError('notFound');
  const [community] = await repo.gridNames([feedback.community_id]);
  return {
    id: feedback.id, year: feedback.year, organization: { id: feedback.organization_id, name: org?.name ?? '', partyOrgName: org?.party_org_name ?? null },
    community: { id: feedback.community_id, name: community?.name ?? '' }, sentAt: feedback.sent_at, sentByName: feedback.sent_by_name,
    acknowledgedAt: feedback.acknowledged_at, acknowledgedByName: feedback.acknowledged_by_name, items: JSON.parse(feedback.content) as unknown[], canAcknowledge: isContact && !feedback.acknowledged_at,
  };
}
