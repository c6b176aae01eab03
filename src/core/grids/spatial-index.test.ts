import { describe, expect, it } from 'vitest';
import type { MultiPolygon, Polygon, Position } from 'geojson';
import { generateGridHierarchy, mulberry32 } from '../../../bench/grid-locate.bench.js';
import { pointInGeometry, validateGeometry } from './geometry.js';
import { GridSpatialIndex, linearLocate, type GridSpatialEntry } from './spatial-index.js';

function square(x: number, y: number, size: number): Position[] {
  return [[x, y], [x + size, y], [x + size, y + size], [x, y + size], [x, y]];
}

function buildEntry(id: string, depth: number, geometry: Polygon | MultiPolygon): GridSpatialEntry {
  return { id, path: `/${id}/`, depth, geometry };
}

describe('GridSpatialIndex', () => {
  const city = buildEntry('city', 0, { type: 'Polygon', coordinates: [square(0, 0, 10)] });
  const subdistrict = buildEntry('subdistrict', 1, { type: 'Polygon', coordinates: [square(0, 0, 5)] });
  const community = buildEntry('community', 2, { type: 'Polygon', coordinates: [square(1, 1, 3)] });

  it('returns the deepest of nested grids, whatever order they were given in', () => {
    for (const entries of [[city, subdistrict, community], [community, city, subdistrict]]) {
      const index = new GridSpatialIndex(entries);
      expect(index.locate(2, 2)?.id).toBe('community');
      expect(index.locate(4.5, 4.5)?.id).toBe('subdistrict');
      expect(index.locate(7, 7)?.id).toBe('city');
      expect(index.locate(20, 20)).toBeUndefined();
    }
  });

  it('skips grids the caller may not see and falls back to the next deepest', () => {
    const index = new GridSpatialIndex([city, subdistrict, community]);
    expect(index.locate(2, 2, (entry) => entry.id !== 'community')?.id).toBe('subdistrict');
    expect(index.locate(2, 2, () => false)).toBeUndefined();
  });

  it('sends a point in a courtyard hole to the enclosing grid', () => {
    const ring = buildEntry('ring-compound', 3, { type: 'Polygon', coordinates: [square(1, 1, 3), [[2, 2], [2, 3], [3, 3], [3, 2], [2, 2]]] });
    const index = new GridSpatialIndex([city, community, ring]);
    expect(index.locate(1.5, 1.5)?.id).toBe('ring-compound');
    expect(index.locate(2.5, 2.5)?.id).toBe('community');
  });

  it('finds a grid by either part of a multipolygon and not between them', () => {
    const split = buildEntry('split-compound', 1, { type: 'MultiPolygon', coordinates: [[square(1, 1, 1)], [square(7, 7, 1)]] });
    const index = new GridSpatialIndex([city, split]);
    expect(index.locate(1.5, 1.5)?.id).toBe('split-compound');
    expect(index.locate(7.5, 7.5)?.id).toBe('split-compound');
    expect(index.locate(4.5, 4.5)?.id).toBe('city');
  });

  it('gives a point on a shared edge or corner to exactly one neighbour, every time', () => {
    const cells = [
      buildEntry('sw', 1, { type: 'Polygon', coordinates: [square(0, 0, 1)] }),
      buildEntry('se', 1, { type: 'Polygon', coordinates: [square(1, 0, 1)] }),
      buildEntry('nw', 1, { type: 'Polygon', coordinates: [square(0, 1, 1)] }),
      buildEntry('ne', 1, { type: 'Polygon', coordinates: [square(1, 1, 1)] }),
    ];
    for (const entries of [cells, [...cells].reverse()]) {
      const index = new GridSpatialIndex(entries);
      expect(index.locate(1, 0.5)?.id).toBe('se');
      expect(index.locate(0.5, 1)?.id).toBe('nw');
      expect(index.locate(1, 1)?.id).toBe('ne');
    }
  });

  it('agrees with pointInGeometry on every lattice vertex of a jittered tiling: one cell each', () => {
    const entries = generateGridHierarchy({ districtsX: 1, districtsY: 1, communitiesX: 2, communitiesY: 2, cellsX: 6, cellsY: 5, holeEvery: 4 });
    const cells = entries.filter((e) => e.depth === 3);
    const index = new GridSpatialIndex(entries);
    let interiorVertices = 0;
    for (const cell of cells) {
      const polygons = cell.geometry.type === 'Polygon' ? [cell.geometry.coordinates] : cell.geometry.coordinates;
      for (const [lng, lat] of polygons[0][0]) {
        const owners = cells.filter((c) => pointInGeometry(c.geometry, lng, lat));
        expect(owners.length).toBeLessThanOrEqual(1);
        const found = index.locate(lng, lat);
        if (owners.length === 1) {
          interiorVertices++;
          expect(found?.id).toBe(owners[0].id);
        } else {
          expect(found === undefined || found.depth < 3).toBe(true);
        }
      }
    }
    expect(interiorVertices).toBeGreaterThan(cells.length * 3);
  });

  it('matches the linear turf scan on random points over a 2,000-cell city with holes and exclaves', () => {
    const entries = generateGridHierarchy({ districtsX: 2, districtsY: 2, communitiesX: 5, communitiesY: 4, cellsX: 5, cellsY: 5, seed: 42 });
    const cells = entries.filter((e) => e.depth === 3);
    expect(cells).toHaveLength(2000);
    expect(cells.some((e) => e.geometry.type === 'MultiPolygon')).toBe(true);
    expect(cells.some((e) => e.geometry.type === 'Polygon' && e.geometry.coordinates.length > 1)).toBe(true);
    for (const entry of entries) expect(validateGeometry(entry.geometry).errors).toEqual([]);

    const index = new GridSpatialIndex(entries);
    const random = mulberry32(1);
    const [minLng, minLat, spanLng, spanLat] = [130.349, 44.449, 0.058, 0.038];
    const depthsHit = new Set<number>();
    let exclaveHits = 0;
    for (let k = 0; k < 4000; k++) {
      const lng = minLng + random() * spanLng;
      const lat = minLat + random() * spanLat;
      const found = index.locate(lng, lat);
      expect(found?.id, `point ${lng},${lat}`).toBe(linearLocate(entries, lng, lat)?.id);
      depthsHit.add(found?.depth ?? -1);
      if (found?.geometry.type === 'MultiPolygon' && pointInGeometry({ type: 'Polygon', coordinates: found.geometry.coordinates.at(-1)! }, lng, lat)) exclaveHits++;
    }
    // Points must have landed in cells, in empty holes (so the community), in exclaves and outside the city.
    expect([...depthsHit].sort()).toEqual([-1, 2, 3]);
    expect(exclaveHits).toBeGreaterThan(0);
  });

  it('answers undefined when built from nothing or asked about NaN', () => {
    expect(new GridSpatialIndex([]).locate(1, 1)).toBeUndefined();
    expect(new GridSpatialIndex([city]).locate(Number.NaN, 1)).toBeUndefined();
  });

  it('tests big outlines through their band table correctly, including near the top and bottom', () => {
    const ring: Position[] = [];
    for (let k = 0; k < 400; k++) {
      const angle = (2 * Math.PI * k) / 400;
      const radius = k % 2 ? 1 : 0.8;
      ring.push([Math.cos(angle) * radius, Math.sin(angle) * radius]);
    }
    ring.push(ring[0]);
    const star = buildEntry('star', 0, { type: 'Polygon', coordinates: [ring, [[-0.1, -0.1], [-0.1, 0.1], [0.1, 0.1], [0.1, -0.1], [-0.1, -0.1]]] });
    const index = new GridSpatialIndex([star]);
    const random = mulberry32(9);
    for (let k = 0; k < 5000; k++) {
      const lng = random() * 2.2 - 1.1;
      const lat = random() * 2.2 - 1.1;
      expect(index.locate(lng, lat)?.id).toBe(pointInGeometry(star.geometry, lng, lat) ? 'star' : undefined);
    }
  });
});
