import crypto from 'node:crypto';
import { transaction } from '../../db/index.js';
import { requirePermission } from '../../core/accounts/policy.js';
import { recordAudit } from '../../core/audit/audit.js';
import type { AppContext } from '../../core/context.js';
import { AppError, invalidField } from '../../core/errors.js';
import type { Actor } from '../../core/scope.js';
import { managedMeeting } from './access.js';
import { isCurrentMember } from './policy.js';
import { localDay } from './recurrence.js';
import { deliberationRepository } from './repository.js';
import type { MeetingTable } from './tables.js';

/** Check-in opens an hour before the start and stays open while the meeting runs. */
const EARLY_CHECKIN_MS = 3_600_000;

function assertOpenForCheckIn(meeting: MeetingTable, now: Date): void {
  if (meeting.state === 'inProgress') return;
  if (meeting.state === 'scheduled' && now.getTime() >= Date.parse(meeting.starts_at) - EARLY_CHECKIN_MS) return;
  throw new AppError('conflict', { errors: [{ field: 'code', reason: meeting.state === 'closed' ? 'meetingClosed' : 'checkInNotOpen' }] });
}

async function markPresent(ctx: AppContext, actor: Actor, meeting: MeetingTable, memberId: string, method: 'code' | 'qr' | 'manual', isPresent = true): Promise<void> {
  const now = ctx.clock.now();
  const nowIso = now.toISOString();
  await transaction(ctx.db, async (trx) => {
    await trx
      .insertInto('meeting_attendance')
      .values({ meeting_id: meeting.id, member_id: memberId, invited_at: nowIso, checked_in_at: isPresent ? nowIso : null, method: isPresent ? method : null })
      .onConflict((oc) => oc.columns(['meeting_id', 'member_id']).doUpdateSet({ checked_in_at: isPresent ? nowIso : null, method: isPresent ? method : null }))
      .execute();
    await recordAudit(trx, actor, now, { action: isPresent ? 'meeting.checkIn' : 'meeting.checkOut', recordType: 'meeting', recordId: meeting.id, gridPath: meeting.grid_path, details: { memberId, method } });
  });
}

/**
 * A delegate checks themself in with the meeting's six-digit code (typed, or read from the QR
 * shown in the room). Someone who does not sit in the body is refused (403).
 */
export async function checkIn({ ctx, actor, meetingId, code, via }: { ctx: AppContext; actor: Actor | undefined; meetingId: string; code: string; via?: 'code' | 'qr' }): Promise<string> {
  requirePermission(actor, 'deliberation.checkIn');
  const repo = deliberationRepository(ctx.db.kysely);
  const meeting = await repo.meeting(meetingId);
  if (!meeting) throw new AppError('notFound');
  const day = localDay(new Date(meeting.starts_at));
  const member = (await repo.membershipsOf(actor.userId, meeting.body_id)).find((m) => isCurrentMember(m, day));
  if (!member) throw new AppError('forbidden', { errors: [{ field: 'meetingId', reason: 'notAMember' }] });
  assertOpenForCheckIn(meeting, ctx.clock.now());
  const given = Buffer.from(code.trim());
  const expected = Buffer.from(meeting.checkin_code);
  if (given.length !== expected.length || !crypto.timingSafeEqual(given, expected)) throw invalidField('code', 'checkinCode');
  await markPresent(ctx, actor, meeting, member.id, via ?? 'code');
  return member.id;
}

/** The meeting's secretary marks a delegate present (or not) by hand. */
export async function markAttendance({ ctx, actor, meetingId, memberId, isPresent }: { ctx: AppContext; actor: Actor | undefined; meetingId: string; memberId: string; isPresent: boolean }): Promise<void> {
  const { meeting, body } = await managedMeeting(ctx, actor, meetingId);
  const member = await deliberationRepository(ctx.db.kysely).member(memberId);
  if (!member || member.body_id !== body.id) throw invalidField('memberId', 'notAMember');
  if (isPresent) assertOpenForCheckIn(meeting, ctx.clock.now());
  else if (meeting.state === 'closed') throw new AppError('conflict', { errors: [{ field: 'memberId', reason: 'meetingClosed' }] });
  await markPresent(ctx, actor!, meeting, memberId, 'manual', isPresent);
}
