import Flatbush from 'flatbush';
import type { MultiPolygon, Polygon, Position } from 'geojson';
import { difference, intersection, union, type Geom } from 'polyclip-ts';

/** A grid node as the check needs it; nodes without a boundary only count as parents of nothing. */
export interface BoundaryNode {
  id: string;
  code: string;
  name: string;
  parentId: string | null;
  geometry?: Polygon | MultiPolygon;
}

/** How a report names a grid: enough to link to it and to read it aloud. */
export interface GridRef {
  id: string;
  code: string;
  name: string;
}

/** Part of a parent that none of its children covers. */
export interface BoundaryGap {
  parent: GridRef;
  areaM2: number;
  geometry: Polygon;
}

/** Area claimed by two siblings at once, so a case there could be routed to either. */
export interface BoundaryOverlap {
  parent: GridRef;
  a: GridRef;
  b: GridRef;
  areaM2: number;
  geometry: Polygon | MultiPolygon;
}

/** Area of a child that lies outside its parent, where routing would skip the parent. */
export interface BoundaryOutside {
  grid: GridRef;
  parent: GridRef;
  areaM2: number;
  geometry: Polygon | MultiPolygon;
}

/** A parent whose check could not finish because polygon clipping failed on its data. */
export interface BoundaryUnchecked {
  parent: GridRef;
  reason: 'clipFailed';
}

/**
 * What {@link checkBoundaries} found; areas are m² and every list is largest first. `unchecked`
 * lists parents whose check stopped on a clipping failure, so a clean report is never claimed
 * for them (findings made before the failure are kept).
 */
export interface BoundaryReport {
  gaps: BoundaryGap[];
  overlaps: BoundaryOverlap[];
  outsideParent: BoundaryOutside[];
  unchecked: BoundaryUnchecked[];
}

/** Tuning for {@link checkBoundaries}. */
export interface BoundaryCheckOptions {
  /**
   * Pieces smaller than this (m²) are not reported: digitised neighbours never meet exactly, and
   * nobody should be sent to fix a sliver the width of a pen stroke. Default 1 m².
   */
  minAreaM2?: number;
}

/**
 * Distance (degrees, about 0.1 mm) under which a vertex counts as lying on another boundary.
 * Outlines cut from the same line differ by rounding noise below this (under 1e-9° in the demo
 * data). Noisier data is still reported exactly; it only sends more pairs through the slow clip.
 */
const EPS = 1e-9;
/** Mean Earth radius, as turf uses. */
const EARTH_RADIUS_M = 6_371_008.8;

/** Shapes with more edges than this get an R-tree over their edges for the tests below. */
const TREE_EDGES = 32;

/** A boundary prepared for the fast topology tests: parts, flat edge list and bounding box. */
interface Shape {
  polygons: Position[][][];
  /** ax, ay, bx, by per non-degenerate edge. */
  edges: Float64Array;
  /** Polygon index of each edge, to keep even-odd parity per part. */
  edgePart: Int32Array;
  partCount: number;
  minX: number;
  minY: number;
  maxX: number;
  maxY: number;
  /** Every edge index, handed out instead of a search for small shapes. */
  allEdges: Int32Array;
  /** Built on first use, for shapes with many edges (district and city outlines). */
  tree?: Flatbush;
}

function prepare(geometry: Polygon | MultiPolygon): Shape {
  const polygons = geometry.type === 'Polygon' ? [geometry.coordinates] : geometry.coordinates;
  const edges: number[] = [];
  const parts: number[] = [];
  let minX = Infinity;
  let minY = Infinity;
  let maxX = -Infinity;
  let maxY = -Infinity;
  polygons.forEach((rings, part) => {
    for (const ring of rings) {
      for (let k = 0; k + 1 < ring.length; k++) {
        const [ax, ay] = ring[k];
        const [bx, by] = ring[k + 1];
        if (ax < minX) minX = ax;
        if (ax > maxX) maxX = ax;
        if (ay < minY) minY = ay;
        if (ay > maxY) maxY = ay;
        if (ax === bx && ay === by) continue;
        edges.push(ax, ay, bx, by);
        parts.push(part);
      }
    }
  });
  const allEdges = new Int32Array(parts.length);
  for (let k = 0; k < allEdges.length; k++) allEdges[k] = k;
  return { polygons, edges: Float64Array.from(edges), edgePart: Int32Array.from(parts), partCount: polygons.length, minX, minY, maxX, maxY, allEdges };
}

