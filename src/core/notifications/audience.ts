import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.js';
import type { AppContext } from '../context.js';

/** One domain event as the outbox holds it, with its payload parsed. */
export interface OutboxEvent {
  id: string;
  topic: string;
  payload: Record<string, unknown>;
  gridPath: string | null;
  createdAt: string;
}

/** Who must hear about one event: accounts get an in-app notification, people without one a text. */
export interface Audience {
  /** In-app recipients and why each is told (`team`, `reporter`, `department`, `mergedReporter`…): the title depends on it. */
  users: { userId: string; reason: string }[];
  /** Text messages to reporters who gave a phone but have no account. */
  sms: { phone: string; templateCode: string; params: Record<string, string> }[];
  /** Values shown in the title (a case number, the action); stored with each notification. */
  params: Record<string, string | number | null>;
  /** The record the notification links to. */
  caseId: string | null;
}

/**
 * Works out the audience of an event inside the dispatcher's transaction: `db` is that
 * transaction, so reads must go through it (on SQLite a read outside it would wait forever).
 */
export type AudienceResolver = (input: { ctx: AppContext; db: Kysely<Database>; event: OutboxEvent }) => Promise<Audience>;

const resolvers = new Map<string, AudienceResolver>();

/**
 * A module says who must know about its events (topics starting with `topicPrefix`). Core never
 * imports a module, so the cases module registers its resolver here when its routes load.
 */
export function registerAudience(topicPrefix: string, resolver: AudienceResolver): void {
  resolvers.set(topicPrefix, resolver);
}

/** The resolver for a topic: the longest registered prefix wins. */
export function audienceResolverFor(topic: string): AudienceResolver | undefined {
  let best: [string, AudienceResolver] | undefined;
  for (const entry of resolvers) if (topic.startsWith(entry[0]) && (!best || entry[0].length > best[0].length)) best = entry;
  return best?.[1];
}
