/**
 * What can be ranked on what (A4), as data: each subject's indicators, whether a higher value is
 * better, and whether the value is a rate or average (which has a denominator and is subject to the
 * minimum volume of the red and black lists) or a plain count or score.
 */

export type Subject = 'grid' | 'community' | 'worker' | 'organization';
export const subjects: Subject[] = ['grid', 'community', 'worker', 'organization'];

export type CaseIndicator = 'resolutionRate' | 'closureRate' | 'onTimeClosureRate' | 'satisfactionRate' | 'overdueNow' | 'receivedPer1000';
export type WorkerIndicator = 'closed' | 'onTimeRate' | 'reworkRate' | 'averageRating';
export type OrganizationIndicator = 'wishesFulfilled' | 'volunteerHours' | 'projectsCompleted' | 'assessmentScore';
export type Indicator = CaseIndicator | WorkerIndicator | OrganizationIndicator;

export interface IndicatorRule {
  /** True when a higher value ranks first (the red list is the top). */
  isHigherBetter: boolean;
  /** rate: numerator / denominator (0..1); average: sum / count; perThousand: numerator per 1,000 of denominator; count or score: the value alone. */
  kind: 'rate' | 'average' | 'perThousand' | 'count' | 'score';
}

const caseIndicators: Record<CaseIndicator, IndicatorRule> = {
  resolutionRate: { isHigherBetter: true, kind: 'rate' },
  closureRate: { isHigherBetter: true, kind: 'rate' },
  onTimeClosureRate: { isHigherBetter: true, kind: 'rate' },
  satisfactionRate: { isHigherBetter: true, kind: 'rate' },
  overdueNow: { isHigherBetter: false, kind: 'count' },
  receivedPer1000: { isHigherBetter: false, kind: 'perThousand' },
};

export const indicatorsOf: Record<Subject, Record<string, IndicatorRule>> = {
  grid: caseIndicators,
  community: caseIndicators,
  worker: {
    closed: { isHigherBetter: true, kind: 'count' },
    onTimeRate: { isHigherBetter: true, kind: 'rate' },
    reworkRate: { isHigherBetter: false, kind: 'rate' },
    averageRating: { isHigherBetter: true, kind: 'average' },
  } satisfies Record<WorkerIndicator, IndicatorRule>,
  organization: {
    wishesFulfilled: { isHigherBetter: true, kind: 'count' },
    volunteerHours: { isHigherBetter: true, kind: 'count' },
    projectsCompleted: { isHigherBetter: true, kind: 'count' },
    assessmentScore: { isHigherBetter: true, kind: 'score' },
  } satisfies Record<OrganizationIndicator, IndicatorRule>,
};

export const allIndicators = [...new Set(Object.values(indicatorsOf).flatMap((m) => Object.keys(m)))] as Indicator[];

/** One subject's measurement before ranking. `value` is null when there is nothing to measure (a rate over zero). */
export interface Measured<S> {
  subject: S;
  value: number | null;
  numerator: number | null;
  denominator: number | null;
  /** How much the value rests on (cases received, cases closed, ratings given); null when no minimum applies. */
  volume: number | null;
}

export type Ranked<S> = Measured<S> & { rank: number | null; isEligible: boolean };

/**
 * Ranks best first with shared ranks for ties (1, 2, 2, 4); rows without a value come last without a
 * rank. `isEligible` says whether the row may enter the red or black list: it has a value, and its
 * volume (when one applies) reaches `minVolume`, so a grid with two cases both closed on time does
 * not top the list.
 */
export function rankRows<S>(rows: Measured<S>[], rule: IndicatorRule, minVolume: number, nameOf: (s: S) => string): Ranked<S>[] {
  const valued = rows.filter((r) => r.value !== null);
  const empty = rows.filter((r) => r.value === null);
  const sign = rule.isHigherBetter ? -1 : 1;
  valued.sort((a, b) => sign * (a.value! - b.value!) || (b.volume ?? 0) - (a.volume ?? 0) || nameOf(a.subject).localeCompare(nameOf(b.subject), 'zh-CN'));
  let rank = 0;
  const ranked = valued.map((r, i) => {
    if (i === 0 || r.value !== valued[i - 1].value) rank = i + 1;
    return { ...r, rank, isEligible: r.volume === null || r.volume >= minVolume };
  });
  empty.sort((a, b) => nameOf(a.subject).localeCompare(nameOf(b.subject), 'zh-CN'));
  return [...ranked, ...empty.map((r) => ({ ...r, rank: null, isEligible: false }))];
}

/**
 * The red and black lists hotlines publish (红榜/黑榜): among eligible rows, the best `size` and the
 * worst `size`, worst first on the black list. A row is on at most one list: with fewer than
 * 2 × `size` eligible rows, the black list takes only those not already on the red one. A count or
 * score of zero where more is better earns no place on the red list (there is nothing to praise).
 */
export function redBlackLists<S>(ranked: Ranked<S>[], size: number, rule: IndicatorRule): { red: Ranked<S>[]; black: Ranked<S>[] } {
  const eligible = ranked.filter((r) => r.isEligible);
  const isPraiseworthy = (r: Ranked<S>) => !(rule.isHigherBetter && (rule.kind === 'count' || rule.kind === 'score') && (r.value ?? 0) <= 0);
  const red = eligible.slice(0, size).filter(isPraiseworthy);
  const rest = eligible.slice(red.length);
  const black = rest.slice(Math.max(0, rest.length - size)).reverse();
  return { red, black };
}

/** rate → share (0..1); perThousand → per 1,000; average → mean; null when the denominator is zero. */
export function ratio(kind: IndicatorRule['kind'], numerator: number, denominator: number): number | null {
  if (denominator <= 0) return null;
  if (kind === 'perThousand') return Math.round((numerator * 1000 * 100) / denominator) / 100;
  if (kind === 'average') return Math.round((numerator / denominator) * 100) / 100;
  return Math.round((numerator / denominator) * 10000) / 10000;
}
