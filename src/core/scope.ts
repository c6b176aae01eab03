import { sql, type Expression, type ExpressionBuilder, type SqlBool } from 'kysely';
import type { Role } from '../db/schema.js';

/**
 * Who is calling. Every staff role is scoped to one or more grid subtrees, given as their
 * materialized paths; `isGlobal` (admin only) sees everything.
 */
export interface Actor {
  userId: string;
  username: string;
  displayName: string;
  role: Role;
  personId: string | null;
  locale: string;
  isGlobal: boolean;
  /** Materialized paths of the subtrees this actor governs. */
  scopePaths: string[];
  /** Grid ids of the scope roots, in the same order as scopePaths. */
  scopeGridIds: string[];
}

/** True when `path` lies inside one of the actor's subtrees. */
export function isInScope(actor: Pick<Actor, 'isGlobal' | 'scopePaths'>, path: string | null | undefined): boolean {
  if (actor.isGlobal) return true;
  if (!path) return false;
  return actor.scopePaths.some((root) => path.startsWith(root));
}

/** True when the node at `path` is an ancestor of some scope root (visible as context, not content). */
export function isAncestorOfScope(actor: Pick<Actor, 'isGlobal' | 'scopePaths'>, path: string): boolean {
  return actor.isGlobal || actor.scopePaths.some((root) => root.startsWith(path));
}

/**
 * SQL filter keeping rows whose path column lies in the actor's subtrees. A path prefix becomes a
 * range (`path >= '/a/' AND path < '/a/~'`) so both dialects use the ordinary index on it.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type AnyEb = ExpressionBuilder<any, any>;

export function inScope(actor: Pick<Actor, 'isGlobal' | 'scopePaths'>, column: string): (eb: AnyEb) => Expression<SqlBool> {
  return (eb) => {
    if (actor.isGlobal) return sql<SqlBool>`1 = 1`;
    if (actor.scopePaths.length === 0) return sql<SqlBool>`1 = 0`;
    const ref = eb.ref(column);
    return eb.or(actor.scopePaths.map((root) => eb.and([eb(ref, '>=', root), eb(ref, '<', `${root}~`)])));
  };
}

/** The same filter for an explicit subtree root, e.g. `?grid=` inside the actor's scope. */
export function underPath(column: string, root: string): (eb: AnyEb) => Expression<SqlBool> {
  return (eb) => eb.and([eb(eb.ref(column), '>=', root), eb(eb.ref(column), '<', `${root}~`)]);
}

/** The actor of command-line maintenance (`gridgov import …`): a global admin named "system". */
export const systemActor: Actor = {
  userId: '00000000-0000-7000-8000-000000000000',
  username: 'system',
  displayName: 'system',
  role: 'admin',
  personId: null,
  locale: 'zh-CN',
  isGlobal: true,
  scopePaths: [],
  scopeGridIds: [],
};
