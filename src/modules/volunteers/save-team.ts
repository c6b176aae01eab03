import { transaction } from '../../db/index.js';
import { requirePermission } from '../../core/accounts/policy.js';
import { recordAudit, writeOutbox } from '../../core/audit/audit.js';
import { localDateOf } from '../../core/calendar/working-time.js';
import type { AppContext } from '../../core/context.js';
import { AppError, invalidField } from '../../core/errors.js';
import { newId } from '../../core/ids.js';
import { isInScope, type Actor } from '../../core/scope.js';
import { canSeePlace } from './policy.js';
import { volunteersRepository } from './repository.js';
import type { TeamBody, TeamPatch } from './schemas.js';

/** A themed service party branch (特色型党支部) or a volunteer team of a community. */
export async function createTeam({ ctx, actor, input }: { ctx: AppContext; actor: Actor | undefined; input: TeamBody }) {
  requirePermission(actor, 'team.write');
  const repo = volunteersRepository(ctx.db.kysely);
  const community = await repo.grid(input.communityId);
  if (!community) throw invalidField('communityId', 'unknownGrid', { value: input.communityId });
  if (community.level !== 'community') throw invalidField('communityId', 'notACommunity');
  if (!isInScope(actor, community.path)) throw new AppError('forbidden', { errors: [{ field: 'communityId', reason: 'outsideScope' }] });
  if (input.leaderPersonId) {
    const leader = await repo.person(input.leaderPersonId);
    if (!leader) throw invalidField('leaderPersonId', 'unknownPerson');
  }
  const now = ctx.clock.now();
  const id = newId();
  await transaction(ctx.db, async (trx) => {
    const r = volunteersRepository(trx);
    await r.insertTeam({
      id, name: input.name.trim(), kind: input.kind, theme: input.theme, community_id: community.id, grid_path: community.path, description: input.description ?? null,
      leader_person_id: input.leaderPersonId ?? null, founded_on: input.foundedOn ?? localDateOf(now), archived_at: null, created_by: actor.userId, version: 1, created_at: now.toISOString(), updated_at: now.toISOString(),
    });
    if (input.leaderPersonId) await r.upsertMember({ team_id: id, person_id: input.leaderPersonId, role: 'leader', joined_on: localDateOf(now), left_on: null, grid_path: community.path, created_at: now.toISOString() });
    await recordAudit(trx, actor, now, { action: 'team.create', recordType: 'volunteerTeam', recordId: id, gridPath: community.path, details: { kind: input.kind, theme: input.theme } });
    await writeOutbox(trx, now, 'volunteers.teamCreated', { teamId: id, kind: input.kind }, community.path);
  });
  return id;
}

async function teamForWrite(ctx: AppContext, actor: Actor, id: string) {
  const team = await volunteersRepository(ctx.db.kysely).findTeam(id);
  if (!team || team.archived_at) throw new AppError('notFound');
  if (!isInScope(actor, team.grid_path)) throw new AppError('forbidden', { params: { action: 'team.write' } });
  return team;
}

export async function updateTeam({ ctx, actor, id, input }: { ctx: AppContext; actor: Actor | undefined; id: string; input: TeamPatch & { version?: number } }) {
  requirePermission(actor, 'team.write');
  const team = await teamForWrite(ctx, actor, id);
  const now = ctx.clock.now();
  await transaction(ctx.db, async (trx) => {
    const r = volunteersRepository(trx);
    const isUpdated = await r.updateTeam(id, input.version ?? team.version, {
      ...(input.name !== undefined ? { name: input.name.trim() } : {}),
      ...(input.theme !== undefined ? { theme: input.theme } : {}),
      ...(input.description !== undefined ? { description: input.description } : {}),
      ...(input.leaderPersonId !== undefined ? { leader_person_id: input.leaderPersonId } : {}),
      ...(input.foundedOn !== undefined ? { founded_on: input.foundedOn } : {}),
      updated_at: now.toISOString(),
    });
    if (!isUpdated) throw new AppError('conflict', { errors: [{ field: 'version', reason: 'recordChanged' }] });
    if (input.leaderPersonId) await r.upsertMember({ team_id: id, person_id: input.leaderPersonId, role: 'leader', joined_on: localDateOf(now), left_on: null, grid_path: team.grid_path, created_at: now.toISOString() });
    await recordAudit(trx, actor, now, { action: 'team.update', recordType: 'volunteerTeam', recordId: id, gridPath: team.grid_path });
  });
}

/** Staff add someone to a team; a member or resident joins a team of their place themselves. */
export async function joinTeam({ ctx, actor, teamId, personId, role }: { ctx: AppContext; actor: Actor | undefined; teamId: string; personId?: string; role?: 'leader' | 'member' }) {
  if (!actor) throw new AppError('unauthenticated');
  const repo = volunteersRepository(ctx.db.kysely);
  const isSelf = !personId || personId === actor.personId;
  let team;
  if (isSelf) {
    requirePermission(actor, 'team.join');
    team = await repo.findTeam(teamId);
    if (!team || team.archived_at) throw new AppError('notFound');
    if (!canSeePlace(actor, team.grid_path)) throw new AppError('forbidden', { params: { action: 'team.join' } });
  } else {
    requirePermission(actor, 'team.write');
    team = await teamForWrite(ctx, actor, teamId);
  }
  const who = personId ?? actor.personId;
  if (!who) throw invalidField('personId', 'noPersonRecord');
  const person = await repo.person(who);
  if (!person) throw invalidField('personId', 'unknownPerson', { value: who });
  const existing = await repo.findMember(teamId, who);
  if (existing && !existing.left_on) throw new AppError('conflict', { errors: [{ field: 'personId', reason: 'alreadyInTeam' }] });
  const now = ctx.clock.now();
  await transaction(ctx.db, async (trx) => {
    await volunteersRepository(trx).upsertMember({ team_id: teamId, person_id: who, role: isSelf ? 'member' : role ?? 'member', joined_on: localDateOf(now), left_on: null, grid_path: team.grid_path, created_at: now.toISOString() });
    await recordAudit(trx, actor, now, { action: 'team.join', recordType: 'volunteerTeam', recordId: teamId, gridPath: team.grid_path, details: { personId: who, isSelf } });
  });
}

/** Leaves a team (oneself), or staff take someone off it. */
export async function leaveTeam({ ctx, actor, teamId, personId }: { ctx: AppContext; actor: Actor | undefined; teamId: string; personId?: string }) {
  if (!actor) throw new AppError('unauthenticated');
  const isSelf = !personId || personId === actor.personId;
  requirePermission(actor, isSelf ? 'team.join' : 'team.write');
  const repo = volunteersRepository(ctx.db.kysely);
  const who = personId ?? actor.personId;
  if (!who) throw invalidField('personId', 'noPersonRecord');
  const team = isSelf ? await repo.findTeam(teamId) : await teamForWrite(ctx, actor, teamId);
  if (!team) throw new AppError('notFound');
  const member = await repo.findMember(teamId, who);
  if (!member || member.left_on) throw new AppError('conflict', { errors: [{ field: 'personId', reason: 'notInTeam' }] });
  const now = ctx.clock.now();
  await transaction(ctx.db, async (trx) => {
    await volunteersRepository(trx).leaveTeam(teamId, who, localDateOf(now));
    await recordAudit(trx, actor, now, { action: 'team.leave', recordType: 'volunteerTeam', recordId: teamId, gridPath: team.grid_path, details: { personId: who, isSelf } });
  });
}
