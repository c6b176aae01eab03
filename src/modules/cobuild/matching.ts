import type { ListKind } from './tables.js';

/** What matching needs to know of a need. */
export interface MatchNeed {
  kind: ListKind;
  quantity: number;
  /** Local date by which it is needed, or null (soon, no fixed date). */
  deadline: string | null;
  gridPath: string;
  lng: number | null;
  lat: number | null;
}

/** What matching needs to know of a resource. */
export interface MatchResource {
  kind: ListKind;
  quantity: number;
  availableFrom: string | null;
  availableUntil: string | null;
  /** The organisation's place. */
  gridPath: string;
  lng: number | null;
  lat: number | null;
}

export type MatchReason =
  | 'sameKind'
  | 'relatedKind'
  | 'nearby'
  | 'sameCommunity'
  | 'sameSubdistrict'
  | 'availableInTime'
  | 'availableLater'
  | 'enoughQuantity'
  | 'partialQuantity';

export interface MatchScore {
  /** 0–100: kind 40, place 30, time 20, quantity 10. */
  score: number;
  reasons: MatchReason[];
}

/** Kinds that can stand in for each other: skilled people are people. */
const related: Partial<Record<ListKind, ListKind[]>> = { skills: ['people'], people: ['skills'] };

const METRES_PER_DEGREE = 111_320;

function distanceM(aLng: number, aLat: number, bLng: number, bLat: number): number {
  const dLat = (bLat - aLat) * METRES_PER_DEGREE;
  const dLng = (bLng - aLng) * METRES_PER_DEGREE * Math.cos(((aLat + bLat) / 2) * (Math.PI / 180));
  return Math.sqrt(dLat * dLat + dLng * dLng);
}

/** The path of the ancestor at `depth` (0 city, 1 subdistrict, 2 community), or null when the path is shallower. */
export function ancestorPath(path: string, depth: number): string | null {
  const parts = path.split('/').filter(Boolean);
  if (parts.length <= depth) return null;
  return `/${parts.slice(0, depth + 1).join('/')}/`;
}

function placePoints(need: MatchNeed, resource: MatchResource): { points: number; reason?: MatchReason } {
  let best: { points: number; reason?: MatchReason } = { points: 0 };
  if (need.lng !== null && need.lat !== null && resource.lng !== null && resource.lat !== null) {
    const d = distanceM(need.lng, need.lat, resource.lng, resource.lat);
    const points = d <= 1000 ? 30 : d <= 3000 ? 20 : d <= 10_000 ? 10 : 0;
    if (points > 0) best = { points, reason: 'nearby' };
  }
  const needCommunity = ancestorPath(need.gridPath, 2);
  const needSubdistrict = ancestorPath(need.gridPath, 1);
  if (needCommunity && ancestorPath(resource.gridPath, 2) === needCommunity && best.points < 30) best = { points: 30, reason: 'sameCommunity' };
  else if (needSubdistrict && ancestorPath(resource.gridPath, 1) === needSubdistrict && best.points < 15) best = { points: 15, reason: 'sameSubdistrict' };
  return best;
}

/**
 * How well a resource meets a need, ranked by kind, place and time (then quantity). Null when it
 * cannot meet it at all: another kind of thing, or no longer available on `today`.
 */
export function matchScore(need: MatchNeed, resource: MatchResource, today: string): MatchScore | null {
  const reasons: MatchReason[] = [];
  let score = 0;
  if (need.kind === resource.kind) {
    score += 40;
    reasons.push('sameKind');
  } else if (related[need.kind]?.includes(resource.kind)) {
    score += 15;
    reasons.push('relatedKind');
  } else return null;
  if (resource.availableUntil !== null && resource.availableUntil < today) return null;

  const place = placePoints(need, resource);
  score += place.points;
  if (place.reason) reasons.push(place.reason);

  if (resource.availableFrom === null || need.deadline === null || resource.availableFrom <= need.deadline) {
    score += 20;
    reasons.push('availableInTime');
  } else reasons.push('availableLater');

  if (resource.quantity >= need.quantity) {
    score += 10;
    reasons.push('enoughQuantity');
  } else if (need.quantity > 0) {
    score += Math.round((resource.quantity / need.quantity) * 10);
    reasons.push('partialQuantity');
  }
  return { score, reasons };
}

/** The candidates that can meet the need, best first (ties: the quantity closest to what is needed first). */
export function rankMatches<T extends MatchResource>(need: MatchNeed, resources: T[], today: string, limit = 10): (T & MatchScore)[] {
  return resources
    .map((r) => {
      const m = matchScore(need, r, today);
      return m ? { ...r, ...m } : null;
    })
    .filter((r): r is T & MatchScore => r !== null)
    .sort((a, b) => b.score - a.score || Math.abs(a.quantity - need.quantity) - Math.abs(b.quantity - need.quantity))
    .slice(0, limit);
}
