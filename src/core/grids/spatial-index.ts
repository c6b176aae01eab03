import booleanPointInPolygon from '@turf/boolean-point-in-polygon';
import Flatbush from 'flatbush';
import type { MultiPolygon, Polygon, Position } from 'geojson';

/** One grid boundary as the index sees it; `depth` decides which of several containing grids wins. */
export interface GridSpatialEntry {
  id: string;
  path: string;
  depth: number;
  geometry: Polygon | MultiPolygon;
}

/**
 * Polygons with more edges than this get a y-band table, so that testing a city outline with
 * thousands of vertices costs a handful of edges instead of all of them.
 */
const BANDED_EDGES = 48;
/** Target edges per band; a horizontal line meets only a few edges of a boundary, so bands stay short. */
const EDGES_PER_BAND = 2;

/** One Flatbush per depth, deepest first: see {@link GridSpatialIndex}. */
interface DepthLevel {
  depth: number;
  tree: Flatbush;
  /** Flatbush item → entry index. */
  itemEntry: Int32Array;
}

/**
 * Point → deepest grid (SPEC G2). Every case intake routes through this, so it is built once per
 * boundary version and answers in about a microsecond with 100,000 grids:
 *
 * - one Flatbush packed R-tree per depth over entry bounding boxes, searched deepest first. A
 *   single tree mixing a city box with 100,000 cell boxes inflates every node the big boxes land
 *   in, and a point search then visits dozens of nodes; per depth, boxes are alike in size and a
 *   point touches a few nodes. The first depth with a hit is the answer, so the large, many-vertex
 *   district and city outlines are only tested for points that no finer grid covers;
 * - each polygon test is an even-odd ray cast over coordinates flattened into Float64Arrays at
 *   build time, which allocates nothing and avoids the GeoJSON object walk that makes turf slow;
 * - polygons with many edges get a y-band table so the ray cast reads only the edges that can
 *   cross the ray.
 *
 * A point on an edge shared by two neighbours belongs to exactly one of them: edges are half-open
 * (the lower endpoint counts, the upper does not) and the crossing is always computed from the
 * lower endpoint, so both neighbours evaluate a shared edge with identical arithmetic. In a tiling
 * this assigns boundary points to the cell to their right (and above, for horizontal edges).
 */
export class GridSpatialIndex<E extends GridSpatialEntry = GridSpatialEntry> {
  private readonly entries: readonly E[];
  private readonly levels: DepthLevel[] = [];
  /** Interleaved x,y of every ring, closing position dropped. */
  private readonly coords: Float64Array;
  /** Ring r spans points ringStart[r] .. ringStart[r + 1] - 1. */
  private readonly ringStart: Int32Array;
  /** Polygon p owns rings polyRingStart[p] .. polyRingStart[p + 1] - 1. */
  private readonly polyRingStart: Int32Array;
  /** minX, minY, maxX, maxY of each polygon, to skip far-away parts of a multipolygon. */
  private readonly polyBox: Float64Array;
  /** Entry e owns polygons entryPolyStart[e] .. entryPolyStart[e + 1] - 1. */
  private readonly entryPolyStart: Int32Array;
  /** Per polygon: index of its first band in bandStart, or -1 when it is small enough to scan. */
  private readonly polyBandOffset: Int32Array;
  private readonly polyBandCount: Int32Array;
  /** Per polygon: bands per degree of latitude. */
  private readonly polyBandScale: Float64Array;
  /** Band b of a polygon lists edges bandStart[b] .. bandStart[b + 1] - 1 of bandEdges. */
  private readonly bandStart: Int32Array;
  /** Edge k joins points bandEdges[2k] and bandEdges[2k + 1]. */
  private readonly bandEdges: Int32Array;
  private items: Int32Array = new Int32Array(0);
  private candidates = new Int32Array(64);
  private candidateCount = 0;
  private readonly collect = (item: number): boolean => {
    if (this.candidateCount === this.candidates.length) {
      const grown = new Int32Array(this.candidates.length * 2);
      grown.set(this.candidates);
      this.candidates = grown;
    }
    this.candidates[this.candidateCount++] = this.items[item];
    return false;
  };

