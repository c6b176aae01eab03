import { transaction } from '../../db/index.js';
import { requirePermission } from '../../core/accounts/policy.js';
import { recordAudit, writeOutbox } from '../../core/audit/audit.js';
import type { AppContext } from '../../core/context.js';
import { AppError } from '../../core/errors.js';
import { newId } from '../../core/ids.js';
import type { Actor } from '../../core/scope.js';
import { managedMeeting } from './access.js';
import { localDay } from './recurrence.js';
import { deliberationRepository } from './repository.js';
import { presenceOf } from './service.js';
import { tallyMotion, type MotionRule, type Tally } from './tally.js';

export interface DecideMotionOptions {
  ctx: AppContext;
  actor: Actor | undefined;
  motionId: string;
}

/**
 * Closes the vote on a motion and computes its result from the votes and the attendance: passed,
 * rejected, or void for want of a quorum (which says how many were needed). A passed motion
 * becomes a numbered resolution in the same transaction; the topics it covered are decided.
 */
export async function decideMotion({ ctx, actor, motionId }: DecideMotionOptions): Promise<{ tally: Tally; resolutionId: string | null }> {
  requirePermission(actor, 'deliberation.manage');
  const repo = deliberationRepository(ctx.db.kysely);
  const motion = await repo.motion(motionId);
  if (!motion) throw new AppError('notFound');
  const { meeting, body } = await managedMeeting(ctx, actor, motion.meeting_id);
  if (motion.state !== 'open') throw new AppError('conflict', { errors: [{ field: 'motionId', reason: 'motionDecided' }] });
  if (meeting.state !== 'inProgress') throw new AppError('conflict', { errors: [{ field: 'motionId', reason: 'meetingClosed' }] });
  const rule = JSON.parse(motion.rule) as MotionRule;
  const votes = await repo.votes([motionId]);
  const tally = tallyMotion({ rule, ...(await presenceOf(ctx, meeting, rule)), votes: votes.map((v) => v.choice) });
  const items = await repo.agendaItems(JSON.parse(motion.agenda_item_ids) as string[]);
  const now = ctx.clock.now();
  const nowIso = now.toISOString();
  const resolutionId = tally.outcome === 'passed' ? newId() : null;
  await transaction(ctx.db, async (trx) => {
    const updated = await trx.updateTable('motions').set({ state: tally.outcome, result: JSON.stringify(tally), decided_at: nowIso }).where('id', '=', motionId).where('state', '=', 'open').executeTakeFirst();
    if (Number(updated.numUpdatedRows) !== 1) throw new AppError('conflict', { errors: [{ field: 'motionId', reason: 'motionDecided' }] });
    if (resolutionId) {
      const year = localDay(now).slice(0, 4);
      const seq = Number((await deliberationRepository(trx).countResolutions(body.id, `${year}-`)).n) + 1;
      const main = items.find((i) => i.id === motion.agenda_item_id);
      await trx
        .insertInto('resolutions')
        .values({
          id: resolutionId, number: `${year}-${String(seq).padStart(3, '0')}`, motion_id: motionId, meeting_id: meeting.id, body_id: body.id, grid_path: body.grid_path,
          title: main?.title ?? motion.text.slice(0, 60), text: motion.text, state: 'inProgress', progress: 0, decided_at: nowIso, done_at: null,
        })
        .execute();
      await writeOutbox(trx, now, 'resolution.adopted', { resolutionId, motionId, meetingId: meeting.id, bodyId: body.id }, body.grid_path);
    }
    const topicIds = items.map((i) => i.topic_id).filter((t): t is string => t !== null);
    if (topicIds.length && tally.outcome !== 'noQuorum') await trx.updateTable('topics').set({ state: 'decided', updated_at: nowIso }).where('id', 'in', topicIds).execute();
    await recordAudit(trx, actor!, now, { action: 'motion.decide', recordType: 'meeting', recordId: meeting.id, gridPath: meeting.grid_path, details: { motionId, outcome: tally.outcome, yes: tally.yes, no: tally.no, abstain: tally.abstain } });
    await writeOutbox(trx, now, 'motion.decided', { motionId, meetingId: meeting.id, outcome: tally.outcome, reason: tally.reason }, meeting.grid_path);
  });
  return { tally, resolutionId };
}
