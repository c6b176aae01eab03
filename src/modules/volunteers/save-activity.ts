import crypto from 'node:crypto';
import { transaction } from '../../db/index.js';
import { requirePermission } from '../../core/accounts/policy.js';
import { recordAudit, writeOutbox } from '../../core/audit/audit.js';
import type { AppContext } from '../../core/context.js';
import { AppError, invalidField } from '../../core/errors.js';
import { newId } from '../../core/ids.js';
import { isInScope, type Actor } from '../../core/scope.js';
import { DEFAULT_POINTS_PER_HOUR } from './ledger.js';
import { mayOrganize } from './policy.js';
import { volunteersRepository } from './repository.js';
import type { ActivityBody, ActivityPatch } from './schemas.js';
import type { ActivityTable } from './tables.js';

const COMMUNITY_DEPTH = 2;

/** Six digits, shown by the organiser and carried by the QR code. */
export function newCheckinCode(): string {
  return String(crypto.randomInt(0, 1_000_000)).padStart(6, '0');
}

/**
 * Publishes an activity at a place in the caller's subtree: time, capacity (beyond it sign-ups
 * wait), the check-in radius, the team holding it and the partner organisation joining in.
 */
export async function createActivity({ ctx, actor, input }: { ctx: AppContext; actor: Actor | undefined; input: ActivityBody }) {
  requirePermission(actor, 'activity.write');
  const repo = volunteersRepository(ctx.db.kysely);
  const grid = await repo.grid(input.gridId);
  if (!grid) throw invalidField('gridId', 'unknownGrid', { value: input.gridId });
  if (grid.path.split('/').filter(Boolean).length <= COMMUNITY_DEPTH) throw invalidField('gridId', 'communityOrBelow');
  if (!isInScope(actor, grid.path)) throw new AppError('forbidden', { errors: [{ field: 'gridId', reason: 'outsideScope' }] });
  if (Date.parse(input.endsAt) <= Date.parse(input.startsAt)) throw invalidField('endsAt', 'periodEndBeforeStart');
  if (input.teamId) {
    const team = await repo.findTeam(input.teamId);
    if (!team || team.archived_at) throw invalidField('teamId', 'unknownTeam', { value: input.teamId });
    if (!isInScope(actor, team.grid_path)) throw new AppError('forbidden', { errors: [{ field: 'teamId', reason: 'outsideScope' }] });
  }
  if (input.organizationId && !(await repo.organization(input.organizationId))) throw invalidField('organizationId', 'unknownOrganization', { value: input.organizationId });
  const now = ctx.clock.now();
  const row: ActivityTable = {
    id: newId(), team_id: input.teamId ?? null, organization_id: input.organizationId ?? null, kind: input.kind ?? (input.organizationId ? 'joint' : 'service'), theme: input.theme,
    title: input.title.trim(), description: input.description ?? null, grid_id: grid.id, grid_path: grid.path, place: input.place.trim(),
    lng: input.lng ?? grid.centroid_lng, lat: input.lat ?? grid.centroid_lat, checkin_radius_m: input.checkinRadiusM ?? 500,
    starts_at: new Date(input.startsAt).toISOString(), ends_at: new Date(input.endsAt).toISOString(), capacity: input.capacity, checkin_code: newCheckinCode(),
    points_per_hour: input.pointsPerHour ?? DEFAULT_POINTS_PER_HOUR, state: 'published', completed_at: null, organizer_user_id: actor.userId, organizer_name: actor.displayName,
    created_by: actor.userId, version: 1, created_at: now.toISOString(), updated_at: now.toISOString(),
  };
  await transaction(ctx.db, async (trx) => {
    await volunteersRepository(trx).insertActivity(row);
    await recordAudit(trx, actor, now, { action: 'activity.create', recordType: 'activity', recordId: row.id, gridPath: grid.path, details: { title: row.title, capacity: row.capacity } });
    await writeOutbox(trx, now, 'volunteers.activityPublished', { activityId: row.id, teamId: row.team_id }, grid.path);
  });
  return row.id;
}

export async function activityForOrganizer(ctx: AppContext, actor: Actor, id: string, action: string) {
  const activity = await volunteersRepository(ctx.db.kysely).findActivity(id);
  if (!activity) throw new AppError('notFound');
  if (!mayOrganize(actor, activity)) throw new AppError('forbidden', { params: { action } });
  return activity;
}

