import { transaction } from '../../db/index.js';
import { requirePermission } from '../../core/accounts/policy.js';
import { recordAudit } from '../../core/audit/audit.js';
import type { AppContext } from '../../core/context.js';
import { AppError, invalidField } from '../../core/errors.js';
import { newId } from '../../core/ids.js';
import { isInScope, type Actor } from '../../core/scope.js';
import type { OrgKind } from './tables.js';

export interface CreateOrgOptions {
  ctx: AppContext;
  actor: Actor | undefined;
  input: { name: string; kind: OrgKind; gridId: string; contactName?: string };
}

/**
 * Registers an organisation that can hold a seat: the community party organisation, a social
 * organisation, an owners' committee, a property company, or a partner unit of a joint meeting.
 */
export async function createOrg({ ctx, actor, input }: CreateOrgOptions): Promise<string> {
  requirePermission(actor, 'deliberation.manage');
  const grid = await ctx.db.kysely.selectFrom('grids').select(['id', 'path']).where('id', '=', input.gridId).executeTakeFirst();
  if (!grid) throw invalidField('gridId', 'unknownGrid', { value: input.gridId });
  if (!isInScope(actor, grid.path)) throw new AppError('forbidden');
  const id = newId();
  const now = ctx.clock.now();
  await transaction(ctx.db, async (trx) => {
    await trx.insertInto('deliberation_orgs').values({ id, name: input.name.trim(), kind: input.kind, grid_id: grid.id, grid_path: grid.path, contact_name: input.contactName?.trim() || null, created_at: now.toISOString() }).execute();
    await recordAudit(trx, actor, now, { action: 'deliberationOrg.create', recordType: 'deliberationOrg', recordId: id, gridPath: grid.path, details: { name: input.name, kind: input.kind } });
  });
  return id;
}
