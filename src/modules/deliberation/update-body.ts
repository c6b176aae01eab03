import { transaction } from '../../db/index.js';
import { recordAudit } from '../../core/audit/audit.js';
import type { AppContext } from '../../core/context.js';
import type { Actor } from '../../core/scope.js';
import { managedBody } from './access.js';
import type { BodyTable, Majority, VotingRule } from './tables.js';

export interface UpdateBodyOptions {
  ctx: AppContext;
  actor: Actor | undefined;
  bodyId: string;
  input: Partial<{ name: string; votingRule: VotingRule; quorumPercent: number; majority: Majority; countsAbstentions: boolean; topicThreshold: number; isActive: boolean }>;
}

/** Changes a body's name and rules; motions already open keep the rule they opened under. */
export async function updateBody({ ctx, actor, bodyId, input }: UpdateBodyOptions): Promise<void> {
  const body = await managedBody(ctx, actor, bodyId);
  const now = ctx.clock.now();
  const patch: Partial<BodyTable> = { updated_at: now.toISOString() };
  if (input.name !== undefined) patch.name = input.name.trim();
  if (input.votingRule !== undefined) patch.voting_rule = input.votingRule;
  if (input.quorumPercent !== undefined) patch.quorum_percent = input.quorumPercent;
  if (input.majority !== undefined) patch.majority = input.majority;
  if (input.countsAbstentions !== undefined) patch.counts_abstentions = input.countsAbstentions ? 1 : 0;
  if (input.topicThreshold !== undefined) patch.topic_threshold = input.topicThreshold;
  if (input.isActive !== undefined) patch.is_active = input.isActive ? 1 : 0;
  await transaction(ctx.db, async (trx) => {
    await trx.updateTable('bodies').set(patch).where('id', '=', bodyId).execute();
    await recordAudit(trx, actor!, now, { action: 'body.update', recordType: 'body', recordId: bodyId, gridPath: body.grid_path, details: input as Record<string, unknown> });
  });
}
