import { describe, expect, it } from 'vitest';
import type { Polygon, Position } from 'geojson';
import { geometryStats, pointInGeometry, validateGeometry } from './geometry.js';

/** Closed square ring, counter-clockwise from its south-west corner. */
function square(x: number, y: number, size: number): Position[] {
  return [[x, y], [x + size, y], [x + size, y + size], [x, y + size], [x, y]];
}

function polygon(...rings: Position[][]): Polygon {
  return { type: 'Polygon', coordinates: rings };
}

describe('validateGeometry', () => {
  it('accepts a compound boundary and returns a 2-D copy without foreign members', () => {
    const input = { type: 'Polygon', coordinates: [[[130.1, 44.1, 210], [130.2, 44.1, 210], [130.2, 44.2, 211], [130.1, 44.1, 210]]], crs: 'x' };
    const result = validateGeometry(input);
    expect(result.errors).toEqual([]);
    expect(result.geometry).toEqual({ type: 'Polygon', coordinates: [[[130.1, 44.1], [130.2, 44.1], [130.2, 44.2], [130.1, 44.1]]] });
  });

  it('unwraps a Feature and a single-feature FeatureCollection as GIS tools export them', () => {
    const geometry = polygon(square(130, 44, 0.01));
    expect(validateGeometry({ type: 'Feature', properties: { name: '兴华小区' }, geometry }).geometry).toEqual(geometry);
    expect(validateGeometry({ type: 'FeatureCollection', features: [{ type: 'Feature', properties: {}, geometry }] }).geometry).toEqual(geometry);
  });

  it('names the feature path when a wrapped geometry is wrong', () => {
    const bowTie = [[0, 0], [1, 1], [1, 0], [0, 1], [0, 0]];
    const result = validateGeometry({ type: 'FeatureCollection', features: [{ type: 'Feature', geometry: polygon(bowTie) }] }, 'file');
    expect(result.errors[0]).toMatchObject({ field: 'file.features[0].geometry.coordinates[0]', reason: 'selfIntersection' });
  });

  it('refuses collections of several features and points', () => {
    const feature = { type: 'Feature', geometry: polygon(square(0, 0, 1)) };
    expect(validateGeometry({ type: 'FeatureCollection', features: [feature, feature] }).errors[0].reason).toBe('geometryType');
    expect(validateGeometry({ type: 'FeatureCollection', features: [] }).errors[0].reason).toBe('noFeatures');
    expect(validateGeometry({ type: 'Point', coordinates: [130, 44] }).errors).toEqual([
      { field: 'boundary.type', reason: 'geometryType', params: { value: 'Point' } },
    ]);
    expect(validateGeometry('POLYGON((0 0, 1 0, 1 1, 0 0))').errors[0]).toMatchObject({ field: 'boundary', reason: 'geometryType' });
  });

  it('rejects an unclosed ring on the ring that is open', () => {
    const open = [[130, 44], [130.01, 44], [130.01, 44.01], [130, 44.01]];
    const result = validateGeometry(polygon(square(129, 43, 2), open));
    expect(result.geometry).toBeUndefined();
    expect(result.errors).toEqual([{ field: 'boundary.coordinates[1]', reason: 'ringNotClosed' }]);
  });

  it('rejects a triangle given as three positions', () => {
    const result = validateGeometry(polygon([[0, 0], [1, 0], [0, 0]]));
    expect(result.errors).toEqual([{ field: 'boundary.coordinates[0]', reason: 'ringTooShort', params: { min: 4, count: 3 } }]);
  });

  it('points at the exact position with a coordinate out of range or not a number', () => {
    const ring = [[130, 44], [190, 44], [130.1, 44.1], [130, Number.NaN], [130, 44]];
    const result = validateGeometry(polygon(ring));
    expect(result.errors).toEqual([
      { field: 'boundary.coordinates[0][1]', reason: 'coordinateRange', params: { lng: '190', lat: '44' } },
      { field: 'boundary.coordinates[0][3]', reason: 'coordinateRange', params: { lng: '130', lat: 'NaN' } },
    ]);
  });

  it('reports malformed nesting as a coordinate shape problem', () => {
    expect(validateGeometry({ type: 'Polygon', coordinates: [[130, 44], [131, 44]] }).errors[0]).toMatchObject({ field: 'boundary.coordinates[0][0]', reason: 'coordinateShape' });
    expect(validateGeometry({ type: 'Polygon', coordinates: [] }).errors[0]).toMatchObject({ field: 'boundary.coordinates', reason: 'coordinateShape' });
    expect(validateGeometry({ type: 'MultiPolygon' }).errors[0]).toMatchObject({ field: 'boundary.coordinates', reason: 'coordinateShape' });
  });

  it('rejects a bow-tie and says where it crosses', () => {
    const bowTie = [[130, 44], [130.02, 44.02], [130.02, 44], [130, 44.02], [130, 44]];
    const [error] = validateGeometry(polygon(bowTie)).errors;
    expect(error).toMatchObject({ field: 'boundary.coordinates[0]', reason: 'selfIntersection' });
    expect(error.params!.lng).toBeCloseTo(130.01, 9);
    expect(error.params!.lat).toBeCloseTo(44.01, 9);
  });

  it('finds the bad part of a multipolygon', () => {
    const bowTie = [[2, 0], [3, 1], [3, 0], [2, 1], [2, 0]];
    const result = validateGeometry({ type: 'MultiPolygon', coordinates: [[square(0, 0, 1)], [bowTie]] });
    expect(result.errors).toHaveLength(1);
    expect(result.errors[0]).toMatchObject({ field: 'boundary.coordinates[1][0]', reason: 'selfIntersection', params: { lng: 2.5, lat: 0.5 } });
  });

  it('rejects a hole that crosses its shell, on the polygon', () => {
    const result = validateGeometry(polygon(square(0, 0, 4), square(3, 1, 2)));
    expect(result.errors).toHaveLength(1);
    expect(result.errors[0]).toMatchObject({ field: 'boundary.coordinates', reason: 'selfIntersection', params: { lng: 4 } });
    expect([1, 3]).toContain(result.errors[0].params!.lat);
  });

  it('allows a hole touching its shell at one vertex and repeated positions from digitising', () => {
    const touchingHole = [[0, 0], [1, 2], [2, 1], [0, 0]];
    const shell = [[0, 0], [4, 0], [4, 0], [4, 4], [0, 4], [0, 0]];
    expect(validateGeometry(polygon(shell, touchingHole)).errors).toEqual([]);
  });
});

