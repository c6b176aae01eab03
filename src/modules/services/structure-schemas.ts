import { Type, type Static } from 'typebox';
import { OpeningInterval } from './schemas.js';

const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(t: T) => Type.Union([t, Type.Null()]);
/** Null first: ajv's coercion then reads an empty string as null instead of turning null into "". */
const NullableText = (t: ReturnType<typeof Type.String>) => Type.Union([Type.Null(), t]);
const Name = Type.String({ minLength: 1, maxLength: 80 });

export const DepartmentBody = Type.Object({
  /** The alliance the department belongs to; the first alliance when left out. */
  allianceId: Type.Optional(Type.String({ maxLength: 64 })),
  kind: Type.Union([Type.Literal('elderCare'), Type.Literal('property'), Type.Literal('general'), Type.Literal('merchant')], { description: '四部: 居家养老, 物业管理, 综合服务, 商盟服务' }),
  name: Name,
  description: Type.Optional(NullableText(Type.String({ maxLength: 500 }))),
  phone: Type.Optional(NullableText(Type.String({ maxLength: 30, pattern: '^[0-9+\\- ]{3,30}$' }))),
  sort: Type.Optional(Type.Integer({ minimum: 0, maximum: 1000 })),
}, { additionalProperties: false });
export type DepartmentBody = Static<typeof DepartmentBody>;
export const DepartmentPatch = Type.Partial(Type.Omit(DepartmentBody, ['allianceId']), { additionalProperties: false });
export type DepartmentPatch = Static<typeof DepartmentPatch>;

export const TeamBody = Type.Object({
  departmentId: Type.String({ maxLength: 64 }),
  name: Name,
  leaderName: Type.Optional(NullableText(Type.String({ maxLength: 40 }))),
  memberCount: Type.Integer({ minimum: 0, maximum: 100000 }),
}, { additionalProperties: false });
export type TeamBody = Static<typeof TeamBody>;
export const TeamPatch = Type.Partial(TeamBody, { additionalProperties: false });
export type TeamPatch = Static<typeof TeamPatch>;

export const PointBody = Type.Object({
  name: Name,
  /** A grid in the caller's subtree. */
  gridId: Type.String({ maxLength: 64 }),
  departmentId: Type.Optional(NullableText(Type.String({ maxLength: 64 }))),
  address: Type.String({ minLength: 1, maxLength: 200 }),
  /** WGS-84 longitude; give lng and lat together or neither. (Not nullable: ajv's coercion would turn null into 0.) */
  lng: Type.Optional(Type.Number({ minimum: -180, maximum: 180 })),
  lat: Type.Optional(Type.Number({ minimum: -90, maximum: 90 })),
  /** Opening intervals in Beijing time; open before close, no overlaps on one weekday. */
  openingHours: Type.Array(OpeningInterval, { maxItems: 28 }),
  staff: Type.Array(Type.String({ minLength: 1, maxLength: 40 }), { maxItems: 50 }),
  slotMinutes: Type.Integer({ minimum: 5, maximum: 480, description: 'Length of one booking slot' }),
  slotCapacity: Type.Integer({ minimum: 1, maximum: 1000, description: 'Bookings one slot takes' }),
}, { additionalProperties: false });
export type PointBody = Static<typeof PointBody>;
export const PointPatch = Type.Partial(PointBody, { additionalProperties: false });
export type PointPatch = Static<typeof PointPatch>;

export const CategoryBody = Type.Object({
  code: Type.String({ minLength: 1, maxLength: 40, pattern: '^[A-Za-z][A-Za-z0-9_-]*$', description: 'Stable code, unique' }),
  name: Name,
  nameEn: Name,
  sort: Type.Optional(Type.Integer({ minimum: 0, maximum: 1000 })),
}, { additionalProperties: false });
export type CategoryBody = Static<typeof CategoryBody>;
export const CategoryPatch = Type.Partial(CategoryBody, { additionalProperties: false });
export type CategoryPatch = Static<typeof CategoryPatch>;

export const ItemBody = Type.Object({
  categoryId: Type.String({ maxLength: 64 }),
  departmentId: Type.Optional(NullableText(Type.String({ maxLength: 64 }))),
  name: Name,
  description: Type.Optional(NullableText(Type.String({ maxLength: 1000 }))),
  durationMinutes: Type.Optional(Type.Integer({ minimum: 1, maximum: 1440, description: 'How long the service takes' })),
  isBookable: Type.Boolean(),
}, { additionalProperties: false });
export type ItemBody = Static<typeof ItemBody>;
export const ItemPatch = Type.Partial(ItemBody, { additionalProperties: false });
export type ItemPatch = Static<typeof ItemPatch>;

const Archived = { archivedAt: Nullable(Type.String()) };
export const DepartmentView = Type.Object({ id: Type.String(), allianceId: Type.String(), kind: Type.String(), name: Type.String(), description: Nullable(Type.String()), phone: Nullable(Type.String()), sort: Type.Integer(), ...Archived });
export const TeamView = Type.Object({ id: Type.String(), departmentId: Type.String(), name: Type.String(), leaderName: Nullable(Type.String()), memberCount: Type.Integer(), ...Archived });
export const PointView = Type.Object({
  id: Type.String(), name: Type.String(), gridId: Type.String(), gridName: Type.String(), departmentId: Nullable(Type.String()), address: Type.String(), lng: Nullable(Type.Number()), lat: Nullable(Type.Number()),
  openingHours: Type.Array(OpeningInterval), staff: Type.Array(Type.String()), slotMinutes: Type.Integer(), slotCapacity: Type.Integer(), ...Archived,
});
export const CategoryView = Type.Object({ id: Type.String(), code: Type.String(), name: Type.String(), nameEn: Type.String(), sort: Type.Integer(), ...Archived });
export const ItemView = Type.Object({ id: Type.String(), categoryId: Type.String(), departmentId: Nullable(Type.String()), name: Type.String(), description: Nullable(Type.String()), durationMinutes: Nullable(Type.Integer()), isBookable: Type.Boolean(), ...Archived });
export const StructureView = Type.Object({
  departments: Type.Array(DepartmentView), teams: Type.Array(TeamView), points: Type.Array(PointView, { description: 'In your subtree' }), categories: Type.Array(CategoryView), items: Type.Array(ItemView),
});
