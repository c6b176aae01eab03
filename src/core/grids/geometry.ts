import area from '@turf/area';
import kinks from '@turf/kinks';
import type { MultiPolygon, Polygon, Position } from 'geojson';
import type { FieldError } from '../errors.js';

/** A grid boundary: the only geometry types a grid node may carry. */
export type GridGeometry = Polygon | MultiPolygon;

/** Result of {@link validateGeometry}: a clean 2-D copy of the geometry, or the reasons it was refused. */
export interface GeometryValidation {
  geometry?: GridGeometry;
  errors: FieldError[];
}

/** Summary figures stored beside a boundary so lists, maps and the index never re-parse it. */
export interface GeometryStats {
  centroidLng: number;
  centroidLat: number;
  minLng: number;
  minLat: number;
  maxLng: number;
  maxLat: number;
  areaM2: number;
}

/**
 * A badly broken upload (say 50,000 positions all out of range) would otherwise produce an answer
 * larger than the upload; the first few problems are enough for a person to fix the file.
 */
const MAX_ERRORS = 20;

/** Field paths follow the GeoJSON nesting, e.g. `boundary.coordinates[0][3]`. */
function at(base: string, ...indexes: number[]): string {
  return base + indexes.map((i) => `[${i}]`).join('');
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Unwraps what people actually upload (a bare geometry, a Feature, or a FeatureCollection holding
 * exactly one Feature) so the import and the editor accept the same files a GIS exports.
 */
function unwrap(input: unknown, field: string): { value?: Record<string, unknown>; path: string; error?: FieldError } {
  if (!isObject(input)) return { path: field, error: { field, reason: 'geometryType' } };
  if (input.type === 'FeatureCollection') {
    const features = input.features;
    if (!Array.isArray(features) || features.length === 0) return { path: field, error: { field, reason: 'noFeatures' } };
    if (features.length > 1) return { path: field, error: { field: `${field}.features`, reason: 'geometryType', params: { count: features.length } } };
    return unwrap(features[0], `${field}.features[0]`);
  }
  if (input.type === 'Feature') {
    const path = `${field}.geometry`;
    if (!isObject(input.geometry)) return { path, error: { field: path, reason: 'geometryType' } };
    return { value: input.geometry, path };
  }
  return { value: input, path: field };
}

/**
 * Reads one linear ring, reporting shape and range problems per position. Returns the 2-D copy only
 * when every position is usable, so later checks can trust the numbers.
 */
function readRing(raw: unknown, path: string, errors: FieldError[]): Position[] | undefined {
  if (!Array.isArray(raw)) {
    errors.push({ field: path, reason: 'coordinateShape' });
    return undefined;
  }
  const ring: Position[] = [];
  let isUsable = true;
  for (let k = 0; k < raw.length; k++) {
    if (errors.length >= MAX_ERRORS) return undefined;
    const position: unknown = raw[k];
    const positionPath = `${path}[${k}]`;
    if (!Array.isArray(position) || position.length < 2) {
      errors.push({ field: positionPath, reason: 'coordinateShape' });
      isUsable = false;
      continue;
    }
    const [lng, lat] = position as unknown[];
    const isLngOk = typeof lng === 'number' && Number.isFinite(lng) && lng >= -180 && lng <= 180;
    const isLatOk = typeof lat === 'number' && Number.isFinite(lat) && lat >= -90 && lat <= 90;
    if (!isLngOk || !isLatOk) {
      errors.push({ field: positionPath, reason: 'coordinateRange', params: { lng: String(lng), lat: String(lat) } });
      isUsable = false;
      continue;
    }
    ring.push([lng as number, lat as number]);
  }
  if (!isUsable) return undefined;
  if (ring.length < 4) {
    errors.push({ field: path, reason: 'ringTooShort', params: { min: 4, count: ring.length } });
    return undefined;
  }
  const first = ring[0];
  const last = ring[ring.length - 1];
  if (first[0] !== last[0] || first[1] !== last[1]) {
    errors.push({ field: path, reason: 'ringNotClosed' });
    return undefined;
  }
  return ring;
}

function readPolygon(raw: unknown, path: string, errors: FieldError[]): Position[][] | undefined {
  if (!Array.isArray(raw) || raw.length === 0) {
    errors.push({ field: path, reason: 'coordinateShape' });
    return undefined;
  }
  const rings: Position[][] = [];
  let isUsable = true;
  for (let r = 0; r < raw.length; r++) {
    const ring = readRing(raw[r], at(path, r), errors);
    if (ring) rings.push(ring);
    else isUsable = false;
    if (errors.length >= MAX_ERRORS) return undefined;
  }
  return isUsable ? rings : undefined;
}

/**
 * Consecutive repeated positions are common in digitised boundaries and harmless, but turf's kinks
 * would report the zero-length edge they form as a crossing.
 */
function withoutRepeats(ring: Position[]): Position[] {
  const out: Position[] = [ring[0]];
  for (let k = 1; k < ring.length; k++) {
    const prev = out[out.length - 1];
    if (ring[k][0] !== prev[0] || ring[k][1] !== prev[1]) out.push(ring[k]);
  }
  return out;
}

function firstKink(lines: Position[][]): Position | undefined {
  const found = kinks({ type: 'MultiLineString', coordinates: lines });
  return found.features[0]?.geometry.coordinates;
}

/**
 * Self-intersections inside one polygon: each ring on its own (reported on the ring), then every
 * pair of rings (reported on the polygon). Rings of a polygon may touch at a shared vertex (OGC
 * simple features allow it), so crossings exactly at a vertex of both rings are not reported.
 */
function checkPolygonKinks(rings: Position[][], path: string, errors: FieldError[]): void {
  const cleaned = rings.map(withoutRepeats);
  let hasRingKink = false;
  for (let r = 0; r < cleaned.length; r++) {
    if (cleaned[r].length < 4) {
      errors.push({ field: at(path, r), reason: 'ringTooShort', params: { min: 4, count: cleaned[r].length } });
      hasRingKink = true;
      continue;
    }
    const kink = firstKink([cleaned[r]]);
    if (kink) {
      errors.push({ field: at(path, r), reason: 'selfIntersection', params: { lng: kink[0], lat: kink[1] } });
      hasRingKink = true;
    }
  }
  if (hasRingKink || cleaned.length < 2) return;
  for (let a = 0; a < cleaned.length; a++) {
    for (let b = a + 1; b < cleaned.length; b++) {
      const vertices = new Set(cleaned[a].map((p) => `${p[0]},${p[1]}`));
      const shared = new Set(cleaned[b].map((p) => `${p[0]},${p[1]}`).filter((key) => vertices.has(key)));
      const crossings = kinks({ type: 'MultiLineString', coordinates: [cleaned[a], cleaned[b]] }).features;
      const crossing = crossings.find((f) => !shared.has(`${f.geometry.coordinates[0]},${f.geometry.coordinates[1]}`));
      if (crossing) {
        const [lng, lat] = crossing.geometry.coordinates;
        errors.push({ field: path, reason: 'selfIntersection', params: { lng, lat } });
        return;
      }
    }
  }
}

/**
 * Checks a boundary before it is stored, so that the spatial index, the area figures and the
 * gap/overlap report can rely on well-formed rings. Accepts a bare Polygon/MultiPolygon, a Feature,
 * or a single-feature FeatureCollection; returns a 2-D copy (altitudes and foreign members dropped)
 * or field errors whose reasons are locale keys under `reasons.`.
 */
export function validateGeometry(input: unknown, field = 'boundary'): GeometryValidation {
  const unwrapped = unwrap(input, field);
  if (unwrapped.error) return { errors: [unwrapped.error] };
  const value = unwrapped.value!;
  const path = unwrapped.path;
  if (value.type !== 'Polygon' && value.type !== 'MultiPolygon') {
    return { errors: [{ field: `${path}.type`, reason: 'geometryType', params: { value: String(value.type) } }] };
  }
  const coordinatesPath = `${path}.coordinates`;
  const errors: FieldError[] = [];
  if (value.type === 'Polygon') {
    const rings = readPolygon(value.coordinates, coordinatesPath, errors);
    if (!rings) return { errors };
    checkPolygonKinks(rings, coordinatesPath, errors);
    return errors.length ? { errors } : { geometry: { type: 'Polygon', coordinates: rings }, errors };
  }
  const raw = value.coordinates;
  if (!Array.isArray(raw) || raw.length === 0) return { errors: [{ field: coordinatesPath, reason: 'coordinateShape' }] };
  const polygons: Position[][][] = [];
  for (let p = 0; p < raw.length; p++) {
    const rings = readPolygon(raw[p], at(coordinatesPath, p), errors);
    if (rings) polygons.push(rings);
    if (errors.length >= MAX_ERRORS) break;
  }
  if (errors.length) return { errors };
  for (let p = 0; p < polygons.length && errors.length < MAX_ERRORS; p++) {
    checkPolygonKinks(polygons[p], at(coordinatesPath, p), errors);
  }
  return errors.length ? { errors } : { geometry: { type: 'MultiPolygon', coordinates: polygons }, errors };
}

/** Signed planar area and first moments of a ring, relative to an origin to keep precision. */
function ringMoments(ring: Position[], ox: number, oy: number): { a: number; cx: number; cy: number } {
  let a = 0;
  let cx = 0;
  let cy = 0;
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
    const xi = ring[i][0] - ox;
    const yi = ring[i][1] - oy;
    const xj = ring[j][0] - ox;
    const yj = ring[j][1] - oy;
    const cross = xj * yi - xi * yj;
    a += cross;
    cx += (xj + xi) * cross;
    cy += (yj + yi) * cross;
  }
  return { a: a / 2, cx, cy };
}