/**
 * Edits an activity. More places move the first of the waiting list up; fewer places than
 * people already confirmed are refused (409), nobody is pushed off.
 */
export async function updateActivity({ ctx, actor, id, input }: { ctx: AppContext; actor: Actor | undefined; id: string; input: ActivityPatch & { version?: number } }) {
  requirePermission(actor, 'activity.write');
  const a = await activityForOrganizer(ctx, actor, id, 'activity.write');
  if (a.state !== 'published') throw new AppError('conflict', { errors: [{ field: 'state', reason: 'activityClosed' }] });
  const startsAt = input.startsAt ? new Date(input.startsAt).toISOString() : a.starts_at;
  const endsAt = input.endsAt ? new Date(input.endsAt).toISOString() : a.ends_at;
  if (Date.parse(endsAt) <= Date.parse(startsAt)) throw invalidField('endsAt', 'periodEndBeforeStart');
  const now = ctx.clock.now();
  await transaction(ctx.db, async (trx) => {
    const r = volunteersRepository(trx);
    const counts = await r.countSignups(id);
    if (input.capacity !== undefined && input.capacity < counts.confirmed) throw new AppError('conflict', { errors: [{ field: 'capacity', reason: 'capacityBelowConfirmed', params: { confirmed: counts.confirmed } }] });
    const isUpdated = await r.updateActivity(id, input.version ?? a.version, {
      ...(input.title !== undefined ? { title: input.title.trim() } : {}),
      ...(input.theme !== undefined ? { theme: input.theme } : {}),
      ...(input.teamId !== undefined ? { team_id: input.teamId } : {}),
      ...(input.organizationId !== undefined ? { organization_id: input.organizationId } : {}),
      ...(input.place !== undefined ? { place: input.place.trim() } : {}),
      ...(input.lng !== undefined ? { lng: input.lng } : {}),
      ...(input.lat !== undefined ? { lat: input.lat } : {}),
      ...(input.checkinRadiusM !== undefined ? { checkin_radius_m: input.checkinRadiusM } : {}),
      ...(input.capacity !== undefined ? { capacity: input.capacity } : {}),
      ...(input.pointsPerHour !== undefined ? { points_per_hour: input.pointsPerHour } : {}),
      ...(input.description !== undefined ? { description: input.description } : {}),
      starts_at: startsAt,
      ends_at: endsAt,
      updated_at: now.toISOString(),
    });
    if (!isUpdated) throw new AppError('conflict', { errors: [{ field: 'version', reason: 'recordChanged' }] });
    const capacity = input.capacity ?? a.capacity;
    for (const s of await r.waitlistHead(id, capacity - counts.confirmed)) await r.updateSignup(s.id, s.version, { state: 'confirmed', promoted_at: now.toISOString() });
    await recordAudit(trx, actor, now, { action: 'activity.update', recordType: 'activity', recordId: id, gridPath: a.grid_path, details: { fields: Object.keys(input) } });
  });
}

/** Cancels an activity that has not been completed; sign-ups stay for the record. */
export async function cancelActivity({ ctx, actor, id, reason }: { ctx: AppContext; actor: Actor | undefined; id: string; reason: string }) {
  requirePermission(actor, 'activity.write');
  const a = await activityForOrganizer(ctx, actor, id, 'activity.write');
  if (a.state !== 'published') throw new AppError('conflict', { errors: [{ field: 'state', reason: 'activityClosed' }] });
  const now = ctx.clock.now();
  await transaction(ctx.db, async (trx) => {
    const isUpdated = await volunteersRepository(trx).updateActivity(id, a.version, { state: 'cancelled', updated_at: now.toISOString() });
    if (!isUpdated) throw new AppError('conflict', { errors: [{ field: 'version', reason: 'recordChanged' }] });
    await recordAudit(trx, actor, now, { action: 'activity.cancel', recordType: 'activity', recordId: id, gridPath: a.grid_path, details: { reason } });
    await writeOutbox(trx, now, 'volunteers.activityCancelled', { activityId: id }, a.grid_path);
  });
}
