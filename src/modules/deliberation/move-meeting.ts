import { transaction } from '../../db/index.js';
import { recordAudit, writeOutbox } from '../../core/audit/audit.js';
import type { AppContext } from '../../core/context.js';
import { AppError } from '../../core/errors.js';
import type { Actor } from '../../core/scope.js';
import { managedMeeting } from './access.js';
import { inviteMembers } from './ensure-upcoming-meetings.js';
import { meetingMoves, type MeetingMove } from './policy.js';
import type { MeetingTable } from './tables.js';

export interface MoveMeetingOptions {
  ctx: AppContext;
  actor: Actor | undefined;
  meetingId: string;
  move: MeetingMove;
  version?: number;
}

/**
 * Moves a meeting along draft → scheduled → in progress → closed (or cancels one not yet held).
 * A meeting closes only when no motion is still being voted on.
 */
export async function moveMeeting({ ctx, actor, meetingId, move, version }: MoveMeetingOptions): Promise<void> {
  const { meeting, body } = await managedMeeting(ctx, actor, meetingId);
  const rule = meetingMoves[move];
  if (!(rule.from as readonly string[]).includes(meeting.state)) {
    const allowed = (Object.keys(meetingMoves) as MeetingMove[]).filter((m) => (meetingMoves[m].from as readonly string[]).includes(meeting.state));
    throw new AppError('conflict', { errors: [{ field: 'action', reason: 'illegalTransition', params: { allowed: allowed.join(', ') || '—' } }] });
  }
  if (version !== undefined && version !== meeting.version) throw new AppError('conflict', { errors: [{ field: 'version', reason: 'staleVersion' }] });
  if (move === 'close') {
    const open = await ctx.db.kysely.selectFrom('motions').select('id').where('meeting_id', '=', meetingId).where('state', '=', 'open').executeTakeFirst();
    if (open) throw new AppError('conflict', { errors: [{ field: 'action', reason: 'motionsStillOpen' }] });
  }
  const now = ctx.clock.now();
  const nowIso = now.toISOString();
  const patch: Partial<MeetingTable> = { state: rule.to, updated_at: nowIso, version: meeting.version + 1 };
  if (move === 'start') patch.started_at = nowIso;
  if (move === 'close') patch.closed_at = nowIso;
  await transaction(ctx.db, async (trx) => {
    const updated = await trx.updateTable('meetings').set(patch).where('id', '=', meetingId).where('version', '=', meeting.version).executeTakeFirst();
    if (Number(updated.numUpdatedRows) !== 1) throw new AppError('conflict', { errors: [{ field: 'version', reason: 'staleVersion' }] });
    // Delegates seated since the meeting was planned are invited when it begins.
    if (move === 'start') await inviteMembers(trx, body.id, meetingId, meeting.starts_at, nowIso);
    await recordAudit(trx, actor!, now, { action: `meeting.${move}`, recordType: 'meeting', recordId: meetingId, gridPath: body.grid_path });
    await writeOutbox(trx, now, `meeting.${move}`, { meetingId, bodyId: body.id, from: meeting.state, to: rule.to }, body.grid_path);
  });
}
