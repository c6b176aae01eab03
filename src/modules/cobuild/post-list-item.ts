import { transaction } from '../../db/index.js';
import { requirePermission } from '../../core/accounts/policy.js';
import { recordAudit, writeOutbox } from '../../core/audit/audit.js';
import { localDateOf } from '../../core/calendar/working-time.js';
import type { AppContext } from '../../core/context.js';
import { AppError, invalidField } from '../../core/errors.js';
import { newId } from '../../core/ids.js';
import { isInScope, type Actor } from '../../core/scope.js';
import { mayManageOrganization } from './policy.js';
import { cobuildRepository } from './repository.js';
import type { NeedBody, NeedPatch, ResourceBody, ResourcePatch } from './schemas.js';
import { unitOfKind, type NeedTable, type ResourceTable } from './tables.js';

const COMMUNITY_DEPTH = 2;

/** 需求清单: a community (or a grid below it) posts what it needs. */
export async function postNeed({ ctx, actor, input }: { ctx: AppContext; actor: Actor | undefined; input: NeedBody }) {
  requirePermission(actor, 'need.write');
  const repo = cobuildRepository(ctx.db.kysely);
  const grid = await repo.grid(input.gridId);
  if (!grid) throw invalidField('gridId', 'unknownGrid', { value: input.gridId });
  if (grid.path.split('/').filter(Boolean).length <= COMMUNITY_DEPTH) throw invalidField('gridId', 'communityOrBelow');
  if (!isInScope(actor, grid.path)) throw new AppError('forbidden', { errors: [{ field: 'gridId', reason: 'outsideScope' }] });
  const now = ctx.clock.now();
  if (input.deadline && input.deadline < localDateOf(now)) throw invalidField('deadline', 'dateInPast');
  const row: NeedTable = {
    id: newId(), grid_id: grid.id, grid_path: grid.path, kind: input.kind, title: input.title.trim(), description: input.description ?? null, quantity: input.quantity, unit: unitOfKind[input.kind],
    deadline: input.deadline ?? null, location: input.location ?? null, lng: input.lng ?? grid.centroid_lng, lat: input.lat ?? grid.centroid_lat, state: 'open',
    posted_by: actor.userId, posted_by_name: actor.displayName, last_review_id: null, version: 1, created_at: now.toISOString(), updated_at: now.toISOString(),
  };
  await transaction(ctx.db, async (trx) => {
    await cobuildRepository(trx).insertNeed(row);
    await recordAudit(trx, actor, now, { action: 'need.post', recordType: 'need', recordId: row.id, gridPath: grid.path, details: { kind: row.kind, quantity: row.quantity } });
    await writeOutbox(trx, now, 'cobuild.needPosted', { needId: row.id, kind: row.kind }, grid.path);
  });
  return row.id;
}

async function needForWrite(ctx: AppContext, actor: Actor, id: string) {
  const need = await cobuildRepository(ctx.db.kysely).findNeed(id);
  if (!need) throw new AppError('notFound');
  if (!isInScope(actor, need.grid_path)) throw new AppError('forbidden', { params: { action: 'need.write' } });
  return need;
}

/** Edits an open need (its kind and place stay). */
export async function updateNeed({ ctx, actor, id, input }: { ctx: AppContext; actor: Actor | undefined; id: string; input: NeedPatch & { version?: number } }) {
  requirePermission(actor, 'need.write');
  const need = await needForWrite(ctx, actor, id);
  if (need.state !== 'open') throw new AppError('conflict', { errors: [{ field: 'state', reason: 'needNotOpen' }] });
  const now = ctx.clock.now();
  if (input.deadline && input.deadline < localDateOf(now) && input.deadline !== need.deadline) throw invalidField('deadline', 'dateInPast');
  await transaction(ctx.db, async (trx) => {
    const isUpdated = await cobuildRepository(trx).updateNeed(id, input.version ?? need.version, {
      ...(input.title !== undefined ? { title: input.title.trim() } : {}),
      ...(input.description !== undefined ? { description: input.description } : {}),
      ...(input.quantity !== undefined ? { quantity: input.quantity } : {}),
      ...(input.deadline !== undefined ? { deadline: input.deadline } : {}),
      ...(input.location !== undefined ? { location: input.location } : {}),
      ...(input.lng !== undefined ? { lng: input.lng } : {}),
      ...(input.lat !== undefined ? { lat: input.lat } : {}),
      updated_at: now.toISOString(),
    });
    if (!isUpdated) throw new AppError('conflict', { errors: [{ field: 'version', reason: 'recordChanged' }] });
    await recordAudit(trx, actor, now, { action: 'need.update', recordType: 'need', recordId: id, gridPath: need.grid_path });
  });
}

