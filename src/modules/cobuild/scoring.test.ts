import { describe, expect, it } from 'vitest';
import { defaultRules, emptyContribution, normalizeRules, rankByTotal, scoreContribution, type AssessmentRules, type Contribution } from './scoring.js';

function contribution(overrides: Partial<Omit<Contribution, 'delivered'>> & { delivered?: Partial<Contribution['delivered']> } = {}): Contribution {
  const base = emptyContribution();
  return { ...base, ...overrides, delivered: { ...base.delivered, ...(overrides.delivered ?? {}) } };
}

const rules: AssessmentRules = { completedProject: 10, perUnit: { venue: 0.01, funds: 0.001, equipment: 0.2, skills: 0.2, people: 0.5, other: 0.1 }, memberHour: 0.1, ratingStar: 1, withdrawnCommitment: -5 };

describe('scoreContribution', () => {
  const table: [name: string, c: Contribution, parts: { projects: number; resources: number; memberHours: number; ratings: number; deductions: number; total: number }][] = [
    ['nothing done', contribution(), { projects: 0, resources: 0, memberHours: 0, ratings: 0, deductions: 0, total: 0 }],
    ['one venue project of 300 m² rated 5', contribution({ completedProjects: 1, delivered: { venue: 300 }, ratingStars: 5 }), { projects: 10, resources: 3, memberHours: 0, ratings: 5, deductions: 0, total: 18 }],
    ['funds and equipment', contribution({ completedProjects: 2, delivered: { funds: 20_000, equipment: 15 }, ratingStars: 9 }), { projects: 20, resources: 23, memberHours: 0, ratings: 9, deductions: 0, total: 52 }],
    ['members\' verified hours', contribution({ memberHours: 123.5 }), { projects: 0, resources: 0, memberHours: 12.35, ratings: 0, deductions: 0, total: 12.35 }],
    ['a withdrawn commitment costs points, even below zero', contribution({ withdrawnCommitments: 2, memberHours: 3 }), { projects: 0, resources: 0, memberHours: 0.3, ratings: 0, deductions: -10, total: -9.7 }],
    ['fractions round to hundredths per part', contribution({ delivered: { venue: 0.333, people: 0.001 } }), { projects: 0, resources: 0, memberHours: 0, ratings: 0, deductions: 0, total: 0 }],
  ];
  it.each(table)('%s', (_, c, parts) => {
    expect(scoreContribution(rules, c)).toEqual(parts);
  });

  it('follows the year\'s scheme: the same records score differently under another one', () => {
    const c = contribution({ completedProjects: 1, delivered: { venue: 300 }, ratingStars: 4 });
    const generous = { ...rules, completedProject: 20, perUnit: { ...rules.perUnit, venue: 0.05 } };
    expect(scoreContribution(rules, c).total).toBe(17);
    expect(scoreContribution(generous, c).total).toBe(39);
  });
});

describe('rankByTotal', () => {
  it('ranks highest first and gives ties the same rank (1, 2, 2, 4)', () => {
    const ranked = rankByTotal([{ name: 'a', total: 5 }, { name: 'b', total: 9 }, { name: 'c', total: 5 }, { name: 'd', total: 1 }]);
    expect(ranked.map((r) => [r.name, r.rank])).toEqual([['b', 1], ['a', 2], ['c', 2], ['d', 4]]);
  });
});

describe('normalizeRules', () => {
  it('fills what a stored scheme lacks from the defaults', () => {
    expect(normalizeRules({ completedProject: 12, perUnit: { venue: 0.02 } as never })).toEqual({ ...defaultRules, completedProject: 12, perUnit: { ...defaultRules.perUnit, venue: 0.02 } });
    expect(normalizeRules(null)).toEqual(defaultRules);
  });
});
