import { transaction } from '../../db/index.js';
import { recordAudit } from '../../core/audit/audit.js';
import type { AppContext } from '../../core/context.js';
import { AppError, invalidField } from '../../core/errors.js';
import { newId } from '../../core/ids.js';
import type { Actor } from '../../core/scope.js';
import { managedMeeting } from './access.js';
import { deliberationRepository } from './repository.js';
import type { AgendaKind } from './tables.js';

export interface AddAgendaItemOptions {
  ctx: AppContext;
  actor: Actor | undefined;
  meetingId: string;
  input: { kind: AgendaKind; title?: string; caseId?: string; caseNumber?: string; topicId?: string; refId?: string };
}

/**
 * Adds an item to a meeting's agenda, before or during it: a case of the body's area (by id or
 * number), a residents' topic of the body, a co-building need or project, or a plain item.
 */
export async function addAgendaItem({ ctx, actor, meetingId, input }: AddAgendaItemOptions): Promise<string> {
  const { meeting, body } = await managedMeeting(ctx, actor, meetingId);
  if (meeting.state === 'closed' || meeting.state === 'cancelled') throw new AppError('conflict', { errors: [{ field: 'meetingId', reason: 'meetingClosed' }] });
  const repo = deliberationRepository(ctx.db.kysely);
  let title = input.title?.trim() ?? '';
  let caseId: string | null = null;
  let topicId: string | null = null;
  if (input.kind === 'case') {
    const c = input.caseId
      ? await ctx.db.kysely.selectFrom('cases').select(['id', 'number', 'title', 'grid_path', 'handling_path', 'is_open']).where('id', '=', input.caseId).executeTakeFirst()
      : input.caseNumber
        ? await ctx.db.kysely.selectFrom('cases').select(['id', 'number', 'title', 'grid_path', 'handling_path', 'is_open']).where('number', '=', input.caseNumber.trim()).executeTakeFirst()
        : undefined;
    if (!input.caseId && !input.caseNumber) throw invalidField('caseId', 'required');
    // A body deliberates the cases of its own area.
    if (!c || !((c.grid_path ?? '').startsWith(body.grid_path) || c.handling_path.startsWith(body.grid_path))) throw invalidField(input.caseId ? 'caseId' : 'caseNumber', 'caseOutsideBody');
    caseId = c.id;
    title ||= `${c.number} ${c.title}`;
  } else if (input.kind === 'topic') {
    if (!input.topicId) throw invalidField('topicId', 'required');
    const topic = await repo.topic(input.topicId);
    if (!topic || topic.body_id !== body.id) throw invalidField('topicId', 'unknownTopic');
    topicId = topic.id;
    caseId = topic.case_id;
    title ||= topic.title;
  } else if ((input.kind === 'need' || input.kind === 'project') && !input.refId) {
    throw invalidField('refId', 'required');
  }
  if (!title) throw invalidField('title', 'required');
  const id = newId();
  const now = ctx.clock.now();
  const nowIso = now.toISOString();
  await transaction(ctx.db, async (trx) => {
    const seq = Number((await deliberationRepository(trx).lastAgendaSeq(meetingId))?.seq ?? 0) + 1;
    await trx.insertInto('agenda_items').values({ id, meeting_id: meetingId, seq, kind: input.kind, title, case_id: caseId, topic_id: topicId, ref_id: input.refId ?? null, outcome: null, created_at: nowIso }).execute();
    if (topicId) await trx.updateTable('topics').set({ state: 'onAgenda', agenda_item_id: id, updated_at: nowIso }).where('id', '=', topicId).where('state', 'in', ['open', 'queued']).execute();
    await recordAudit(trx, actor!, now, { action: 'meeting.agenda.add', recordType: 'meeting', recordId: meetingId, gridPath: meeting.grid_path, details: { agendaItemId: id, kind: input.kind, caseId, topicId } });
  });
  return id;
}
