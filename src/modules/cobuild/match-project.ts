import { transaction } from '../../db/index.js';
import { requirePermission } from '../../core/accounts/policy.js';
import { recordAudit, writeOutbox } from '../../core/audit/audit.js';
import type { AppContext } from '../../core/context.js';
import { AppError, type FieldError } from '../../core/errors.js';
import { newId } from '../../core/ids.js';
import { isInScope, type Actor } from '../../core/scope.js';
import { isContactOf, mayManageOrganization } from './policy.js';
import { cobuildRepository } from './repository.js';
import type { ProjectBody } from './schemas.js';
import type { ListKind, ProjectResourceTable, ProjectTable } from './tables.js';

const substitutes: Partial<Record<ListKind, ListKind[]>> = { skills: ['people'], people: ['skills'] };
const round2 = (v: number) => Math.round(v * 100) / 100;

/**
 * 项目清单: a project meets one need with one or more resources. Both are required (400 names the
 * missing one); the resources must be of the need's kind (or skills for people and back), still
 * on offer and not promised beyond what they hold. The need becomes matched and fully promised
 * resources committed, in one transaction. A contact may propose only with their own resources.
 */
export async function createProject({ ctx, actor, input }: { ctx: AppContext; actor: Actor | undefined; input: Partial<ProjectBody> }) {
  requirePermission(actor, 'project.propose');
  const missing: FieldError[] = [];
  if (!input.needId) missing.push({ field: 'needId', reason: 'projectNeedRequired' });
  if (!input.resources || input.resources.length === 0) missing.push({ field: 'resources', reason: 'projectResourceRequired' });
  if (missing.length) throw new AppError('validation', { errors: missing });
  const wanted = input.resources!;
  const repo = cobuildRepository(ctx.db.kysely);
  const need = await repo.findNeed(input.needId!);
  if (!need) throw new AppError('validation', { errors: [{ field: 'needId', reason: 'unknownNeed', params: { value: input.needId! } }] });
  if (!isInScope(actor, need.grid_path)) throw new AppError('forbidden', { errors: [{ field: 'needId', reason: 'outsideScope' }] });
  if (need.state !== 'open' && need.state !== 'matched') throw new AppError('conflict', { errors: [{ field: 'needId', reason: 'needNotOpen' }] });

  const ids = wanted.map((w) => w.resourceId);
  if (new Set(ids).size !== ids.length) throw new AppError('validation', { errors: [{ field: 'resources', reason: 'duplicateResource' }] });
  const resources = await repo.findResources(ids);
  const errors: FieldError[] = [];
  wanted.forEach((w, i) => {
    const r = resources.find((x) => x.id === w.resourceId);
    if (!r) errors.push({ field: `resources.${i}.resourceId`, reason: 'unknownResource', params: { value: w.resourceId } });
    else if (r.kind !== need.kind && !substitutes[need.kind]?.includes(r.kind)) errors.push({ field: `resources.${i}.resourceId`, reason: 'resourceKindMismatch' });
  });
  if (errors.length) throw new AppError('validation', { errors });

  for (const r of resources) {
    const org = await repo.findOrg(r.organization_id);
    const served = org ? (await repo.orgRegistrationsOf([org.id])).filter((x) => x.state === 'active').map((x) => x.community_path) : [];
    const mayUse = org && (actor.role === 'orgContact' ? isContactOf(actor, org) : mayManageOrganization(actor, org, served) || isInScope(actor, need.grid_path));
    if (!mayUse) throw new AppError('forbidden', { errors: [{ field: 'resources', reason: 'outsideScope' }] });
  }

  const now = ctx.clock.now();
  const id = newId();
  const projectRow: ProjectTable = {
    id, title: input.title?.trim() || need.title, description: input.description ?? null, need_id: need.id, grid_path: need.grid_path, state: 'planned', starts_on: input.startsOn ?? null,
    started_at: null, completed_at: null, outcome: null, rating: null, beneficiaries: null, created_by: actor.userId, last_review_id: null, version: 1, created_at: now.toISOString(), updated_at: now.toISOString(),
  };
  await transaction(ctx.db, async (trx) => {
    const r = cobuildRepository(trx);
    // Re-read inside the transaction: two projects must not promise the same square metres.
    const committed = await r.committedElsewhere(ids);
    const fresh = await r.findResources(ids);
    const rows: ProjectResourceTable[] = [];
    const exhausted: string[] = [];
    wanted.forEach((w, i) => {
      const res = fresh.find((x) => x.id === w.resourceId)!;
      if (res.state !== 'available') throw new AppError('conflict', { errors: [{ field: `resources.${i}.resourceId`, reason: 'resourceNotAvailable' }] });
      const remaining = round2(Number(res.quantity) - (committed.get(res.id) ?? 0));
      const quantity = w.quantity ?? remaining;
      if (quantity <= 0 || quantity > remaining) throw new AppError('conflict', { errors: [{ field: `resources.${i}.quantity`, reason: 'resourceInsufficient', params: { remaining, unit: res.unit } }] });
      if (round2(remaining - quantity) <= 0) exhausted.push(res.id);
      rows.push({ id: newId(), project_id: id, resource_id: res.id, organization_id: res.organization_id, kind: res.kind, unit: res.unit, quantity_committed: quantity, quantity_delivered: null, delivered_at: null, grid_path: need.grid_path });
    });
    await r.insertProject(projectRow);
    await r.insertProjectResources(rows);
    await r.insertMilestones((input.milestones ?? []).map((m, sort) => ({ id: newId(), project_id: id, title: m.title.trim(), due_on: m.dueOn ?? null, done_at: null, note: null, sort, created_at: now.toISOString() })));
    if (need.state === 'open') {
      const isUpdated = await r.updateNeed(need.id, need.version, { state: 'matched', updated_at: now.toISOString() });
      if (!isUpdated) throw new AppError('conflict', { errors: [{ field: 'needId', reason: 'recordChanged' }] });
    }
    await r.setResourcesState(exhausted, 'committed', now.toISOString());
    await recordAudit(trx, actor, now, { action: 'project.create', recordType: 'project', recordId: id, gridPath: need.grid_path, details: { needId: need.id, resources: rows.map((x) => ({ id: x.resource_id, quantity: x.quantity_committed })) } });
    await writeOutbox(trx, now, 'cobuild.projectCreated', { projectId: id, needId: need.id, organizationIds: [...new Set(rows.map((x) => x.organization_id))] }, need.grid_path);
  });
  return id;
}

