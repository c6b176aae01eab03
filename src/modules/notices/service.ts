import { transaction } from '../../db/index.js';
import { can, requirePermission } from '../../core/accounts/policy.js';
import { recordAudit, writeOutbox } from '../../core/audit/audit.js';
import type { AppContext } from '../../core/context.js';
import { AppError, invalidField } from '../../core/errors.js';
import { newId } from '../../core/ids.js';
import { isAncestorOfScope, isInScope, type Actor } from '../../core/scope.js';
import { noticesRepository, type NoticeState } from './repository.js';
import type { NoticeBody, NoticeListQuery, NoticePatch } from './schemas.js';
import type { NoticeTable } from './tables.js';

type NoticeRow = NoticeTable & { grid_name: string };

/** Every prefix of a materialized path: `/a/b/` → `/a/`, `/a/b/`. */
export function pathAndAncestors(path: string): string[] {
  const codes = path.split('/').filter(Boolean);
  return codes.map((_, i) => `/${codes.slice(0, i + 1).join('/')}/`);
}

export function noticeState(n: Pick<NoticeTable, 'status' | 'published_at' | 'expires_at'>, now: string): NoticeState {
  if (n.status === 'unpublished') return 'unpublished';
  if (n.published_at > now) return 'scheduled';
  if (n.expires_at && n.expires_at <= now) return 'expired';
  return 'current';
}

const iso = (s: string) => new Date(s).toISOString();

