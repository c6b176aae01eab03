import { transaction } from '../../db/index.js';
import { requirePermission } from '../../core/accounts/policy.js';
import { recordAudit, writeOutbox } from '../../core/audit/audit.js';
import { localDateOf } from '../../core/calendar/working-time.js';
import type { AppContext } from '../../core/context.js';
import { AppError, invalidField } from '../../core/errors.js';
import { newId } from '../../core/ids.js';
import { isInScope, type Actor } from '../../core/scope.js';
import { isContactOf } from './policy.js';
import { cobuildRepository } from './repository.js';

/** The community grid a co-building record belongs to: must exist, be a community, and (for writes) lie in scope. */
export async function communityFor(ctx: AppContext, actor: Actor, communityId: string, field = 'communityId') {
  const grid = await cobuildRepository(ctx.db.kysely).grid(communityId);
  if (!grid) throw invalidField(field, 'unknownGrid', { value: communityId });
  if (grid.level !== 'community') throw invalidField(field, 'notACommunity');
  if (!isInScope(actor, grid.path)) throw new AppError('forbidden', { errors: [{ field, reason: 'outsideScope' }] });
  return grid;
}

/**
 * 单位报到: an organisation registers with a community it will serve. Staff register any
 * organisation of the register with their own community; a contact registers their own.
 */
export async function registerOrganization({ ctx, actor, organizationId, communityId, registeredOn, note }: { ctx: AppContext; actor: Actor | undefined; organizationId: string; communityId: string; registeredOn?: string; note?: string }) {
  requirePermission(actor, 'organization.write');
  const repo = cobuildRepository(ctx.db.kysely);
  const org = await repo.findOrg(organizationId);
  if (!org) throw new AppError('notFound');
  if (actor.role === 'orgContact' && !isContactOf(actor, org)) throw new AppError('forbidden', { params: { action: 'organization.write' } });
  const community = await communityFor(ctx, actor, communityId);
  const now = ctx.clock.now();
  const existing = await repo.findOrgRegistrationAt(org.id, community.id);
  if (existing?.state === 'active') throw new AppError('conflict', { errors: [{ field: 'communityId', reason: 'alreadyRegistered' }] });
  const id = existing?.id ?? newId();
  await transaction(ctx.db, async (trx) => {
    const r = cobuildRepository(trx);
    const on = registeredOn ?? localDateOf(now);
    if (existing) await r.updateOrgRegistration(existing.id, { state: 'active', registered_on: on, ended_on: null, note: note ?? existing.note });
    else await r.insertOrgRegistration({ id, organization_id: org.id, community_id: community.id, community_path: community.path, registered_on: on, state: 'active', ended_on: null, note: note ?? null, created_by: actor.userId, created_at: now.toISOString() });
    await recordAudit(trx, actor, now, { action: 'organization.register', recordType: 'orgRegistration', recordId: id, gridPath: community.path, details: { organizationId: org.id } });
    await writeOutbox(trx, now, 'cobuild.organizationRegistered', { organizationId: org.id, communityId: community.id }, community.path);
  });
  return id;
}

/** Ends an organisation's registration with a community (staff of that community). */
export async function endOrgRegistration({ ctx, actor, registrationId }: { ctx: AppContext; actor: Actor | undefined; registrationId: string }) {
  requirePermission(actor, 'organization.delete');
  const repo = cobuildRepository(ctx.db.kysely);
  const reg = await repo.findOrgRegistration(registrationId);
  if (!reg) throw new AppError('notFound');
  if (!isInScope(actor, reg.community_path)) throw new AppError('forbidden', { params: { action: 'organization.delete' } });
  if (reg.state !== 'active') throw new AppError('conflict', { errors: [{ field: 'id', reason: 'registrationEnded' }] });
  const now = ctx.clock.now();
  await transaction(ctx.db, async (trx) => {
    await cobuildRepository(trx).updateOrgRegistration(reg.id, { state: 'ended', ended_on: localDateOf(now) });
    await recordAudit(trx, actor, now, { action: 'organization.registrationEnd', recordType: 'orgRegistration', recordId: reg.id, gridPath: reg.community_path });
  });
}