/** Area-weighted centroid of one polygon (holes subtracted) and its planar area in degrees². */
function polygonCentroid(rings: Position[][]): { lng: number; lat: number; area: number } {
  const [ox, oy] = rings[0][0];
  let total = 0;
  let mx = 0;
  let my = 0;
  rings.forEach((ring, r) => {
    const m = ringMoments(ring, ox, oy);
    // Shell counts positive and holes negative whatever their winding, so bad winding in the
    // source data cannot move the centroid.
    const sign = (r === 0 ? 1 : -1) * Math.sign(m.a);
    total += sign * m.a;
    mx += sign * m.cx;
    my += sign * m.cy;
  });
  if (Math.abs(total) < 1e-18) {
    const shell = rings[0];
    const n = Math.max(1, shell.length - 1);
    let sx = 0;
    let sy = 0;
    for (let k = 0; k < n; k++) {
      sx += shell[k][0];
      sy += shell[k][1];
    }
    return { lng: sx / n, lat: sy / n, area: 0 };
  }
  return { lng: ox + mx / (6 * total), lat: oy + my / (6 * total), area: Math.abs(total) };
}

/**
 * Figures stored with a boundary. The centroid is the area-weighted centroid of the largest
 * polygon, not of all parts, so that a compound with a small detached plot still gets its label
 * and map pin on its main body. Computed in degrees, which is exact for centroids under the
 * locally affine lng/lat → metres mapping at grid scale; the area uses turf's spherical formula.
 */