/** Edges of `shape` whose bounding box may meet the given box (all of them for small shapes). */
function edgesNear(shape: Shape, minX: number, minY: number, maxX: number, maxY: number): ArrayLike<number> {
  const count = shape.allEdges.length;
  if (count <= TREE_EDGES) return shape.allEdges;
  if (!shape.tree) {
    const tree = new Flatbush(count);
    const e = shape.edges;
    for (let k = 0; k < count; k++) {
      tree.add(Math.min(e[k * 4], e[k * 4 + 2]), Math.min(e[k * 4 + 1], e[k * 4 + 3]), Math.max(e[k * 4], e[k * 4 + 2]), Math.max(e[k * 4 + 1], e[k * 4 + 3]));
    }
    tree.finish();
    shape.tree = tree;
  }
  return shape.tree.search(minX, minY, maxX, maxY);
}

/** Whether a point lies on the boundary of a shape, within EPS. */
function isOnBoundary(x: number, y: number, shape: Shape): boolean {
  if (x < shape.minX - EPS || x > shape.maxX + EPS || y < shape.minY - EPS || y > shape.maxY + EPS) return false;
  const e = shape.edges;
  const near = edgesNear(shape, x - EPS, y - EPS, x + EPS, y + EPS);
  for (let n = 0; n < near.length; n++) {
    const k = near[n] * 4;
    const ax = e[k];
    const ay = e[k + 1];
    const bx = e[k + 2];
    const by = e[k + 3];
    if (x < Math.min(ax, bx) - EPS || x > Math.max(ax, bx) + EPS || y < Math.min(ay, by) - EPS || y > Math.max(ay, by) + EPS) continue;
    const dx = bx - ax;
    const dy = by - ay;
    const t = Math.max(0, Math.min(1, ((x - ax) * dx + (y - ay) * dy) / (dx * dx + dy * dy)));
    const ox = x - (ax + t * dx);
    const oy = y - (ay + t * dy);
    if (ox * ox + oy * oy <= EPS * EPS) return true;
  }
  return false;
}

type Where = 'in' | 'out' | 'on';

/** Where a point lies relative to a shape: on its boundary (within EPS), inside or outside. */
function classifyPoint(x: number, y: number, shape: Shape): Where {
  if (x < shape.minX - EPS || x > shape.maxX + EPS || y < shape.minY - EPS || y > shape.maxY + EPS) return 'out';
  if (isOnBoundary(x, y, shape)) return 'on';
  const { edges, edgePart } = shape;
  // Even-odd per polygon, so that overlapping parts of a sloppy multipolygon still count as inside.
  const parity = shape.partCount > 1 ? new Uint8Array(shape.partCount) : undefined;
  let isOdd = false;
  // Only edges whose box meets the rightward ray can be crossed by it.
  const near = edgesNear(shape, x, y, Infinity, y);
  for (let n = 0; n < near.length; n++) {
    const k = near[n];
    const ay = edges[k * 4 + 1];
    const by = edges[k * 4 + 3];
    if (ay > y === by > y) continue;
    const ax = edges[k * 4];
    const bx = edges[k * 4 + 2];
    if (x < ax + ((y - ay) * (bx - ax)) / (by - ay)) {
      if (parity) parity[edgePart[k]] ^= 1;
      else isOdd = !isOdd;
    }
  }
  return (parity ? parity.includes(1) : isOdd) ? 'in' : 'out';
}

