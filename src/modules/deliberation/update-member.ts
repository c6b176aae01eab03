import { transaction } from '../../db/index.js';
import { requirePermission } from '../../core/accounts/policy.js';
import { recordAudit } from '../../core/audit/audit.js';
import type { AppContext } from '../../core/context.js';
import { AppError, invalidField } from '../../core/errors.js';
import type { Actor } from '../../core/scope.js';
import { managedBody, today } from './access.js';
import { deliberationRepository } from './repository.js';
import type { Position } from './tables.js';

export interface UpdateMemberOptions {
  ctx: AppContext;
  actor: Actor | undefined;
  memberId: string;
  input: { position?: Position; termEnd?: string | null };
}

/** Changes a delegate's position or ends their term (they keep their past votes, by name). */
export async function updateMember({ ctx, actor, memberId, input }: UpdateMemberOptions): Promise<void> {
  requirePermission(actor, 'deliberation.manage');
  const member = await deliberationRepository(ctx.db.kysely).member(memberId);
  if (!member) throw new AppError('notFound');
  const body = await managedBody(ctx, actor, member.body_id);
  const termEnd = input.termEnd === undefined ? member.term_end : input.termEnd === null ? null : input.termEnd;
  if (termEnd && termEnd < member.term_start) throw invalidField('termEnd', 'periodEndBeforeStart');
  const now = ctx.clock.now();
  await transaction(ctx.db, async (trx) => {
    await trx.updateTable('body_members').set({ position: input.position ?? member.position, term_end: termEnd }).where('id', '=', memberId).execute();
    await recordAudit(trx, actor!, now, { action: 'body.member.update', recordType: 'body', recordId: body.id, gridPath: body.grid_path, details: { memberId, ...input, today: today(ctx) } });
  });
}