export function geometryStats(geometry: GridGeometry): GeometryStats {
  const polygons = geometry.type === 'Polygon' ? [geometry.coordinates] : geometry.coordinates;
  let minLng = Infinity;
  let minLat = Infinity;
  let maxLng = -Infinity;
  let maxLat = -Infinity;
  let best: { lng: number; lat: number; area: number } | undefined;
  for (const rings of polygons) {
    for (const [lng, lat] of rings[0]) {
      if (lng < minLng) minLng = lng;
      if (lng > maxLng) maxLng = lng;
      if (lat < minLat) minLat = lat;
      if (lat > maxLat) maxLat = lat;
    }
    const centroid = polygonCentroid(rings);
    if (!best || centroid.area > best.area) best = centroid;
  }
  return {
    centroidLng: best!.lng,
    centroidLat: best!.lat,
    minLng,
    minLat,
    maxLng,
    maxLat,
    areaM2: area(geometry),
  };
}

/**
 * Even-odd ray casting with the same half-open edge rule as {@link GridSpatialIndex}, so that a
 * point on an edge shared by two neighbours belongs to exactly one of them. For one-off checks
 * (tests, a single case); use the spatial index for anything repeated.
 */
export function pointInGeometry(geometry: GridGeometry, lng: number, lat: number): boolean {
  const polygons = geometry.type === 'Polygon' ? [geometry.coordinates] : geometry.coordinates;
  for (const rings of polygons) {
    let isInside = false;
    for (const ring of rings) {
      for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
        const yi = ring[i][1];
        const yj = ring[j][1];
        if (yi > lat === yj > lat) continue;
        const [lowX, lowY, highX, highY] = yi < yj ? [ring[i][0], yi, ring[j][0], yj] : [ring[j][0], yj, ring[i][0], yi];
        if (lng < lowX + ((lat - lowY) * (highX - lowX)) / (highY - lowY)) isInside = !isInside;
      }
    }
    if (isInside) return true;
  }
  return false;
}