/** Takes a need off the list; refused while a project for it is open. */
export async function cancelNeed({ ctx, actor, id }: { ctx: AppContext; actor: Actor | undefined; id: string }) {
  requirePermission(actor, 'need.write');
  const need = await needForWrite(ctx, actor, id);
  if (need.state === 'cancelled' || need.state === 'fulfilled') throw new AppError('conflict', { errors: [{ field: 'state', reason: 'needNotOpen' }] });
  const projects = await cobuildRepository(ctx.db.kysely).projectsOfNeed(id);
  if (projects.some((p) => p.state === 'planned' || p.state === 'inProgress')) throw new AppError('conflict', { errors: [{ field: 'id', reason: 'needHasOpenProject' }] });
  const now = ctx.clock.now();
  await transaction(ctx.db, async (trx) => {
    const isUpdated = await cobuildRepository(trx).updateNeed(id, need.version, { state: 'cancelled', updated_at: now.toISOString() });
    if (!isUpdated) throw new AppError('conflict', { errors: [{ field: 'version', reason: 'recordChanged' }] });
    await recordAudit(trx, actor, now, { action: 'need.cancel', recordType: 'need', recordId: id, gridPath: need.grid_path });
  });
}

/** 资源清单: an organisation offers something (its contact, or staff where it serves). */
export async function postResource({ ctx, actor, input }: { ctx: AppContext; actor: Actor | undefined; input: ResourceBody }) {
  requirePermission(actor, 'resource.write');
  const repo = cobuildRepository(ctx.db.kysely);
  const org = await repo.findOrg(input.organizationId);
  if (!org) throw invalidField('organizationId', 'unknownOrganization', { value: input.organizationId });
  const served = (await repo.orgRegistrationsOf([org.id])).filter((r) => r.state === 'active').map((r) => r.community_path);
  if (!mayManageOrganization(actor, org, served)) throw new AppError('forbidden', { errors: [{ field: 'organizationId', reason: 'outsideScope' }] });
  if (input.availableFrom && input.availableUntil && input.availableUntil < input.availableFrom) throw invalidField('availableUntil', 'periodEndBeforeStart');
  const now = ctx.clock.now();
  const place = await repo.grid(org.grid_id);
  const row: ResourceTable = {
    id: newId(), organization_id: org.id, grid_path: org.grid_path, kind: input.kind, title: input.title.trim(), description: input.description ?? null, quantity: input.quantity, unit: unitOfKind[input.kind],
    available_from: input.availableFrom ?? null, available_until: input.availableUntil ?? null, availability: input.availability ?? null, location: input.location ?? org.address,
    lng: input.lng ?? place?.centroid_lng ?? null, lat: input.lat ?? place?.centroid_lat ?? null, state: 'available', posted_by: actor.userId, last_review_id: null, version: 1,
    created_at: now.toISOString(), updated_at: now.toISOString(),
  };
  await transaction(ctx.db, async (trx) => {
    await cobuildRepository(trx).insertResource(row);
    await recordAudit(trx, actor, now, { action: 'resource.post', recordType: 'resource', recordId: row.id, gridPath: org.grid_path, details: { organizationId: org.id, kind: row.kind, quantity: row.quantity } });
    await writeOutbox(trx, now, 'cobuild.resourcePosted', { resourceId: row.id, organizationId: org.id, kind: row.kind }, org.grid_path);
  });
  return row.id;
}

