import { transaction } from '../../db/index.js';
import { requirePermission } from '../../core/accounts/policy.js';
import { recordAudit } from '../../core/audit/audit.js';
import type { AppContext } from '../../core/context.js';
import { AppError, invalidField } from '../../core/errors.js';
import type { Actor } from '../../core/scope.js';
import { canEditMinutes, isManagerOf } from './policy.js';
import { deliberationRepository } from './repository.js';
import type { MeetingTable } from './tables.js';

export interface EditMeetingOptions {
  ctx: AppContext;
  actor: Actor | undefined;
  meetingId: string;
  input: { title?: string; startsAt?: string; endsAt?: string; location?: string | null; minutes?: string; attachments?: { name: string; url: string }[] };
  version?: number;
}

/** Who may write a meeting's minutes and outcomes: its body's managers and the body's own secretary. */
async function minutesRights(ctx: AppContext, actor: Actor, meeting: MeetingTable, gridPath: string) {
  const memberships = await deliberationRepository(ctx.db.kysely).membershipsOf(actor.userId, meeting.body_id);
  const isBodySecretary = memberships.some((m) => m.position === 'secretary' && m.term_end === null);
  const isManager = isManagerOf(actor, gridPath);
  const isSecretary = isBodySecretary || (isManager && (actor.role === 'secretary' || actor.role === 'admin'));
  return { isManager, isBodySecretary, isSecretary };
}

/**
 * Edits a meeting: its title, time and place before it begins; its minutes (light Markdown) and
 * attachments while it is in progress, or by the secretary within 72 hours after it closed.
 */
export async function editMeeting({ ctx, actor, meetingId, input, version }: EditMeetingOptions): Promise<void> {
  requirePermission(actor, 'deliberation.read');
  const meeting = await deliberationRepository(ctx.db.kysely).meeting(meetingId);
  if (!meeting) throw new AppError('notFound');
  const rights = await minutesRights(ctx, actor, meeting, meeting.grid_path);
  if (!rights.isManager && !rights.isBodySecretary) throw new AppError('forbidden');
  if (version !== undefined && version !== meeting.version) throw new AppError('conflict', { errors: [{ field: 'version', reason: 'staleVersion' }] });
  const now = ctx.clock.now();
  const nowIso = now.toISOString();
  const patch: Partial<MeetingTable> = { updated_at: nowIso, version: meeting.version + 1 };
  const isPlanning = meeting.state === 'draft' || meeting.state === 'scheduled';
  if (input.title !== undefined || input.startsAt !== undefined || input.endsAt !== undefined || input.location !== undefined) {
    if (!rights.isManager) throw new AppError('forbidden');
    if (!isPlanning) throw new AppError('conflict', { errors: [{ field: 'startsAt', reason: 'meetingAlreadyHeld' }] });
    if (input.title !== undefined) patch.title = input.title.trim();
    if (input.location !== undefined) patch.location = input.location?.trim() || null;
    const start = new Date(input.startsAt ?? meeting.starts_at);
    const end = new Date(input.endsAt ?? (input.startsAt ? start.getTime() + (Date.parse(meeting.ends_at) - Date.parse(meeting.starts_at)) : meeting.ends_at));
    if (Number.isNaN(start.getTime())) throw invalidField('startsAt', 'format');
    if (Number.isNaN(end.getTime()) || end <= start) throw invalidField('endsAt', 'periodEndBeforeStart');
    patch.starts_at = start.toISOString();
    patch.ends_at = end.toISOString();
  }
  if (input.minutes !== undefined || input.attachments !== undefined) {
    if (!canEditMinutes(meeting, now, rights.isSecretary)) throw new AppError('conflict', { errors: [{ field: 'minutes', reason: 'minutesLocked' }] });
    if (input.minutes !== undefined) Object.assign(patch, { minutes: input.minutes, minutes_updated_at: nowIso });
    if (input.attachments !== undefined) patch.attachments = JSON.stringify(input.attachments);
  }
  await transaction(ctx.db, async (trx) => {
    const updated = await trx.updateTable('meetings').set(patch).where('id', '=', meetingId).where('version', '=', meeting.version).executeTakeFirst();
    if (Number(updated.numUpdatedRows) !== 1) throw new AppError('conflict', { errors: [{ field: 'version', reason: 'staleVersion' }] });
    await recordAudit(trx, actor, now, { action: 'meeting.edit', recordType: 'meeting', recordId: meetingId, gridPath: meeting.grid_path, details: { fields: Object.keys(input) } });
  });
}

/** Records the outcome of one agenda item, under the same rule as the minutes. */
export async function editAgendaOutcome({ ctx, actor, agendaItemId, outcome }: { ctx: AppContext; actor: Actor | undefined; agendaItemId: string; outcome: string }): Promise<void> {
  requirePermission(actor, 'deliberation.read');
  const repo = deliberationRepository(ctx.db.kysely);
  const item = await repo.agendaItem(agendaItemId);
  if (!item) throw new AppError('notFound');
  const meeting = (await repo.meeting(item.meeting_id))!;
  const rights = await minutesRights(ctx, actor, meeting, meeting.grid_path);
  if (!rights.isManager && !rights.isBodySecretary) throw new AppError('forbidden');
  const now = ctx.clock.now();
  if (!canEditMinutes(meeting, now, rights.isSecretary)) throw new AppError('conflict', { errors: [{ field: 'outcome', reason: 'minutesLocked' }] });
  await transaction(ctx.db, async (trx) => {
    await trx.updateTable('agenda_items').set({ outcome }).where('id', '=', agendaItemId).execute();
    await recordAudit(trx, actor, now, { action: 'agendaItem.outcome', recordType: 'meeting', recordId: meeting.id, gridPath: meeting.grid_path, details: { agendaItemId } });
  });
}
