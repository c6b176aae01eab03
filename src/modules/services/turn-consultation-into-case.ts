import { requirePermission } from '../../core/accounts/policy.js';
import { recordAudit, writeOutbox } from '../../core/audit/audit.js';
import type { AppContext } from '../../core/context.js';
import { AppError } from '../../core/errors.js';
import type { Actor } from '../../core/scope.js';
import { transaction } from '../../db/index.js';
import { createCase } from '../cases/create-case.js';
import type { CaseChannel } from '../cases/tables.js';
import { servicesService } from './service.js';

const caseChannel: Record<string, CaseChannel> = { hall: 'staff', hotline: 'hotline', wechat: 'wechat', web: 'web' };

export interface TurnConsultationIntoCaseOptions {
  ctx: AppContext;
  actor: Actor | undefined;
  consultationId: string;
  categoryId: string;
  address?: string;
}

/**
 * A consultation that is really a problem to solve becomes a case in one step: the ordinary
 * intake (routing, limits, numbering) with the consultation's channel and grid, idempotent on the
 * consultation, and the consultation then points at its case.
 */
export async function turnConsultationIntoCase({ ctx, actor, consultationId, categoryId, address }: TurnConsultationIntoCaseOptions): Promise<string> {
  requirePermission(actor, 'consultation.handle');
  const c = await servicesService(ctx).visibleConsultation(actor, consultationId);
  if (c.status === 'turnedIntoCase') throw new AppError('conflict', { errors: [{ field: 'status', reason: 'consultationClosed' }] });
  const { id: caseId } = await createCase({
    ctx, actor, channel: caseChannel[c.channel] ?? 'staff', idempotencyKey: `consultation:${c.id}`,
    input: { categoryId, description: c.question, gridId: c.grid_id, address: address ?? undefined, reporterName: c.asker_name ?? undefined },
  });
  const now = ctx.clock.now();
  await transaction(ctx.db, async (trx) => {
    await trx.updateTable('consultations').set({ status: 'turnedIntoCase', case_id: caseId, handled_by: actor.userId, answered_at: now.toISOString() }).where('id', '=', c.id).execute();
    await recordAudit(trx, actor, now, { action: 'consultation.turnIntoCase', recordType: 'consultation', recordId: c.id, gridPath: c.grid_path, details: { caseId } });
    await writeOutbox(trx, now, 'consultation.turnedIntoCase', { consultationId: c.id, caseId }, c.grid_path);
  });
  return caseId;
}
