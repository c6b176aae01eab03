import { transaction } from '../../db/index.js';
import { requirePermission } from '../../core/accounts/policy.js';
import { recordAudit, writeOutbox } from '../../core/audit/audit.js';
import type { AppContext } from '../../core/context.js';
import { AppError, invalidField } from '../../core/errors.js';
import { newId } from '../../core/ids.js';
import { maskName } from '../../core/people/identity.js';
import { isInScope, type Actor } from '../../core/scope.js';
import { canSeeWish, isWishStaff, mayActOnWish, seesBeneficiary, statusAllows, wishTransitions, type WishAction } from './policy.js';
import { wishesRepository, type WishListFilter } from './repository.js';
import type { Wish, WishCreateBody } from './schemas.js';
import type { WishClaimTable, WishTable } from './tables.js';

/** Micro-wishes: post, verify, claim (see claim-wish.ts), deliver, confirm, and the totals. */
export function wishesService(ctx: AppContext) {
  const repo = () => wishesRepository(ctx.db.kysely);

  async function gridNames(ids: string[]): Promise<Map<string, string>> {
    if (ids.length === 0) return new Map();
    const rows = await ctx.db.kysely.selectFrom('grids').select(['id', 'name']).where('id', 'in', [...new Set(ids)]).execute();
    return new Map(rows.map((r) => [r.id, r.name]));
  }

  function allowedActions(actor: Actor, w: WishTable, live: WishClaimTable | undefined): WishAction[] {
    return (Object.keys(wishTransitions) as WishAction[]).filter((a) => {
      if (!statusAllows(w.status, a) || !mayActOnWish(actor, w, a, live)) return false;
      if ((a === 'verify' || a === 'reject') && w.verification !== 'pending') return false;
      if (a === 'claim' && w.verification !== 'verified') return false;
      return true;
    });
  }

  function view(actor: Actor, w: WishTable, live: WishClaimTable | undefined, gridName: string): Wish {
    const isLive = live?.claimant_user_id === actor.userId;
    return {
      id: w.id, title: w.title, description: w.description, kind: w.kind, estimatedValue: w.estimated_value, actualValue: w.actual_value,
      status: w.status, verification: w.verification, verificationReason: w.verification_reason,
      beneficiaryName: seesBeneficiary(actor, w, isLive) ? w.beneficiary_name : maskName(w.beneficiary_name),
      grid: { id: w.grid_id, name: gridName },
      deliveryNote: w.delivery_note, deliveryPhotoIds: w.delivery_photo_ids ? (JSON.parse(w.delivery_photo_ids) as string[]) : [],
      deliveredAt: w.delivered_at, confirmedAt: w.confirmed_at, thanks: w.thanks, version: w.version, createdAt: w.created_at,
      claim: live ? { id: live.id, claimantName: live.claimant_name, claimantKind: live.claimant_kind, status: live.status, reason: live.reason, createdAt: live.created_at, endedAt: live.ended_at } : null,
      actions: allowedActions(actor, w, live),
    };
  }

  async function visibleWish(actor: Actor, id: string) {
    const w = await repo().findById(id);
    if (!w) throw new AppError('notFound');
    const live = await repo().liveClaim(id);
    if (!canSeeWish(actor, w, live?.claimant_user_id === actor.userId)) throw new AppError('notFound');
    return { w, live };
  }

  /** Loads the wish, checks the actor and the status for the action, runs `write` in one transaction with the audit and outbox rows. */
  async function act(actor: Actor | undefined, id: string, action: WishAction, write: (w: WishTable, live: WishClaimTable | undefined, now: string, trx: Parameters<Parameters<typeof transaction>[1]>[0]) => Promise<Record<string, unknown> | void>) {
    if (!actor) throw new AppError('unauthenticated');
    const { w, live } = await visibleWish(actor, id);
    if (!mayActOnWish(actor, w, action, live)) throw new AppError('forbidden', { params: { action: `wish.${action}` } });
    if (!allowedActions(actor, w, live).includes(action)) throw new AppError('conflict', { errors: [{ field: 'status', reason: 'wishActionNotAllowed', params: { status: w.status, action } }] });
    const now = ctx.clock.now();
    await transaction(ctx.db, async (trx) => {
      const details = await write(w, live, now.toISOString(), trx);
      const to = wishTransitions[action].to;
      const res = await trx.updateTable('wishes').set({ status: to, version: w.version + 1, updated_at: now.toISOString() }).where('id', '=', id).where('version', '=', w.version).executeTakeFirst();
      if (Number(res.numUpdatedRows) !== 1) throw new AppError('conflict', { errors: [{ field: 'version', reason: 'staleVersion' }] });
      await recordAudit(trx, actor, now, { action: `wish.${action}`, recordType: 'wish', recordId: id, gridPath: w.grid_path, details: details ?? undefined });
      await writeOutbox(trx, now, `wish.${action}`, { wishId: id, status: to }, w.grid_path);
    });
    return self.get(actor, id);
  }

  const self = {
    async post(actor: Actor | undefined, body: WishCreateBody): Promise<Wish> {
      requirePermission(actor, 'wish.post');
      const isStaff = isWishStaff(actor);
      const gridId = body.gridId ?? (isStaff ? undefined : actor.scopeGridIds[0]);
      if (!gridId) throw invalidField('gridId', 'required');
      const grid = await ctx.db.kysely.selectFrom('grids').select(['id', 'path', 'name']).where('id', '=', gridId).executeTakeFirst();
      if (!grid) throw invalidField('gridId', 'unknownGrid', { value: gridId });
      if (!isInScope(actor, grid.path)) throw new AppError('forbidden', { params: { action: 'wish.post' } });
      if (isStaff && !body.beneficiaryName) throw invalidField('beneficiaryName', 'required');
      const now = ctx.clock.now().toISOString();
      const id = newId();
      await transaction(ctx.db, async (trx) => {
        await trx.insertInto('wishes').values({
          id, title: body.title, description: body.description, kind: body.kind, estimated_value: body.estimatedValue, actual_value: null,
          status: 'pending', verification: 'pending', verification_reason: null, verified_by: null, verified_at: null,
          beneficiary_name: isStaff ? body.beneficiaryName! : actor.displayName, beneficiary_person_id: isStaff ? (body.beneficiaryPersonId ?? null) : actor.personId,
          beneficiary_user_id: isStaff ? null : actor.userId, posted_by: actor.userId, grid_id: grid.id, grid_path: grid.path,
          delivery_note: null, delivery_photo_ids: null, delivered_at: null, confirmed_at: null, thanks: null, version: 1, created_at: now, updated_at: now,
        }).execute();
        await recordAudit(trx, actor, new Date(now), { action: 'wish.post', recordType: 'wish', recordId: id, gridPath: grid.path });
        await writeOutbox(trx, new Date(now), 'wish.posted', { wishId: id }, grid.path);
      });
      return self.get(actor, id);
    },

    async get(actor: Actor | undefined, id: string): Promise<Wish> {
      requirePermission(actor, 'wish.read');
      const { w, live } = await visibleWish(actor, id);
      return view(actor, w, live, (await gridNames([w.grid_id])).get(w.grid_id) ?? '');
    },

    async list(actor: Actor | undefined, f: WishListFilter) {
      requirePermission(actor, 'wish.read');
      const { items, total } = await repo().list(actor, isWishStaff(actor), f);
      const names = await gridNames(items.map((w) => w.grid_id));
      const lives = items.length ? await ctx.db.kysely.selectFrom('wish_claims').selectAll().where('wish_id', 'in', items.map((w) => w.id)).where('status', '=', 'live').execute() : [];
      const liveBy = new Map(lives.map((c) => [c.wish_id, c]));
      return { items: items.map((w) => view(actor, w, liveBy.get(w.id), names.get(w.grid_id) ?? '')), total };
    },

    verify(actor: Actor | undefined, id: string, decision: 'verified' | 'rejected', reason?: string) {
      requirePermission(actor, 'wish.verify');
      if (decision === 'rejected' && !reason?.trim()) throw invalidField('reason', 'rejectionNeedsReason');
      return act(actor, id, decision === 'verified' ? 'verify' : 'reject', async (_w, _l, now, trx) => {
        await trx.updateTable('wishes').set({ verification: decision, verification_reason: reason?.trim() || null, verified_by: actor.userId, verified_at: now }).where('id', '=', id).execute();
        return { decision };
      });
    },

    cancelClaim(actor: Actor | undefined, id: string, reason: string) {
      return act(actor, id, 'cancelClaim', async (_w, live, now, trx) => {
        await trx.updateTable('wish_claims').set({ status: 'cancelled', reason, ended_at: now }).where('id', '=', live!.id).execute();
        return { claimId: live!.id };
      });
    },

    revokeClaim(actor: Actor | undefined, id: string, reason: string) {
      requirePermission(actor, 'wish.revoke');
      return act(actor, id, 'revokeClaim', async (_w, live, now, trx) => {
        await trx.updateTable('wish_claims').set({ status: 'revoked', reason, ended_at: now }).where('id', '=', live!.id).execute();
        await trx.updateTable('wishes').set({ actual_value: null, delivery_note: null, delivery_photo_ids: null, delivered_at: null }).where('id', '=', id).execute();
        return { claimId: live!.id };
      });
    },

    deliver(actor: Actor | undefined, id: string, body: { actualValue: number; photoIds: string[]; note?: string }) {
      return act(actor, id, 'deliver', async (_w, _l, now, trx) => {
        const photos = await trx.selectFrom('case_attachments').select(['id', 'uploaded_by']).where('id', 'in', body.photoIds).execute();
        if (photos.length !== new Set(body.photoIds).size || photos.some((p) => p.uploaded_by !== actor!.userId)) throw invalidField('photoIds', 'unknownPhoto');
        await trx.updateTable('wishes').set({ actual_value: body.actualValue, delivery_photo_ids: JSON.stringify(body.photoIds), delivery_note: body.note ?? null, delivered_at: now }).where('id', '=', id).execute();
        return { actualValue: body.actualValue };
      });
    },

    confirm(actor: Actor | undefined, id: string, thanks?: string) {
      return act(actor, id, 'confirm', async (_w, live, now, trx) => {
        await trx.updateTable('wish_claims').set({ status: 'fulfilled', ended_at: now }).where('id', '=', live!.id).execute();
        await trx.updateTable('wishes').set({ confirmed_at: now, thanks: thanks?.trim() || null }).where('id', '=', id).execute();
      });
    },

    withdraw(actor: Actor | undefined, id: string) {
      return act(actor, id, 'withdraw', async () => undefined);
    },

    /** Fulfilled wishes and the value of money, goods and services delivered, in the caller's scope. */
    async totals(actor: Actor | undefined) {
      requirePermission(actor, 'wish.read');
      const { rows, open } = await repo().totals(actor);
      const sum = (pred: (k: string) => boolean) => rows.filter((r) => pred(r.kind)).reduce((s, r) => s + r.value, 0);
      return {
        fulfilled: rows.reduce((s, r) => s + r.n, 0),
        value: Math.round(sum(() => true) * 100) / 100,
        goodsValue: Math.round(sum((k) => k === 'material') * 100) / 100,
        serviceValue: Math.round(sum((k) => k !== 'material') * 100) / 100,
        open,
        byKind: rows.map((r) => ({ kind: r.kind, fulfilled: r.n, value: r.value })),
      };
    },

    async rankings(actor: Actor | undefined, limit: number) {
      requirePermission(actor, 'wish.read');
      const rows = await repo().rankings(actor, limit);
      return { items: rows.map((r, i) => ({ rank: i + 1, name: r.name, kind: r.kind, fulfilled: r.fulfilled, value: r.value })) };
    },
  };
  return self;
}
