import { transaction } from '../../db/index.js';
import { recordAudit, writeOutbox } from '../../core/audit/audit.js';
import type { AppContext } from '../../core/context.js';
import { invalidField } from '../../core/errors.js';
import { newId } from '../../core/ids.js';
import type { Actor } from '../../core/scope.js';
import { managedBody } from './access.js';
import { inviteMembers, newCheckinCode } from './ensure-upcoming-meetings.js';
import { placeQueuedTopics } from './place-queued-topics.js';

export interface ScheduleMeetingOptions {
  ctx: AppContext;
  actor: Actor | undefined;
  bodyId: string;
  input: { title: string; startsAt: string; endsAt?: string; location?: string; kind?: 'regular' | 'special'; isDraft?: boolean };
}

/**
 * Calls a one-off meeting of a body (a council convened about a problem, a special joint
 * meeting): scheduled at once (or a draft), every current delegate invited, and the body's
 * queued topics put on its agenda.
 */
export async function scheduleMeeting({ ctx, actor, bodyId, input }: ScheduleMeetingOptions): Promise<string> {
  const body = await managedBody(ctx, actor, bodyId);
  const start = new Date(input.startsAt);
  if (Number.isNaN(start.getTime())) throw invalidField('startsAt', 'format');
  const end = input.endsAt ? new Date(input.endsAt) : new Date(start.getTime() + 2 * 3_600_000);
  if (Number.isNaN(end.getTime()) || end <= start) throw invalidField('endsAt', 'periodEndBeforeStart');
  const id = newId();
  const now = ctx.clock.now();
  const nowIso = now.toISOString();
  await transaction(ctx.db, async (trx) => {
    await trx
      .insertInto('meetings')
      .values({
        id, body_id: bodyId, series_id: null, grid_path: body.grid_path, title: input.title.trim(), kind: input.kind ?? 'special', state: input.isDraft ? 'draft' : 'scheduled',
        starts_at: start.toISOString(), ends_at: end.toISOString(), location: input.location?.trim() || null, checkin_code: newCheckinCode(), minutes: null, minutes_updated_at: null,
        attachments: null, started_at: null, closed_at: null, created_by: actor!.userId, created_at: nowIso, updated_at: nowIso, version: 1,
      })
      .execute();
    await inviteMembers(trx, bodyId, id, start.toISOString(), nowIso);
    await placeQueuedTopics(trx, bodyId, now);
    await recordAudit(trx, actor!, now, { action: 'meeting.create', recordType: 'meeting', recordId: id, gridPath: body.grid_path, details: { bodyId, startsAt: start.toISOString() } });
    await writeOutbox(trx, now, 'meeting.scheduled', { meetingId: id, bodyId, startsAt: start.toISOString() }, body.grid_path);
  });
  return id;
}