/** Notices (公告): staff post to the grids they govern; residents read those of their grid and every grid above it. */
export function noticesService(ctx: AppContext) {
  const repo = () => noticesRepository(ctx.db.kysely);
  const nowIso = () => ctx.clock.now().toISOString();

  const view = (n: NoticeRow) => ({
    id: n.id, gridId: n.grid_id, gridName: n.grid_name, title: n.title, body: n.body, category: n.category, status: n.status, state: noticeState(n, nowIso()),
    pinned: n.is_pinned === 1, publishedAt: n.published_at, expiresAt: n.expires_at, authorName: n.author_name, createdAt: n.created_at, updatedAt: n.updated_at,
  });

  /** A notice the actor may change: 404 when there is none, 403 when it lies outside their subtrees. */
  async function writable(actor: Actor, id: string) {
    const n = await repo().find(id);
    if (!n) throw new AppError('notFound');
    if (!isInScope(actor, n.grid_path)) throw new AppError('forbidden', { params: { action: 'notice.write' } });
    return n;
  }

  function checkTimes(publishedAt: string, expiresAt: string | null) {
    if (expiresAt && expiresAt <= publishedAt) throw invalidField('expiresAt', 'expiresBeforePublish');
  }

  async function change(actor: Actor, n: NoticeRow, set: Partial<NoticeTable>, action: string) {
    const now = ctx.clock.now();
    await transaction(ctx.db, async (trx) => {
      await trx.updateTable('notices').set({ ...set, updated_at: now.toISOString() }).where('id', '=', n.id).execute();
      await recordAudit(trx, actor, now, { action, recordType: 'notice', recordId: n.id, gridPath: n.grid_path });
      await writeOutbox(trx, now, action, { noticeId: n.id }, n.grid_path);
    });
    return view((await repo().find(n.id))!);
  }

  return {
    /** The board: current notices of the caller's grids and of every grid above them, pinned first. */
    async board(actor: Actor | undefined, limit: number) {
      requirePermission(actor, 'notice.read');
      const paths = actor.isGlobal ? 'all' : [...new Set(actor.scopePaths.flatMap(pathAndAncestors))];
      const rows = await repo().board(paths, nowIso(), limit);
      return { items: rows.map((n) => ({ id: n.id, gridId: n.grid_id, gridName: n.grid_name, title: n.title, body: n.body, publishedAt: n.published_at, pinned: n.is_pinned === 1 })) };
    },

    /** Staff: every notice posted in their subtrees, whatever its state. */
    async list(actor: Actor | undefined, q: NoticeListQuery) {
      requirePermission(actor, 'notice.write');
      let root: string | undefined;
      if (q.gridId) {
        const grid = await ctx.db.kysely.selectFrom('grids').select('path').where('id', '=', q.gridId).executeTakeFirst();
        if (!grid) throw invalidField('gridId', 'unknownGrid', { value: q.gridId });
        root = grid.path;
      }
      const titleWords = q.q?.trim().split(/\s+/).filter(Boolean);
      const { items, total } = await repo().list(actor, { underPath: root, state: q.state, category: q.category, isPinned: q.pinned, titleWords, limit: q.limit, offset: q.offset }, nowIso());
      return { items: items.map(view), total };
    },

    /** One notice: staff in scope see it in any state; others only a current one posted at or above their grid. */
    async get(actor: Actor | undefined, id: string) {
      requirePermission(actor, 'notice.read');
      const n = await repo().find(id);
      if (!n) throw new AppError('notFound');
      const isStaffInScope = can(actor, 'notice.write') && isInScope(actor, n.grid_path);
      if (!isStaffInScope && !(isAncestorOfScope(actor, n.grid_path) && noticeState(n, nowIso()) === 'current')) throw new AppError('notFound');
      return view(n);
    },

    async post(actor: Actor | undefined, body: NoticeBody) {
      requirePermission(actor, 'notice.write');
      const grid = await ctx.db.kysely.selectFrom('grids').select(['id', 'path']).where('id', '=', body.gridId).executeTakeFirst();
      if (!grid) throw invalidField('gridId', 'unknownGrid', { value: body.gridId });
      if (!isInScope(actor, grid.path)) throw new AppError('forbidden', { params: { action: 'notice.write' } });
      const now = ctx.clock.now();
      const publishedAt = body.publishedAt ? iso(body.publishedAt) : now.toISOString();
      const expiresAt = body.expiresAt ? iso(body.expiresAt) : null;
      checkTimes(publishedAt, expiresAt);
      const id = newId();
      await transaction(ctx.db, async (trx) => {
        await trx.insertInto('notices').values({
          id, grid_id: grid.id, grid_path: grid.path, title: body.title.trim(), body: body.body, category: body.category ?? 'general', status: 'published', is_pinned: body.isPinned ? 1 : 0,
          published_at: publishedAt, expires_at: expiresAt, author_user_id: actor.userId, author_name: actor.displayName, created_at: now.toISOString(), updated_at: now.toISOString(),
        }).execute();
        await recordAudit(trx, actor, now, { action: 'notice.post', recordType: 'notice', recordId: id, gridPath: grid.path });
        await writeOutbox(trx, now, 'notice.posted', { noticeId: id, publishedAt }, grid.path);
      });
      return view((await repo().find(id))!);
    },

    async edit(actor: Actor | undefined, id: string, patch: NoticePatch) {
      requirePermission(actor, 'notice.write');
      const n = await writable(actor, id);
      const publishedAt = patch.publishedAt ? iso(patch.publishedAt) : n.published_at;
      const expiresAt = patch.expiresAt === undefined ? n.expires_at : patch.expiresAt === null ? null : iso(patch.expiresAt);
      checkTimes(publishedAt, expiresAt);
      const set: Partial<NoticeTable> = { published_at: publishedAt, expires_at: expiresAt };
      if (patch.title !== undefined) set.title = patch.title.trim();
      if (patch.body !== undefined) set.body = patch.body;
      if (patch.category !== undefined) set.category = patch.category;
      if (patch.isPinned !== undefined) set.is_pinned = patch.isPinned ? 1 : 0;
      return change(actor, n, set, 'notice.edited');
    },

    async unpublish(actor: Actor | undefined, id: string) {
      requirePermission(actor, 'notice.write');
      const n = await writable(actor, id);
      if (n.status === 'unpublished') throw new AppError('conflict', { errors: [{ field: 'status', reason: 'alreadyUnpublished' }] });
      return change(actor, n, { status: 'unpublished', is_pinned: 0 }, 'notice.unpublished');
    },

    async republish(actor: Actor | undefined, id: string) {
      requirePermission(actor, 'notice.write');
      const n = await writable(actor, id);
      if (n.status === 'published') throw new AppError('conflict', { errors: [{ field: 'status', reason: 'alreadyPublished' }] });
      return change(actor, n, { status: 'published' }, 'notice.republished');
    },
  };
}
