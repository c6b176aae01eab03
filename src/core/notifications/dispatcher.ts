import crypto from 'node:crypto';
import type { Kysely } from 'kysely';
import { transaction, type Dialect } from '../../db/index.js';
import type { Database, OutboxTable } from '../../db/schema.js';
import type { AppContext } from '../context.js';
import { newId } from '../ids.js';
import { audienceResolverFor, type OutboxEvent } from './audience.js';
import { LogSmsProvider, type SmsProvider } from './sms.js';

/** Waits before the 2nd…6th delivery attempt of a webhook; the 6th failure gives up. */
export const RETRY_DELAYS_MS = [60_000, 5 * 60_000, 30 * 60_000, 2 * 3_600_000, 12 * 3_600_000];
export const MAX_ATTEMPTS = RETRY_DELAYS_MS.length + 1;
export const DELIVERY_TIMEOUT_MS = 10_000;
/** A claimed delivery is not retried by another process before this; longer than the timeout. */
const DELIVERY_LEASE_MS = 60_000;
const OUTBOX_BATCH = 100;
const MAX_BATCHES_PER_RUN = 20;
const DELIVERY_BATCH = 50;
const DELIVERY_CONCURRENCY = 8;
/** An event whose handling keeps failing is marked published after this many tries, so it cannot block the queue. */
const MAX_EVENT_FAILURES = 5;

/** The part of a logger the dispatcher uses; Fastify's pino logger fits. */
export interface DispatchLogger {
  info(obj: object, msg: string): void;
  warn(obj: object, msg: string): void;
  error(obj: object, msg: string): void;
}

export interface DispatcherOptions {
  sms?: SmsProvider;
  /** Defaults to the global fetch; tests pass their own. */
  fetch?: typeof fetch;
  log?: DispatchLogger;
}

export interface PublishResult {
  published: number;
  notified: number;
  queuedDeliveries: number;
  sms: number;
}

export interface DeliveryResult {
  delivered: number;
  retried: number;
  failed: number;
}

const silent: DispatchLogger = { info: () => undefined, warn: () => undefined, error: () => undefined };
const failures = new Map<string, number>();

/** `sha256=<hex HMAC-SHA256 of the raw body>` with the webhook's secret: what receivers verify. */
export function signBody(secret: string, body: string): string {
  return `sha256=${crypto.createHmac('sha256', secret).update(body).digest('hex')}`;
}

/** A webhook's topic list matches exact topics, `*` (everything) and `prefix.*` (e.g. `case.*`). */
export function topicMatches(patterns: readonly string[], topic: string): boolean {
  return patterns.some((p) => p === '*' || p === topic || (p.endsWith('.*') && topic.startsWith(p.slice(0, -1))));
}

export function toOutboxEvent(row: OutboxTable): OutboxEvent {
  return { id: row.id, topic: row.topic, payload: JSON.parse(row.payload) as Record<string, unknown>, gridPath: row.grid_path, createdAt: row.created_at };
}

/**
 * Takes one outbox row for this process. PostgreSQL skips a row another instance holds instead
 * of waiting for it; on both dialects the conditional update is what makes the claim exclusive:
 * only one transaction can move `published_at` from null.
 */
