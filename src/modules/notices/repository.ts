import { sql, type ExpressionBuilder, type Kysely } from 'kysely';
import type { Database } from '../../db/schema.js';
import { inScope, underPath, type Actor } from '../../core/scope.js';
import type { NoticeCategory } from './tables.js';

type ScopeActor = Pick<Actor, 'isGlobal' | 'scopePaths'>;
type Eb = ExpressionBuilder<Database, 'notices'>;
export type NoticeState = 'current' | 'scheduled' | 'expired' | 'unpublished';

export interface NoticeFilter {
  underPath?: string;
  state?: NoticeState;
  category?: NoticeCategory;
  isPinned?: boolean;
  titleWords?: string[];
  limit: number;
  offset: number;
}

/** Published, begun and not yet expired at `now`. */
function isCurrent(eb: Eb, now: string) {
  return eb.and([eb('status', '=', 'published'), eb('published_at', '<=', now), eb.or([eb('expires_at', 'is', null), eb('expires_at', '>', now)])]);
}

function inState(eb: Eb, state: NoticeState, now: string) {
  if (state === 'current') return isCurrent(eb, now);
  if (state === 'scheduled') return eb.and([eb('status', '=', 'published'), eb('published_at', '>', now)]);
  if (state === 'expired') return eb.and([eb('status', '=', 'published'), eb('expires_at', '<=', now)]);
  return eb('status', '=', 'unpublished');
}

const withGridName = (db: Kysely<Database>) => db.selectFrom('notices').innerJoin('grids', 'grids.id', 'notices.grid_id').selectAll('notices').select('grids.name as grid_name');

/** SQL of notices. */
export function noticesRepository(db: Kysely<Database>) {
  return {
    find(id: string) {
      return withGridName(db).where('notices.id', '=', id).executeTakeFirst();
    },

    /** Current notices posted exactly at one of `paths` (a resident's grids and every grid above them), pinned first, newest first. */
    board(paths: string[] | 'all', now: string, limit: number) {
      let q = withGridName(db).where((eb) => isCurrent(eb as unknown as Eb, now));
      if (paths !== 'all') {
        if (paths.length === 0) return Promise.resolve([]);
        q = q.where('notices.grid_path', 'in', paths);
      }
      return q.orderBy('notices.is_pinned', 'desc').orderBy('notices.published_at', 'desc').orderBy('notices.id', 'desc').limit(limit).execute();
    },

    /** Notices posted in the actor's subtrees, with the staff list's filters. */
    async list(actor: ScopeActor, f: NoticeFilter, now: string) {
      let q = db.selectFrom('notices').where(inScope(actor, 'notices.grid_path'));
      if (f.underPath) q = q.where(underPath('notices.grid_path', f.underPath));
      if (f.state) { const state = f.state; q = q.where((eb) => inState(eb as unknown as Eb, state, now)); }
      if (f.category) q = q.where('notices.category', '=', f.category);
      if (f.isPinned !== undefined) q = q.where('notices.is_pinned', '=', f.isPinned ? 1 : 0);
      for (const w of f.titleWords ?? []) q = q.where(sql<boolean>`notices.title like ${`%${w.replace(/[\\%_]/g, (c) => `\\${c}`)}%`} escape '\\'`);
      const total = await q.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
      const items = await q.innerJoin('grids', 'grids.id', 'notices.grid_id').selectAll('notices').select('grids.name as grid_name')
        .orderBy('notices.is_pinned', 'desc').orderBy('notices.published_at', 'desc').orderBy('notices.id', 'desc').limit(f.limit).offset(f.offset).execute();
      return { items, total: Number(total.n) };
    },
  };
}
