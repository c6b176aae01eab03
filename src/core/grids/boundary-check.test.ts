import { describe, expect, it } from 'vitest';
import type { MultiPolygon, Polygon, Position } from 'geojson';
import { difference, intersection, union, type Geom } from 'polyclip-ts';
import { generateGridHierarchy, mulberry32 } from '../../../bench/grid-locate.bench.js';
import { checkBoundaries, type BoundaryNode } from './boundary-check.js';
import { geometryStats } from './geometry.js';

/** Axis-aligned box as a closed counter-clockwise ring. */
function box(minLng: number, minLat: number, maxLng: number, maxLat: number): Position[] {
  return [[minLng, minLat], [maxLng, minLat], [maxLng, maxLat], [minLng, maxLat], [minLng, minLat]];
}

function buildNode(id: string, parentId: string | null, ...rings: Position[][]): BoundaryNode {
  return { id, code: `2310851${id}`, name: `网格${id}`, parentId, geometry: { type: 'Polygon', coordinates: rings } };
}

/** m² of a lng/lat box near Muling, from geometryStats, for plausibility checks. */
function boxArea(minLng: number, minLat: number, maxLng: number, maxLat: number): number {
  return geometryStats({ type: 'Polygon', coordinates: [box(minLng, minLat, maxLng, maxLat)] }).areaM2;
}

// A community 0.01° square (about 790 m × 1,110 m) near 穆棱.
const [W, S, E, N] = [130.5, 44.9, 130.51, 44.91];
const community = buildNode('c', null, box(W, S, E, N));

