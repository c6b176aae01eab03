import type { Role } from '../../db/schema.js';
import { isInScope, type Actor } from '../../core/scope.js';
import type { WishClaimTable, WishStatus, WishTable } from './tables.js';

/** Route-level permissions of micro-wishes (role → action); record rules are below. */
export const wishesPolicy = {
  'wish.read': ['admin', 'cadre', 'secretary', 'gridWorker', 'steward', 'partyMember', 'orgContact', 'resident'],
  /** Residents post their own; grid workers and stewards post on a resident's behalf. */
  'wish.post': ['admin', 'secretary', 'gridWorker', 'steward', 'resident'],
  /** The community vouches for a wish before it is published. */
  'wish.verify': ['admin', 'cadre', 'secretary'],
  'wish.claim': ['partyMember', 'orgContact'],
  'wish.revoke': ['admin', 'cadre', 'secretary'],
} as const satisfies Record<string, readonly Role[]>;

const staffRoles: readonly Role[] = ['admin', 'cadre', 'secretary', 'gridWorker', 'steward'];

export function isWishStaff(actor: Actor): boolean {
  return staffRoles.includes(actor.role);
}

/** Who must act for each step: the community in scope, any claimant, the live claimant, the beneficiary, the poster. */
export type WishActor = 'community' | 'claimant' | 'liveClaimant' | 'beneficiary' | 'owner';
export type WishAction = 'verify' | 'reject' | 'claim' | 'cancelClaim' | 'revokeClaim' | 'deliver' | 'confirm' | 'withdraw';

/** The wish state machine as data: from which statuses, to which status, taken by whom. */
export const wishTransitions: Record<WishAction, { from: readonly WishStatus[]; to: WishStatus; actor: WishActor }> = {
  verify: { from: ['pending'], to: 'open', actor: 'community' },
  reject: { from: ['pending'], to: 'pending', actor: 'community' },
  claim: { from: ['open'], to: 'claimed', actor: 'claimant' },
  cancelClaim: { from: ['claimed'], to: 'open', actor: 'liveClaimant' },
  revokeClaim: { from: ['claimed', 'delivered'], to: 'open', actor: 'community' },
  deliver: { from: ['claimed'], to: 'delivered', actor: 'liveClaimant' },
  confirm: { from: ['delivered'], to: 'fulfilled', actor: 'beneficiary' },
  withdraw: { from: ['pending', 'open'], to: 'withdrawn', actor: 'owner' },
};

/** True when the status allows the action (verification is checked separately). */
export function statusAllows(status: WishStatus, action: WishAction): boolean {
  return wishTransitions[action].from.includes(status);
}

type WishRef = Pick<WishTable, 'grid_path' | 'posted_by' | 'beneficiary_user_id' | 'verification'>;

/** May the actor take the action on this wish (ignoring status)? */
export function mayActOnWish(actor: Actor, wish: WishRef, action: WishAction, liveClaim: Pick<WishClaimTable, 'claimant_user_id'> | undefined): boolean {
  switch (wishTransitions[action].actor) {
    case 'community':
      return (actor.role === 'admin' || actor.role === 'cadre' || actor.role === 'secretary') && isInScope(actor, wish.grid_path);
    case 'claimant':
      return actor.role === 'partyMember' || actor.role === 'orgContact';
    case 'liveClaimant':
      return liveClaim?.claimant_user_id === actor.userId;
    case 'beneficiary':
      return wish.beneficiary_user_id !== null ? wish.beneficiary_user_id === actor.userId : wish.posted_by === actor.userId;
    case 'owner':
      return wish.posted_by === actor.userId || (isWishStaff(actor) && isInScope(actor, wish.grid_path));
  }
}

/** Sees the wish at all: staff in scope, the people it concerns, and anyone in scope once it is published. */
export function canSeeWish(actor: Actor, wish: WishRef, isLiveClaimant: boolean): boolean {
  if (actor.isGlobal || wish.posted_by === actor.userId || wish.beneficiary_user_id === actor.userId || isLiveClaimant) return true;
  if (isWishStaff(actor)) return isInScope(actor, wish.grid_path);
  return wish.verification === 'verified' && isInScope(actor, wish.grid_path);
}

/** Sees the beneficiary's name unmasked: staff in scope, the poster, the beneficiary and the live claimant. */
export function seesBeneficiary(actor: Actor, wish: WishRef, isLiveClaimant: boolean): boolean {
  if (wish.posted_by === actor.userId || wish.beneficiary_user_id === actor.userId || isLiveClaimant) return true;
  return isWishStaff(actor) && isInScope(actor, wish.grid_path);
}
