import { transaction } from '../../db/index.js';
import { requirePermission } from '../../core/accounts/policy.js';
import { recordAudit, writeOutbox } from '../../core/audit/audit.js';
import type { AppContext } from '../../core/context.js';
import { AppError, type FieldError } from '../../core/errors.js';
import { newId } from '../../core/ids.js';
import type { Actor } from '../../core/scope.js';
import { managedBody } from './access.js';
import { deliberationRepository } from './repository.js';
import { rollUpResolution } from './roll-up-resolution.js';

export interface AddActionItemOptions {
  ctx: AppContext;
  actor: Actor | undefined;
  resolutionId: string;
  /** An owner (an organisation of the body, or one of its delegates) and a deadline are required. */
  input: { title: string; ownerOrgId?: string; ownerMemberId?: string; dueOn?: string; note?: string };
}

/** Turns a resolution into work: an action item with an owner, a deadline and a progress of its own. */
export async function addActionItem({ ctx, actor, resolutionId, input }: AddActionItemOptions): Promise<string> {
  requirePermission(actor, 'deliberation.manage');
  const repo = deliberationRepository(ctx.db.kysely);
  const resolution = await repo.resolution(resolutionId);
  if (!resolution) throw new AppError('notFound');
  const body = await managedBody(ctx, actor, resolution.body_id);
  const errors: FieldError[] = [];
  if (!input.ownerOrgId && !input.ownerMemberId) errors.push({ field: 'owner', reason: 'ownerRequired' });
  if (!input.dueOn) errors.push({ field: 'dueOn', reason: 'required' });
  else if (!/^\d{4}-\d{2}-\d{2}$/.test(input.dueOn) || Number.isNaN(Date.parse(input.dueOn))) errors.push({ field: 'dueOn', reason: 'invalidDate' });
  if (!input.title?.trim()) errors.push({ field: 'title', reason: 'required' });
  let ownerName = '';
  if (input.ownerOrgId) {
    const org = await repo.org(input.ownerOrgId);
    const isSeated = (await repo.seats(body.id)).some((s) => s.org_id === input.ownerOrgId);
    if (!org || !(isSeated || org.grid_path.startsWith(body.grid_path))) errors.push({ field: 'ownerOrgId', reason: 'unknownOrg', params: { value: input.ownerOrgId } });
    else ownerName = org.name;
  } else if (input.ownerMemberId) {
    const member = await repo.member(input.ownerMemberId);
    if (!member || member.body_id !== body.id) errors.push({ field: 'ownerMemberId', reason: 'notAMember' });
    else ownerName = member.name;
  }
  if (errors.length) throw new AppError('validation', { errors });
  const id = newId();
  const now = ctx.clock.now();
  const nowIso = now.toISOString();
  await transaction(ctx.db, async (trx) => {
    await trx
      .insertInto('action_items')
      .values({
        id, resolution_id: resolutionId, grid_path: resolution.grid_path, title: input.title.trim(), owner_kind: input.ownerOrgId ? 'org' : 'person',
        owner_org_id: input.ownerOrgId ?? null, owner_member_id: input.ownerOrgId ? null : (input.ownerMemberId ?? null), owner_name: ownerName,
        due_on: input.dueOn!, state: 'open', progress: 0, note: input.note?.trim() || null, reminded_on: null, completed_at: null, created_at: nowIso, updated_at: nowIso,
      })
      .execute();
    await rollUpResolution(trx, resolutionId, now);
    await recordAudit(trx, actor!, now, { action: 'actionItem.create', recordType: 'resolution', recordId: resolutionId, gridPath: resolution.grid_path, details: { actionItemId: id, ownerName, dueOn: input.dueOn } });
    await writeOutbox(trx, now, 'actionItem.created', { actionItemId: id, resolutionId, ownerOrgId: input.ownerOrgId ?? null, ownerMemberId: input.ownerMemberId ?? null, dueOn: input.dueOn }, resolution.grid_path);
  });
  return id;
}