/** Which side of line a→b the point is on: 0 within EPS of the line, else ±1. */
function side(ax: number, ay: number, bx: number, by: number, px: number, py: number): number {
  const dx = bx - ax;
  const dy = by - ay;
  const cross = dx * (py - ay) - dy * (px - ax);
  return cross * cross <= EPS * EPS * (dx * dx + dy * dy) ? 0 : Math.sign(cross);
}

/** Parameter along p→q of point u when u lies on the open segment (not at either end), else -1. */
function paramOnOpenSegment(px: number, py: number, qx: number, qy: number, ux: number, uy: number): number {
  if (side(px, py, qx, qy, ux, uy) !== 0) return -1;
  const dx = qx - px;
  const dy = qy - py;
  const length = Math.sqrt(dx * dx + dy * dy);
  const t = ((ux - px) * dx + (uy - py) * dy) / (length * length);
  const margin = EPS / length;
  return t > margin && t < 1 - margin ? t : -1;
}

/** How the boundary of one shape sits relative to another (see {@link siblingRelation}). */
interface BoundaryRelation {
  /** Some edge crosses an edge of the other shape at a point inside both. */
  crosses: boolean;
  /** Some stretch of the boundary runs through the other shape's interior. */
  hasInside: boolean;
  /** Some stretch of the boundary runs through the other shape's exterior. */
  hasOutside: boolean;
  /** Some polygon lies with its whole boundary on the other's boundary (identical, or filling a hole). */
  hasPartOnBoundary: boolean;
  /** Some stretch of the boundary runs along the other's boundary. */
  hasOnBoundary: boolean;
}

/**
 * Splits edge p→q of one shape wherever a vertex of `other` lies on it, appending the parameters
 * (0 and 1 included, sorted) to `params`. Returns false when the edge properly crosses an edge of
 * `other`, which makes the pieces meaningless.
 */
function splitEdge(px: number, py: number, qx: number, qy: number, other: Shape, params: number[]): boolean {
  const minX = Math.min(px, qx) - EPS;
  const maxX = Math.max(px, qx) + EPS;
  const minY = Math.min(py, qy) - EPS;
  const maxY = Math.max(py, qy) + EPS;
  const o = other.edges;
  const near = edgesNear(other, minX, minY, maxX, maxY);
  for (let n = 0; n < near.length; n++) {
    const f = near[n] * 4;
    const ux = o[f];
    const uy = o[f + 1];
    const vx = o[f + 2];
    const vy = o[f + 3];
    if (Math.max(ux, vx) < minX || Math.min(ux, vx) > maxX || Math.max(uy, vy) < minY || Math.min(uy, vy) > maxY) continue;
    const s1 = side(px, py, qx, qy, ux, uy);
    const s2 = side(px, py, qx, qy, vx, vy);
    if (s1 * s2 < 0 && side(ux, uy, vx, vy, px, py) * side(ux, uy, vx, vy, qx, qy) < 0) return false;
    if (s1 === 0) {
      const t = paramOnOpenSegment(px, py, qx, qy, ux, uy);
      if (t > 0) params.push(t);
    }
    if (s2 === 0) {
      const t = paramOnOpenSegment(px, py, qx, qy, vx, vy);
      if (t > 0) params.push(t);
    }
  }
  return true;
}

/**
 * Classifies the boundary of `a` against `b` without clipping. Each edge of `a` is cut where a
 * vertex of `b` touches it; with no proper crossings, each resulting piece lies entirely inside,
 * outside or along the boundary of `b`, so its midpoint decides for all of it. That is exact (up
 * to EPS) and costs a fraction of a polygon clip, which only the pairs that need it then pay for.
 */
