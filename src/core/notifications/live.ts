import type { Db } from '../../db/index.js';
import type { OutboxEvent } from './audience.js';
import { toOutboxEvent } from './dispatcher.js';

export type LiveListener = (event: OutboxEvent) => void;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function isEventId(value: string | undefined): value is string {
  return Boolean(value && UUID.test(value));
}

/** The smallest UUIDv7 of a millisecond: ids sort by time, so this bounds "everything since". */
export function idFloorAt(ms: number): string {
  const hex = Math.max(0, Math.floor(ms)).toString(16).padStart(12, '0');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-0000-0000-000000000000`;
}

/** The millisecond a UUIDv7 was made. */
export function idTime(id: string): number {
  return parseInt(id.slice(0, 8) + id.slice(9, 13), 16);
}

export interface OutboxTailOptions {
  /** How often to look for new rows. */
  pollMs?: number;
  /**
   * How far back to look again for rows that committed late: an id is taken when the write
   * starts, so a slow transaction can commit a smaller id after a bigger one was seen.
   */
  lateWindowMs?: number;
  onError?: (error: unknown) => void;
}

const BATCH = 1000;

/**
 * This instance's view of the outbox, as a stream of events for live pages (SSE). Every instance
 * tails the `outbox` table by id on its own, so an event written by any instance reaches the
 * clients of all of them; it is independent of the dispatcher, which publishes each row once.
 * Polls only while someone listens.
 */
export class OutboxTail {
  private readonly listeners = new Set<LiveListener>();
  private readonly seen = new Map<string, number>();
  private cursor: string | undefined;
  private timer: NodeJS.Timeout | undefined;
  private polling: Promise<void> | undefined;
  private primed: Promise<void> = Promise.resolve();
  private readonly pollMs: number;
  private readonly lateWindowMs: number;

  constructor(
    private readonly db: Db,
    private readonly options: OutboxTailOptions = {},
  ) {
    this.pollMs = options.pollMs ?? 1000;
    this.lateWindowMs = options.lateWindowMs ?? 10_000;
  }

  get listenerCount(): number {
    return this.listeners.size;
  }

  /**
   * Starts tailing with the first listener and stops with the last; returns the unsubscribe
   * function. Await `ready()` after subscribing: events committed from then on are delivered.
   */
  subscribe(listener: LiveListener): () => void {
    this.listeners.add(listener);
    if (!this.timer) {
      this.timer = setInterval(() => void this.poll(), this.pollMs);
      this.timer.unref();
      this.primed = this.poll();
    }
    return () => {
      this.listeners.delete(listener);
      if (this.listeners.size === 0) this.stop();
    };
  }

  /** Resolves once the tail knows where "now" is in the outbox. */
  ready(): Promise<void> {
    return this.primed;
  }

  private stop(): void {
    clearInterval(this.timer);
    this.timer = undefined;
    this.cursor = undefined;
    this.seen.clear();
  }

  /** One look at the outbox; concurrent calls share the pass in progress. */
  poll(): Promise<void> {
    this.polling ??= this.pollOnce()
      .catch((error: unknown) => this.options.onError?.(error))
      .finally(() => {
        this.polling = undefined;
      });
    return this.polling;
  }

  private async pollOnce(): Promise<void> {
    const kysely = this.db.kysely;
    const now = Date.now();
    const floor = idFloorAt(now - this.lateWindowMs);
    if (this.cursor === undefined) {
      // Start from now: what is already there is history (clients resume it with Last-Event-ID).
      const recent = await kysely.selectFrom('outbox').select('id').where('id', '>', floor).orderBy('id').execute();
      for (const r of recent) this.seen.set(r.id, idTime(r.id));
      this.cursor = recent.length ? recent[recent.length - 1].id : floor;
      return;
    }
    // Late commits inside the window, below the cursor.
    const windowIds = await kysely.selectFrom('outbox').select('id').where('id', '>', floor).where('id', '<=', this.cursor).orderBy('id').execute();
    const late = windowIds.map((r) => r.id).filter((id) => !this.seen.has(id));
    if (late.length) {
      const rows = await kysely.selectFrom('outbox').selectAll().where('id', 'in', late).orderBy('id').execute();
      for (const row of rows) this.emit(row);
    }
    // New rows above the cursor.
    for (;;) {
      const rows = await kysely.selectFrom('outbox').selectAll().where('id', '>', this.cursor).orderBy('id').limit(BATCH).execute();
      for (const row of rows) this.emit(row);
      if (rows.length) this.cursor = rows[rows.length - 1].id;
      if (rows.length < BATCH || this.listeners.size === 0) break;
    }
    const forgetBefore = now - 2 * this.lateWindowMs;
    for (const [id, at] of this.seen) if (at < forgetBefore && id !== this.cursor) this.seen.delete(id);
  }

  private emit(row: Parameters<typeof toOutboxEvent>[0]): void {
    if (this.seen.has(row.id)) return;
    this.seen.set(row.id, idTime(row.id));
    let event: OutboxEvent;
    try {
      event = toOutboxEvent(row);
    } catch (error) {
      this.options.onError?.(error);
      return;
    }
    for (const listener of this.listeners) {
      try {
        listener(event);
      } catch (error) {
        this.options.onError?.(error);
      }
    }
  }
}

const tails = new WeakMap<Db, OutboxTail>();

/** The one tail of this process for a database (the first caller's options apply). */
export function liveOutbox(db: Db, options?: OutboxTailOptions): OutboxTail {
  let tail = tails.get(db);
  if (!tail) {
    tail = new OutboxTail(db, options);
    tails.set(db, tail);
  }
  return tail;
}

/** Outbox rows after `afterId` on topics starting with `topicPrefix`, oldest first: a reconnecting client's catch-up. */
export async function outboxSince(db: Db, afterId: string, topicPrefix: string, limit = 500): Promise<OutboxEvent[]> {
  const rows = await db.kysely.selectFrom('outbox').selectAll().where('id', '>', afterId).where('topic', 'like', `${topicPrefix}%`).orderBy('id').limit(limit).execute();
  return rows.map(toOutboxEvent);
}
