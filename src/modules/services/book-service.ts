import { transaction } from '../../db/index.js';
import { requirePermission } from '../../core/accounts/policy.js';
import { recordAudit, writeOutbox } from '../../core/audit/audit.js';
import type { AppContext } from '../../core/context.js';
import { AppError, invalidField } from '../../core/errors.js';
import { newId } from '../../core/ids.js';
import { isAncestorOfScope, isInScope, type Actor } from '../../core/scope.js';
import { servicesRepository } from './repository.js';
import type { BookingBody } from './schemas.js';
import { isWithinHours, nextSlots } from './slots.js';
import type { OpeningInterval } from './tables.js';

export interface BookServiceOptions {
  ctx: AppContext;
  actor: Actor | undefined;
  input: BookingBody;
}

/**
 * A resident books a service item at a service point for one slot. A slot outside the opening
 * hours or already full is a 409 naming the next free slots.
 *
 * Capacity holds under concurrent requests: the count and the insert run in one transaction that
 * first locks the service point's row (`SELECT … FOR UPDATE` on PostgreSQL), so two bookings of
 * one point never count at the same time; on SQLite the one writer connection serializes the
 * transactions already. A cancelled booking no longer counts, which frees its seat.
 */
export async function bookService({ ctx, actor, input }: BookServiceOptions): Promise<string> {
  requirePermission(actor, 'service.book');
  const db = ctx.db.kysely;
  const item = await db.selectFrom('service_items').selectAll().where('id', '=', input.itemId).where('is_active', '=', 1).where('archived_at', 'is', null).executeTakeFirst();
  if (!item) throw invalidField('itemId', 'unknownServiceItem');
  if (!item.is_bookable) throw invalidField('itemId', 'notBookable');
  const point = await db.selectFrom('service_points').selectAll().where('id', '=', input.pointId).where('archived_at', 'is', null).executeTakeFirst();
  if (!point || !(isInScope(actor, point.grid_path) || isAncestorOfScope(actor, point.grid_path))) throw invalidField('pointId', 'unknownServicePoint');
  const hours = JSON.parse(point.opening_hours) as OpeningInterval[];
  const start = new Date(input.slotStart);
  if (start.getTime() < ctx.clock.now().getTime()) throw invalidField('slotStart', 'slotInPast');
  const from = new Date(Math.max(start.getTime(), ctx.clock.now().getTime()));
  const slotMs = point.slot_minutes * 60_000;

  const suggest = async () => {
    const booked = await db.selectFrom('service_bookings').select(['slot_start', (eb) => eb.fn.countAll<number>().as('n')]).where('point_id', '=', point.id).where('status', '=', 'booked').where('slot_start', '>=', from.toISOString()).groupBy('slot_start').execute();
    const counts = new Map(booked.map((b) => [b.slot_start, Number(b.n)]));
    return nextSlots(hours, from, point.slot_minutes, 3, (d) => (counts.get(d.toISOString()) ?? 0) < point.slot_capacity).map((d) => d.toISOString());
  };
  if (!isWithinHours(hours, start, point.slot_minutes)) {
    throw new AppError('conflict', { errors: [{ field: 'slotStart', reason: 'outsideOpeningHours', params: { next: (await suggest()).join(', ') } }] });
  }
  const now = ctx.clock.now();
  const slotStart = start.toISOString();
  const id = newId();
  const isFull = await transaction(ctx.db, async (trx) => {
    // Bookings at one point queue behind each other here, so the count below sees every booking committed before this one.
    const locked = await servicesRepository(trx).lockPointForBooking(ctx.db.dialect, point.id);
    if (Number(await servicesRepository(trx).countBooked(point.id, slotStart)) >= locked.slot_capacity) return true;
    await trx.insertInto('service_bookings').values({
      id, item_id: item.id, point_id: point.id, grid_path: point.grid_path, user_id: actor.userId, resident_name: actor.displayName,
      slot_start: slotStart, slot_end: new Date(start.getTime() + slotMs).toISOString(), address: input.address ?? null, note: input.note ?? null, status: 'booked', created_at: now.toISOString(),
    }).execute();
    await recordAudit(trx, actor, now, { action: 'service.book', recordType: 'serviceBooking', recordId: id, gridPath: point.grid_path });
    await writeOutbox(trx, now, 'service.booked', { bookingId: id, pointId: point.id }, point.grid_path);
    return false;
  });
  if (isFull) throw new AppError('conflict', { errors: [{ field: 'slotStart', reason: 'slotFull', params: { next: (await suggest()).join(', ') } }] });
  return id;
}
