import { transaction } from '../../db/index.js';
import { requirePermission } from '../../core/accounts/policy.js';
import { recordAudit, writeOutbox } from '../../core/audit/audit.js';
import { localDateOf } from '../../core/calendar/working-time.js';
import type { AppContext } from '../../core/context.js';
import { AppError, type FieldError } from '../../core/errors.js';
import { newId } from '../../core/ids.js';
import { isInScope, type Actor } from '../../core/scope.js';
import { claimedHours, correctionFor, durationHours, pointsFor } from './ledger.js';
import { mayOrganize } from './policy.js';
import { activityForOrganizer } from './save-activity.js';
import { volunteersRepository } from './repository.js';
import type { VerifyBody } from './schemas.js';
import { unitOfMetric, type ActivityOutputTable, type LedgerEntryTable } from './tables.js';

/**
 * The organiser verifies attendance: each approved sign-up gets its hours credited on the ledger
 * (one credit per attendance, enforced by the database) with points at the activity's rate; a
 * rejected one gets nothing. Measured outputs are recorded as verified in the same transaction.
 * Nothing counts anywhere before this: unverified hours are in no balance, figure or list.
 */
export async function verifyAttendance({ ctx, actor, activityId, input }: { ctx: AppContext; actor: Actor | undefined; activityId: string; input: VerifyBody }) {
  requirePermission(actor, 'activity.verify');
  const a = await activityForOrganizer(ctx, actor, activityId, 'activity.verify');
  if (a.state === 'cancelled') throw new AppError('conflict', { errors: [{ field: 'activityId', reason: 'activityClosed' }] });
  const now = ctx.clock.now();
  if (now.getTime() < Date.parse(a.starts_at)) throw new AppError('conflict', { errors: [{ field: 'activityId', reason: 'activityNotStarted' }] });
  const repo = volunteersRepository(ctx.db.kysely);
  const maxHours = durationHours(a.starts_at, a.ends_at);
  const signups = await repo.signupsOf(activityId);
  const errors: FieldError[] = [];
  const conflicts: FieldError[] = [];
  input.entries.forEach((e, i) => {
    const s = signups.find((x) => x.id === e.signupId);
    if (!s) return errors.push({ field: `entries.${i}.signupId`, reason: 'signupNotInActivity' });
    if (s.state !== 'confirmed') return conflicts.push({ field: `entries.${i}.signupId`, reason: 'notConfirmed' });
    if (s.verification !== 'pending') return conflicts.push({ field: `entries.${i}.signupId`, reason: 'alreadyVerified' });
    if (e.hours !== undefined && e.hours > maxHours) errors.push({ field: `entries.${i}.hours`, reason: 'hoursOutOfRange', params: { max: maxHours } });
  });
  const outputs: ActivityOutputTable[] = [];
  for (const [i, o] of (input.outputs ?? []).entries()) {
    const unit = unitOfMetric[o.metric] ?? o.unit;
    if (!unit) {
      errors.push({ field: `outputs.${i}.unit`, reason: 'required' });
      continue;
    }
    let place: { id: string; path: string } | null = null;
    if (o.gridId) {
      const g = await repo.grid(o.gridId);
      if (!g) errors.push({ field: `outputs.${i}.gridId`, reason: 'unknownGrid', params: { value: o.gridId } });
      else if (!isInScope(actor, g.path) && !mayOrganize(actor, { organizer_user_id: a.organizer_user_id, grid_path: g.path })) errors.push({ field: `outputs.${i}.gridId`, reason: 'outsideScope' });
      else if (o.metric === 'stairwellCulture' && g.level !== 'stairwell') errors.push({ field: `outputs.${i}.gridId`, reason: 'stairwellRequired' });
      else place = { id: g.id, path: g.path };
    } else if (o.metric === 'stairwellCulture') errors.push({ field: `outputs.${i}.gridId`, reason: 'stairwellRequired' });
    outputs.push({
      id: newId(), activity_id: a.id, metric: o.metric, quantity: o.metric === 'stairwellCulture' ? 1 : o.quantity, unit, grid_id: place?.id ?? null, output_grid_path: place?.path ?? null,
      grid_path: a.grid_path, note: o.note ?? null, verified_at: now.toISOString(), verified_by: actor.userId, voided_at: null, void_reason: null, created_at: now.toISOString(),
    });
  }
  if (errors.length) throw new AppError('validation', { errors });
  if (conflicts.length) throw new AppError('conflict', { errors: conflicts });

  const occurredOn = localDateOf(new Date(a.starts_at));
  let credited = 0;
  await transaction(ctx.db, async (trx) => {
    const r = volunteersRepository(trx);
    for (const e of input.entries) {
      const s = signups.find((x) => x.id === e.signupId)!;
      const isApproved = e.isApproved !== false;
      const hours = isApproved ? e.hours ?? (claimedHours({ startsAt: a.starts_at, endsAt: a.ends_at, checkedInAt: s.checked_in_at, checkedOutAt: s.checked_out_at }) || maxHours) : 0;
      const isUpdated = await r.updateSignup(s.id, s.version, {
        verification: isApproved ? 'verified' : 'rejected', verified_hours: isApproved ? hours : null, verified_at: now.toISOString(), verified_by: actor.userId, verify_note: e.note ?? null,
        ...(isApproved && !s.checked_in_at ? { checked_in_at: a.starts_at, checkin_method: 'organizer' as const } : {}),
      });
      if (!isUpdated) throw new AppError('conflict', { errors: [{ field: 'entries', reason: 'alreadyVerified' }] });
      if (!isApproved || hours <= 0) continue;
      const entry: LedgerEntryTable = {
        id: newId(), person_id: s.person_id, grid_path: a.grid_path, activity_id: a.id, signup_id: s.id, kind: 'credit', hours, points: pointsFor(hours, Number(a.points_per_hour)),
        occurred_on: occurredOn, reason: e.note ?? null, corrects_id: null, entered_by: actor.userId, entered_by_name: actor.displayName, entered_at: now.toISOString(),
      };
      await r.insertLedger(entry);
      credited += 1;
    }
    await r.insertOutputs(outputs);
    if (input.complete && a.state === 'published') {
      const isUpdated = await r.updateActivity(a.id, a.version, { state: 'completed', completed_at: now.toISOString(), updated_at: now.toISOString() });
      if (!isUpdated) throw new AppError('conflict', { errors: [{ field: 'version', reason: 'recordChanged' }] });
    }
    await recordAudit(trx, actor, now, { action: 'activity.verify', recordType: 'activity', recordId: a.id, gridPath: a.grid_path, details: { entries: input.entries.length, credited, outputs: outputs.map((o) => ({ metric: o.metric, quantity: o.quantity })) } });
    await writeOutbox(trx, now, 'volunteers.hoursVerified', { activityId: a.id, credited, outputs: outputs.length }, a.grid_path);
  });
  return { credited, outputs: outputs.length };
}

