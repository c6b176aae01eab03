import { existsSync } from 'node:fs';
import type { MultiPolygon, Polygon, Position } from 'geojson';
import { GridSpatialIndex, linearLocate, type GridSpatialEntry } from '../src/core/grids/spatial-index.js';
import type { BenchContext } from './run.js';

/** Small, fast, seedable PRNG so every run measures the same grids and the same points. */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Shape of a generated city: districts → communities → grid cells, all tiling their parent exactly. */
export interface HierarchyOptions {
  districtsX: number;
  districtsY: number;
  communitiesX: number;
  communitiesY: number;
  cellsX: number;
  cellsY: number;
  seed?: number;
  /** South-west corner of the city, lng/lat. */
  origin?: [number, number];
  /** Cell size before jitter, degrees. */
  cellSize?: [number, number];
  /** About one cell in this many gets a hole; half the holes are exclaves of the eastern neighbour. */
  holeEvery?: number;
}

/**
 * A deterministic city of nested grids for tests and benchmarks. Cells are jittered lattice quads
 * whose edges carry 0–2 extra vertices (5–13 positions per ring, like digitised compounds), shared
 * exactly with the neighbour so siblings tile their parent with no gap or overlap. Parents are the
 * outlines of their block of cells, so they carry hundreds to thousands of vertices, as real
 * district boundaries do. Some cells have a hole: half of them stay empty (a park in no grid, so
 * the point falls to the community) and half belong to the eastern neighbour as a second polygon,
 * which exercises holes and multipolygons in the same run.
 */
