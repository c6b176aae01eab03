import { transaction } from '../../db/index.js';
import { requirePermission } from '../../core/accounts/policy.js';
import { recordAudit, writeOutbox } from '../../core/audit/audit.js';
import type { AppContext } from '../../core/context.js';
import { AppError, invalidField, type FieldError } from '../../core/errors.js';
import { newId } from '../../core/ids.js';
import { normalizePhone } from '../../core/people/identity.js';
import { isInScope, type Actor } from '../../core/scope.js';
import { isContactOf, mayManageOrganization } from './policy.js';
import { cobuildRepository } from './repository.js';
import type { OrganizationBody, OrganizationPatch } from './schemas.js';
import type { OrganizationTable } from './tables.js';

/** Organisations sit in a community or below it (depth 2 and deeper: city, subdistrict, community…). */
const COMMUNITY_DEPTH = 2;

async function placeOf(ctx: AppContext, actor: Actor, gridId: string) {
  const grid = await cobuildRepository(ctx.db.kysely).grid(gridId);
  if (!grid) throw invalidField('gridId', 'unknownGrid', { value: gridId });
  if (grid.path.split('/').filter(Boolean).length <= COMMUNITY_DEPTH) throw invalidField('gridId', 'communityOrBelow');
  if (!isInScope(actor, grid.path)) throw new AppError('forbidden', { errors: [{ field: 'gridId', reason: 'outsideScope' }] });
  return grid;
}

async function contactFields(ctx: AppContext, input: { contactPhone?: string | null; contactUsername?: string | null }, errors: FieldError[]) {
  const out: Partial<Pick<OrganizationTable, 'contact_phone_enc' | 'contact_phone_hash' | 'contact_user_id'>> = {};
  if (input.contactPhone !== undefined) {
    const phone = input.contactPhone ? normalizePhone(input.contactPhone) : null;
    if (input.contactPhone && !phone) errors.push({ field: 'contactPhone', reason: 'phoneFormat' });
    out.contact_phone_enc = phone ? ctx.cipher.encrypt(phone) : null;
    out.contact_phone_hash = phone ? ctx.cipher.hash(phone) : null;
  }
  if (input.contactUsername !== undefined) {
    if (input.contactUsername) {
      const user = await cobuildRepository(ctx.db.kysely).userByUsername(input.contactUsername);
      if (!user || user.role !== 'orgContact') errors.push({ field: 'contactUsername', reason: 'notAnOrgContact', params: { value: input.contactUsername } });
      else out.contact_user_id = user.id;
    } else out.contact_user_id = null;
  }
  return out;
}

/** Registers a partner organisation (驻区单位) located in the caller's subtree. */
export async function createOrganization({ ctx, actor, input }: { ctx: AppContext; actor: Actor | undefined; input: OrganizationBody }) {
  requirePermission(actor, 'organization.write');
  if (actor.role === 'orgContact') throw new AppError('forbidden', { params: { action: 'organization.create' } });
  const grid = await placeOf(ctx, actor, input.gridId);
  const errors: FieldError[] = [];
  const contact = await contactFields(ctx, input, errors);
  if (errors.length) throw new AppError('validation', { errors });
  const now = ctx.clock.now().toISOString();
  const row: OrganizationTable = {
    id: newId(), name: input.name.trim(), kind: input.kind, credit_code: input.creditCode ?? null, address: input.address ?? null, grid_id: grid.id, grid_path: grid.path,
    party_org_name: input.partyOrgName ?? null, party_org_kind: input.partyOrgKind ?? null, party_member_count: input.partyMemberCount ?? 0, secretary_name: input.secretaryName ?? null,
    contact_name: input.contactName ?? null, contact_phone_enc: contact.contact_phone_enc ?? null, contact_phone_hash: contact.contact_phone_hash ?? null, contact_user_id: contact.contact_user_id ?? null,
    description: input.description ?? null, deleted_at: null, version: 1, created_at: now, updated_at: now,
  };
  await transaction(ctx.db, async (trx) => {
    if (row.credit_code) {
      const taken = await cobuildRepository(trx).orgByCreditCode(row.credit_code);
      if (taken) throw invalidField('creditCode', 'duplicate', { value: row.credit_code });
    }
    await cobuildRepository(trx).insertOrg(row);
    await recordAudit(trx, actor, ctx.clock.now(), { action: 'organization.create', recordType: 'organization', recordId: row.id, gridPath: grid.path, details: { name: row.name, kind: row.kind } });
    await writeOutbox(trx, ctx.clock.now(), 'cobuild.organizationCreated', { organizationId: row.id }, grid.path);
  });
  return row.id;
}

