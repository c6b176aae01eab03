import type { Kysely } from 'kysely';
import { transaction, type Db } from '../../db/index.js';
import type { Database } from '../../db/schema.js';
import type { AppContext } from '../../core/context.js';
import { AppError, invalidField, type FieldError } from '../../core/errors.js';
import { newId } from '../../core/ids.js';
import { normalizePhone } from '../../core/people/identity.js';
import type { Actor } from '../../core/scope.js';
import { dueAfter } from './deadlines.js';
import { caseEventRows, eventActor } from './events.js';
import { addCaseChange, pendingFold, recordCaseChange, writeRollupRowsSync, type RollupDelta } from '../analytics/rollups.js';
import { limitsOf } from './limits.js';
import { casesHotPath, casesRepository, type CasesHotPath, type PlaceNode } from './repository.js';
import { routeFrom } from './routing.js';
import type { CaseCategoryTable, CaseChannel, CaseEventTable, CaseTable, CaseType } from './tables.js';

export interface CreateCaseOptions {
  ctx: AppContext;
  actor: Actor | undefined;
  channel: CaseChannel;
  input: {
    categoryId: string;
    type?: CaseType;
    title?: string;
    description: string;
    lng?: number;
    lat?: number;
    gridId?: string;
    address?: string;
    reporterName?: string;
    reporterPhone?: string;
    photoIds?: string[];
    isSkippedLevel?: boolean;
    isCriminalRisk?: boolean;
    priority?: 'normal' | 'urgent';
    discoveredAt?: string;
  };
  /** Idempotency-Key of the request: a replay returns the case made the first time. */
  idempotencyKey?: string;
}

/** What an intake wrote, so that it can be answered without reading it back. */
export interface CreatedCase {
  row: CaseTable;
  event: CaseEventTable;
  category: CaseCategoryTable;
  /** The grids from the root down to the location, with their names. */
  places: PlaceNode[];
  hasPhotos: boolean;
}

export interface CreateCaseResult {
  id: string;
  isReplay: boolean;
  /** Set when this call wrote the case (not on a replay). */
  created?: CreatedCase;
}

/**
 * Intake (C1–C3): validates, routes the location to the team at the category's default tier
 * (or to the triage queue when outside every grid), fixes the time limits the case keeps, numbers
 * it and writes the case, its first log entry and its outbox event in one transaction.
 */
