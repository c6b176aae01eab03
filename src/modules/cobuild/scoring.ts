import { listKinds, type ListKind } from './tables.js';

/**
 * The co-building assessment scheme of one year (清单管理考核办法): points per completed project,
 * per unit of resource delivered, per verified hour of the organisation's in-service members, per
 * star of the community's rating, and a (negative) amount per withdrawn commitment.
 */
export interface AssessmentRules {
  completedProject: number;
  /** Points per unit delivered: per m² of venue, per yuan, per item, per hour of skilled work, per person. */
  perUnit: Record<ListKind, number>;
  memberHour: number;
  ratingStar: number;
  /** Zero or negative. */
  withdrawnCommitment: number;
}

/** Defaults weigh a 300 m² venue like 15,000 yuan (15 points) and a member's half day (3 h) at 0.6. */
export const defaultRules: AssessmentRules = {
  completedProject: 10,
  perUnit: { venue: 0.05, funds: 0.001, equipment: 0.2, skills: 0.2, people: 0.5, other: 0.1 },
  memberHour: 0.2,
  ratingStar: 1,
  withdrawnCommitment: -5,
};

/** What an organisation did in the year, counted from records. */
export interface Contribution {
  completedProjects: number;
  delivered: Record<ListKind, number>;
  /** Verified hours (credits and corrections) of its in-service members. */
  memberHours: number;
  /** Sum of the community's star ratings of the completed projects it took part in. */
  ratingStars: number;
  withdrawnCommitments: number;
}

export interface ScoreParts {
  projects: number;
  resources: number;
  memberHours: number;
  ratings: number;
  deductions: number;
  total: number;
}

export function emptyContribution(): Contribution {
  return { completedProjects: 0, delivered: Object.fromEntries(listKinds.map((k) => [k, 0])) as Record<ListKind, number>, memberHours: 0, ratingStars: 0, withdrawnCommitments: 0 };
}

// `+ 0` turns -0 (no deductions times a negative rate) into 0.
const round2 = (v: number) => Math.round(v * 100) / 100 + 0;

/** The score and its parts, each rounded to hundredths; the total is the sum of the rounded parts. */
export function scoreContribution(rules: AssessmentRules, c: Contribution): ScoreParts {
  const projects = round2(c.completedProjects * rules.completedProject);
  const resources = round2(listKinds.reduce((sum, kind) => sum + (c.delivered[kind] ?? 0) * (rules.perUnit[kind] ?? 0), 0));
  const memberHours = round2(c.memberHours * rules.memberHour);
  const ratings = round2(c.ratingStars * rules.ratingStar);
  const deductions = round2(c.withdrawnCommitments * rules.withdrawnCommitment);
  return { projects, resources, memberHours, ratings, deductions, total: round2(projects + resources + memberHours + ratings + deductions) };
}

/** Competition ranking (1, 2, 2, 4) by total, highest first; ties keep the given order. */
export function rankByTotal<T extends { total: number }>(rows: T[]): (T & { rank: number })[] {
  const sorted = [...rows].sort((a, b) => b.total - a.total);
  let rank = 0;
  return sorted.map((row, i) => {
    if (i === 0 || row.total !== sorted[i - 1].total) rank = i + 1;
    return { ...row, rank };
  });
}

/** Accepts a stored or submitted scheme, filling any part it lacks from the defaults. */
export function normalizeRules(input: Partial<AssessmentRules> | null | undefined): AssessmentRules {
  return {
    completedProject: input?.completedProject ?? defaultRules.completedProject,
    perUnit: { ...defaultRules.perUnit, ...(input?.perUnit ?? {}) },
    memberHour: input?.memberHour ?? defaultRules.memberHour,
    ratingStar: input?.ratingStar ?? defaultRules.ratingStar,
    withdrawnCommitment: input?.withdrawnCommitment ?? defaultRules.withdrawnCommitment,
  };
}
