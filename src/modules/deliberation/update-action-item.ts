import { transaction } from '../../db/index.js';
import { requirePermission } from '../../core/accounts/policy.js';
import { recordAudit, writeOutbox } from '../../core/audit/audit.js';
import type { AppContext } from '../../core/context.js';
import { AppError, invalidField } from '../../core/errors.js';
import type { Actor } from '../../core/scope.js';
import { closeCasesByResolution, type ClosedCase } from './close-case-by-resolution.js';
import { isManagerOf } from './policy.js';
import { deliberationRepository } from './repository.js';
import { rollUpResolution } from './roll-up-resolution.js';
import type { ActionItemState, ActionItemTable } from './tables.js';

export interface UpdateActionItemOptions {
  ctx: AppContext;
  actor: Actor | undefined;
  actionItemId: string;
  input: { state?: ActionItemState; progress?: number; note?: string; dueOn?: string };
}

/**
 * Reports progress on an action item (its owner: the delegate named, or a delegate of the owning
 * organisation; or the body's managers). Done means 100%; the resolution rolls up, and when its
 * last item is done the cases it decided close as solved through deliberation.
 */
export async function updateActionItem({ ctx, actor, actionItemId, input }: UpdateActionItemOptions): Promise<{ resolutionDone: boolean; closedCases: ClosedCase[] }> {
  requirePermission(actor, 'actionItem.update');
  const repo = deliberationRepository(ctx.db.kysely);
  const item = await repo.actionItem(actionItemId);
  if (!item) throw new AppError('notFound');
  const resolution = (await repo.resolution(item.resolution_id))!;
  const memberships = (await repo.membershipsOf(actor.userId, resolution.body_id)).filter((m) => m.term_end === null);
  const isOwner = memberships.some((m) => m.id === item.owner_member_id || (item.owner_org_id !== null && m.org_id === item.owner_org_id));
  const isManager = isManagerOf(actor, resolution.grid_path);
  if (!isOwner && !isManager) throw new AppError('forbidden');
  if (input.dueOn !== undefined && !isManager) throw new AppError('forbidden');
  if (input.dueOn !== undefined && (!/^\d{4}-\d{2}-\d{2}$/.test(input.dueOn) || Number.isNaN(Date.parse(input.dueOn)))) throw invalidField('dueOn', 'invalidDate');
  if ((item.state === 'done' || item.state === 'cancelled') && input.state === undefined) throw new AppError('conflict', { errors: [{ field: 'state', reason: 'actionItemFinished' }] });

  const now = ctx.clock.now();
  const nowIso = now.toISOString();
  const patch: Partial<ActionItemTable> = { updated_at: nowIso };
  let state = input.state ?? item.state;
  let progress = input.progress ?? item.progress;
  if (state === 'done' || progress === 100) {
    state = 'done';
    progress = 100;
  } else if (state === 'open' && progress > 0) state = 'inProgress';
  else if (state !== 'cancelled' && input.state === 'inProgress' && progress === 100) progress = 90;
  Object.assign(patch, { state, progress, completed_at: state === 'done' ? (item.completed_at ?? nowIso) : null });
  if (input.note !== undefined) patch.note = input.note.trim() || null;
  if (input.dueOn !== undefined) Object.assign(patch, { due_on: input.dueOn, reminded_on: null });

  const resolutionDone = await transaction(ctx.db, async (trx) => {
    await trx.updateTable('action_items').set(patch).where('id', '=', actionItemId).execute();
    const done = await rollUpResolution(trx, resolution.id, now);
    await recordAudit(trx, actor, now, { action: 'actionItem.update', recordType: 'resolution', recordId: resolution.id, gridPath: resolution.grid_path, details: { actionItemId, state, progress } });
    await writeOutbox(trx, now, 'actionItem.updated', { actionItemId, resolutionId: resolution.id, state, progress }, resolution.grid_path);
    return done;
  });
  const closedCases = resolutionDone ? await closeCasesByResolution({ ctx, actor, resolutionId: resolution.id }) : [];
  return { resolutionDone, closedCases };
}