async function claimOutboxRow(trx: Kysely<Database>, dialect: Dialect, id: string, nowIso: string): Promise<boolean> {
  if (dialect === 'postgres') {
    const free = await trx.selectFrom('outbox').select('id').where('id', '=', id).where('published_at', 'is', null).forUpdate().skipLocked().executeTakeFirst();
    if (!free) return false;
  }
  const result = await trx.updateTable('outbox').set({ published_at: nowIso }).where('id', '=', id).where('published_at', 'is', null).executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

function chunks<T>(items: T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

/**
 * Publishes unpublished outbox rows, oldest first. Claiming a row, writing its in-app
 * notifications and queueing its webhook deliveries is one transaction, so each event is
 * notified exactly once however many processes run this: a crash before commit leaves the row
 * for the next run, and a row already claimed is skipped. Text messages go out after the commit
 * (at most once: a crash in between loses the text rather than sending it twice).
 */
export async function publishPending(ctx: AppContext, options: DispatcherOptions = {}): Promise<PublishResult> {
  const log = options.log ?? silent;
  const sms = options.sms ?? new LogSmsProvider(options.log ? (entry) => log.info(entry, 'sms') : undefined);
  const total: PublishResult = { published: 0, notified: 0, queuedDeliveries: 0, sms: 0 };
  for (let batch = 0; batch < MAX_BATCHES_PER_RUN; batch++) {
    const rows = await ctx.db.kysely.selectFrom('outbox').selectAll().where('published_at', 'is', null).orderBy('id').limit(OUTBOX_BATCH).execute();
    if (rows.length === 0) break;
    const hooks = (await ctx.db.kysely.selectFrom('webhooks').select(['id', 'topics']).where('is_active', '=', 1).execute()).map((h) => ({ id: h.id, topics: JSON.parse(h.topics) as string[] }));
    let claimedHere = 0;
    for (const row of rows) {
      const nowIso = ctx.clock.now().toISOString();
      try {
        const done = await transaction(ctx.db, async (trx) => {
          if (!(await claimOutboxRow(trx, ctx.db.dialect, row.id, nowIso))) return undefined;
          const event = toOutboxEvent(row);
          const resolver = audienceResolverFor(row.topic);
          const audience = resolver ? await resolver({ ctx, db: trx, event }) : undefined;
          const byUser = new Map<string, string>();
          for (const u of audience?.users ?? []) if (!byUser.has(u.userId)) byUser.set(u.userId, u.reason);
          const notifications = [...byUser].map(([userId, reason]) => ({
            id: newId(), user_id: userId, topic: row.topic, case_id: audience?.caseId ?? null, params: JSON.stringify({ ...audience?.params, reason }), read_at: null, created_at: nowIso,
          }));
          for (const part of chunks(notifications, 500)) await trx.insertInto('notifications').values(part).execute();
          const deliveries = hooks
            .filter((h) => topicMatches(h.topics, row.topic))
            .map((h) => ({ id: newId(), webhook_id: h.id, outbox_id: row.id, status: 'pending' as const, attempts: 0, next_attempt_at: nowIso, last_status: null, last_error: null, created_at: nowIso }));
          for (const part of chunks(deliveries, 500)) await trx.insertInto('webhook_deliveries').values(part).execute();
          return { notified: notifications.length, queued: deliveries.length, sms: audience?.sms ?? [] };
        });
        failures.delete(row.id);
        if (!done) continue;
        claimedHere++;
        total.published++;
        total.notified += done.notified;
        total.queuedDeliveries += done.queued;
        for (const text of done.sms) {
          try {
            await sms.send(text.phone, text.templateCode, text.params);
            total.sms++;
          } catch (error) {
            log.warn({ err: error, outboxId: row.id, templateCode: text.templateCode }, 'sms not sent');
          }
        }
      } catch (error) {
        const count = (failures.get(row.id) ?? 0) + 1;
        failures.set(row.id, count);
        log.error({ err: error, outboxId: row.id, topic: row.topic, attempt: count }, 'outbox event could not be dispatched');
        if (count >= MAX_EVENT_FAILURES) {
          // A malformed event must not hold up every event behind it; the row stays for inspection.
          await ctx.db.kysely.updateTable('outbox').set({ published_at: nowIso }).where('id', '=', row.id).where('published_at', 'is', null).execute();
          failures.delete(row.id);
          log.error({ outboxId: row.id, topic: row.topic }, 'outbox event given up: marked published without notifications');
        }
      }
    }
    // Everything in this batch was taken by other instances (or failed): let them finish.
    if (claimedHere === 0 || rows.length < OUTBOX_BATCH) break;
  }
  return total;
}

interface DueDelivery {
  id: string;
  attempts: number;
  next_attempt_at: string;
  url: string;
  secret: string;
  topic: string;
  payload: string;
  outbox_id: string;
  created_at: string;
}

async function attemptDelivery(ctx: AppContext, d: DueDelivery, doFetch: typeof fetch, log: DispatchLogger): Promise<'delivered' | 'retried' | 'failed' | 'skipped'> {
  const leaseUntil = new Date(ctx.clock.now().getTime() + DELIVERY_LEASE_MS).toISOString();
  // Exclusive across processes: only one can move next_attempt_at from the value both read.
  const claim = await ctx.db.kysely
    .updateTable('webhook_deliveries')
    .set({ next_attempt_at: leaseUntil })
    .where('id', '=', d.id)
    .where('status', '=', 'pending')
    .where('next_attempt_at', '=', d.next_attempt_at)
    .executeTakeFirst();
  if (Number(claim.numUpdatedRows) !== 1) return 'skipped';

  const body = JSON.stringify({ id: d.outbox_id, topic: d.topic, createdAt: d.created_at, data: JSON.parse(d.payload) });
  let status: number | null = null;
  let error: string | null = null;
  try {
    const res = await doFetch(d.url, {
      method: 'POST',
      headers: {
        'content-type': 'application/json; charset=utf-8',
        'user-agent': 'gridgov-webhook/1',
        'x-gridgov-event': d.topic,
        'x-gridgov-delivery': d.id,
        'x-gridgov-signature': signBody(ctx.cipher.decrypt(d.secret), body),
      },
      body,
      signal: AbortSignal.timeout(DELIVERY_TIMEOUT_MS),
      redirect: 'manual',
    });
    status = res.status;
    await res.body?.cancel().catch(() => undefined);
    if (!res.ok) error = `HTTP ${res.status}`;
  } catch (e) {
    error = e instanceof Error ? (e.name === 'TimeoutError' ? `timeout after ${DELIVERY_TIMEOUT_MS} ms` : e.message) : String(e);
  }
  const now = ctx.clock.now();
  const attempts = d.attempts + 1;
  if (!error) {
    await ctx.db.kysely.updateTable('webhook_deliveries').set({ status: 'delivered', attempts, last_status: status, last_error: null, next_attempt_at: now.toISOString() }).where('id', '=', d.id).execute();
    return 'delivered';
  }
  const isLast = attempts >= MAX_ATTEMPTS;
  await ctx.db.kysely
    .updateTable('webhook_deliveries')
    .set({ status: isLast ? 'failed' : 'pending', attempts, last_status: status, last_error: error.slice(0, 500), next_attempt_at: isLast ? now.toISOString() : new Date(now.getTime() + RETRY_DELAYS_MS[attempts - 1]).toISOString() })
    .where('id', '=', d.id)
    .execute();
  if (isLast) log.warn({ deliveryId: d.id, url: d.url, error }, 'webhook delivery failed for good');
  return isLast ? 'failed' : 'retried';
}

/** Sends webhook deliveries that are due, a few at a time; each attempt is claimed so two processes never send the same one. */
export async function deliverDue(ctx: AppContext, options: DispatcherOptions = {}): Promise<DeliveryResult> {
  const doFetch = options.fetch ?? globalThis.fetch;
  const log = options.log ?? silent;
  const result: DeliveryResult = { delivered: 0, retried: 0, failed: 0 };
  const due = await ctx.db.kysely
    .selectFrom('webhook_deliveries')
    .innerJoin('webhooks', 'webhooks.id', 'webhook_deliveries.webhook_id')
    .innerJoin('outbox', 'outbox.id', 'webhook_deliveries.outbox_id')
    .select(['webhook_deliveries.id', 'webhook_deliveries.attempts', 'webhook_deliveries.next_attempt_at', 'webhooks.url', 'webhooks.secret', 'outbox.topic', 'outbox.payload', 'outbox.id as outbox_id', 'outbox.created_at'])
    .where('webhook_deliveries.status', '=', 'pending')
    .where('webhook_deliveries.next_attempt_at', '<=', ctx.clock.now().toISOString())
    .where('webhooks.is_active', '=', 1)
    .orderBy('webhook_deliveries.next_attempt_at')
    .limit(DELIVERY_BATCH)
    .execute();
  for (const group of chunks(due, DELIVERY_CONCURRENCY)) {
    const outcomes = await Promise.all(
      group.map((d) =>
        attemptDelivery(ctx, d, doFetch, log).catch((error: unknown) => {
          log.error({ err: error, deliveryId: d.id }, 'webhook delivery crashed');
          return 'skipped' as const;
        }),
      ),
    );
    for (const o of outcomes) if (o !== 'skipped') result[o]++;
  }
  return result;
}

/** One pass of everything the loop does: publish the outbox, then send due webhooks. For tests and one-off runs. */
export async function runDispatcherOnce(ctx: AppContext, options: DispatcherOptions = {}): Promise<PublishResult & DeliveryResult> {
  const published = await publishPending(ctx, options);
  const delivered = await deliverDue(ctx, options);
  return { ...published, ...delivered };
}

export interface NotificationLoop {
  /** Stops the timer and waits for a pass in progress to finish. */
  stop(): Promise<void>;
}

/**
 * Runs the dispatcher about once a second in this process. Safe with several processes on one
 * PostgreSQL: outbox rows and delivery attempts are claimed, never shared. Publishing and webhook
 * sending run on separate tracks so a slow receiver does not delay in-app notifications.
 */
export function startNotificationLoop(ctx: AppContext, log: DispatchLogger, options: Omit<DispatcherOptions, 'log'> & { intervalMs?: number } = {}): NotificationLoop {
  const opts: DispatcherOptions = { ...options, log, sms: options.sms ?? new LogSmsProvider((entry) => log.info(entry, 'sms')) };
  let publishing: Promise<void> | undefined;
  let delivering: Promise<void> | undefined;
  let isStopped = false;
  const tick = () => {
    if (isStopped) return;
    publishing ??= publishPending(ctx, opts)
      .then((r) => {
        if (r.published) log.info(r, 'outbox published');
      })
      .catch((error: unknown) => log.error({ err: error }, 'outbox publishing failed'))
      .finally(() => {
        publishing = undefined;
      });
    delivering ??= deliverDue(ctx, opts)
      .then((r) => {
        if (r.delivered + r.retried + r.failed) log.info(r, 'webhooks sent');
      })
      .catch((error: unknown) => log.error({ err: error }, 'webhook delivery failed'))
      .finally(() => {
        delivering = undefined;
      });
  };
  const timer = setInterval(tick, options.intervalMs ?? 1000);
  timer.unref();
  return {
    async stop() {
      isStopped = true;
      clearInterval(timer);
      await Promise.all([publishing, delivering]);
    },
  };
}