export async function createCase({ ctx, actor, channel, input, idempotencyKey }: CreateCaseOptions): Promise<CreateCaseResult> {
  const idemKey = idempotencyKey ? `${actor?.userId ?? 'public'}:${idempotencyKey}` : undefined;
  // The point index may reload itself from the database, so it is asked before the reads below.
  const hit = input.gridId == null && input.lng != null && input.lat != null ? await ctx.locator.locate(input.lng, input.lat) : undefined;
  const found = await lookUp(ctx, { idemKey, categoryId: input.categoryId, gridId: input.gridId, path: hit?.path });
  if (found.seen) return { id: found.seen.case_id, isReplay: true };
  const category = found.category;
  const errors: FieldError[] = [];
  if (!category || !category.parent_id || !category.is_active) errors.push({ field: 'categoryId', reason: 'unknownCategory', params: { value: input.categoryId } });
  // A WeChat message may come without any place: it waits in the triage queue for staff to place it.
  if (input.lng == null && input.gridId == null && !input.address && channel !== 'wechat') errors.push({ field: 'lng', reason: 'locationRequired' });
  if ((input.lng == null) !== (input.lat == null)) errors.push({ field: input.lng == null ? 'lng' : 'lat', reason: 'required' });
  let phone: string | null = null;
  if (input.reporterPhone) {
    phone = normalizePhone(input.reporterPhone);
    if (!phone) errors.push({ field: 'reporterPhone', reason: 'phoneFormat' });
  } else if (!actor && channel !== 'wechat') {
    // Anonymous reporters track their case by number and the last four digits of their phone.
    errors.push({ field: 'reporterPhone', reason: 'required' });
  }
  if (errors.length) throw new AppError('validation', { errors });
  if (input.gridId && !found.grid) throw invalidField('gridId', 'unknownGrid', { value: input.gridId });

  const now = ctx.clock.now();
  const locationId = input.gridId ?? hit?.id;
  const routed = routeFrom(found.chain.find((n) => n.id === locationId) ?? null, found.chain, category!.default_tier);
  const limits = limitsOf(category!);
  const due = await dueAfter(ctx, now, limits.accept);
  const id = newId();
  const title = input.title?.trim() || category!.name;
  const actorInfo = eventActor(actor);
  const year = Number(now.toISOString().slice(0, 4));

  const written = commitGrouped<CreateCaseResult>(ctx.db, async (trx, hot, counts) => {
    // Checked again in the transaction: a retry racing its original gets the original.
    if (idemKey) {
      const seen = hot ? hot.idempotent(idemKey) : await casesRepository(trx).idempotent(idemKey);
      if (seen) return { id: seen.case_id, isReplay: true };
    }
    const r = casesRepository(trx);
    const number = hot ? hot.nextNumber(year) : await r.nextNumber(year);
    const row: CaseTable = {
      id, number, type: input.type ?? category!.default_type, category_id: category!.id, title, description: input.description,
      state: 'reported', is_open: 1, tier: routed.tier, channel,
      grid_id: routed.location?.id ?? null, grid_path: routed.location?.path ?? null,
      handling_grid_id: routed.handlingGridId, handling_path: routed.handlingPath,
      lng: input.lng ?? null, lat: input.lat ?? null, address: input.address ?? null,
      reporter_user_id: actor?.userId ?? null, reporter_person_id: actor?.personId ?? null, reporter_name: input.reporterName ?? (actor && actor.role === 'resident' ? actor.displayName : null),
      reporter_phone_enc: phone ? ctx.cipher.encrypt(phone) : null, reporter_phone_hash: phone ? ctx.cipher.hash(phone) : null, reporter_phone_last4: phone ? phone.slice(-4) : null,
      limits: JSON.stringify(limits), stage: 'accept', due_at: due.toISOString(), overdue_at: null, sla_escalated_at: null,
      discovered_at: input.discoveredAt ?? now.toISOString(), accepted_at: null, response_due_at: due.toISOString(), responded_at: null, assessed_at: null, intervened_at: null, resolved_at: null, closed_at: null, closed_via: null, resolution_id: null,
      rework_count: 0, escalation_count: 0, reopen_count: 0, lowest_tier: routed.tier, feedback: null, rating: null, rated_at: null, merged_into_id: null, suspended_from: null,
      is_skipped_level: input.isSkippedLevel ? 1 : 0, is_criminal_risk: input.isCriminalRisk ? 1 : 0, priority: input.priority ?? 'normal', pending_request: null,
      version: 1, created_at: now.toISOString(), updated_at: now.toISOString(),
    };
    if (hot) hot.insertCase(row);
    else await r.insertCase(row);
    if (counts) await addCaseChange(trx, counts, null, row);
    else await recordCaseChange(trx, null, row);
    if (idemKey) {
      if (hot) hot.insertIdempotency(idemKey, id, now.toISOString());
      else await r.insertIdempotency(idemKey, id, now.toISOString());
    }
    const { event, outbox } = caseEventRows({
      caseRow: row, seq: 1, action: 'report', from: null, to: 'reported', toTier: routed.tier, actor: actorInfo, at: now,
      note: input.description, data: { channel, isTriage: routed.handlingPath === '/', gridId: routed.location?.id ?? null },
    });
    if (hot) hot.insertEvent(event, outbox);
    else {
      await r.insertEvent(event);
      await trx.insertInto('outbox').values(outbox).execute();
    }
    const hasPhotos = Boolean(input.photoIds?.length);
    if (hasPhotos) await r.attachToCase(input.photoIds!, id, event.id);
    return { id, isReplay: false, created: { row, event, category: category!, places: found.chain, hasPhotos } };
  });
  if (!idemKey) return written;
  try {
    return await written;
  } catch (error) {
    // On PostgreSQL two retries can pass the check at once; the loser hits the key's primary key and gets the original.
    const seen = await casesRepository(ctx.db.kysely).idempotent(idemKey);
    if (seen) return { id: seen.case_id, isReplay: true };
    throw error;
  }
}

interface LookedUp {
  seen?: { case_id: string };
  category?: CaseCategoryTable;
  grid?: { id: string; path: string; level: string };
  /** The grids from the root down to the location (by grid id, or the located point's path). */
  chain: PlaceNode[];
}

/**
 * The reads of an intake. On SQLite they run as prepared statements while holding the one
 * connection (so no other request's transaction is in between); elsewhere through Kysely.
 */
