import { transaction } from '../../db/index.js';
import { requirePermission } from '../../core/accounts/policy.js';
import { recordAudit } from '../../core/audit/audit.js';
import type { AppContext } from '../../core/context.js';
import { AppError, invalidField } from '../../core/errors.js';
import { newId } from '../../core/ids.js';
import type { Actor } from '../../core/scope.js';
import { canSeePlace } from './policy.js';
import { volunteersRepository } from './repository.js';

/**
 * Signs the caller up. Past capacity the sign-up joins the waiting list (not an error): first
 * come, first served, decided inside one transaction that holds the activity's row, so two
 * people never take the last place at once.
 */
export async function signUp({ ctx, actor, activityId }: { ctx: AppContext; actor: Actor | undefined; activityId: string }) {
  requirePermission(actor, 'activity.signup');
  if (!actor.personId) throw invalidField('personId', 'noPersonRecord');
  const personId = actor.personId;
  const repo = volunteersRepository(ctx.db.kysely);
  const activity = await repo.findActivity(activityId);
  if (!activity) throw new AppError('notFound');
  if (!canSeePlace(actor, activity.grid_path)) throw new AppError('forbidden', { params: { action: 'activity.signup' } });
  const now = ctx.clock.now();
  if (activity.state !== 'published' || Date.parse(activity.ends_at) <= now.getTime()) throw new AppError('conflict', { errors: [{ field: 'activityId', reason: 'activityClosed' }] });
  return transaction(ctx.db, async (trx) => {
    const r = volunteersRepository(trx);
    await r.lockActivity(activityId);
    const existing = await r.signupOf(activityId, personId);
    if (existing && existing.state !== 'cancelled') throw new AppError('conflict', { errors: [{ field: 'activityId', reason: 'alreadySignedUp' }] });
    const counts = await r.countSignups(activityId);
    const state = counts.confirmed < activity.capacity ? ('confirmed' as const) : ('waitlisted' as const);
    const id = existing?.id ?? newId();
    const fresh = { state, signed_up_at: now.toISOString(), promoted_at: null, cancelled_at: null, checked_in_at: null, checkin_method: null, checkin_lng: null, checkin_lat: null, checked_out_at: null, checkout_lng: null, checkout_lat: null };
    if (existing) await r.updateSignup(existing.id, existing.version, fresh);
    else await r.insertSignup({ id, activity_id: activityId, person_id: personId, user_id: actor.userId, grid_path: activity.grid_path, ...fresh, verification: 'pending', verified_hours: null, verified_at: null, verified_by: null, verify_note: null, version: 1 });
    await recordAudit(trx, actor, now, { action: 'activity.signup', recordType: 'signup', recordId: id, gridPath: activity.grid_path, details: { activityId, state } });
    const position = state === 'waitlisted' ? await r.waitlistPosition(activityId, now.toISOString(), id) : null;
    return { id, state, waitlistPosition: position };
  });
}

/** Cancels the caller's sign-up; a confirmed place passes to the first on the waiting list. */
export async function cancelSignUp({ ctx, actor, activityId }: { ctx: AppContext; actor: Actor | undefined; activityId: string }) {
  requirePermission(actor, 'activity.signup');
  if (!actor.personId) throw invalidField('personId', 'noPersonRecord');
  const repo = volunteersRepository(ctx.db.kysely);
  const activity = await repo.findActivity(activityId);
  if (!activity) throw new AppError('notFound');
  const mine = await repo.signupOf(activityId, actor.personId);
  if (!mine || mine.state === 'cancelled') throw new AppError('conflict', { errors: [{ field: 'activityId', reason: 'notSignedUp' }] });
  if (mine.checked_in_at) throw new AppError('conflict', { errors: [{ field: 'activityId', reason: 'alreadyCheckedIn' }] });
  const now = ctx.clock.now();
  await transaction(ctx.db, async (trx) => {
    const r = volunteersRepository(trx);
    await r.lockActivity(activityId);
    const isUpdated = await r.updateSignup(mine.id, mine.version, { state: 'cancelled', cancelled_at: now.toISOString() });
    if (!isUpdated) throw new AppError('conflict', { errors: [{ field: 'version', reason: 'recordChanged' }] });
    if (mine.state === 'confirmed' && activity.state === 'published') {
      const counts = await r.countSignups(activityId);
      for (const s of await r.waitlistHead(activityId, activity.capacity - counts.confirmed)) await r.updateSignup(s.id, s.version, { state: 'confirmed', promoted_at: now.toISOString() });
    }
    await recordAudit(trx, actor, now, { action: 'activity.signupCancel', recordType: 'signup', recordId: mine.id, gridPath: activity.grid_path, details: { activityId } });
  });
}
