import { transaction } from '../../db/index.js';
import { requirePermission } from '../../core/accounts/policy.js';
import { recordAudit, writeOutbox } from '../../core/audit/audit.js';
import type { AppContext } from '../../core/context.js';
import { AppError, invalidField, type FieldError } from '../../core/errors.js';
import { newId } from '../../core/ids.js';
import { isInScope, type Actor } from '../../core/scope.js';
import { communityFor } from './register-organization.js';
import { cobuildRepository } from './repository.js';
import type { ReviewBody } from './schemas.js';

const tableOf = { need: 'cobuild_needs', resource: 'cobuild_resources', project: 'cobuild_projects' } as const;

/**
 * Records the monthly joint meeting's review of the three lists (每月联席，充实调整三单): which
 * needs, resources and projects it went through, linked to the deliberation meeting when there
 * is one. Each item then shows the date it was last reviewed.
 */
export async function reviewLists({ ctx, actor, input }: { ctx: AppContext; actor: Actor | undefined; input: ReviewBody }) {
  requirePermission(actor, 'review.write');
  const community = await communityFor(ctx, actor, input.communityId);
  const repo = cobuildRepository(ctx.db.kysely);
  if (input.meetingId) {
    const meeting = await repo.meeting(input.meetingId);
    if (meeting === null) throw invalidField('meetingId', 'unknownMeeting', { value: input.meetingId });
    if (meeting && !isInScope(actor, meeting.grid_path)) throw new AppError('forbidden', { errors: [{ field: 'meetingId', reason: 'outsideScope' }] });
  }
  const errors: FieldError[] = [];
  const titles: { type: string; id: string; title: string }[] = [];
  for (const [i, item] of input.items.entries()) {
    const row =
      item.type === 'need' ? await repo.findNeed(item.id) : item.type === 'project' ? await repo.findProject(item.id) : await repo.findResource(item.id);
    if (!row) {
      errors.push({ field: `items.${i}.id`, reason: 'unknownListItem', params: { value: item.id } });
      continue;
    }
    // A resource is reviewed where its organisation serves; needs and projects where they are.
    let isHere = row.grid_path.startsWith(community.path);
    if (!isHere && item.type === 'resource') {
      const regs = await repo.orgRegistrationsOf([(row as { organization_id: string }).organization_id]);
      isHere = regs.some((r) => r.state === 'active' && r.community_path === community.path);
    }
    if (!isHere) errors.push({ field: `items.${i}.id`, reason: 'reviewItemOutsideCommunity' });
    titles.push({ type: item.type, id: item.id, title: row.title });
  }
  if (errors.length) throw new AppError('validation', { errors });
  const now = ctx.clock.now();
  const id = newId();
  await transaction(ctx.db, async (trx) => {
    const r = cobuildRepository(trx);
    await r.insertReview({
      id, community_id: community.id, community_path: community.path, meeting_id: input.meetingId ?? null, reviewed_on: input.reviewedOn, note: input.note ?? null,
      items: JSON.stringify(titles), created_by: actor.userId, created_by_name: actor.displayName, created_at: now.toISOString(),
    });
    for (const type of ['need', 'resource', 'project'] as const) await r.markReviewed(tableOf[type], titles.filter((t) => t.type === type).map((t) => t.id), id);
    await recordAudit(trx, actor, now, { action: 'lists.review', recordType: 'listReview', recordId: id, gridPath: community.path, details: { items: titles.length, meetingId: input.meetingId ?? null } });
    await writeOutbox(trx, now, 'cobuild.listsReviewed', { reviewId: id, communityId: community.id }, community.path);
  });
  return id;
}
