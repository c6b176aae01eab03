import { transaction } from '../../db/index.js';
import { requirePermission, can } from '../../core/accounts/policy.js';
import { recordAudit, writeOutbox } from '../../core/audit/audit.js';
import type { AppContext } from '../../core/context.js';
import { AppError, invalidField } from '../../core/errors.js';
import { newId } from '../../core/ids.js';
import { isAncestorOfScope, isInScope, type Actor } from '../../core/scope.js';
import { servicesRepository } from './repository.js';
import type { ConsultationBody, MediationBody } from './schemas.js';
import type { BookingStatus, ConsultationTable, ConsultationChannel, ConsultationTopic, ConsultationStatus, MediationTable, OpeningInterval, ServiceBookingTable } from './tables.js';

export function consultationView(c: ConsultationTable) {
  return { id: c.id, channel: c.channel, topic: c.topic, question: c.question, answer: c.answer, status: c.status, caseId: c.case_id, askerName: c.asker_name, gridId: c.grid_id, createdAt: c.created_at, answeredAt: c.answered_at };
}
const bookingView = (b: ServiceBookingTable) => ({ id: b.id, itemId: b.item_id, pointId: b.point_id, slotStart: b.slot_start, slotEnd: b.slot_end, address: b.address, status: b.status, residentName: b.resident_name, createdAt: b.created_at });
const mediationView = (m: MediationTable) => ({ id: m.id, title: m.title, parties: m.parties, outcome: m.outcome, isByAlliance: m.is_by_alliance === 1, mediatorName: m.mediator_name, note: m.note, gridId: m.grid_id, mediatedOn: m.mediated_on });

