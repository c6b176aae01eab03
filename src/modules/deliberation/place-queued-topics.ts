import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.js';
import { writeOutbox } from '../../core/audit/audit.js';
import { newId } from '../../core/ids.js';
import { deliberationRepository } from './repository.js';

/**
 * Puts a body's queued topics (those past its support threshold) on its next meeting that has
 * not begun, inside the caller's transaction. Without such a meeting they wait in the queue and
 * go on the first one scheduled.
 */
export async function placeQueuedTopics(trx: Kysely<Database>, bodyId: string, now: Date): Promise<number> {
  const repo = deliberationRepository(trx);
  const queued = await repo.queuedTopics(bodyId);
  if (queued.length === 0) return 0;
  const meeting = await repo.nextOpenMeeting(bodyId, now.toISOString());
  if (!meeting) return 0;
  let seq = Number((await repo.lastAgendaSeq(meeting.id))?.seq ?? 0);
  const nowIso = now.toISOString();
  for (const topic of queued) {
    const itemId = newId();
    await trx.insertInto('agenda_items').values({ id: itemId, meeting_id: meeting.id, seq: ++seq, kind: 'topic', title: topic.title, case_id: topic.case_id, topic_id: topic.id, ref_id: null, outcome: null, created_at: nowIso }).execute();
    await trx.updateTable('topics').set({ state: 'onAgenda', agenda_item_id: itemId, updated_at: nowIso }).where('id', '=', topic.id).execute();
    await writeOutbox(trx, now, 'topic.onAgenda', { topicId: topic.id, meetingId: meeting.id, agendaItemId: itemId }, topic.grid_path);
  }
  return queued.length;
}