  /** Builds the index; entries are kept by reference and returned as-is from {@link locate}. */
  constructor(entries: readonly E[]) {
    this.entries = entries;
    let pointCount = 0;
    let ringCount = 0;
    let polyCount = 0;
    for (const entry of entries) {
      for (const rings of polygonsOf(entry.geometry)) {
        polyCount++;
        for (const ring of rings) {
          ringCount++;
          pointCount += openLength(ring);
        }
      }
    }
    this.coords = new Float64Array(pointCount * 2);
    this.ringStart = new Int32Array(ringCount + 1);
    this.polyRingStart = new Int32Array(polyCount + 1);
    this.polyBox = new Float64Array(polyCount * 4);
    this.entryPolyStart = new Int32Array(entries.length + 1);
    this.polyBandOffset = new Int32Array(polyCount).fill(-1);
    this.polyBandCount = new Int32Array(polyCount);
    this.polyBandScale = new Float64Array(polyCount);
    const entryBoxes = new Float64Array(entries.length * 4);
    const bandStarts: number[] = [];
    const bandEdges: number[] = [];
    let point = 0;
    let ring = 0;
    let poly = 0;
    for (let e = 0; e < entries.length; e++) {
      this.entryPolyStart[e] = poly;
      let eMinX = Infinity;
      let eMinY = Infinity;
      let eMaxX = -Infinity;
      let eMaxY = -Infinity;
      for (const rings of polygonsOf(entries[e].geometry)) {
        this.polyRingStart[poly] = ring;
        const firstPoint = point;
        let minX = Infinity;
        let minY = Infinity;
        let maxX = -Infinity;
        let maxY = -Infinity;
        for (const positions of rings) {
          this.ringStart[ring++] = point;
          const n = openLength(positions);
          for (let k = 0; k < n; k++) {
            const x = positions[k][0];
            const y = positions[k][1];
            this.coords[point * 2] = x;
            this.coords[point * 2 + 1] = y;
            point++;
            if (x < minX) minX = x;
            if (x > maxX) maxX = x;
            if (y < minY) minY = y;
            if (y > maxY) maxY = y;
          }
        }
        this.ringStart[ring] = point;
        this.polyBox[poly * 4] = minX;
        this.polyBox[poly * 4 + 1] = minY;
        this.polyBox[poly * 4 + 2] = maxX;
        this.polyBox[poly * 4 + 3] = maxY;
        if (point - firstPoint > BANDED_EDGES && maxY > minY) {
          this.buildBands(poly, this.polyRingStart[poly], ring, minY, maxY, point - firstPoint, bandStarts, bandEdges);
        }
        if (minX < eMinX) eMinX = minX;
        if (minY < eMinY) eMinY = minY;
        if (maxX > eMaxX) eMaxX = maxX;
        if (maxY > eMaxY) eMaxY = maxY;
        poly++;
      }
      entryBoxes[e * 4] = eMinX;
      entryBoxes[e * 4 + 1] = eMinY;
      entryBoxes[e * 4 + 2] = eMaxX;
      entryBoxes[e * 4 + 3] = eMaxY;
    }
    this.polyRingStart[poly] = ring;
    this.entryPolyStart[entries.length] = poly;
    bandStarts.push(bandEdges.length / 2);
    this.bandStart = Int32Array.from(bandStarts);
    this.bandEdges = Int32Array.from(bandEdges);

    const byDepth = new Map<number, number[]>();
    for (let e = 0; e < entries.length; e++) {
      if (this.entryPolyStart[e + 1] === this.entryPolyStart[e] || !(entryBoxes[e * 4] <= entryBoxes[e * 4 + 2])) continue;
      const list = byDepth.get(entries[e].depth);
      if (list) list.push(e);
      else byDepth.set(entries[e].depth, [e]);
    }
    for (const depth of [...byDepth.keys()].sort((a, b) => b - a)) {
      const members = byDepth.get(depth)!;
      const tree = new Flatbush(members.length);
      for (const e of members) tree.add(entryBoxes[e * 4], entryBoxes[e * 4 + 1], entryBoxes[e * 4 + 2], entryBoxes[e * 4 + 3]);
      tree.finish();
      this.levels.push({ depth, tree, itemEntry: Int32Array.from(members) });
    }
  }

  /** Number of entries the index was built from. */
  get size(): number {
    return this.entries.length;
  }

  /**
   * The deepest entry whose geometry contains the point, skipping entries `accept` rejects (for
   * example those outside the caller's scope). Among equally deep overlapping entries the one
   * given first wins, so the answer never depends on tree layout.
   */
  locate(lng: number, lat: number, accept?: (entry: E) => boolean): E | undefined {
    if (Number.isNaN(lng) || Number.isNaN(lat)) return undefined;
    for (let l = 0; l < this.levels.length; l++) {
      const level = this.levels[l];
      this.items = level.itemEntry;
      this.candidateCount = 0;
      level.tree.search(lng, lat, lng, lat, this.collect);
      const candidates = this.candidates;
      const count = this.candidateCount;
      // Input order among equals; counts are tiny (boxes of one depth barely overlap).
      for (let i = 1; i < count; i++) {
        const e = candidates[i];
        let j = i - 1;
        while (j >= 0 && candidates[j] > e) {
          candidates[j + 1] = candidates[j];
          j--;
        }
        candidates[j + 1] = e;
      }
      for (let i = 0; i < count; i++) {
        const e = candidates[i];
        if (accept && !accept(this.entries[e])) continue;
        if (this.contains(e, lng, lat)) return this.entries[e];
      }
    }
    return undefined;
  }

