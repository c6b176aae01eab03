import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.js';
import type { Dialect } from '../../db/index.js';
import { inScope, type Actor } from '../../core/scope.js';
import type { BookingStatus, ConsultationChannel, ConsultationStatus, ConsultationTopic } from './tables.js';

type ScopeActor = Pick<Actor, 'isGlobal' | 'scopePaths'>;

export interface ConsultationFilter {
  topic?: ConsultationTopic;
  status?: ConsultationStatus;
  channel?: ConsultationChannel;
  askedBy?: string;
  limit: number;
  offset: number;
}

/** SQL for the alliance, its catalogue, bookings, consultations and mediations. */
export function servicesRepository(db: Kysely<Database>) {
  return {
    alliances() {
      return db.selectFrom('service_alliances').selectAll().orderBy('created_at').execute();
    },
    departments() {
      return db.selectFrom('service_departments').selectAll().where('archived_at', 'is', null).orderBy('sort').execute();
    },
    teams() {
      return db.selectFrom('service_teams').selectAll().where('archived_at', 'is', null).orderBy('name').execute();
    },
    points() {
      return db.selectFrom('service_points').selectAll().where('archived_at', 'is', null).orderBy('grid_path').orderBy('name').execute();
    },
    findPoint(id: string) {
      return db.selectFrom('service_points').selectAll().where('id', '=', id).executeTakeFirst();
    },
    categories() {
      return db.selectFrom('service_categories').selectAll().where('archived_at', 'is', null).orderBy('sort').execute();
    },
    items() {
      return db.selectFrom('service_items').selectAll().where('is_active', '=', 1).where('archived_at', 'is', null).orderBy('name').execute();
    },
    findItem(id: string) {
      return db.selectFrom('service_items').selectAll().where('id', '=', id).where('is_active', '=', 1).where('archived_at', 'is', null).executeTakeFirst();
    },
    /**
     * Takes the point's row lock until the transaction ends (PostgreSQL); later bookings of the
     * same point wait for it. SQLite needs none: its one write connection runs one transaction at a time.
     */
    lockPointForBooking(dialect: Dialect, pointId: string) {
      const q = db.selectFrom('service_points').select(['id', 'slot_capacity']).where('id', '=', pointId);
      return (dialect === 'postgres' ? q.forUpdate() : q).executeTakeFirstOrThrow();
    },
    countBooked(pointId: string, slotStart: string) {
      return db.selectFrom('service_bookings').select((eb) => eb.fn.countAll<number>().as('n')).where('point_id', '=', pointId).where('slot_start', '=', slotStart).where('status', '=', 'booked').executeTakeFirstOrThrow().then((r) => Number(r.n));
    },
    /** Booked counts per slot start in [from, to) at one point. */
    async bookedBySlot(pointId: string, from: string, to: string) {
      const rows = await db.selectFrom('service_bookings').select(['slot_start', (eb) => eb.fn.countAll<number>().as('n')]).where('point_id', '=', pointId).where('status', '=', 'booked').where('slot_start', '>=', from).where('slot_start', '<', to).groupBy('slot_start').execute();
      return new Map(rows.map((r) => [r.slot_start, Number(r.n)]));
    },
    /** A page of bookings (latest slot first, then by id, so pages neither repeat nor skip) and how many match. */
    async bookings(actor: ScopeActor & { userId: string }, isStaff: boolean, q: { status?: BookingStatus; pointId?: string; limit: number; offset: number }) {
      let query = db.selectFrom('service_bookings').where((eb) => (isStaff ? eb.or([inScope(actor, 'grid_path')(eb), eb('user_id', '=', actor.userId)]) : eb('user_id', '=', actor.userId)));
      if (q.status) query = query.where('status', '=', q.status);
      if (q.pointId) query = query.where('point_id', '=', q.pointId);
      const [items, total] = await Promise.all([
        query.selectAll().orderBy('slot_start', 'desc').orderBy('id').limit(q.limit).offset(q.offset).execute(),
        query.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
      ]);
      return { items, total: Number(total.n) };
    },
    consultationByExternalId(externalId: string) {
      return db.selectFrom('consultations').select('id').where('external_id', '=', externalId).executeTakeFirst();
    },
    /** Where WeChat questions land: the grid of the (first) service alliance, else the top of the grid tree. */
    async wechatGrid() {
      const alliance = await db.selectFrom('service_alliances').innerJoin('grids', 'grids.id', 'service_alliances.grid_id').select(['grids.id', 'grids.path']).orderBy('service_alliances.created_at').executeTakeFirst();
      return alliance ?? db.selectFrom('grids').select(['id', 'path']).orderBy('depth').orderBy('path').executeTakeFirst();
    },
    findConsultation(id: string) {
      return db.selectFrom('consultations').selectAll().where('id', '=', id).executeTakeFirst();
    },
    async consultations(actor: ScopeActor, f: ConsultationFilter) {
      let q = db.selectFrom('consultations');
      q = f.askedBy ? q.where('asked_by', '=', f.askedBy) : q.where(inScope(actor, 'grid_path'));
      if (f.topic) q = q.where('topic', '=', f.topic);
      if (f.status) q = q.where('status', '=', f.status);
      if (f.channel) q = q.where('channel', '=', f.channel);
      const total = await q.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
      const items = await q.selectAll().orderBy('created_at', 'desc').orderBy('id', 'desc').limit(f.limit).offset(f.offset).execute();
      return { items, total: Number(total.n) };
    },
    consultationsByTopic(actor: ScopeActor) {
      return db.selectFrom('consultations').where(inScope(actor, 'grid_path')).select(['topic', (eb) => eb.fn.countAll<number>().as('n')]).groupBy('topic').execute();
    },
    async mediations(actor: ScopeActor, limit: number, offset: number) {
      const q = db.selectFrom('mediations').where(inScope(actor, 'grid_path'));
      const total = await q.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
      const items = await q.selectAll().orderBy('mediated_on', 'desc').orderBy('id', 'desc').limit(limit).offset(offset).execute();
      return { items, total: Number(total.n) };
    },
    async settledByAlliance(actor: ScopeActor) {
      const r = await db.selectFrom('mediations').where(inScope(actor, 'grid_path')).where('outcome', '=', 'settled').where('is_by_alliance', '=', 1).select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
      return Number(r.n);
    },
  };
}