function relate(a: Shape, b: Shape): BoundaryRelation {
  const relation: BoundaryRelation = { crosses: false, hasInside: false, hasOutside: false, hasPartOnBoundary: false, hasOnBoundary: false };
  const bMinX = b.minX - EPS;
  const bMinY = b.minY - EPS;
  const bMaxX = b.maxX + EPS;
  const bMaxY = b.maxY + EPS;
  const params: number[] = [];
  const e = a.edges;
  let part = -1;
  let isAllOn = true;
  for (let k = 0; k < a.edgePart.length; k++) {
    if (a.edgePart[k] !== part) {
      if (part >= 0 && isAllOn) relation.hasPartOnBoundary = true;
      part = a.edgePart[k];
      isAllOn = true;
    }
    const px = e[k * 4];
    const py = e[k * 4 + 1];
    const qx = e[k * 4 + 2];
    const qy = e[k * 4 + 3];
    if (Math.max(px, qx) < bMinX || Math.min(px, qx) > bMaxX || Math.max(py, qy) < bMinY || Math.min(py, qy) > bMaxY) {
      relation.hasOutside = true;
      isAllOn = false;
      continue;
    }
    params.length = 0;
    params.push(0, 1);
    if (!splitEdge(px, py, qx, qy, b, params)) {
      relation.crosses = true;
      return relation;
    }
    params.sort((x, y) => x - y);
    for (let m = 0; m < params.length; m++) {
      // The start vertex, then the midpoint of every piece.
      let where: Where;
      if (m === 0) where = classifyPoint(px, py, b);
      else if (params[m] - params[m - 1] <= 1e-12) continue;
      else {
        const t = (params[m - 1] + params[m]) / 2;
        where = classifyPoint(px + (qx - px) * t, py + (qy - py) * t, b);
      }
      if (where === 'in') relation.hasInside = true;
      else if (where === 'out') relation.hasOutside = true;
      else relation.hasOnBoundary = true;
      if (where !== 'on') isAllOn = false;
    }
  }
  if (part >= 0 && isAllOn) relation.hasPartOnBoundary = true;
  return relation;
}

/**
 * Whether the interiors of a and b may share area (false means certainly not, so no clip is
 * needed) and whether their boundaries may run along each other.
 */
function siblingRelation(a: Shape, b: Shape): { mayOverlap: boolean; mayTouch: boolean } {
  const ab = relate(a, b);
  if (ab.crosses || ab.hasInside || ab.hasPartOnBoundary) return { mayOverlap: true, mayTouch: true };
  const ba = relate(b, a);
  if (ba.crosses || ba.hasInside || ba.hasPartOnBoundary) return { mayOverlap: true, mayTouch: true };
  return { mayOverlap: false, mayTouch: ab.hasOnBoundary || ba.hasOnBoundary };
}

/**
 * Whether the child may reach outside its parent (false means it certainly lies within) and
 * whether its boundary may run along the parent's.
 */
function childRelation(child: Shape, parent: Shape): { mayStickOut: boolean; mayTouch: boolean } {
  const cp = relate(child, parent);
  if (cp.crosses || cp.hasOutside || cp.hasPartOnBoundary) return { mayStickOut: true, mayTouch: true };
  const pc = relate(parent, child);
  return { mayStickOut: pc.hasInside, mayTouch: pc.hasInside || cp.hasOnBoundary || pc.hasOnBoundary };
}

/**
 * Area in m² on the sphere of polygons whose edges are straight in lng/lat, the way they are
 * drawn and clipped. Each edge's ∮ sin φ dλ is integrated exactly (turf uses the trapezoid rule),
 * so the area is exactly additive when a shape is cut into pieces: a child outline that runs along
 * its parent's edge through extra vertices does not leave a phantom sliver of several m² per km.
 * The gap bound and the reported areas depend on that.
 */
function exactArea(polygons: Position[][][]): number {
  let total = 0;
  for (const rings of polygons) {
    rings.forEach((ring, r) => {
      const phi0 = Math.sin((ring[0][1] * Math.PI) / 180);
      let sum = 0;
      for (let k = 0; k + 1 < ring.length; k++) {
        const lambda = ((ring[k + 1][0] - ring[k][0]) * Math.PI) / 180;
        const phi1 = (ring[k][1] * Math.PI) / 180;
        const phi2 = (ring[k + 1][1] * Math.PI) / 180;
        const half = (phi2 - phi1) / 2;
        const sinc = Math.abs(half) < 1e-8 ? 1 - (half * half) / 6 : Math.sin(half) / half;
        // Subtracting a constant changes nothing on a closed ring and keeps the sum precise.
        sum += lambda * (Math.sin((phi1 + phi2) / 2) * sinc - phi0);
      }
      total += (r === 0 ? 1 : -1) * Math.abs(sum);
    });
  }
  return total * EARTH_RADIUS_M * EARTH_RADIUS_M;
}

