import type { GridLevel } from '../../db/schema.js';
import type { AppContext } from '../../core/context.js';
import type { Tier } from './tables.js';
import { tierRank } from './workflow.js';

/** The tier whose team works at each grid level (a steward may hold a whole building). */
const levelTier: Record<GridLevel, Tier> = {
  city: 'city',
  subdistrict: 'subdistrict',
  community: 'community',
  compound: 'compound',
  building: 'stairwell',
  stairwell: 'stairwell',
};

export interface ChainNode {
  id: string;
  path: string;
  level: GridLevel;
}

export interface Routed {
  /** Where the case happened: the deepest grid containing it, or null when outside every grid. */
  location: ChainNode | null;
  tier: Tier;
  handlingGridId: string | null;
  /** Path of the holding team's grid; `/` is the city-level triage queue. */
  handlingPath: string;
}

/** The grid and its ancestors, root first. */
export async function chainOf(ctx: AppContext, path: string): Promise<ChainNode[]> {
  const codes = path.split('/').filter(Boolean);
  const rows = await ctx.db.kysely.selectFrom('grids').select(['id', 'path', 'level']).where('code', 'in', codes).execute();
  return rows.sort((a, b) => a.path.length - b.path.length);
}

/**
 * Picks the team for a tier along the chain of grids above the case's location: the deepest node
 * of that tier; when the location is coarser than the tier (a compound for a stairwell matter),
 * the deepest node there is; when the tier is above every node, the top of the chain.
 */
export function teamAt(chain: ChainNode[], tier: Tier): { node: ChainNode; tier: Tier } {
  const exact = [...chain].reverse().find((n) => levelTier[n.level] === tier);
  if (exact) return { node: exact, tier };
  const deepest = chain[chain.length - 1];
  if (tierRank(levelTier[deepest.level]) > tierRank(tier)) return { node: deepest, tier: levelTier[deepest.level] };
  const above = chain.find((n) => tierRank(levelTier[n.level]) >= tierRank(tier)) ?? chain[0];
  return { node: above, tier: levelTier[above.level] };
}

/** Location → grid → the responsible team at the category's default tier; outside every grid → triage. */
export async function routeCase(ctx: AppContext, input: { lng?: number | null; lat?: number | null; gridId?: string | null }, tier: Tier): Promise<Routed> {
  let path: string | undefined;
  let id: string | undefined;
  if (input.gridId) {
    const grid = await ctx.db.kysely.selectFrom('grids').select(['id', 'path']).where('id', '=', input.gridId).executeTakeFirst();
    ({ id, path } = grid ?? {});
  } else if (input.lng != null && input.lat != null) {
    ({ id, path } = (await ctx.locator.locate(input.lng, input.lat)) ?? {});
  }
  if (!path) return routeFrom(null, [], tier);
  const chain = await chainOf(ctx, path);
  return routeFrom(chain.find((n) => n.id === id) ?? null, chain, tier);
}

/** Routing once the location and the grids above it are known (no queries). */
export function routeFrom(location: ChainNode | null, chain: ChainNode[], tier: Tier): Routed {
  if (!location) return { location: null, tier: 'city', handlingGridId: null, handlingPath: '/' };
  const team = teamAt(chain, tier);
  return { location, tier: team.tier, handlingGridId: team.node.id, handlingPath: team.node.path };
}
