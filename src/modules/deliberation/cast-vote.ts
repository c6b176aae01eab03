import { transaction } from '../../db/index.js';
import { requirePermission } from '../../core/accounts/policy.js';
import { writeOutbox } from '../../core/audit/audit.js';
import type { AppContext } from '../../core/context.js';
import { AppError, invalidField } from '../../core/errors.js';
import { newId } from '../../core/ids.js';
import type { Actor } from '../../core/scope.js';
import { isCurrentMember, isManagerOf } from './policy.js';
import { localDay } from './recurrence.js';
import { deliberationRepository } from './repository.js';
import type { MotionRule } from './tally.js';
import type { VoteChoice } from './tables.js';

export interface CastVoteOptions {
  ctx: AppContext;
  actor: Actor | undefined;
  motionId: string;
  /** `memberId` lets the meeting's secretary record a show of hands by name; a delegate votes as themself without it. */
  input: { choice: VoteChoice; memberId?: string };
}

function isUniqueViolation(error: unknown): boolean {
  const e = error as { code?: string; message?: string };
  return e?.code === '23505' || e?.code === 'SQLITE_CONSTRAINT_UNIQUE' || e?.code === 'SQLITE_CONSTRAINT_PRIMARYKEY' || /UNIQUE constraint failed/.test(e?.message ?? '');
}

/**
 * Records one vote by name: a delegate who is checked in votes once for their seat (four-party
 * rule) or for themself (one per member). Voting on a decided motion or in a closed meeting is a
 * 409; a non-member is refused (403); a second vote for the same seat is a 409.
 */
export async function castVote({ ctx, actor, motionId, input }: CastVoteOptions): Promise<string> {
  requirePermission(actor, 'deliberation.vote');
  const repo = deliberationRepository(ctx.db.kysely);
  const motion = await repo.motion(motionId);
  if (!motion) throw new AppError('notFound');
  const meeting = (await repo.meeting(motion.meeting_id))!;
  const day = localDay(new Date(meeting.starts_at));
  let member;
  if (input.memberId) {
    member = await repo.member(input.memberId);
    if (!member || member.body_id !== meeting.body_id) throw invalidField('memberId', 'notAMember');
    if (member.user_id !== actor.userId && !isManagerOf(actor, meeting.grid_path)) throw new AppError('forbidden');
  } else {
    member = (await repo.membershipsOf(actor.userId, meeting.body_id)).find((m) => isCurrentMember(m, day));
    if (!member) throw new AppError('forbidden', { errors: [{ field: 'motionId', reason: 'notAMember' }] });
  }
  if (!isCurrentMember(member, day)) throw new AppError('forbidden', { errors: [{ field: 'memberId', reason: 'notAMember' }] });
  if (meeting.state === 'closed' || meeting.state === 'cancelled') throw new AppError('conflict', { errors: [{ field: 'motionId', reason: 'meetingClosed' }] });
  if (motion.state !== 'open') throw new AppError('conflict', { errors: [{ field: 'motionId', reason: 'motionDecided' }] });
  const rule = JSON.parse(motion.rule) as MotionRule;
  let voterKey = member.id;
  if (rule.votingRule === 'perSeat') {
    const seats = await repo.seats(meeting.body_id);
    if (!member.org_id || !seats.some((s) => s.org_id === member.org_id)) throw new AppError('forbidden', { errors: [{ field: 'memberId', reason: 'notASeat' }] });
    voterKey = member.org_id;
  }
  const attendance = await repo.attendance(meeting.id);
  if (!attendance.some((a) => a.member_id === member.id && a.checked_in_at)) throw new AppError('conflict', { errors: [{ field: 'memberId', reason: 'notCheckedIn' }] });
  const already = (await repo.votes([motionId])).find((v) => v.voter_key === voterKey);
  if (already) throw new AppError('conflict', { errors: [{ field: 'memberId', reason: rule.votingRule === 'perSeat' ? 'seatAlreadyVoted' : 'alreadyVoted', params: { name: already.voter_name } }] });
  const id = newId();
  const now = ctx.clock.now();
  try {
    await transaction(ctx.db, async (trx) => {
      await trx
        .insertInto('votes')
        .values({ id, motion_id: motionId, voter_key: voterKey, member_id: member.id, org_id: member.org_id, voter_name: member.name, choice: input.choice, recorded_by: actor.userId, at: now.toISOString() })
        .execute();
      await writeOutbox(trx, now, 'vote.cast', { motionId, meetingId: meeting.id, choice: input.choice }, meeting.grid_path);
    });
  } catch (error) {
    // Two votes for one seat at the same instant: the database keeps the first.
    if (isUniqueViolation(error)) throw new AppError('conflict', { errors: [{ field: 'memberId', reason: rule.votingRule === 'perSeat' ? 'seatAlreadyVoted' : 'alreadyVoted', params: { name: member.name } }] });
    throw error;
  }
  return id;
}