function toGeometry(polygons: Position[][][]): Polygon | MultiPolygon {
  return polygons.length === 1 ? { type: 'Polygon', coordinates: polygons[0] } : { type: 'MultiPolygon', coordinates: polygons };
}

function asGeom(shape: Shape): Geom {
  return shape.polygons as Geom;
}

function refOf(node: BoundaryNode): GridRef {
  return { id: node.id, code: node.code, name: node.name };
}

interface Prepared {
  node: BoundaryNode;
  shape: Shape;
}

/**
 * Finds what makes routing ambiguous or incomplete (SPEC G2): for each parent with a boundary and
 * children with boundaries, the parts of the parent no child covers (gaps), areas two siblings
 * both claim (overlaps), and children reaching outside their parent. Parents whose children have
 * no boundaries are skipped rather than reported as one big gap, since drawing children is
 * optional; a child without a boundary simply does not cover anything.
 *
 * Polygon clipping (polyclip-ts) is exact but slow, so it only runs where a cheap boundary
 * classification says an overlap, a gap or an overhang may exist, and gaps are clipped only in
 * small windows around the boundary stretches that border them; in a well-drawn tiling almost
 * nothing gets clipped. About 2 s for 300 parents of 50 children each on one core.
 */
export function checkBoundaries(nodes: readonly BoundaryNode[], options: BoundaryCheckOptions = {}): BoundaryReport {
  const minAreaM2 = options.minAreaM2 ?? 1;
  const report: BoundaryReport = { gaps: [], overlaps: [], outsideParent: [], unchecked: [] };
  const byId = new Map(nodes.map((node) => [node.id, node]));
  const childrenOf = new Map<string, BoundaryNode[]>();
  for (const node of nodes) {
    if (node.parentId === null || !node.geometry || !byId.get(node.parentId)?.geometry) continue;
    const list = childrenOf.get(node.parentId);
    if (list) list.push(node);
    else childrenOf.set(node.parentId, [node]);
  }
  for (const [parentId, children] of childrenOf) {
    const parent = byId.get(parentId)!;
    try {
      checkFamily(parent, children, minAreaM2, report);
    } catch {
      report.unchecked.push({ parent: refOf(parent), reason: 'clipFailed' });
    }
  }
  const byArea = (x: { areaM2: number }, y: { areaM2: number }) => y.areaM2 - x.areaM2;
  report.gaps.sort(byArea);
  report.overlaps.sort(byArea);
  report.outsideParent.sort(byArea);
  return report;
}