async function resourceForWrite(ctx: AppContext, actor: Actor, id: string) {
  const repo = cobuildRepository(ctx.db.kysely);
  const resource = await repo.findResource(id);
  if (!resource) throw new AppError('notFound');
  const org = await repo.findOrg(resource.organization_id);
  const served = org ? (await repo.orgRegistrationsOf([org.id])).filter((r) => r.state === 'active').map((r) => r.community_path) : [];
  if (!org || !mayManageOrganization(actor, org, served)) throw new AppError('forbidden', { params: { action: 'resource.write' } });
  return resource;
}

export async function updateResource({ ctx, actor, id, input }: { ctx: AppContext; actor: Actor | undefined; id: string; input: ResourcePatch & { version?: number } }) {
  requirePermission(actor, 'resource.write');
  const resource = await resourceForWrite(ctx, actor, id);
  if (resource.state === 'withdrawn') throw new AppError('conflict', { errors: [{ field: 'state', reason: 'resourceWithdrawn' }] });
  const from = input.availableFrom !== undefined ? input.availableFrom : resource.available_from;
  const until = input.availableUntil !== undefined ? input.availableUntil : resource.available_until;
  if (from && until && until < from) throw invalidField('availableUntil', 'periodEndBeforeStart');
  const now = ctx.clock.now();
  await transaction(ctx.db, async (trx) => {
    const isUpdated = await cobuildRepository(trx).updateResource(id, input.version ?? resource.version, {
      ...(input.title !== undefined ? { title: input.title.trim() } : {}),
      ...(input.description !== undefined ? { description: input.description } : {}),
      ...(input.quantity !== undefined ? { quantity: input.quantity, ...(resource.state === 'committed' ? { state: 'available' as const } : {}) } : {}),
      ...(input.availableFrom !== undefined ? { available_from: input.availableFrom } : {}),
      ...(input.availableUntil !== undefined ? { available_until: input.availableUntil } : {}),
      ...(input.availability !== undefined ? { availability: input.availability } : {}),
      ...(input.location !== undefined ? { location: input.location } : {}),
      ...(input.lng !== undefined ? { lng: input.lng } : {}),
      ...(input.lat !== undefined ? { lat: input.lat } : {}),
      updated_at: now.toISOString(),
    });
    if (!isUpdated) throw new AppError('conflict', { errors: [{ field: 'version', reason: 'recordChanged' }] });
    await recordAudit(trx, actor, now, { action: 'resource.update', recordType: 'resource', recordId: id, gridPath: resource.grid_path });
  });
}

/** Withdraws an offer; refused while it is committed to an open project. */
export async function withdrawResource({ ctx, actor, id }: { ctx: AppContext; actor: Actor | undefined; id: string }) {
  requirePermission(actor, 'resource.write');
  const resource = await resourceForWrite(ctx, actor, id);
  if (resource.state === 'withdrawn') throw new AppError('conflict', { errors: [{ field: 'state', reason: 'resourceWithdrawn' }] });
  const projects = await cobuildRepository(ctx.db.kysely).projectsOfResource(id);
  if (projects.some((p) => p.state === 'planned' || p.state === 'inProgress')) throw new AppError('conflict', { errors: [{ field: 'id', reason: 'resourceCommitted' }] });
  const now = ctx.clock.now();
  await transaction(ctx.db, async (trx) => {
    const isUpdated = await cobuildRepository(trx).updateResource(id, resource.version, { state: 'withdrawn', updated_at: now.toISOString() });
    if (!isUpdated) throw new AppError('conflict', { errors: [{ field: 'version', reason: 'recordChanged' }] });
    await recordAudit(trx, actor, now, { action: 'resource.withdraw', recordType: 'resource', recordId: id, gridPath: resource.grid_path });
  });
}
