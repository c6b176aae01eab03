import { transaction } from '../../db/index.js';
import { requirePermission } from '../../core/accounts/policy.js';
import { recordAudit, writeOutbox } from '../../core/audit/audit.js';
import type { AppContext } from '../../core/context.js';
import { AppError, type FieldError } from '../../core/errors.js';
import type { Actor } from '../../core/scope.js';
import { projectForWrite } from './match-project.js';
import { cobuildRepository } from './repository.js';
import type { CompleteProjectBody } from './schemas.js';
import type { ListKind } from './tables.js';

/** Venues, skills and people are used, not used up: the offer stays on the list after a project. */
const reusable: ListKind[] = ['venue', 'skills', 'people'];

/**
 * Completes a project with its outcome: what each resource actually delivered is recorded (the
 * committed amount unless told otherwise) and from then on counts in the figures and the
 * assessment; the need is fulfilled; the community may rate the result. Consumable resources
 * (funds, equipment) shrink by what was delivered; reusable ones go back on offer.
 */
export async function completeProject({ ctx, actor, id, input }: { ctx: AppContext; actor: Actor | undefined; id: string; input: CompleteProjectBody }) {
  requirePermission(actor, 'project.write');
  const project = await projectForWrite(ctx, actor, id);
  if (project.state !== 'planned' && project.state !== 'inProgress') throw new AppError('conflict', { errors: [{ field: 'state', reason: 'projectNotOpen' }] });
  if (input.version !== undefined && input.version !== project.version) throw new AppError('conflict', { errors: [{ field: 'version', reason: 'recordChanged' }] });
  const repo = cobuildRepository(ctx.db.kysely);
  const used = await repo.projectResources([id]);
  const errors: FieldError[] = [];
  (input.deliveries ?? []).forEach((d, i) => {
    if (!used.some((u) => u.resource_id === d.resourceId)) errors.push({ field: `deliveries.${i}.resourceId`, reason: 'resourceNotInProject' });
  });
  if (errors.length) throw new AppError('validation', { errors });
  const now = ctx.clock.now();
  const at = now.toISOString();
  await transaction(ctx.db, async (trx) => {
    const r = cobuildRepository(trx);
    const isUpdated = await r.updateProject(id, project.version, {
      state: 'completed', completed_at: at, started_at: project.started_at ?? at, outcome: input.outcome.trim(), rating: input.rating ?? null, beneficiaries: input.beneficiaries ?? null, updated_at: at,
    });
    if (!isUpdated) throw new AppError('conflict', { errors: [{ field: 'version', reason: 'recordChanged' }] });
    const resources = await r.findResources(used.map((u) => u.resource_id));
    for (const u of used) {
      const delivered = input.deliveries?.find((d) => d.resourceId === u.resource_id)?.quantity ?? Number(u.quantity_committed);
      await r.updateProjectResource(u.id, { quantity_delivered: delivered, delivered_at: at });
      const res = resources.find((x) => x.id === u.resource_id)!;
      if (res.state === 'withdrawn') continue;
      if (reusable.includes(res.kind)) await r.updateResource(res.id, res.version, { state: 'available', updated_at: at });
      else {
        const left = Math.max(0, Number(res.quantity) - delivered);
        await r.updateResource(res.id, res.version, { quantity: left, state: left > 0 ? 'available' : 'committed', updated_at: at });
      }
    }
    const need = await r.findNeed(project.need_id);
    if (need && need.state !== 'fulfilled') await r.updateNeed(need.id, need.version, { state: 'fulfilled', updated_at: at });
    await recordAudit(trx, actor, now, { action: 'project.complete', recordType: 'project', recordId: id, gridPath: project.grid_path, details: { rating: input.rating ?? null, deliveries: input.deliveries ?? null } });
    await writeOutbox(trx, now, 'cobuild.projectCompleted', { projectId: id, organizationIds: [...new Set(used.map((u) => u.organization_id))] }, project.grid_path);
  });
}