/** One parent and its drawn children; appends findings to the report. */
function checkFamily(parentNode: BoundaryNode, childNodes: BoundaryNode[], minAreaM2: number, report: BoundaryReport): void {
  const parent = prepare(parentNode.geometry!);
  const children: Prepared[] = childNodes.map((node) => ({ node, shape: prepare(node.geometry!) }));
  const parentRef = refOf(parentNode);
  // Upper bound on the uncovered area: parent − Σ children + what sticks out + what is counted twice.
  let gapBound = exactArea(parent.polygons);
  // Children inside the parent and apart from each other: gaps can then be found locally.
  let isClean = true;
  let doesTouchParent = false;
  let doSiblingsTouch = false;

  for (const child of children) {
    gapBound -= exactArea(child.shape.polygons);
    const relation = childRelation(child.shape, parent);
    if (relation.mayTouch) doesTouchParent = true;
    if (!relation.mayStickOut) continue;
    const outside = difference(asGeom(child.shape), asGeom(parent)) as Position[][][];
    if (outside.length === 0) continue;
    isClean = false;
    const areaM2 = exactArea(outside);
    gapBound += areaM2;
    const geometry = toGeometry(outside);
    if (areaM2 >= minAreaM2) report.outsideParent.push({ grid: refOf(child.node), parent: parentRef, areaM2, geometry });
  }

  const tree = new Flatbush(children.length);
  for (const { shape } of children) tree.add(shape.minX - EPS, shape.minY - EPS, shape.maxX + EPS, shape.maxY + EPS);
  tree.finish();
  const near = (minX: number, minY: number, maxX: number, maxY: number) => tree.search(minX - EPS, minY - EPS, maxX + EPS, maxY + EPS);
  children.forEach((a, i) => {
    for (const j of near(a.shape.minX, a.shape.minY, a.shape.maxX, a.shape.maxY)) {
      if (j <= i) continue;
      const b = children[j];
      const relation = siblingRelation(a.shape, b.shape);
      if (relation.mayTouch) doSiblingsTouch = true;
      if (!relation.mayOverlap) continue;
      const shared = intersection(asGeom(a.shape), asGeom(b.shape)) as Position[][][];
      if (shared.length === 0) continue;
      isClean = false;
      const areaM2 = exactArea(shared);
      gapBound += areaM2;
      const geometry = toGeometry(shared);
      if (areaM2 >= minAreaM2) report.overlaps.push({ parent: parentRef, a: refOf(a.node), b: refOf(b.node), areaM2, geometry });
    }
  });

  // The margin only absorbs floating-point noise; the areas themselves add up exactly.
  if (gapBound < minAreaM2 * 0.999) return;
  const pieces: Position[][][] = [];
  if (isClean && !doesTouchParent) {
    // Children float inside the parent (a town drawn inside a county, buildings in a compound):
    // the gap is the parent with the children's outline as holes, and clipping the (often huge)
    // parent outline is not needed at all.
    const covered = doSiblingsTouch ? (union(asGeom(children[0].shape), ...children.slice(1).map((c) => asGeom(c.shape))) as Position[][][]) : children.flatMap((c) => c.shape.polygons);
    pieces.push(...punchHoles(parent.polygons, covered));
  } else {
    const regions = isClean ? gapRegions(parent, children, near) : [[parent.minX, parent.minY, parent.maxX, parent.maxY] as Box];
    for (const region of regions) {
      const local = clipToBox(parent, region);
      if (local.length === 0) continue;
      const covering = near(...region).map((j) => asGeom(children[j].shape));
      pieces.push(...((covering.length ? difference(local as Geom, ...covering) : local) as Position[][][]));
    }
  }
  for (const piece of pieces) {
    const areaM2 = exactArea([piece]);
    if (areaM2 >= minAreaM2) report.gaps.push({ parent: parentRef, areaM2, geometry: { type: 'Polygon', coordinates: piece } });
  }
}

/**
 * Parent minus covered, when every covered polygon lies strictly inside the parent and covered
 * polygons do not overlap: each covered outline becomes a hole of the parent part around it, and
 * each hole of a covered polygon is a gap of its own (around any covered islands inside it).
 */
function punchHoles(parentPolygons: Position[][][], covered: Position[][][]): Position[][][] {
  const inRing = (point: Position, ring: Position[]) => {
    let isInside = false;
    for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
      const [xi, yi] = ring[i];
      const [xj, yj] = ring[j];
      if (yi > point[1] !== yj > point[1] && point[0] < xi + ((point[1] - yi) * (xj - xi)) / (yj - yi)) isInside = !isInside;
    }
    return isInside;
  };
  const pieces: Position[][][] = parentPolygons.map((rings) => [orient(rings[0], true), ...rings.slice(1).map((ring) => orient(ring, false))]);
  for (const polygon of covered) {
    const probe = polygon[0][0];
    const host = pieces.findIndex((rings) => inRing(probe, rings[0]) && !rings.slice(1).some((hole) => inRing(probe, hole)));
    pieces[host === -1 ? 0 : host].push(orient(polygon[0], false));
  }
  for (const polygon of covered) {
    for (const hole of polygon.slice(1)) {
      const islands = covered.filter((other) => other !== polygon && inRing(other[0][0], hole));
      // Only islands not inside another island of the same hole are holes of this gap.
      const outermost = islands.filter((island) => !islands.some((other) => other !== island && inRing(island[0][0], other[0])));
      pieces.push([orient(hole, true), ...outermost.map((island) => orient(island[0], false))]);
    }
  }
  return pieces;
}