/**
 * Corrects the hours of a verified attendance: the ledger gets one more entry with the
 * difference (the credit stays as it was), and the sign-up shows the corrected total.
 */
export async function correctHours({ ctx, actor, signupId, hours, reason }: { ctx: AppContext; actor: Actor | undefined; signupId: string; hours: number; reason: string }) {
  requirePermission(actor, 'ledger.correct');
  const repo = volunteersRepository(ctx.db.kysely);
  const s = await repo.findSignup(signupId);
  if (!s) throw new AppError('notFound');
  const a = (await repo.findActivity(s.activity_id))!;
  if (!isInScope(actor, a.grid_path)) throw new AppError('forbidden', { params: { action: 'ledger.correct' } });
  if (s.verification !== 'verified') throw new AppError('conflict', { errors: [{ field: 'signupId', reason: 'notVerified' }] });
  const maxHours = durationHours(a.starts_at, a.ends_at);
  if (hours > maxHours) throw new AppError('validation', { errors: [{ field: 'hours', reason: 'hoursOutOfRange', params: { max: maxHours } }] });
  const now = ctx.clock.now();
  return transaction(ctx.db, async (trx) => {
    const r = volunteersRepository(trx);
    const entries = await r.ledgerOfSignup(s.id);
    const held = entries.reduce((sum, e) => ({ hours: sum.hours + Number(e.hours), points: sum.points + Number(e.points) }), { hours: 0, points: 0 });
    const delta = correctionFor(held.hours, held.points, hours, Number(a.points_per_hour));
    if (delta.hours === 0 && delta.points === 0) throw new AppError('conflict', { errors: [{ field: 'hours', reason: 'nothingToCorrect' }] });
    const credit = entries.find((e) => e.kind === 'credit');
    const id = newId();
    await r.insertLedger({
      id, person_id: s.person_id, grid_path: a.grid_path, activity_id: a.id, signup_id: s.id, kind: 'correction', hours: delta.hours, points: delta.points,
      occurred_on: localDateOf(new Date(a.starts_at)), reason: reason.trim(), corrects_id: credit?.id ?? null, entered_by: actor.userId, entered_by_name: actor.displayName, entered_at: now.toISOString(),
    });
    const isUpdated = await r.updateSignup(s.id, s.version, { verified_hours: hours });
    if (!isUpdated) throw new AppError('conflict', { errors: [{ field: 'version', reason: 'recordChanged' }] });
    await recordAudit(trx, actor, now, { action: 'ledger.correct', recordType: 'ledgerEntry', recordId: id, gridPath: a.grid_path, details: { signupId: s.id, from: held.hours, to: hours, reason } });
    return { id, hours: delta.hours, points: delta.points };
  });
}

/** Takes back a recorded output (wrongly measured, entered twice); it then counts nowhere. */
export async function voidOutput({ ctx, actor, outputId, reason }: { ctx: AppContext; actor: Actor | undefined; outputId: string; reason: string }) {
  requirePermission(actor, 'activity.verify');
  const repo = volunteersRepository(ctx.db.kysely);
  const o = await repo.findOutput(outputId);
  if (!o) throw new AppError('notFound');
  await activityForOrganizer(ctx, actor, o.activity_id, 'activity.verify');
  if (o.voided_at) throw new AppError('conflict', { errors: [{ field: 'id', reason: 'outputVoided' }] });
  const now = ctx.clock.now();
  await transaction(ctx.db, async (trx) => {
    await volunteersRepository(trx).voidOutput(o.id, { voided_at: now.toISOString(), void_reason: reason.trim() });
    await recordAudit(trx, actor, now, { action: 'activity.outputVoid', recordType: 'activityOutput', recordId: o.id, gridPath: o.grid_path, details: { reason } });
  });
}
