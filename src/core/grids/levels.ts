import type { GridLevel } from '../../db/schema.js';

/** Levels from the top of the tree down. */
export const gridLevels: GridLevel[] = ['city', 'subdistrict', 'community', 'compound', 'building', 'stairwell'];

export function levelRank(level: GridLevel): number {
  return gridLevels.indexOf(level);
}

/** Division CSV levels (GB/T 2260 lists) mapped onto grid levels. */
export const divisionLevelMap: Record<string, GridLevel> = {
  province: 'city',
  prefecture: 'city',
  county: 'city',
  city: 'city',
  township: 'subdistrict',
  subdistrict: 'subdistrict',
  village: 'community',
  community: 'community',
  compound: 'compound',
  building: 'building',
  stairwell: 'stairwell',
};

/**
 * Big grid = subdistrict and community, medium = community and compound, small = compound and
 * stairwell (SPEC G1); a node's own scale is the finest one it belongs to.
 */
export function gridScaleOf(level: GridLevel): 'big' | 'medium' | 'small' | null {
  if (level === 'subdistrict' || level === 'community') return 'big';
  if (level === 'compound') return 'medium';
  if (level === 'building' || level === 'stairwell') return 'small';
  return null;
}

/** Materialized path of a child under its parent's path. */
export function childPath(parentPath: string | null, code: string): string {
  return `${parentPath ?? '/'}${code}/`;
}