/** The ring wound counter-clockwise (shells, per RFC 7946) or clockwise (holes). */
function orient(ring: Position[], isCounterClockwise: boolean): Position[] {
  let twice = 0;
  for (let k = 0; k + 1 < ring.length; k++) twice += ring[k][0] * ring[k + 1][1] - ring[k + 1][0] * ring[k][1];
  return twice > 0 === isCounterClockwise ? ring : [...ring].reverse();
}

type Box = [minX: number, minY: number, maxX: number, maxY: number];

/**
 * Margin (degrees, about 1 cm) around a gap region, so the clip window never runs along the
 * region's own boundary.
 */
const REGION_MARGIN = 1e-7;

/**
 * Boxes that together contain every gap of a clean family (children inside the parent, apart from
 * each other). A gap is bounded only by stretches of boundary nobody else shares: a child edge no
 * sibling and not the parent runs along, or a parent edge no child runs along. Boxes around those
 * stretches are merged until none overlap, so each gap lies wholly inside exactly one of them and
 * the expensive clip only ever sees the few children around it.
 */
function gapRegions(parent: Shape, children: Prepared[], near: (...box: Box) => number[]): Box[] {
  const boxes: Box[] = [];
  children.forEach((child, i) => {
    const s = child.shape;
    const others = [parent, ...near(s.minX, s.minY, s.maxX, s.maxY).filter((j) => j !== i).map((j) => children[j].shape)];
    unsharedStretches(s, () => others, boxes);
  });
  unsharedStretches(parent, (minX, minY, maxX, maxY) => near(minX, minY, maxX, maxY).map((j) => children[j].shape), boxes);
  return mergeBoxes(boxes.map(([a, b, c, d]) => [a - REGION_MARGIN, b - REGION_MARGIN, c + REGION_MARGIN, d + REGION_MARGIN]));
}

/** Appends a box around every stretch of `shape`'s boundary that lies on none of the `others`. */
function unsharedStretches(shape: Shape, othersNear: (...box: Box) => Shape[], boxes: Box[]): void {
  const e = shape.edges;
  const params: number[] = [];
  for (let k = 0; k < shape.edgePart.length; k++) {
    const px = e[k * 4];
    const py = e[k * 4 + 1];
    const qx = e[k * 4 + 2];
    const qy = e[k * 4 + 3];
    const others = othersNear(Math.min(px, qx) - EPS, Math.min(py, qy) - EPS, Math.max(px, qx) + EPS, Math.max(py, qy) + EPS);
    params.length = 0;
    params.push(0, 1);
    // A proper crossing cannot happen in a clean family; if rounding says otherwise, the stretch
    // just counts as unshared and the clip sorts it out.
    for (const other of others) splitEdge(px, py, qx, qy, other, params);
    params.sort((x, y) => x - y);
    for (let m = 0; m + 1 < params.length; m++) {
      if (params[m + 1] - params[m] <= 1e-12) continue;
      const t = (params[m] + params[m + 1]) / 2;
      const mx = px + (qx - px) * t;
      const my = py + (qy - py) * t;
      if (others.some((other) => isOnBoundary(mx, my, other))) continue;
      const ax = px + (qx - px) * params[m];
      const ay = py + (qy - py) * params[m];
      const bx = px + (qx - px) * params[m + 1];
      const by = py + (qy - py) * params[m + 1];
      boxes.push([Math.min(ax, bx), Math.min(ay, by), Math.max(ax, bx), Math.max(ay, by)]);
    }
  }
}