export function generateGridHierarchy(options: HierarchyOptions): GridSpatialEntry[] {
  const { districtsX, districtsY, communitiesX, communitiesY, cellsX, cellsY } = options;
  const random = mulberry32(options.seed ?? 20180101);
  const [originX, originY] = options.origin ?? [130.35, 44.45];
  const [dx, dy] = options.cellSize ?? [0.0011, 0.0009];
  const holeEvery = options.holeEvery ?? 50;
  const nx = districtsX * communitiesX * cellsX;
  const ny = districtsY * communitiesY * cellsY;

  const vertex: Position[] = [];
  for (let j = 0; j <= ny; j++) {
    for (let i = 0; i <= nx; i++) {
      vertex.push([originX + (i + (random() - 0.5) * 0.5) * dx, originY + (j + (random() - 0.5) * 0.5) * dy]);
    }
  }
  const v = (i: number, j: number): Position => vertex[j * (nx + 1) + i];
  /** Extra points along an edge from a to b: 0–2 of them, bulging a little sideways. */
  const bulges = (a: Position, b: Position): Position[] => {
    const roll = random();
    const count = roll < 0.3 ? 0 : roll < 0.7 ? 1 : 2;
    const points: Position[] = [];
    for (let k = 1; k <= count; k++) {
      const t = k / (count + 1) + (random() - 0.5) * 0.1;
      const offset = (random() - 0.5) * 0.16;
      const ex = b[0] - a[0];
      const ey = b[1] - a[1];
      points.push([a[0] + ex * t - ey * offset, a[1] + ey * t + ex * offset]);
    }
    return points;
  };
  const horizontal: Position[][] = [];
  for (let j = 0; j <= ny; j++) for (let i = 0; i < nx; i++) horizontal.push(bulges(v(i, j), v(i + 1, j)));
  const vertical: Position[][] = [];
  for (let j = 0; j < ny; j++) for (let i = 0; i <= nx; i++) vertical.push(bulges(v(i, j), v(i, j + 1)));
  const hEdge = (i: number, j: number) => horizontal[j * nx + i];
  const vEdge = (i: number, j: number) => vertical[j * (nx + 1) + i];

  /** Counter-clockwise outline of the block of cells [i0, i1) × [j0, j1). */
  const outline = (i0: number, j0: number, i1: number, j1: number): Position[] => {
    const ring: Position[] = [];
    for (let i = i0; i < i1; i++) ring.push(v(i, j0), ...hEdge(i, j0));
    for (let j = j0; j < j1; j++) ring.push(v(i1, j), ...vEdge(i1, j));
    for (let i = i1 - 1; i >= i0; i--) ring.push(v(i + 1, j1), ...[...hEdge(i, j1)].reverse());
    for (let j = j1 - 1; j >= j0; j--) ring.push(v(i0, j + 1), ...[...vEdge(i0, j)].reverse());
    ring.push(ring[0]);
    return ring;
  };

  const entries: GridSpatialEntry[] = [{ id: 'city', path: '/city/', depth: 0, geometry: { type: 'Polygon', coordinates: [outline(0, 0, nx, ny)] } }];
  const cellW = communitiesX * cellsX;
  const cellH = communitiesY * cellsY;
  const cells: GridSpatialEntry[][] = [];
  for (let dj = 0; dj < districtsY; dj++) {
    for (let di = 0; di < districtsX; di++) {
      const district = `d${di}-${dj}`;
      const districtPath = `/city/${district}/`;
      entries.push({ id: district, path: districtPath, depth: 1, geometry: { type: 'Polygon', coordinates: [outline(di * cellW, dj * cellH, (di + 1) * cellW, (dj + 1) * cellH)] } });
      for (let cj = 0; cj < communitiesY; cj++) {
        for (let ci = 0; ci < communitiesX; ci++) {
          const i0 = di * cellW + ci * cellsX;
          const j0 = dj * cellH + cj * cellsY;
          const community = `${district}.c${ci}-${cj}`;
          const communityPath = `${districtPath}${community}/`;
          entries.push({ id: community, path: communityPath, depth: 2, geometry: { type: 'Polygon', coordinates: [outline(i0, j0, i0 + cellsX, j0 + cellsY)] } });
          for (let j = j0; j < j0 + cellsY; j++) {
            cells[j] ??= [];
            for (let i = i0; i < i0 + cellsX; i++) {
              const id = `${community}.g${i}-${j}`;
              cells[j][i] = { id, path: `${communityPath}${id}/`, depth: 3, geometry: { type: 'Polygon', coordinates: [outline(i, j, i + 1, j + 1)] } };
              entries.push(cells[j][i]);
            }
          }
        }
      }
    }
  }

  // Holes go to cells with an eastern neighbour; the neighbour takes the hole as an exclave.
  for (let j = 0; j < ny; j++) {
    for (let i = 0; i < nx - 1; i++) {
      if (random() * holeEvery >= 1) continue;
      const cx = originX + (i + 0.5) * dx;
      const cy = originY + (j + 0.5) * dy;
      const hx = dx * 0.1;
      const hy = dy * 0.1;
      const hole: Position[] = [[cx - hx, cy - hy], [cx - hx, cy + hy], [cx + hx, cy + hy], [cx + hx, cy - hy], [cx - hx, cy - hy]];
      const holed = cells[j][i].geometry;
      (holed.type === 'Polygon' ? holed.coordinates : holed.coordinates[0]).push(hole);
      if (random() < 0.5) continue;
      const east = cells[j][i + 1];
      const exclave = [...hole].reverse();
      east.geometry =
        east.geometry.type === 'Polygon'
          ? ({ type: 'MultiPolygon', coordinates: [east.geometry.coordinates, [exclave]] } satisfies MultiPolygon)
          : { type: 'MultiPolygon', coordinates: [...east.geometry.coordinates, [exclave]] };
    }
  }
  return entries;
}

