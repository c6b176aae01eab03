import { transaction } from '../../db/index.js';
import type { AppContext } from '../../core/context.js';
import { AppError, invalidField, type FieldError } from '../../core/errors.js';
import { newId } from '../../core/ids.js';
import { normalizePhone } from '../../core/people/identity.js';
import type { Actor } from '../../core/scope.js';
import { dueAfter } from './deadlines.js';
import { appendCaseEvent, eventActor } from './events.js';
import { limitsOf } from './limits.js';
import { casesRepository } from './repository.js';
import { routeCase } from './routing.js';
import type { CaseChannel, CaseTable, CaseType } from './tables.js';

export interface CreateCaseOptions {
  ctx: AppContext;
  actor: Actor | undefined;
  channel: CaseChannel;
  input: {
    categoryId: string;
    type?: CaseType;
    title?: string;
    description: string;
    lng?: number;
    lat?: number;
    gridId?: string;
    address?: string;
    reporterName?: string;
    reporterPhone?: string;
    photoIds?: string[];
    isSkippedLevel?: boolean;
    isCriminalRisk?: boolean;
    priority?: 'normal' | 'urgent';
    discoveredAt?: string;
  };
  /** Idempotency-Key of the request: a replay returns the case made the first time. */
  idempotencyKey?: string;
}

/**
 * Intake (C1–C3): validates, routes the location to the team at the category's default tier
 * (or to the triage queue when outside every grid), fixes the time limits the case keeps, numbers
 * it and writes the case, its first log entry and its outbox event in one transaction.
 */
export async function createCase({ ctx, actor, channel, input, idempotencyKey }: CreateCaseOptions): Promise<{ id: string; isReplay: boolean }> {
  const repo = casesRepository(ctx.db.kysely);
  const idemKey = idempotencyKey ? `${actor?.userId ?? 'public'}:${idempotencyKey}` : undefined;
  if (idemKey) {
    const seen = await repo.idempotent(idemKey);
    if (seen) return { id: seen.case_id, isReplay: true };
  }
  const errors: FieldError[] = [];
  const category = await repo.category(input.categoryId);
  if (!category || !category.parent_id || !category.is_active) errors.push({ field: 'categoryId', reason: 'unknownCategory', params: { value: input.categoryId } });
  if (input.lng == null && input.gridId == null && !input.address) errors.push({ field: 'lng', reason: 'locationRequired' });
  if ((input.lng == null) !== (input.lat == null)) errors.push({ field: input.lng == null ? 'lng' : 'lat', reason: 'required' });
  let phone: string | null = null;
  if (input.reporterPhone) {
    phone = normalizePhone(input.reporterPhone);
    if (!phone) errors.push({ field: 'reporterPhone', reason: 'phoneFormat' });
  } else if (!actor && channel !== 'wechat') {
    // Anonymous reporters track their case by number and the last four digits of their phone.
    errors.push({ field: 'reporterPhone', reason: 'required' });
  }
  if (errors.length) throw new AppError('validation', { errors });
  if (input.gridId) {
    const grid = await ctx.db.kysely.selectFrom('grids').select('id').where('id', '=', input.gridId).executeTakeFirst();
    if (!grid) throw invalidField('gridId', 'unknownGrid', { value: input.gridId });
  }

  const now = ctx.clock.now();
  const routed = await routeCase(ctx, input, category!.default_tier);
  const limits = limitsOf(category!);
  const due = await dueAfter(ctx, now, limits.accept);
  const id = newId();
  const title = input.title?.trim() || category!.name;
  const actorInfo = eventActor(actor);

  await transaction(ctx.db, async (trx) => {
    const r = casesRepository(trx);
    const number = await r.nextNumber(Number(now.toISOString().slice(0, 4)));
    const row: CaseTable = {
      id, number, type: input.type ?? category!.default_type, category_id: category!.id, title, description: input.description,
      state: 'reported', is_open: 1, tier: routed.tier, channel,
      grid_id: routed.location?.id ?? null, grid_path: routed.location?.path ?? null,
      handling_grid_id: routed.handlingGridId, handling_path: routed.handlingPath,
      lng: input.lng ?? null, lat: input.lat ?? null, address: input.address ?? null,
      reporter_user_id: actor?.userId ?? null, reporter_person_id: actor?.personId ?? null, reporter_name: input.reporterName ?? (actor && actor.role === 'resident' ? actor.displayName : null),
      reporter_phone_enc: phone ? ctx.cipher.encrypt(phone) : null, reporter_phone_hash: phone ? ctx.cipher.hash(phone) : null, reporter_phone_last4: phone ? phone.slice(-4) : null,
      limits: JSON.stringify(limits), stage: 'accept', due_at: due.toISOString(), overdue_at: null, sla_escalated_at: null,
      discovered_at: input.discoveredAt ?? now.toISOString(), accepted_at: null, assessed_at: null, intervened_at: null, resolved_at: null, closed_at: null, closed_via: null, resolution_id: null,
      rework_count: 0, escalation_count: 0, reopen_count: 0, lowest_tier: routed.tier, feedback: null, rating: null, rated_at: null, merged_into_id: null, suspended_from: null,
      is_skipped_level: input.isSkippedLevel ? 1 : 0, is_criminal_risk: input.isCriminalRisk ? 1 : 0, priority: input.priority ?? 'normal', pending_request: null,
      version: 1, created_at: now.toISOString(), updated_at: now.toISOString(),
    };
    await r.insertCase(row);
    if (idemKey) await r.insertIdempotency(idemKey, id, now.toISOString());
    const eventId = await appendCaseEvent(trx, {
      caseRow: row, seq: 1, action: 'report', from: null, to: 'reported', toTier: routed.tier, actor: actorInfo, at: now,
      note: input.description, data: { channel, isTriage: routed.handlingPath === '/', gridId: routed.location?.id ?? null },
    });
    if (input.photoIds?.length) await r.attachToCase(input.photoIds, id, eventId);
  });
  return { id, isReplay: false };
}
