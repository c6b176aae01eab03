import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.js';
import { inScope, type Actor } from '../../core/scope.js';
import type { WishStatus } from './tables.js';

type ScopeActor = Pick<Actor, 'isGlobal' | 'scopePaths' | 'userId'>;

export interface WishListFilter {
  status?: WishStatus;
  /** Only wishes I posted, benefit from or claimed. */
  isMine?: boolean;
  limit: number;
  offset: number;
}

/** SQL for wishes and claims. Reads take the caller's scope. */
export function wishesRepository(db: Kysely<Database>) {
  const visible = (actor: ScopeActor, isStaff: boolean) => (eb: Parameters<ReturnType<typeof inScope>>[0]) => {
    const own = [
      eb('wishes.posted_by', '=', actor.userId),
      eb('wishes.beneficiary_user_id', '=', actor.userId),
      eb.exists(eb.selectFrom('wish_claims as c').select('c.id').whereRef('c.wish_id', '=', 'wishes.id').where('c.claimant_user_id', '=', actor.userId).where('c.status', 'in', ['live', 'fulfilled'])),
    ];
    const scoped = isStaff ? inScope(actor, 'wishes.grid_path')(eb) : eb.and([inScope(actor, 'wishes.grid_path')(eb), eb('wishes.verification', '=', 'verified')]);
    return eb.or([...own, scoped]);
  };
  return {
    findById(id: string) {
      return db.selectFrom('wishes').selectAll().where('id', '=', id).executeTakeFirst();
    },
    liveClaim(wishId: string) {
      return db.selectFrom('wish_claims').selectAll().where('wish_id', '=', wishId).where('status', '=', 'live').executeTakeFirst();
    },
    claims(wishId: string) {
      return db.selectFrom('wish_claims').selectAll().where('wish_id', '=', wishId).orderBy('created_at').execute();
    },
    async list(actor: ScopeActor, isStaff: boolean, f: WishListFilter) {
      let q = db.selectFrom('wishes').where(visible(actor, isStaff));
      if (f.status) q = q.where('status', '=', f.status);
      if (f.isMine) {
        q = q.where((eb) => eb.or([
          eb('wishes.posted_by', '=', actor.userId),
          eb('wishes.beneficiary_user_id', '=', actor.userId),
          eb.exists(eb.selectFrom('wish_claims as c').select('c.id').whereRef('c.wish_id', '=', 'wishes.id').where('c.claimant_user_id', '=', actor.userId)),
        ]));
      }
      const total = await q.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
      const items = await q.selectAll().orderBy('created_at', 'desc').orderBy('id', 'desc').limit(f.limit).offset(f.offset).execute();
      return { items, total: Number(total.n) };
    },
    /** Fulfilled wishes and their value by kind, inside the actor's scope. */
    async totals(actor: ScopeActor) {
      const rows = await db
        .selectFrom('wishes')
        .where(inScope(actor, 'wishes.grid_path'))
        .where('status', '=', 'fulfilled')
        .select(['kind', (eb) => eb.fn.countAll<number>().as('n'), (eb) => eb.fn.sum<number>('actual_value').as('value')])
        .groupBy('kind')
        .execute();
      const open = await db.selectFrom('wishes').where(inScope(actor, 'wishes.grid_path')).where('status', 'in', ['open', 'claimed', 'delivered']).select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
      return { rows: rows.map((r) => ({ kind: r.kind, n: Number(r.n), value: Number(r.value ?? 0) })), open: Number(open.n) };
    },
    /** Claimants (a party member, or an organisation through its contact) by fulfilled wishes, inside the actor's scope. */
    async rankings(actor: ScopeActor, limit: number) {
      const rows = await db
        .selectFrom('wish_claims as c')
        .innerJoin('wishes as w', 'w.id', 'c.wish_id')
        .where(inScope(actor, 'w.grid_path'))
        .where('c.status', '=', 'fulfilled')
        .select(['c.claimant_user_id', 'c.claimant_kind', (eb) => eb.fn.max('c.claimant_name').as('name'), (eb) => eb.fn.countAll<number>().as('n'), (eb) => eb.fn.sum<number>('w.actual_value').as('value')])
        .groupBy(['c.claimant_user_id', 'c.claimant_kind', 'c.party_org_id'])
        .orderBy('n', 'desc')
        .orderBy('value', 'desc')
        .limit(limit)
        .execute();
      return rows.map((r) => ({ claimantUserId: r.claimant_user_id, kind: r.claimant_kind, name: String(r.name), fulfilled: Number(r.n), value: Number(r.value ?? 0) }));
    },
  };
}
