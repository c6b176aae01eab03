import { Type, type Static } from 'typebox';
import { Page } from '../schemas.js';

const Nullable = <T extends ReturnType<typeof Type.String>>(t: T) => Type.Union([t, Type.Null()]);

/** A query-string switch: `true`/`false` or `1`/`0` (Ajv coerces only the words to booleans). */
export const QueryFlag = Type.Unsafe<boolean | '1' | '0'>({ anyOf: [{ type: 'boolean' }, { type: 'string', enum: ['1', '0'] }] });
export const isFlagOn = (value: boolean | '1' | '0' | undefined): boolean => value === true || value === '1';

export const NotificationQuery = Type.Object({ unread: Type.Optional({ ...QueryFlag, description: 'Only notifications not yet read (`1` or `true`)' }), ...Page.properties });
export type NotificationQuery = Static<typeof NotificationQuery>;

export const NotificationItem = Type.Object({
  id: Type.String(),
  topic: Type.String({ description: 'The event, e.g. `case.escalate`' }),
  caseId: Nullable(Type.String()),
  title: Type.String({ description: "In the caller's language" }),
  params: Type.Unsafe<Record<string, unknown>>({ type: 'object', additionalProperties: true, description: 'Case number, action and why you are told (`reason`: team, reporter, mergedReporter, department)' }),
  readAt: Nullable(Type.String()),
  createdAt: Type.String(),
});
export type NotificationItem = Static<typeof NotificationItem>;

export const NotificationPage = Type.Object({
  items: Type.Array(NotificationItem),
  total: Type.Integer({ description: 'Matching the filter' }),
  unread: Type.Integer({ description: 'All unread, whatever the filter' }),
});

export const ReadAllResult = Type.Object({ marked: Type.Integer() });

const TopicPattern = Type.String({ minLength: 1, maxLength: 100, pattern: '^(\\*|[A-Za-z0-9_-]+(\\.[A-Za-z0-9_-]+)*(\\.\\*)?)$', description: 'A topic (`case.close`), a family (`case.*`) or everything (`*`)' });

export const WebhookCreateBody = Type.Object({
  url: Type.String({ minLength: 8, maxLength: 500, description: 'http(s) URL that receives POST requests' }),
  topics: Type.Array(TopicPattern, { minItems: 1, maxItems: 50 }),
});
export type WebhookCreateBody = Static<typeof WebhookCreateBody>;

export const Webhook = Type.Object({
  id: Type.String(),
  url: Type.String(),
  topics: Type.Array(Type.String()),
  isActive: Type.Boolean(),
  createdAt: Type.String(),
});

export const WebhookCreated = Type.Intersect([Webhook, Type.Object({ secret: Type.String({ description: 'Signs every delivery (X-Gridgov-Signature); shown only now' }) })]);

export const DeliveryQuery = Type.Object({ status: Type.Optional(Type.Unsafe<string>({ type: 'string', enum: ['pending', 'delivered', 'failed'] })), ...Page.properties });

export const Delivery = Type.Object({
  id: Type.String(),
  outboxId: Type.String(),
  topic: Type.String(),
  status: Type.String({ description: 'pending, delivered or failed (after 6 attempts)' }),
  attempts: Type.Integer(),
  nextAttemptAt: Type.String(),
  lastStatus: Type.Union([Type.Integer(), Type.Null()]),
  lastError: Nullable(Type.String()),
  createdAt: Type.String(),
});