async function lookUp(ctx: AppContext, q: { idemKey?: string; categoryId: string; gridId?: string; path?: string }): Promise<LookedUp> {
  const raw = ctx.db.sqlite;
  if (raw) {
    return ctx.db.kysely.connection().execute(async () => {
      const hot = casesHotPath(raw);
      const seen = q.idemKey ? hot.idempotent(q.idemKey) : undefined;
      if (seen) return { seen, chain: [] };
      const grid = q.gridId ? hot.grid(q.gridId) : undefined;
      const path = q.gridId ? grid?.path : q.path;
      return { category: hot.category(q.categoryId), grid, chain: path ? hot.chain(path) : [] };
    });
  }
  const repo = casesRepository(ctx.db.kysely);
  const seen = q.idemKey ? await repo.idempotent(q.idemKey) : undefined;
  if (seen) return { seen, chain: [] };
  const grid = q.gridId ? await ctx.db.kysely.selectFrom('grids').select(['id', 'path', 'level']).where('id', '=', q.gridId).executeTakeFirst() : undefined;
  const path = q.gridId ? grid?.path : q.path;
  return { category: await repo.category(q.categoryId), grid, chain: path ? await repo.chain(path) : [] };
}

// ---------------------------------------------------------------------------------------------
// Group commit
// ---------------------------------------------------------------------------------------------

/**
 * One intake's writes. In a group commit its roll-up counts go to `counts`: the group sums the
 * counts of all its cases and writes them once, in the same transaction, before it commits.
 */
type GroupedWrite<T> = (trx: Kysely<Database>, hot: CasesHotPath | undefined, counts?: RollupDelta) => Promise<T>;

interface QueuedWrite {
  write: GroupedWrite<unknown>;
  resolve(value: unknown): void;
  reject(error: unknown): void;
}

interface WriteGroup {
  queue: QueuedWrite[];
  isFlushing: boolean;
  /** Set when roll-up counts wait after the last group: a later, empty group folds them in. */
  foldTimer?: NodeJS.Timeout;
  shouldFold: boolean;
}

/** At most this many intakes share one transaction. */
const MAX_GROUP = 64;
const groups = new WeakMap<Db, WriteGroup>();

/**
 * Group commit on SQLite: with synchronous=FULL every commit waits for the disk, so intakes that
 * arrive while one commit is being written share the next transaction and its single sync. Each
 * runs in its own savepoint, so one that fails rolls back alone and fails alone; every caller is
 * answered only after the transaction holding its case has committed. PostgreSQL commits each
 * intake on its own (its connections commit in parallel).
 */
function commitGrouped<T>(db: Db, write: GroupedWrite<T>): Promise<T> {
  if (!db.sqlite) return transaction(db, (trx) => write(trx, undefined));
  let group = groups.get(db);
  if (!group) {
    group = { queue: [], isFlushing: false, shouldFold: false };
    groups.set(db, group);
  }
  const target = group;
  return new Promise<T>((resolve, reject) => {
    target.queue.push({ write, resolve: resolve as (value: unknown) => void, reject });
    if (!target.isFlushing) {
      target.isFlushing = true;
      setImmediate(() => void flushGroup(db, target));
    }
  });
}

async function flushGroup(db: Db, group: WriteGroup): Promise<void> {
  let pending = 0;
  clearTimeout(group.foldTimer);
  try {
    while (group.queue.length > 0) {
      const batch = group.queue.splice(0, MAX_GROUP);
      const outcomes: { isOk: boolean; value?: unknown; error?: unknown }[] = [];
      const hot = casesHotPath(db.sqlite!);
      try {
        await transaction(db, async (trx) => {
          const counts: RollupDelta = new Map();
          for (const item of batch) {
            hot.savepoint('intake', 'savepoint');
            try {
              // Counted apart, so that a write that fails leaves the group's counts untouched.
              const own: RollupDelta = new Map();
              const value = await item.write(trx, hot, own);
              hot.savepoint('intake', 'release');
              for (const [key, row] of own) {
                const found = counts.get(key);
                if (found) found.n += row.n;
                else counts.set(key, row);
              }
              outcomes.push({ isOk: true, value });
            } catch (error) {
              hot.savepoint('intake', 'rollback');
              hot.savepoint('intake', 'release');
              outcomes.push({ isOk: false, error });
            }
          }
          pending = writeRollupRowsSync(db.sqlite!, counts, { fold: group.shouldFold });
        });
        group.shouldFold = false;
      } catch (error) {
        // The commit itself failed: nothing of this group was written.
        for (const item of batch) item.reject(error);
        continue;
      }
      batch.forEach((item, i) => (outcomes[i].isOk ? item.resolve(outcomes[i].value) : item.reject(outcomes[i].error)));
      // Let the requests that arrived during this commit join the next one.
      await new Promise((resolve) => setImmediate(resolve));
    }
  } finally {
    group.isFlushing = false;
  }
  if (pending > 0) {
    group.foldTimer = setTimeout(() => {
      group.shouldFold = true;
      // An empty write: its group folds the counts in. A closed database has nothing to fold.
      commitGrouped(db, async () => undefined).catch(() => undefined);
    }, pendingFold.idleMs);
    group.foldTimer.unref();
  }
}