describe('checkBoundaries', () => {
  it('reports nothing for compounds that tile their community exactly, T-junctions included', () => {
    // The community outline has no vertex at 130.505; the compounds split its edges there.
    const west = buildNode('w', 'c', box(W, S, 130.505, N));
    const east = buildNode('e', 'c', [[130.505, S], [E, S], [E, N], [130.505, N], [130.505, 44.905], [130.505, S]]);
    expect(checkBoundaries([community, west, east])).toEqual({ gaps: [], overlaps: [], outsideParent: [], unchecked: [] });
  });

  it('finds two compounds claiming the same strip and the strip nobody claims', () => {
    const west = buildNode('w', 'c', box(W, S, 130.506, N));
    const east = buildNode('e', 'c', box(130.505, S, 130.509, N));
    const report = checkBoundaries([community, west, east]);

    expect(report.overlaps).toHaveLength(1);
    const [overlap] = report.overlaps;
    expect(overlap.parent).toEqual({ id: 'c', code: '2310851c', name: '网格c' });
    expect([overlap.a.id, overlap.b.id].sort()).toEqual(['e', 'w']);
    const stripArea = boxArea(130.505, S, 130.506, N);
    expect(stripArea).toBeGreaterThan(80_000);
    expect(overlap.areaM2).toBeCloseTo(stripArea, -1);

    expect(report.gaps).toHaveLength(1);
    expect(report.gaps[0].parent.id).toBe('c');
    expect(report.gaps[0].areaM2).toBeCloseTo(boxArea(130.509, S, E, N), -1);
    const gapLngs = report.gaps[0].geometry.coordinates[0].map((p) => p[0]);
    expect(Math.min(...gapLngs)).toBeCloseTo(130.509, 9);
    expect(Math.max(...gapLngs)).toBeCloseTo(E, 9);
    expect(report.outsideParent).toEqual([]);
  });

  it('finds the part of a compound drawn across its community boundary', () => {
    const west = buildNode('w', 'c', box(W, S, 130.505, N));
    const east = buildNode('e', 'c', box(130.505, S, 130.512, N));
    const report = checkBoundaries([community, west, east]);
    expect(report.outsideParent).toHaveLength(1);
    expect(report.outsideParent[0]).toMatchObject({ grid: { id: 'e' }, parent: { id: 'c' } });
    expect(report.outsideParent[0].areaM2).toBeCloseTo(boxArea(E, S, 130.512, N), -1);
    expect(report.gaps).toEqual([]);
    expect(report.overlaps).toEqual([]);
  });

  it('gives a community with one compound floating inside it a gap with that compound as a hole', () => {
    const inner = buildNode('i', 'c', box(130.502, 44.902, 130.504, 44.904));
    const [gap] = checkBoundaries([community, inner]).gaps;
    expect(gap.geometry.coordinates).toHaveLength(2);
    expect(gap.areaM2).toBeCloseTo(boxArea(W, S, E, N) - boxArea(130.502, 44.902, 130.504, 44.904), -1);
  });

  it('skips parents whose children have no boundary and children of parents without one', () => {
    const undrawn = { ...buildNode('u', 'c'), geometry: undefined };
    const orphanParent = { ...buildNode('p', null), geometry: undefined };
    const orphan = buildNode('o', 'p', box(W, S, E, N));
    expect(checkBoundaries([community, undrawn, orphanParent, orphan])).toEqual({ gaps: [], overlaps: [], outsideParent: [], unchecked: [] });
  });

  it('ignores pieces under the area threshold and reports them when asked to', () => {
    // The compound stops 1e-6° (about 8 cm) short of the east edge: a 1,110 m × 8 cm strip.
    const almost = buildNode('a', 'c', box(W, S, E - 1e-6, N));
    expect(checkBoundaries([community, almost], { minAreaM2: 100 }).gaps).toEqual([]);
    const [sliver] = checkBoundaries([community, almost], { minAreaM2: 10 }).gaps;
    expect(sliver.areaM2).toBeGreaterThan(80);
    expect(sliver.areaM2).toBeLessThan(95);
  });

  it('matches brute-force polygon clipping on a tiling with holes, exclaves and displaced cells', () => {
    const entries = generateGridHierarchy({ districtsX: 1, districtsY: 1, communitiesX: 2, communitiesY: 2, cellsX: 5, cellsY: 5, seed: 11, holeEvery: 8 });
    const random = mulberry32(4);
    const nodes: BoundaryNode[] = entries.map((entry) => {
      const segments = entry.path.split('/').filter(Boolean);
      let geometry: Polygon | MultiPolygon = entry.geometry;
      if (entry.depth === 3 && random() < 0.15) {
        const [dx, dy] = [(random() - 0.5) * 0.0006, (random() - 0.5) * 0.0005];
        const move = (ring: Position[]) => ring.map(([lng, lat]) => [lng + dx, lat + dy]);
        geometry = geometry.type === 'Polygon' ? { type: 'Polygon', coordinates: geometry.coordinates.map(move) } : { type: 'MultiPolygon', coordinates: geometry.coordinates.map((p) => p.map(move)) };
      }
      return { id: entry.id, code: entry.id, name: entry.id, parentId: segments.length > 1 ? segments[segments.length - 2] : null, geometry };
    });
    const report = checkBoundaries(nodes, { minAreaM2: 1 });
    expect(report.unchecked).toEqual([]);

    const geom = (node: BoundaryNode) => node.geometry!.coordinates as Geom;
    const areaOf = (polygons: Position[][][]) => polygons.reduce((sum, rings) => sum + geometryStats({ type: 'Polygon', coordinates: rings }).areaM2, 0);
    const expected = { gaps: 0, overlaps: 0, outside: 0 };
    const families = new Map<string, BoundaryNode[]>();
    for (const node of nodes) if (node.parentId) families.set(node.parentId, [...(families.get(node.parentId) ?? []), node]);
    for (const [parentId, children] of families) {
      const parent = nodes.find((n) => n.id === parentId)!;
      const uncovered = difference(geom(parent), union(geom(children[0]), ...children.slice(1).map(geom))) as Position[][][];
      expected.gaps += areaOf(uncovered.filter((piece) => areaOf([piece]) >= 1));
      for (let i = 0; i < children.length; i++) {
        expected.outside += areaOf(difference(geom(children[i]), geom(parent)) as Position[][][]);
        for (let j = i + 1; j < children.length; j++) expected.overlaps += areaOf(intersection(geom(children[i]), geom(children[j])) as Position[][][]);
      }
    }
    const total = (items: { areaM2: number }[]) => items.reduce((sum, item) => sum + item.areaM2, 0);
    expect(expected.gaps).toBeGreaterThan(1_000);
    expect(expected.overlaps).toBeGreaterThan(1_000);
    expect(expected.outside).toBeGreaterThan(1_000);
    // turf's area (in geometryStats) and the check's exact formula differ by a few m² on long edges.
    expect(total(report.gaps)).toBeCloseTo(expected.gaps, -2);
    expect(total(report.overlaps)).toBeCloseTo(expected.overlaps, -2);
    expect(total(report.outsideParent)).toBeCloseTo(expected.outside, -2);
  });
});
