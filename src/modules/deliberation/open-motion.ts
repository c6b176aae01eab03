import { transaction } from '../../db/index.js';
import { recordAudit, writeOutbox } from '../../core/audit/audit.js';
import type { AppContext } from '../../core/context.js';
import { AppError, invalidField } from '../../core/errors.js';
import { newId } from '../../core/ids.js';
import type { Actor } from '../../core/scope.js';
import { managedMeeting } from './access.js';
import { deliberationRepository } from './repository.js';
import { ruleOf } from './service.js';

export interface OpenMotionOptions {
  ctx: AppContext;
  actor: Actor | undefined;
  meetingId: string;
  input: { agendaItemIds: string[]; text: string };
}

/**
 * Puts a motion to the vote on one or more agenda items of a meeting in progress (a topic and the
 * case beside it), under the body's voting rule as it stands now.
 */
export async function openMotion({ ctx, actor, meetingId, input }: OpenMotionOptions): Promise<string> {
  const { meeting, body } = await managedMeeting(ctx, actor, meetingId);
  if (meeting.state !== 'inProgress') throw new AppError('conflict', { errors: [{ field: 'meetingId', reason: meeting.state === 'closed' ? 'meetingClosed' : 'meetingNotStarted' }] });
  const ids = [...new Set(input.agendaItemIds)];
  const items = await deliberationRepository(ctx.db.kysely).agendaItems(ids);
  if (ids.length === 0 || items.length !== ids.length || items.some((i) => i.meeting_id !== meetingId)) throw invalidField('agendaItemIds', 'unknownAgendaItem');
  const id = newId();
  const now = ctx.clock.now();
  await transaction(ctx.db, async (trx) => {
    await trx
      .insertInto('motions')
      .values({ id, meeting_id: meetingId, agenda_item_id: ids[0], agenda_item_ids: JSON.stringify(ids), text: input.text.trim(), state: 'open', rule: JSON.stringify(ruleOf(body)), result: null, opened_at: now.toISOString(), decided_at: null })
      .execute();
    await recordAudit(trx, actor!, now, { action: 'motion.open', recordType: 'meeting', recordId: meetingId, gridPath: meeting.grid_path, details: { motionId: id, agendaItemIds: ids } });
    await writeOutbox(trx, now, 'motion.opened', { motionId: id, meetingId, bodyId: body.id }, meeting.grid_path);
  });
  return id;
}