/** Merges overlapping boxes until no two overlap (merging can make a box reach a new neighbour). */
function mergeBoxes(boxes: Box[]): Box[] {
  let current = boxes;
  while (current.length > 1) {
    const tree = new Flatbush(current.length);
    for (const box of current) tree.add(...box);
    tree.finish();
    const root = current.map((_, i) => i);
    const find = (i: number): number => {
      while (root[i] !== i) i = root[i] = root[root[i]];
      return i;
    };
    current.forEach((box, i) => {
      for (const j of tree.search(...box)) root[find(j)] = find(i);
    });
    const merged = new Map<number, Box>();
    current.forEach((box, i) => {
      const r = find(i);
      const m = merged.get(r);
      if (!m) merged.set(r, [...box]);
      else merged.set(r, [Math.min(m[0], box[0]), Math.min(m[1], box[1]), Math.max(m[2], box[2]), Math.max(m[3], box[3])]);
    });
    if (merged.size === current.length) break;
    current = [...merged.values()];
  }
  return current;
}

/**
 * The shape cut to a box, as rings for polyclip. Each ring is clipped on its own against the
 * (convex) box by Sutherland–Hodgman, which is linear and float-only; the zero-width runs it can
 * leave along the box edge cancel out under polyclip's non-zero rule. Skips the work entirely
 * when the box covers the shape or no edge reaches into it.
 */
function clipToBox(shape: Shape, [minX, minY, maxX, maxY]: Box): Position[][][] {
  if (minX <= shape.minX && minY <= shape.minY && maxX >= shape.maxX && maxY >= shape.maxY) return shape.polygons;
  if (maxX < shape.minX || minX > shape.maxX || maxY < shape.minY || minY > shape.maxY) return [];
  const e = shape.edges;
  const near = edgesNear(shape, minX, minY, maxX, maxY);
  let touchesEdge = false;
  for (let n = 0; n < near.length && !touchesEdge; n++) {
    const k = near[n] * 4;
    touchesEdge = Math.max(e[k], e[k + 2]) >= minX && Math.min(e[k], e[k + 2]) <= maxX && Math.max(e[k + 1], e[k + 3]) >= minY && Math.min(e[k + 1], e[k + 3]) <= maxY;
  }
  if (!touchesEdge) {
    if (classifyPoint((minX + maxX) / 2, (minY + maxY) / 2, shape) === 'out') return [];
    return [[[[minX, minY], [maxX, minY], [maxX, maxY], [minX, maxY], [minX, minY]]]];
  }
  const clipped: Position[][][] = [];
  for (const rings of shape.polygons) {
    const shell = clipRing(rings[0], minX, minY, maxX, maxY);
    if (shell.length < 4) continue;
    const holes = rings.slice(1).map((ring) => clipRing(ring, minX, minY, maxX, maxY)).filter((ring) => ring.length >= 4);
    clipped.push([shell, ...holes]);
  }
  return clipped;
}

function clipRing(ring: Position[], minX: number, minY: number, maxX: number, maxY: number): Position[] {
  let points = ring.slice(0, -1);
  const planes: [axis: 0 | 1, limit: number, keepAbove: boolean][] = [
    [0, minX, true],
    [0, maxX, false],
    [1, minY, true],
    [1, maxY, false],
  ];
  for (const [axis, limit, keepAbove] of planes) {
    if (points.length === 0) break;
    const isIn = (p: Position) => (keepAbove ? p[axis] >= limit : p[axis] <= limit);
    const output: Position[] = [];
    for (let i = 0; i < points.length; i++) {
      const current = points[i];
      const previous = points[(i + points.length - 1) % points.length];
      const isCurrentIn = isIn(current);
      if (isCurrentIn !== isIn(previous)) {
        const t = (limit - previous[axis]) / (current[axis] - previous[axis]);
        const crossing: Position = axis === 0 ? [limit, previous[1] + t * (current[1] - previous[1])] : [previous[0] + t * (current[0] - previous[0]), limit];
        output.push(crossing);
      }
      if (isCurrentIn) output.push(current);
    }
    points = output;
  }
  return points.length ? [...points, points[0]] : [];
}
