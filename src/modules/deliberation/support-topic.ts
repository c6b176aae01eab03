import { transaction } from '../../db/index.js';
import { requirePermission } from '../../core/accounts/policy.js';
import { writeOutbox } from '../../core/audit/audit.js';
import type { AppContext } from '../../core/context.js';
import { AppError } from '../../core/errors.js';
import { isInScope, type Actor } from '../../core/scope.js';
import { isDelegate } from './access.js';
import { placeQueuedTopics } from './place-queued-topics.js';
import { deliberationRepository } from './repository.js';

function isUniqueViolation(error: unknown): boolean {
  const e = error as { code?: string; message?: string };
  return e?.code === '23505' || e?.code === 'SQLITE_CONSTRAINT_PRIMARYKEY' || e?.code === 'SQLITE_CONSTRAINT_UNIQUE' || /UNIQUE constraint failed/.test(e?.message ?? '');
}

/**
 * A neighbour supports a topic, once (the database refuses a second support: 409). When the
 * supports reach the council's threshold the topic is queued and goes on its next agenda.
 */
export async function supportTopic({ ctx, actor, topicId }: { ctx: AppContext; actor: Actor | undefined; topicId: string }): Promise<{ supportCount: number; state: string }> {
  requirePermission(actor, 'topic.support');
  const repo = deliberationRepository(ctx.db.kysely);
  const topic = await repo.topic(topicId);
  if (!topic || !(isInScope(actor, topic.grid_path) || (await isDelegate(ctx.db.kysely, actor.userId, topic.body_id)))) throw new AppError('notFound');
  if (topic.state === 'decided' || topic.state === 'closed') throw new AppError('conflict', { errors: [{ field: 'topicId', reason: 'topicClosed' }] });
  const body = (await repo.body(topic.body_id))!;
  const now = ctx.clock.now();
  const nowIso = now.toISOString();
  try {
    return await transaction(ctx.db, async (trx) => {
      await trx.insertInto('topic_supports').values({ topic_id: topicId, user_id: actor.userId, created_at: nowIso }).execute();
      await trx.updateTable('topics').set((eb) => ({ support_count: eb('support_count', '+', 1), updated_at: nowIso })).where('id', '=', topicId).execute();
      const after = await trx.selectFrom('topics').select(['support_count', 'state']).where('id', '=', topicId).executeTakeFirstOrThrow();
      let state: string = after.state;
      if (after.state === 'open' && after.support_count >= body.topic_threshold) {
        await trx.updateTable('topics').set({ state: 'queued' }).where('id', '=', topicId).execute();
        state = 'queued';
        await writeOutbox(trx, now, 'topic.queued', { topicId, bodyId: body.id, supportCount: after.support_count }, topic.grid_path);
        if ((await placeQueuedTopics(trx, body.id, now)) > 0) state = 'onAgenda';
      }
      return { supportCount: Number(after.support_count), state };
    });
  } catch (error) {
    if (isUniqueViolation(error)) throw new AppError('conflict', { errors: [{ field: 'topicId', reason: 'alreadySupported' }] });
    throw error;
  }
}
