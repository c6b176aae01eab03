import { Type, type Static } from 'typebox';
import { Page } from '../schemas.js';

const CareGroup = Type.Unsafe<'elderlyAlone' | 'disabled' | 'lowIncome' | 'hardship'>({ type: 'string', enum: ['elderlyAlone', 'disabled', 'lowIncome', 'hardship'], description: 'Care group: elderly living alone, disabled, low-income, family in hardship' });
const Gender = Type.Union([Type.Literal('male'), Type.Literal('female'), Type.Null()]);
const GridRef = Type.Object({ id: Type.String(), name: Type.String(), level: Type.String() });

/** A person as staff see them: identity number and phone always masked. */
export const PersonSummary = Type.Object({
  id: Type.String(),
  name: Type.String(),
  gender: Gender,
  birthYear: Type.Union([Type.Integer(), Type.Null()]),
  idNumber: Type.Union([Type.String({ description: 'Masked, e.g. 2301**********1234' }), Type.Null()]),
  phone: Type.Union([Type.String({ description: 'Masked, e.g. 138****5678' }), Type.Null()]),
  grid: Type.Union([GridRef, Type.Null()]),
  address: Type.String(),
  relation: Type.Union([Type.String(), Type.Null()]),
  careGroups: Type.Array(Type.String()),
  partyMember: Type.Union([Type.Object({ kind: Type.String() }), Type.Null()]),
});

export const PersonDetail = Type.Intersect([
  PersonSummary,
  Type.Object({
    note: Type.Union([Type.String(), Type.Null()]),
    household: Type.Array(Type.Object({ id: Type.String(), name: Type.String(), gender: Gender, birthYear: Type.Union([Type.Integer(), Type.Null()]), relation: Type.Union([Type.String(), Type.Null()]) })),
    assignments: Type.Array(Type.Object({ id: Type.String(), role: Type.String(), grid: GridRef, startOn: Type.String() })),
  }),
]);

export const PersonQuery = Type.Intersect([
  Type.Object({
    q: Type.Optional(Type.String({ maxLength: 64, description: 'A name, or exactly an identity number or phone' })),
    grid: Type.Optional(Type.String({ description: 'Only people living under this grid' })),
    group: Type.Optional(CareGroup),
    partyMember: Type.Optional(Type.Unsafe<'community' | 'inService' | 'any'>({ type: 'string', enum: ['community', 'inService', 'any'] })),
  }),
  Page,
]);

const PartyMemberInput = Type.Object({
  kind: Type.Unsafe<'community' | 'inService'>({ type: 'string', enum: ['community', 'inService'] }),
  partyOrgId: Type.Optional(Type.Union([Type.String(), Type.Null()])),
  joinedOn: Type.Optional(Type.Union([Type.String({ format: 'date' }), Type.Null()])),
});

const personFields = {
  idNumber: Type.Optional(Type.Union([Type.String({ maxLength: 18, description: '18-character resident identity number (GB 11643); stored encrypted' }), Type.Null()])),
  phone: Type.Optional(Type.Union([Type.String({ maxLength: 20, description: 'Mainland mobile number; stored encrypted' }), Type.Null()])),
  gender: Type.Optional(Gender),
  birthYear: Type.Optional(Type.Union([Type.Integer({ minimum: 1900, maximum: 2100 }), Type.Null()])),
  gridId: Type.Optional(Type.String({ description: 'Grid the person belongs to (when no room)' })),
  roomId: Type.Optional(Type.Union([Type.String(), Type.Null()])),
  householdId: Type.Optional(Type.Union([Type.String(), Type.Null()])),
  relation: Type.Optional(Type.Union([Type.String({ maxLength: 20 }), Type.Null()])),
  note: Type.Optional(Type.Union([Type.String({ maxLength: 500 }), Type.Null()])),
  careGroups: Type.Optional(Type.Array(CareGroup, { maxItems: 4 })),
  partyMember: Type.Optional(Type.Union([PartyMemberInput, Type.Null()])),
};

export const PersonCreateBody = Type.Object({ name: Type.String({ minLength: 1, maxLength: 50 }), ...personFields });
export type PersonCreateBody = Static<typeof PersonCreateBody>;
export const PersonUpdateBody = Type.Object({ name: Type.Optional(Type.String({ minLength: 1, maxLength: 50 })), ...personFields });
export const RevealBody = Type.Object({ field: Type.Unsafe<'idNumber' | 'phone'>({ type: 'string', enum: ['idNumber', 'phone'] }) });

export const Room = Type.Object({ id: Type.String(), gridId: Type.String(), number: Type.String(), floor: Type.Integer(), areaM2: Type.Union([Type.Number(), Type.Null()]), use: Type.String(), households: Type.Integer(), residents: Type.Integer() });
export const RoomCreateBody = Type.Object({
  gridId: Type.String({ description: 'The stairwell (or building) the room is in' }),
  number: Type.String({ minLength: 1, maxLength: 20 }),
  floor: Type.Integer({ minimum: -5, maximum: 200 }),
  areaM2: Type.Optional(Type.Number({ minimum: 0, maximum: 100000 })),
  use: Type.Optional(Type.Unsafe<'residential' | 'commercial'>({ type: 'string', enum: ['residential', 'commercial'] })),
});
export const HouseholdCreateBody = Type.Object({ roomId: Type.String() });

export const PartyOrg = Type.Object({ id: Type.String(), name: Type.String(), kind: Type.String(), grid: GridRef, members: Type.Integer() });
export const PartyOrgCreateBody = Type.Object({
  name: Type.String({ minLength: 1, maxLength: 100 }),
  kind: Type.Unsafe<'committee' | 'generalBranch' | 'branch'>({ type: 'string', enum: ['committee', 'generalBranch', 'branch'] }),
  gridId: Type.String(),
});
