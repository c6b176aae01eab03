import { transaction } from '../../db/index.js';
import { requirePermission } from '../../core/accounts/policy.js';
import { recordAudit, writeOutbox } from '../../core/audit/audit.js';
import type { AppContext } from '../../core/context.js';
import { AppError, invalidField } from '../../core/errors.js';
import { newId } from '../../core/ids.js';
import { isInScope, type Actor } from '../../core/scope.js';
import { placeQueuedTopics } from './place-queued-topics.js';
import { deliberationRepository } from './repository.js';

export interface ProposeTopicOptions {
  ctx: AppContext;
  actor: Actor | undefined;
  input: { title: string; description: string; gridId?: string };
}

/**
 * A resident proposes a topic for their compound (议题征集); it goes to the nearest four-party
 * council above the place, with the proposer's own support counted.
 */
export async function proposeTopic({ ctx, actor, input }: ProposeTopicOptions): Promise<string> {
  requirePermission(actor, 'topic.propose');
  const gridId = input.gridId ?? actor.scopeGridIds[0];
  if (!gridId) throw invalidField('gridId', 'required');
  const grid = await ctx.db.kysely.selectFrom('grids').select(['id', 'path']).where('id', '=', gridId).executeTakeFirst();
  if (!grid) throw invalidField('gridId', 'unknownGrid', { value: gridId });
  if (!isInScope(actor, grid.path)) throw new AppError('forbidden');
  const council = await deliberationRepository(ctx.db.kysely).councilFor(grid.path);
  if (!council) throw invalidField('gridId', 'noCouncil');
  const id = newId();
  const now = ctx.clock.now();
  const nowIso = now.toISOString();
  const isQueued = council.topic_threshold <= 1;
  await transaction(ctx.db, async (trx) => {
    await trx
      .insertInto('topics')
      .values({
        id, body_id: council.id, grid_id: grid.id, grid_path: grid.path, title: input.title.trim(), description: input.description.trim(), case_id: null,
        proposer_user_id: actor.userId, proposer_name: actor.displayName, state: isQueued ? 'queued' : 'open', support_count: 1, agenda_item_id: null, created_at: nowIso, updated_at: nowIso,
      })
      .execute();
    await trx.insertInto('topic_supports').values({ topic_id: id, user_id: actor.userId, created_at: nowIso }).execute();
    if (isQueued) await placeQueuedTopics(trx, council.id, now);
    await recordAudit(trx, actor, now, { action: 'topic.propose', recordType: 'topic', recordId: id, gridPath: grid.path });
    await writeOutbox(trx, now, 'topic.proposed', { topicId: id, bodyId: council.id }, grid.path);
  });
  return id;
}