  /** Sorts the edges of polygon `poly` (rings ringFrom .. ringTo - 1) into horizontal bands. */
  private buildBands(poly: number, ringFrom: number, ringTo: number, minY: number, maxY: number, edges: number, bandStarts: number[], bandEdges: number[]): void {
    const count = Math.max(1, Math.ceil(edges / EDGES_PER_BAND));
    const scale = count / (maxY - minY);
    const lists: number[][] = Array.from({ length: count }, () => []);
    const bandOf = (y: number) => Math.min(count - 1, Math.max(0, Math.floor((y - minY) * scale)));
    for (let r = ringFrom; r < ringTo; r++) {
      const start = this.ringStart[r];
      const end = this.ringStart[r + 1];
      for (let i = start, j = end - 1; i < end; j = i++) {
        const yi = this.coords[i * 2 + 1];
        const yj = this.coords[j * 2 + 1];
        if (yi === yj) continue;
        for (let b = bandOf(Math.min(yi, yj)), last = bandOf(Math.max(yi, yj)); b <= last; b++) lists[b].push(i, j);
      }
    }
    this.polyBandOffset[poly] = bandStarts.length;
    this.polyBandCount[poly] = count;
    this.polyBandScale[poly] = scale;
    for (const list of lists) {
      bandStarts.push(bandEdges.length / 2);
      for (const point of list) bandEdges.push(point);
    }
  }

  private contains(e: number, x: number, y: number): boolean {
    const polyBox = this.polyBox;
    for (let p = this.entryPolyStart[e], pEnd = this.entryPolyStart[e + 1]; p < pEnd; p++) {
      const b = p * 4;
      if (x < polyBox[b] || y < polyBox[b + 1] || x > polyBox[b + 2] || y > polyBox[b + 3]) continue;
      if (this.polyBandOffset[p] >= 0 ? this.containsBanded(p, x, y) : this.containsScan(p, x, y)) return true;
    }
    return false;
  }

  private containsScan(p: number, x: number, y: number): boolean {
    const coords = this.coords;
    const ringStart = this.ringStart;
    let isInside = false;
    for (let r = this.polyRingStart[p], rEnd = this.polyRingStart[p + 1]; r < rEnd; r++) {
      const end = ringStart[r + 1];
      for (let i = ringStart[r], j = end - 1; i < end; j = i++) {
        if (crosses(coords, i, j, x, y)) isInside = !isInside;
      }
    }
    return isInside;
  }

  private containsBanded(p: number, x: number, y: number): boolean {
    const count = this.polyBandCount[p];
    let band = Math.floor((y - this.polyBox[p * 4 + 1]) * this.polyBandScale[p]);
    if (band < 0) band = 0;
    else if (band >= count) band = count - 1;
    const slot = this.polyBandOffset[p] + band;
    const edges = this.bandEdges;
    let isInside = false;
    for (let k = this.bandStart[slot], end = this.bandStart[slot + 1]; k < end; k++) {
      if (crosses(this.coords, edges[k * 2], edges[k * 2 + 1], x, y)) isInside = !isInside;
    }
    return isInside;
  }
}

/**
 * Whether the rightward ray from (x, y) crosses the edge between points i and j: half-open in y,
 * and computed from the lower endpoint so that neighbours sharing the edge agree bit for bit.
 */
function crosses(coords: Float64Array, i: number, j: number, x: number, y: number): boolean {
  const yi = coords[i * 2 + 1];
  const yj = coords[j * 2 + 1];
  if (yi > y === yj > y) return false;
  const xi = coords[i * 2];
  const xj = coords[j * 2];
  return x < (yi < yj ? xi + ((y - yi) * (xj - xi)) / (yj - yi) : xj + ((y - yj) * (xi - xj)) / (yi - yj));
}

/**
 * The naive answer to the same question: test every entry with turf's point-in-polygon and keep
 * the deepest. Kept as the benchmark baseline and as an independent oracle in tests; never use it
 * to route. Unlike the index, turf counts boundary points as inside every polygon that touches
 * them, so the two can differ for points exactly on an edge.
 */
export function linearLocate<E extends GridSpatialEntry>(entries: readonly E[], lng: number, lat: number): E | undefined {
  let best: E | undefined;
  for (const entry of entries) {
    if (best && entry.depth <= best.depth) continue;
    if (booleanPointInPolygon([lng, lat], entry.geometry)) best = entry;
  }
  return best;
}

function polygonsOf(geometry: Polygon | MultiPolygon): Position[][][] {
  return geometry.type === 'Polygon' ? [geometry.coordinates] : geometry.coordinates;
}

/** Ring length without the closing position (the ray cast wraps around by itself). */
function openLength(ring: Position[]): number {
  const n = ring.length;
  if (n > 1 && ring[0][0] === ring[n - 1][0] && ring[0][1] === ring[n - 1][1]) return n - 1;
  return n;
}
