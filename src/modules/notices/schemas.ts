import { Type, type Static } from 'typebox';

const lit = <T extends string>(values: readonly T[], description?: string) => Type.Unsafe<T>({ type: 'string', enum: [...values], ...(description ? { description } : {}) });
const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(t: T) => Type.Union([t, Type.Null()]);

export const NoticeCategory = lit(['general', 'utilities', 'safety', 'environment', 'activity', 'policy'], 'general; utilities: water, power, heating, gas; safety: flood, fire, weather; environment: sorting waste, greening; activity: volunteering and events; policy');
/** Derived from status and times: what a resident sees now (`current`), later (`scheduled`), no more (`expired`), or what staff took down. */
export const NoticeState = lit(['current', 'scheduled', 'expired', 'unpublished']);

export const NoticeBody = Type.Object({
  /** The grid the notice is for: residents at or under it read it. */
  gridId: Type.String({ maxLength: 64 }),
  title: Type.String({ minLength: 2, maxLength: 100 }),
  body: Type.String({ minLength: 1, maxLength: 5000, description: 'Plain text; blank lines part paragraphs, "- " starts a list item, **bold**' }),
  category: Type.Optional(NoticeCategory),
  /** Defaults to now; a later time schedules the notice. */
  publishedAt: Type.Optional(Type.String({ format: 'date-time' })),
  expiresAt: Type.Optional(Nullable(Type.String({ format: 'date-time' }))),
  isPinned: Type.Optional(Type.Boolean()),
});
export type NoticeBody = Static<typeof NoticeBody>;

export const NoticePatch = Type.Object({
  title: Type.Optional(Type.String({ minLength: 2, maxLength: 100 })),
  body: Type.Optional(Type.String({ minLength: 1, maxLength: 5000 })),
  category: Type.Optional(NoticeCategory),
  publishedAt: Type.Optional(Type.String({ format: 'date-time' })),
  /** null removes the expiry. */
  expiresAt: Type.Optional(Nullable(Type.String({ format: 'date-time' }))),
  isPinned: Type.Optional(Type.Boolean()),
}, { minProperties: 1 });
export type NoticePatch = Static<typeof NoticePatch>;

export const Notice = Type.Object({
  id: Type.String(), gridId: Type.String(), gridName: Type.String(), title: Type.String(), body: Type.String(), category: Type.String(),
  status: Type.String(), state: NoticeState, pinned: Type.Boolean(), publishedAt: Type.String(), expiresAt: Nullable(Type.String()),
  authorName: Type.String(), createdAt: Type.String(), updatedAt: Type.String(),
});
export type Notice = Static<typeof Notice>;

/** What a resident's board shows; the portal reads exactly this. */
export const BoardNotice = Type.Object({ id: Type.String(), gridId: Type.String(), gridName: Type.String(), title: Type.String(), body: Type.String(), publishedAt: Type.String(), pinned: Type.Boolean() });
export const Board = Type.Object({ items: Type.Array(BoardNotice) });

export const BoardQuery = Type.Object({ limit: Type.Integer({ minimum: 1, maximum: 200, default: 50 }) });

export const NoticeListQuery = Type.Object({
  /** A grid inside your scope: its subtree only. */
  gridId: Type.Optional(Type.String({ maxLength: 64 })),
  state: Type.Optional(NoticeState),
  category: Type.Optional(NoticeCategory),
  pinned: Type.Optional(Type.Boolean()),
  /** Words in the title. */
  q: Type.Optional(Type.String({ maxLength: 50 })),
  limit: Type.Integer({ minimum: 1, maximum: 1000, default: 50 }),
  offset: Type.Integer({ minimum: 0, default: 0 }),
});
export type NoticeListQuery = Static<typeof NoticeListQuery>;
