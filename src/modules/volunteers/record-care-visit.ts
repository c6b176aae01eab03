import { transaction } from '../../db/index.js';
import { requirePermission } from '../../core/accounts/policy.js';
import { recordAudit, writeOutbox } from '../../core/audit/audit.js';
import { localDateOf } from '../../core/calendar/working-time.js';
import type { AppContext } from '../../core/context.js';
import { AppError, invalidField } from '../../core/errors.js';
import { newId } from '../../core/ids.js';
import { isInScope, type Actor } from '../../core/scope.js';
import { volunteersRepository } from './repository.js';
import type { CareVisitBody } from './schemas.js';

/**
 * 关爱走访 (冬日暖阳, 大走访): a visit to a party member or resident in hardship — who went, what
 * was brought and what it was worth, whether a follow-up is needed. The place is the visited
 * person's grid (or the one given); it must lie in the caller's subtree.
 */
export async function recordCareVisit({ ctx, actor, input }: { ctx: AppContext; actor: Actor | undefined; input: CareVisitBody }) {
  requirePermission(actor, 'careVisit.write');
  const repo = volunteersRepository(ctx.db.kysely);
  let name = input.visitedName?.trim();
  let gridId = input.gridId;
  if (input.visitedPersonId) {
    const person = await repo.person(input.visitedPersonId);
    if (!person) throw invalidField('visitedPersonId', 'unknownPerson', { value: input.visitedPersonId });
    name = person.name;
    gridId = gridId ?? person.grid_id ?? undefined;
  }
  if (!name) throw invalidField('visitedName', 'required');
  if (!gridId) throw invalidField('gridId', 'required');
  const grid = await repo.grid(gridId);
  if (!grid) throw invalidField('gridId', 'unknownGrid', { value: gridId });
  if (!isInScope(actor, grid.path)) throw new AppError('forbidden', { errors: [{ field: 'gridId', reason: 'outsideScope' }] });
  const now = ctx.clock.now();
  if (input.visitedOn > localDateOf(now)) throw invalidField('visitedOn', 'dateInFuture');
  if (input.organizationId && !(await repo.organization(input.organizationId))) throw invalidField('organizationId', 'unknownOrganization', { value: input.organizationId });
  if (input.teamId && !(await repo.findTeam(input.teamId))) throw invalidField('teamId', 'unknownTeam', { value: input.teamId });
  const id = newId();
  await transaction(ctx.db, async (trx) => {
    await volunteersRepository(trx).insertCareVisit({
      id, grid_id: grid.id, grid_path: grid.path, visited_person_id: input.visitedPersonId ?? null, visited_name: name!, visited_kind: input.visitedKind, hardship: input.hardship ?? null,
      campaign: input.campaign, visited_on: input.visitedOn, visitors: JSON.stringify(input.visitors), organization_id: input.organizationId ?? null, team_id: input.teamId ?? null,
      items_brought: input.itemsBrought ?? null, value_yuan: input.valueYuan ?? null, needs_follow_up: input.needsFollowUp ? 1 : 0, follow_up_note: input.followUpNote ?? null,
      follow_up_done_at: null, follow_up_done_by: null, note: input.note ?? null, created_by: actor.userId, created_at: now.toISOString(), updated_at: now.toISOString(),
    });
    await recordAudit(trx, actor, now, { action: 'careVisit.record', recordType: 'careVisit', recordId: id, gridPath: grid.path, details: { campaign: input.campaign, needsFollowUp: Boolean(input.needsFollowUp) } });
    await writeOutbox(trx, now, 'volunteers.careVisitRecorded', { careVisitId: id, needsFollowUp: Boolean(input.needsFollowUp) }, grid.path);
  });
  return id;
}

/** Marks the follow-up a visit asked for as done. */
export async function completeFollowUp({ ctx, actor, id, note }: { ctx: AppContext; actor: Actor | undefined; id: string; note?: string }) {
  requirePermission(actor, 'careVisit.write');
  const repo = volunteersRepository(ctx.db.kysely);
  const v = await repo.findCareVisit(id);
  if (!v) throw new AppError('notFound');
  if (!isInScope(actor, v.grid_path)) throw new AppError('forbidden', { params: { action: 'careVisit.write' } });
  if (!v.needs_follow_up || v.follow_up_done_at) throw new AppError('conflict', { errors: [{ field: 'id', reason: 'noFollowUpPending' }] });
  const now = ctx.clock.now();
  await transaction(ctx.db, async (trx) => {
    await volunteersRepository(trx).updateCareVisit(id, { follow_up_done_at: now.toISOString(), follow_up_done_by: actor.displayName, follow_up_note: note ? [v.follow_up_note, note].filter(Boolean).join('\n') : v.follow_up_note, updated_at: now.toISOString() });
    await recordAudit(trx, actor, now, { action: 'careVisit.followUp', recordType: 'careVisit', recordId: id, gridPath: v.grid_path });
  });
}
