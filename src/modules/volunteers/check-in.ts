import { transaction } from '../../db/index.js';
import { requirePermission } from '../../core/accounts/policy.js';
import { recordAudit } from '../../core/audit/audit.js';
import type { AppContext } from '../../core/context.js';
import { AppError, invalidField } from '../../core/errors.js';
import type { Actor } from '../../core/scope.js';
import { CHECKIN_OPENS_BEFORE_MS, CHECKOUT_CLOSES_AFTER_MS, checkInProblem, checkOutProblem, distanceM, localTime } from './ledger.js';
import { volunteersRepository } from './repository.js';
import type { ActivityTable } from './tables.js';

function tooFar(activity: ActivityTable, lng?: number, lat?: number): number | null {
  if (lng === undefined || lat === undefined || activity.lng === null || activity.lat === null) return null;
  const d = Math.round(distanceM(lng, lat, activity.lng, activity.lat));
  return d > activity.checkin_radius_m ? d : null;
}

async function mySignup(ctx: AppContext, actor: Actor, activityId: string) {
  const repo = volunteersRepository(ctx.db.kysely);
  const activity = await repo.findActivity(activityId);
  if (!activity) throw new AppError('notFound');
  if (!actor.personId) throw invalidField('personId', 'noPersonRecord');
  const signup = await repo.signupOf(activityId, actor.personId);
  if (!signup || signup.state === 'cancelled') throw new AppError('conflict', { errors: [{ field: 'activityId', reason: 'notSignedUp' }] });
  if (signup.state === 'waitlisted') throw new AppError('conflict', { errors: [{ field: 'activityId', reason: 'onWaitingList' }] });
  return { activity, signup };
}

/**
 * Checks the caller in with the activity's code (typed, or read from its QR code) and, when the
 * phone gives one, their location. Refused with 409 and the reason when already checked in,
 * outside the activity's window (from 30 minutes before the start to the end) or too far away.
 */
export async function checkIn({ ctx, actor, activityId, code, method, lng, lat }: { ctx: AppContext; actor: Actor | undefined; activityId: string; code: string; method?: 'code' | 'qr'; lng?: number; lat?: number }) {
  requirePermission(actor, 'activity.signup');
  const { activity, signup } = await mySignup(ctx, actor, activityId);
  if (signup.checked_in_at) throw new AppError('conflict', { errors: [{ field: 'activityId', reason: 'alreadyCheckedIn', params: { at: localTime(signup.checked_in_at) } }] });
  if (activity.state !== 'published') throw new AppError('conflict', { errors: [{ field: 'activityId', reason: 'activityClosed' }] });
  const now = ctx.clock.now();
  if (checkInProblem(now, activity.starts_at, activity.ends_at)) {
    throw new AppError('conflict', { errors: [{ field: 'activityId', reason: 'outsideActivityWindow', params: { from: localTime(new Date(Date.parse(activity.starts_at) - CHECKIN_OPENS_BEFORE_MS).toISOString()), to: localTime(activity.ends_at) } }] });
  }
  if (code !== activity.checkin_code) throw invalidField('code', 'wrongCheckinCode');
  const distance = tooFar(activity, lng, lat);
  if (distance !== null) throw new AppError('conflict', { errors: [{ field: 'lng', reason: 'tooFarFromActivity', params: { distance, radius: activity.checkin_radius_m } }] });
  await transaction(ctx.db, async (trx) => {
    const isUpdated = await volunteersRepository(trx).updateSignup(signup.id, signup.version, { checked_in_at: now.toISOString(), checkin_method: method ?? 'code', checkin_lng: lng ?? null, checkin_lat: lat ?? null });
    if (!isUpdated) throw new AppError('conflict', { errors: [{ field: 'activityId', reason: 'alreadyCheckedIn', params: { at: '' } }] });
    await recordAudit(trx, actor, now, { action: 'activity.checkIn', recordType: 'signup', recordId: signup.id, gridPath: activity.grid_path, details: { method: method ?? 'code', hasLocation: lng !== undefined } });
  });
  return { checkedInAt: now.toISOString() };
}

/** Checks the caller out: after checking in, until two hours after the activity ends; once. */
export async function checkOut({ ctx, actor, activityId, lng, lat }: { ctx: AppContext; actor: Actor | undefined; activityId: string; lng?: number; lat?: number }) {
  requirePermission(actor, 'activity.signup');
  const { activity, signup } = await mySignup(ctx, actor, activityId);
  if (!signup.checked_in_at) throw new AppError('conflict', { errors: [{ field: 'activityId', reason: 'notCheckedIn' }] });
  if (signup.checked_out_at) throw new AppError('conflict', { errors: [{ field: 'activityId', reason: 'alreadyCheckedOut', params: { at: localTime(signup.checked_out_at) } }] });
  const now = ctx.clock.now();
  if (checkOutProblem(now, signup.checked_in_at, activity.ends_at)) {
    throw new AppError('conflict', { errors: [{ field: 'activityId', reason: 'outsideActivityWindow', params: { from: localTime(signup.checked_in_at), to: localTime(new Date(Date.parse(activity.ends_at) + CHECKOUT_CLOSES_AFTER_MS).toISOString()) } }] });
  }
  const distance = tooFar(activity, lng, lat);
  if (distance !== null) throw new AppError('conflict', { errors: [{ field: 'lng', reason: 'tooFarFromActivity', params: { distance, radius: activity.checkin_radius_m } }] });
  await transaction(ctx.db, async (trx) => {
    const isUpdated = await volunteersRepository(trx).updateSignup(signup.id, signup.version, { checked_out_at: now.toISOString(), checkout_lng: lng ?? null, checkout_lat: lat ?? null });
    if (!isUpdated) throw new AppError('conflict', { errors: [{ field: 'activityId', reason: 'alreadyCheckedOut', params: { at: '' } }] });
    await recordAudit(trx, actor, now, { action: 'activity.checkOut', recordType: 'signup', recordId: signup.id, gridPath: activity.grid_path });
  });
  return { checkedOutAt: now.toISOString() };
}