describe('geometryStats', () => {
  it('gives the bounding box, the area in m² and the centroid of a 0.01° square near Muling', () => {
    const stats = geometryStats(polygon(square(130.46, 44.91, 0.01)));
    expect(stats).toMatchObject({ minLng: 130.46, minLat: 44.91 });
    expect(stats.maxLng).toBeCloseTo(130.47, 12);
    expect(stats.maxLat).toBeCloseTo(44.92, 12);
    expect(stats.centroidLng).toBeCloseTo(130.465, 9);
    expect(stats.centroidLat).toBeCloseTo(44.915, 9);
    // 0.01° of latitude ≈ 1,112 m; of longitude at 44.9° N ≈ 1,112 m × cos(44.9°) ≈ 788 m.
    expect(stats.areaM2).toBeGreaterThan(0.97 * 1112 * 788);
    expect(stats.areaM2).toBeLessThan(1.03 * 1112 * 788);
  });

  it('pulls the centroid away from a hole and subtracts the hole from the area', () => {
    const full = geometryStats(polygon(square(0, 0, 4)));
    const holed = geometryStats(polygon(square(0, 0, 4), [[2, 0], [2, 4], [4, 4], [4, 0], [2, 0]].map((p) => [p[0] * 0.5 + 2, p[1] * 0.5 + 1])));
    expect(holed.areaM2).toBeLessThan(full.areaM2);
    expect(holed.centroidLng).toBeLessThan(2);
    expect(holed.centroidLat).toBeCloseTo(2, 1);
  });

  it('takes the centroid of the largest part of a multipolygon and the area of all', () => {
    const stats = geometryStats({ type: 'MultiPolygon', coordinates: [[square(10, 10, 0.001)], [square(0, 0, 1)]] });
    expect(stats.centroidLng).toBeCloseTo(0.5, 9);
    expect(stats.centroidLat).toBeCloseTo(0.5, 9);
    expect(stats.maxLng).toBe(10.001);
    expect(stats.areaM2).toBeGreaterThan(geometryStats(polygon(square(0, 0, 1))).areaM2);
  });
});

describe('pointInGeometry', () => {
  it('excludes holes and includes every part of a multipolygon', () => {
    const holed = polygon(square(0, 0, 10), [[4, 4], [4, 6], [6, 6], [6, 4], [4, 4]]);
    expect(pointInGeometry(holed, 2, 2)).toBe(true);
    expect(pointInGeometry(holed, 5, 5)).toBe(false);
    const parts = { type: 'MultiPolygon' as const, coordinates: [[square(0, 0, 1)], [square(5, 5, 1)]] };
    expect(pointInGeometry(parts, 5.5, 5.5)).toBe(true);
    expect(pointInGeometry(parts, 3, 3)).toBe(false);
  });

  it('gives a point on a shared edge to exactly one neighbour', () => {
    const west = polygon(square(0, 0, 1));
    const east = polygon(square(1, 0, 1));
    expect([pointInGeometry(west, 1, 0.5), pointInGeometry(east, 1, 0.5)]).toEqual([false, true]);
  });
});