/** The service alliance: structure, catalogue, bookings (see book-service.ts), consultations and mediations. */
export function servicesService(ctx: AppContext) {
  const repo = () => servicesRepository(ctx.db.kysely);

  async function gridIn(actor: Actor, gridId: string | undefined, action: string) {
    const id = gridId ?? actor.scopeGridIds[0];
    if (!id) throw invalidField('gridId', 'required');
    const grid = await ctx.db.kysely.selectFrom('grids').select(['id', 'path', 'name']).where('id', '=', id).executeTakeFirst();
    if (!grid) throw invalidField('gridId', 'unknownGrid', { value: id });
    if (!isInScope(actor, grid.path)) throw new AppError('forbidden', { params: { action } });
    return grid;
  }

  /** A consultation the actor may see: staff in scope, or the resident who asked. */
  async function visibleConsultation(actor: Actor, id: string) {
    const c = await repo().findConsultation(id);
    if (!c) throw new AppError('notFound');
    const isStaffInScope = can(actor, 'consultation.read') && isInScope(actor, c.grid_path);
    if (!isStaffInScope && c.asked_by !== actor.userId) throw new AppError('notFound');
    return c;
  }

  const self = {
    async alliance(actor: Actor | undefined) {
      requirePermission(actor, 'service.read');
      const [alliances, departments, teams] = await Promise.all([repo().alliances(), repo().departments(), repo().teams()]);
      return {
        alliances: alliances.map((a) => ({ id: a.id, name: a.name, websiteUrl: a.website_url })),
        departments: departments.map((d) => ({
          id: d.id, kind: d.kind, name: d.name, description: d.description, phone: d.phone,
          teams: teams.filter((t) => t.department_id === d.id).map((t) => ({ id: t.id, name: t.name, leaderName: t.leader_name, memberCount: t.member_count })),
        })),
      };
    },

    /** Service points near the caller: inside their scope or above it (a community's 便民小屋 serves its compounds). */
    async points(actor: Actor | undefined) {
      requirePermission(actor, 'service.read');
      const points = (await repo().points()).filter((p) => isInScope(actor, p.grid_path) || isAncestorOfScope(actor, p.grid_path));
      const grids = points.length ? await ctx.db.kysely.selectFrom('grids').select(['id', 'name']).where('id', 'in', [...new Set(points.map((p) => p.grid_id))]).execute() : [];
      const names = new Map(grids.map((g) => [g.id, g.name]));
      return {
        items: points.map((p) => ({
          id: p.id, name: p.name, departmentId: p.department_id, grid: { id: p.grid_id, name: names.get(p.grid_id) ?? '' }, address: p.address, lng: p.lng, lat: p.lat,
          openingHours: JSON.parse(p.opening_hours) as OpeningInterval[], staff: JSON.parse(p.staff) as string[], slotMinutes: p.slot_minutes, slotCapacity: p.slot_capacity,
        })),
      };
    },

    async catalogue(actor: Actor | undefined) {
      requirePermission(actor, 'service.read');
      const [categories, items] = await Promise.all([repo().categories(), repo().items()]);
      return {
        categories: categories.map((c) => ({
          id: c.id, code: c.code, name: c.name, nameEn: c.name_en,
          items: items.filter((i) => i.category_id === c.id).map((i) => ({ id: i.id, name: i.name, description: i.description, departmentId: i.department_id, isBookable: i.is_bookable === 1 })),
        })),
      };
    },

    async booking(actor: Actor | undefined, id: string) {
      requirePermission(actor, 'service.read');
      const b = await ctx.db.kysely.selectFrom('service_bookings').selectAll().where('id', '=', id).executeTakeFirst();
      if (!b || (b.user_id !== actor.userId && !(can(actor, 'booking.handle') && isInScope(actor, b.grid_path)))) throw new AppError('notFound');
      return bookingView(b);
    },

    /** The booker, or staff in scope, cancel a booking that has not happened yet; its seat is free again at once. */
    async cancelBooking(actor: Actor | undefined, id: string) {
      requirePermission(actor, 'service.read');
      const b = await ctx.db.kysely.selectFrom('service_bookings').selectAll().where('id', '=', id).executeTakeFirst();
      if (!b || (b.user_id !== actor.userId && !(can(actor, 'booking.handle') && isInScope(actor, b.grid_path)))) throw new AppError('notFound');
      const now = ctx.clock.now();
      const isCancelled = await transaction(ctx.db, async (trx) => {
        const r = await trx.updateTable('service_bookings').set({ status: 'cancelled' }).where('id', '=', id).where('status', '=', 'booked').executeTakeFirst();
        if (Number(r.numUpdatedRows) !== 1) return false;
        await recordAudit(trx, actor, now, { action: 'service.cancelBooking', recordType: 'serviceBooking', recordId: id, gridPath: b.grid_path });
        await writeOutbox(trx, now, 'service.bookingCancelled', { bookingId: id, pointId: b.point_id }, b.grid_path);
        return true;
      });
      if (!isCancelled) throw new AppError('conflict', { errors: [{ field: 'status', reason: 'bookingNotActive' }] });
      return bookingView((await ctx.db.kysely.selectFrom('service_bookings').selectAll().where('id', '=', id).executeTakeFirstOrThrow()));
    },

    async bookings(actor: Actor | undefined, q: { status?: BookingStatus; pointId?: string; limit: number; offset: number }) {
      requirePermission(actor, 'service.read');
      const { items, total } = await repo().bookings(actor, can(actor, 'booking.handle'), q);
      return { items: items.map(bookingView), total };
    },

    /** Residents ask through the web; staff log what came by the hall, hotline or WeChat (and may answer at once). */
    async createConsultation(actor: Actor | undefined, body: ConsultationBody) {
      if (!actor) throw new AppError('unauthenticated');
      const isStaff = can(actor, 'consultation.log');
      requirePermission(actor, isStaff ? 'consultation.log' : 'consultation.ask');
      const grid = await gridIn(actor, body.gridId, 'consultation.log');
      const now = ctx.clock.now().toISOString();
      const id = newId();
      const answer = isStaff ? body.answer?.trim() || null : null;
      await transaction(ctx.db, async (trx) => {
        await trx.insertInto('consultations').values({
          id, channel: isStaff ? (body.channel ?? 'hall') : 'web', topic: body.topic, question: body.question, answer, status: answer ? 'answered' : 'open', case_id: null,
          asked_by: isStaff ? null : actor.userId, asker_name: isStaff ? (body.askerName ?? null) : actor.displayName, grid_id: grid.id, grid_path: grid.path,
          handled_by: answer ? actor.userId : null, created_at: now, answered_at: answer ? now : null,
        }).execute();
        await recordAudit(trx, actor, new Date(now), { action: 'consultation.create', recordType: 'consultation', recordId: id, gridPath: grid.path });
        await writeOutbox(trx, new Date(now), 'consultation.created', { consultationId: id, topic: body.topic }, grid.path);
      });
      return consultationView((await repo().findConsultation(id))!);
    },

    async consultation(actor: Actor | undefined, id: string) {
      if (!actor) throw new AppError('unauthenticated');
      return consultationView(await visibleConsultation(actor, id));
    },

    async consultations(actor: Actor | undefined, q: { topic?: ConsultationTopic; status?: ConsultationStatus; channel?: ConsultationChannel; mine?: boolean; limit: number; offset: number }) {
      if (!actor) throw new AppError('unauthenticated');
      const isMine = q.mine || !can(actor, 'consultation.read');
      if (isMine) requirePermission(actor, 'consultation.ask');
      const { items, total } = await repo().consultations(actor, { topic: q.topic, status: q.status, channel: q.channel, askedBy: isMine ? actor.userId : undefined, limit: q.limit, offset: q.offset });
      return { items: items.map(consultationView), total };
    },

    async answer(actor: Actor | undefined, id: string, answer: string) {
      requirePermission(actor, 'consultation.handle');
      const c = await visibleConsultation(actor, id);
      if (c.status === 'turnedIntoCase') throw new AppError('conflict', { errors: [{ field: 'status', reason: 'consultationClosed' }] });
      const now = ctx.clock.now();
      await transaction(ctx.db, async (trx) => {
        await trx.updateTable('consultations').set({ answer, status: 'answered', handled_by: actor.userId, answered_at: now.toISOString() }).where('id', '=', id).execute();
        await recordAudit(trx, actor, now, { action: 'consultation.answer', recordType: 'consultation', recordId: id, gridPath: c.grid_path });
        await writeOutbox(trx, now, 'consultation.answered', { consultationId: id }, c.grid_path);
      });
      return consultationView((await repo().findConsultation(id))!);
    },

    visibleConsultation,

    async mediations(actor: Actor | undefined, limit: number, offset: number) {
      requirePermission(actor, 'mediation.read');
      const { items, total } = await repo().mediations(actor, limit, offset);
      return { items: items.map(mediationView), total };
    },

    async recordMediation(actor: Actor | undefined, body: MediationBody) {
      requirePermission(actor, 'mediation.write');
      const grid = await gridIn(actor, body.gridId, 'mediation.write');
      const now = ctx.clock.now();
      const id = newId();
      await transaction(ctx.db, async (trx) => {
        await trx.insertInto('mediations').values({
          id, title: body.title, parties: body.parties, outcome: body.outcome, is_by_alliance: body.isByAlliance ? 1 : 0, mediator_name: body.mediatorName, note: body.note ?? null,
          grid_id: grid.id, grid_path: grid.path, mediated_on: body.mediatedOn, recorded_by: actor.userId, created_at: now.toISOString(),
        }).execute();
        await recordAudit(trx, actor, now, { action: 'mediation.record', recordType: 'mediation', recordId: id, gridPath: grid.path, details: { outcome: body.outcome } });
        await writeOutbox(trx, now, 'mediation.recorded', { mediationId: id, outcome: body.outcome }, grid.path);
      });
      return mediationView((await ctx.db.kysely.selectFrom('mediations').selectAll().where('id', '=', id).executeTakeFirstOrThrow()));
    },

    /** The alliance's figures: its structure (everywhere the same) and the work done in the caller's scope. */
    async stats(actor: Actor | undefined) {
      requirePermission(actor, 'consultation.read');
      const db = ctx.db.kysely;
      const count = async (table: 'service_departments' | 'service_teams' | 'service_points' | 'service_categories' | 'service_items') =>
        Number((await db.selectFrom(table).select((eb) => eb.fn.countAll<number>().as('n')).where('archived_at', 'is', null).executeTakeFirstOrThrow()).n);
      const byTopic = await repo().consultationsByTopic(actor);
      return {
        serviceDepartments: await count('service_departments'), serviceTeams: await count('service_teams'), servicePoints: await count('service_points'),
        serviceCategories: await count('service_categories'), serviceItems: await count('service_items'),
        consultations: byTopic.reduce((s, r) => s + Number(r.n), 0), consultationsByTopic: byTopic.map((r) => ({ topic: r.topic, count: Number(r.n) })),
        disputesSettledByAlliance: await repo().settledByAlliance(actor),
      };
    },
  };
  return self;
}