/** Random points over the bounding box of the entries, a little beyond it so misses are measured too. */
export function randomPoints(entries: readonly GridSpatialEntry[], count: number, seed: number): Float64Array {
  let minX = Infinity;
  let minY = Infinity;
  let maxX = -Infinity;
  let maxY = -Infinity;
  for (const entry of entries) {
    const polygons = entry.geometry.type === 'Polygon' ? [entry.geometry.coordinates] : entry.geometry.coordinates;
    for (const rings of polygons) {
      for (const [x, y] of rings[0]) {
        if (x < minX) minX = x;
        if (x > maxX) maxX = x;
        if (y < minY) minY = y;
        if (y > maxY) maxY = y;
      }
    }
  }
  const padX = (maxX - minX) * 0.02;
  const padY = (maxY - minY) * 0.02;
  const random = mulberry32(seed);
  const points = new Float64Array(count * 2);
  for (let k = 0; k < count; k++) {
    points[k * 2] = minX - padX + random() * (maxX - minX + 2 * padX);
    points[k * 2 + 1] = minY - padY + random() * (maxY - minY + 2 * padY);
  }
  return points;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

/**
 * Median microseconds per call, timing each call on its own so the figure is a true median
 * (timer overhead, ~0.05 µs, is included and only makes the index look slower).
 */
function medianMicros(points: Float64Array, count: number, locate: (lng: number, lat: number) => unknown): { median: number; hits: number } {
  const samples: number[] = new Array(count);
  let hits = 0;
  for (let k = 0; k < count; k++) {
    const lng = points[k * 2];
    const lat = points[k * 2 + 1];
    const start = process.hrtime.bigint();
    const found = locate(lng, lat);
    samples[k] = Number(process.hrtime.bigint() - start) / 1000;
    if (found) hits++;
  }
  return { median: median(samples), hits };
}

/**
 * Index vs linear scan over the same entries and the same points. The linear scan gets fewer
 * points because each takes tens of milliseconds at 100,000 grids; its median is still stable.
 * Answers are cross-checked on the baseline's points so a fast but wrong index cannot pass.
 */
async function measure(
  ctx: BenchContext,
  name: string,
  entries: GridSpatialEntry[],
  options: { points: number; baselinePoints: number; pointsOver?: GridSpatialEntry[] },
): Promise<void> {
  const buildStart = performance.now();
  const index = new GridSpatialIndex(entries);
  ctx.log(`${name}: ${entries.length} grids indexed in ${(performance.now() - buildStart).toFixed(0)} ms`);
  const points = randomPoints(options.pointsOver ?? entries, options.points, 7);
  const locate = (lng: number, lat: number) => index.locate(lng, lat);
  medianMicros(points, Math.min(options.points, 20_000), locate);
  const indexed = medianMicros(points, options.points, locate);
  const baseline = medianMicros(points, options.baselinePoints, (lng, lat) => linearLocate(entries, lng, lat));
  for (let k = 0; k < options.baselinePoints; k++) {
    const expected = linearLocate(entries, points[k * 2], points[k * 2 + 1])?.id;
    const actual = index.locate(points[k * 2], points[k * 2 + 1])?.id;
    if (expected !== actual) throw new Error(`${name}: index says ${actual}, linear scan says ${expected} at point ${k}`);
  }
  ctx.log(`${name}: ${indexed.hits}/${options.points} points inside a grid; linear scan on ${options.baselinePoints} points agrees`);
  ctx.emit({ name, value: indexed.median, unit: 'µs', baseline: 'linear point-in-polygon scan', baselineValue: baseline.median });
}

/** Depth of each demo grid from its parent chain (the demo lists parents first). */
function demoEntries(grids: { code: string; parentCode: string | null; boundary: Polygon | MultiPolygon | null }[]): GridSpatialEntry[] {
  const depthOf = new Map<string, number>();
  const pathOf = new Map<string, string>();
  const entries: GridSpatialEntry[] = [];
  for (const grid of grids) {
    const parentDepth = grid.parentCode === null ? -1 : (depthOf.get(grid.parentCode) ?? -1);
    const path = `${grid.parentCode === null ? '/' : (pathOf.get(grid.parentCode) ?? '/')}${grid.code}/`;
    depthOf.set(grid.code, parentDepth + 1);
    pathOf.set(grid.code, path);
    if (grid.boundary) entries.push({ id: grid.code, path, depth: parentDepth + 1, geometry: grid.boundary });
  }
  return entries;
}

/** Figures `grid.locate.100k` and `grid.locate.demo` (SPEC Targets: ≤ 20 µs, ≥ 1,000× linear). */
export async function run(ctx: BenchContext): Promise<void> {
  const generated = generateGridHierarchy({ districtsX: 10, districtsY: 10, communitiesX: 3, communitiesY: 3, cellsX: 11, cellsY: 10 });
  await measure(ctx, 'grid.locate.100k', generated, { points: 100_000, baselinePoints: 40 });

  // Imported by URL so this file type-checks and runs before demo/generate.ts has been written.
  const demoUrl = new URL('../demo/generate.ts', import.meta.url);
  if (!existsSync(demoUrl)) {
    ctx.log('grid.locate.demo skipped: demo/generate.ts is not there yet');
    return;
  }
  const demo = (await import(demoUrl.href)) as { generateWorld: (options?: { seed?: number }) => { grids: Parameters<typeof demoEntries>[0] } };
  const entries = demoEntries(demo.generateWorld().grids);
  if (entries.length === 0) {
    ctx.log('grid.locate.demo skipped: the demo world has no grid boundaries');
    return;
  }
  // The real county outline is hundreds of times the area of the town whose grids are drawn; points
  // are spread over the drawn grids below it, where cases actually come from.
  const drawn = entries.filter((entry) => entry.depth > 0);
  await measure(ctx, 'grid.locate.demo', entries, { points: 50_000, baselinePoints: 2_000, pointsOver: drawn.length ? drawn : entries });
}
