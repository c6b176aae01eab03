import { Type, type Static } from 'typebox';

const Kind = Type.Union([Type.Literal('material'), Type.Literal('service'), Type.Literal('companionship')], { description: 'material: goods; service: a service done; companionship: time spent' });
const Status = Type.Union(['pending', 'open', 'claimed', 'delivered', 'fulfilled', 'withdrawn'].map((s) => Type.Literal(s)), { description: 'The wish itself; verification is a separate field' });

export const WishCreateBody = Type.Object({
  title: Type.String({ minLength: 2, maxLength: 80, description: 'What is wished for, e.g. 一件冬衣' }),
  description: Type.String({ minLength: 1, maxLength: 2000 }),
  kind: Kind,
  estimatedValue: Type.Number({ minimum: 0, maximum: 100000, description: 'Estimated value in yuan' }),
  /** Staff posting on a resident's behalf name the grid and the beneficiary; a resident posts for themself. */
  gridId: Type.Optional(Type.String({ maxLength: 64 })),
  beneficiaryName: Type.Optional(Type.String({ minLength: 1, maxLength: 40 })),
  beneficiaryPersonId: Type.Optional(Type.String({ maxLength: 64 })),
});
export type WishCreateBody = Static<typeof WishCreateBody>;

export const WishListQuery = Type.Object({
  status: Type.Optional(Status),
  mine: Type.Optional(Type.Boolean({ description: 'Only wishes I posted, benefit from or claimed' })),
  limit: Type.Integer({ minimum: 1, maximum: 500, default: 50 }),
  offset: Type.Integer({ minimum: 0, default: 0 }),
});
export type WishListQuery = Static<typeof WishListQuery>;

export const VerifyBody = Type.Object({
  decision: Type.Union([Type.Literal('verified'), Type.Literal('rejected')]),
  /** Required when rejecting: the poster is told why. */
  reason: Type.Optional(Type.String({ maxLength: 500 })),
  version: Type.Optional(Type.Integer({ minimum: 1 })),
});
export const ClaimBody = Type.Object({
  /** A party member claims for themself; an organisation contact claims for their organisation. */
  partyOrgId: Type.Optional(Type.String({ maxLength: 64 })),
});
export const ReasonBody = Type.Object({ reason: Type.String({ minLength: 1, maxLength: 500 }) });
export const DeliverBody = Type.Object({
  actualValue: Type.Number({ minimum: 0, maximum: 100000, description: 'Value delivered, in yuan' }),
  photoIds: Type.Array(Type.String({ maxLength: 64 }), { minItems: 1, maxItems: 9, description: 'Evidence: ids from POST /api/cases/photos' }),
  note: Type.Optional(Type.String({ maxLength: 1000 })),
});
export const ConfirmBody = Type.Object({ thanks: Type.Optional(Type.String({ maxLength: 500, description: 'A word of thanks to the claimant' })) });

export const WishClaim = Type.Object({
  id: Type.String(),
  claimantName: Type.String(),
  claimantKind: Type.String(),
  status: Type.String(),
  reason: Type.Union([Type.String(), Type.Null()]),
  createdAt: Type.String(),
  endedAt: Type.Union([Type.String(), Type.Null()]),
});

export const Wish = Type.Object({
  id: Type.String(),
  title: Type.String(),
  description: Type.String(),
  kind: Type.String(),
  estimatedValue: Type.Number(),
  actualValue: Type.Union([Type.Number(), Type.Null()]),
  status: Type.String(),
  verification: Type.String(),
  verificationReason: Type.Union([Type.String(), Type.Null()]),
  /** Masked (张**) unless you are staff in scope, the poster, the beneficiary or the live claimant. */
  beneficiaryName: Type.String(),
  grid: Type.Object({ id: Type.String(), name: Type.String() }),
  deliveryNote: Type.Union([Type.String(), Type.Null()]),
  deliveryPhotoIds: Type.Array(Type.String()),
  deliveredAt: Type.Union([Type.String(), Type.Null()]),
  confirmedAt: Type.Union([Type.String(), Type.Null()]),
  thanks: Type.Union([Type.String(), Type.Null()]),
  version: Type.Integer(),
  createdAt: Type.String(),
  claim: Type.Union([WishClaim, Type.Null()]),
  /** What you may do now. */
  actions: Type.Array(Type.String()),
});
export type Wish = Static<typeof Wish>;

export const WishTotals = Type.Object({
  fulfilled: Type.Integer({ description: 'Wishes fulfilled (confirmed by the beneficiary)' }),
  value: Type.Number({ description: 'Value delivered, yuan' }),
  goodsValue: Type.Number({ description: 'Of which material wishes (money and goods)' }),
  serviceValue: Type.Number({ description: 'Of which services and companionship' }),
  open: Type.Integer({ description: 'Published and not yet fulfilled' }),
  byKind: Type.Array(Type.Object({ kind: Type.String(), fulfilled: Type.Integer(), value: Type.Number() })),
});

export const WishRanking = Type.Object({
  items: Type.Array(Type.Object({ rank: Type.Integer(), name: Type.String(), kind: Type.String(), fulfilled: Type.Integer(), value: Type.Number() })),
});