/** Edits an organisation. Its contact may edit its own details, but not where it is or who its contact is. */
export async function updateOrganization({ ctx, actor, id, input }: { ctx: AppContext; actor: Actor | undefined; id: string; input: OrganizationPatch & { version?: number } }) {
  requirePermission(actor, 'organization.write');
  const repo = cobuildRepository(ctx.db.kysely);
  const org = await repo.findOrg(id);
  if (!org) throw new AppError('notFound');
  const served = (await repo.orgRegistrationsOf([id])).filter((r) => r.state === 'active').map((r) => r.community_path);
  if (!mayManageOrganization(actor, org, served)) throw new AppError('forbidden', { params: { action: 'organization.write' } });
  if (isContactOf(actor, org) && (input.gridId !== undefined || input.contactUsername !== undefined || input.kind !== undefined)) {
    throw new AppError('forbidden', { errors: [{ field: input.gridId !== undefined ? 'gridId' : input.kind !== undefined ? 'kind' : 'contactUsername', reason: 'staffOnlyField' }] });
  }
  const errors: FieldError[] = [];
  const contact = await contactFields(ctx, input, errors);
  if (errors.length) throw new AppError('validation', { errors });
  const grid = input.gridId !== undefined ? await placeOf(ctx, actor, input.gridId) : undefined;
  const now = ctx.clock.now().toISOString();
  const patch = {
    ...(input.name !== undefined ? { name: input.name.trim() } : {}),
    ...(input.kind !== undefined ? { kind: input.kind } : {}),
    ...(input.creditCode !== undefined ? { credit_code: input.creditCode } : {}),
    ...(input.address !== undefined ? { address: input.address } : {}),
    ...(grid ? { grid_id: grid.id, grid_path: grid.path } : {}),
    ...(input.partyOrgName !== undefined ? { party_org_name: input.partyOrgName } : {}),
    ...(input.partyOrgKind !== undefined ? { party_org_kind: input.partyOrgKind } : {}),
    ...(input.partyMemberCount !== undefined ? { party_member_count: input.partyMemberCount } : {}),
    ...(input.secretaryName !== undefined ? { secretary_name: input.secretaryName } : {}),
    ...(input.contactName !== undefined ? { contact_name: input.contactName } : {}),
    ...(input.description !== undefined ? { description: input.description } : {}),
    ...contact,
    updated_at: now,
  };
  await transaction(ctx.db, async (trx) => {
    const isUpdated = await cobuildRepository(trx).updateOrg(id, input.version ?? org.version, patch);
    if (!isUpdated) throw new AppError('conflict', { errors: [{ field: 'version', reason: 'recordChanged' }] });
    await recordAudit(trx, actor, ctx.clock.now(), { action: 'organization.update', recordType: 'organization', recordId: id, gridPath: grid?.path ?? org.grid_path, details: { fields: Object.keys(input).filter((k) => k !== 'contactPhone') } });
  });
}

/**
 * Removes an organisation from the register (kept for history, hidden everywhere). Refused with
 * 409 while it takes part in open projects: those must complete or be cancelled first.
 */
export async function deleteOrganization({ ctx, actor, id }: { ctx: AppContext; actor: Actor | undefined; id: string }) {
  requirePermission(actor, 'organization.delete');
  const repo = cobuildRepository(ctx.db.kysely);
  const org = await repo.findOrg(id);
  if (!org) throw new AppError('notFound');
  const served = (await repo.orgRegistrationsOf([id])).filter((r) => r.state === 'active').map((r) => r.community_path);
  if (!mayManageOrganization(actor, org, served)) throw new AppError('forbidden', { params: { action: 'organization.delete' } });
  const now = ctx.clock.now();
  await transaction(ctx.db, async (trx) => {
    const r = cobuildRepository(trx);
    const open = (await r.openProjectCounts([id])).get(id) ?? 0;
    if (open > 0) throw new AppError('conflict', { errors: [{ field: 'id', reason: 'organizationHasOpenProjects', params: { count: open } }] });
    await r.updateOrg(id, org.version, { deleted_at: now.toISOString(), updated_at: now.toISOString() });
    await r.endRegistrationsOf(id, now.toISOString().slice(0, 10));
    await r.withdrawResourcesOf(id, now.toISOString());
    await recordAudit(trx, actor, now, { action: 'organization.delete', recordType: 'organization', recordId: id, gridPath: org.grid_path, details: { name: org.name } });
    await writeOutbox(trx, now, 'cobuild.organizationDeleted', { organizationId: id }, org.grid_path);
  });
}