/** The project if the caller (staff of the need's place) may steer it, else 404/403. */
export async function projectForWrite(ctx: AppContext, actor: Actor, id: string) {
  const project = await cobuildRepository(ctx.db.kysely).findProject(id);
  if (!project) throw new AppError('notFound');
  if (!isInScope(actor, project.grid_path)) throw new AppError('forbidden', { params: { action: 'project.write' } });
  return project;
}

/** planned → inProgress. */
export async function startProject({ ctx, actor, id }: { ctx: AppContext; actor: Actor | undefined; id: string }) {
  requirePermission(actor, 'project.write');
  const project = await projectForWrite(ctx, actor, id);
  if (project.state !== 'planned') throw new AppError('conflict', { errors: [{ field: 'state', reason: 'projectNotPlanned' }] });
  const now = ctx.clock.now();
  await transaction(ctx.db, async (trx) => {
    const isUpdated = await cobuildRepository(trx).updateProject(id, project.version, { state: 'inProgress', started_at: now.toISOString(), updated_at: now.toISOString() });
    if (!isUpdated) throw new AppError('conflict', { errors: [{ field: 'version', reason: 'recordChanged' }] });
    await recordAudit(trx, actor, now, { action: 'project.start', recordType: 'project', recordId: id, gridPath: project.grid_path });
  });
}

/**
 * Cancels an open project: its promises are released (resources back on offer) and the need
 * returns to the list unless another open project still meets it.
 */
export async function cancelProject({ ctx, actor, id, reason }: { ctx: AppContext; actor: Actor | undefined; id: string; reason: string }) {
  requirePermission(actor, 'project.write');
  const project = await projectForWrite(ctx, actor, id);
  if (project.state !== 'planned' && project.state !== 'inProgress') throw new AppError('conflict', { errors: [{ field: 'state', reason: 'projectNotOpen' }] });
  const now = ctx.clock.now();
  await transaction(ctx.db, async (trx) => {
    const r = cobuildRepository(trx);
    const isUpdated = await r.updateProject(id, project.version, { state: 'cancelled', outcome: reason.trim(), updated_at: now.toISOString() });
    if (!isUpdated) throw new AppError('conflict', { errors: [{ field: 'version', reason: 'recordChanged' }] });
    const used = await r.projectResources([id]);
    await r.setResourcesState(used.map((u) => u.resource_id), 'available', now.toISOString());
    const others = (await r.projectsOfNeed(project.need_id)).filter((p) => p.id !== id && (p.state === 'planned' || p.state === 'inProgress'));
    const need = await r.findNeed(project.need_id);
    if (need && need.state === 'matched' && others.length === 0) await r.updateNeed(need.id, need.version, { state: 'open', updated_at: now.toISOString() });
    await recordAudit(trx, actor, now, { action: 'project.cancel', recordType: 'project', recordId: id, gridPath: project.grid_path, details: { reason } });
  });
}

export async function addMilestone({ ctx, actor, projectId, title, dueOn }: { ctx: AppContext; actor: Actor | undefined; projectId: string; title: string; dueOn?: string | null }) {
  requirePermission(actor, 'project.write');
  const project = await projectForWrite(ctx, actor, projectId);
  if (project.state === 'completed' || project.state === 'cancelled') throw new AppError('conflict', { errors: [{ field: 'state', reason: 'projectNotOpen' }] });
  const now = ctx.clock.now();
  const repo = cobuildRepository(ctx.db.kysely);
  const sort = (await repo.milestones(projectId)).length;
  const id = newId();
  await transaction(ctx.db, async (trx) => {
    await cobuildRepository(trx).insertMilestones([{ id, project_id: projectId, title: title.trim(), due_on: dueOn ?? null, done_at: null, note: null, sort, created_at: now.toISOString() }]);
    await recordAudit(trx, actor, now, { action: 'project.milestoneAdd', recordType: 'project', recordId: projectId, gridPath: project.grid_path, details: { title } });
  });
  return id;
}

export async function completeMilestone({ ctx, actor, milestoneId, note }: { ctx: AppContext; actor: Actor | undefined; milestoneId: string; note?: string }) {
  requirePermission(actor, 'project.write');
  const repo = cobuildRepository(ctx.db.kysely);
  const m = await repo.findMilestone(milestoneId);
  if (!m) throw new AppError('notFound');
  const project = await projectForWrite(ctx, actor, m.project_id);
  if (m.done_at) throw new AppError('conflict', { errors: [{ field: 'id', reason: 'milestoneDone' }] });
  const now = ctx.clock.now();
  await transaction(ctx.db, async (trx) => {
    await cobuildRepository(trx).updateMilestone(m.id, { done_at: now.toISOString(), note: note ?? null });
    await recordAudit(trx, actor, now, { action: 'project.milestoneDone', recordType: 'project', recordId: project.id, gridPath: project.grid_path, details: { milestoneId: m.id } });
  });
}
