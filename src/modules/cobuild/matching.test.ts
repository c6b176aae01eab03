import { describe, expect, it } from 'vitest';
import { ancestorPath, matchScore, rankMatches, type MatchNeed, type MatchResource } from './matching.js';

const commA = '/231085/231085100/231085100001/';
const commB = '/231085/231085100/231085100002/';
const otherTown = '/231085/231085200/231085200001/';
const today = '2026-03-02';

const need: MatchNeed = { kind: 'venue', quantity: 300, deadline: '2026-04-30', gridPath: `${commA}231085100001001/`, lng: null, lat: null };
const resource = (overrides: Partial<MatchResource> = {}): MatchResource => ({ kind: 'venue', quantity: 300, availableFrom: null, availableUntil: null, gridPath: commA, lng: null, lat: null, ...overrides });

describe('matchScore', () => {
  const table: [string, MatchResource, number | null, string[]][] = [
    ['same kind, same community, in time, enough', resource(), 100, ['sameKind', 'sameCommunity', 'availableInTime', 'enoughQuantity']],
    ['same subdistrict only', resource({ gridPath: commB }), 85, ['sameKind', 'sameSubdistrict', 'availableInTime', 'enoughQuantity']],
    ['another town', resource({ gridPath: otherTown }), 70, ['sameKind', 'availableInTime', 'enoughQuantity']],
    ['available only after the deadline', resource({ availableFrom: '2026-05-01' }), 80, ['sameKind', 'sameCommunity', 'availableLater', 'enoughQuantity']],
    ['half of what is needed', resource({ quantity: 150 }), 95, ['sameKind', 'sameCommunity', 'availableInTime', 'partialQuantity']],
    ['another kind of thing', resource({ kind: 'funds' }), null, []],
    ['no longer on offer', resource({ availableUntil: '2026-03-01' }), null, []],
  ];
  it.each(table)('%s', (_, r, score, reasons) => {
    const m = matchScore(need, r, today);
    if (score === null) expect(m).toBeNull();
    else expect(m).toEqual({ score, reasons });
  });

  it('people can stand in for skills (and back), ranked below the same kind', () => {
    const skills: MatchNeed = { ...need, kind: 'skills', quantity: 10 };
    expect(matchScore(skills, resource({ kind: 'people', quantity: 10 }), today)).toEqual({ score: 75, reasons: ['relatedKind', 'sameCommunity', 'availableInTime', 'enoughQuantity'] });
  });

  it('a nearby point counts as the same place when both have coordinates', () => {
    const here: MatchNeed = { ...need, gridPath: otherTown, lng: 130.52, lat: 44.91 };
    expect(matchScore(here, resource({ gridPath: commA, lng: 130.525, lat: 44.912 }), today)?.reasons).toContain('nearby');
  });
});

describe('rankMatches', () => {
  it('puts the best first and leaves out what cannot meet the need', () => {
    const ranked = rankMatches(need, [resource({ gridPath: otherTown }), resource({ kind: 'funds' }), resource(), resource({ gridPath: commB })], today);
    expect(ranked.map((r) => r.score)).toEqual([100, 85, 70]);
  });

  it('among equally good offers puts the one closest in size first', () => {
    const ranked = rankMatches(need, [resource({ quantity: 900 }), resource({ quantity: 320 }), resource({ quantity: 300 })], today);
    expect(ranked.map((r) => r.quantity)).toEqual([300, 320, 900]);
  });
});

describe('ancestorPath', () => {
  it('cuts a path at a depth', () => {
    expect(ancestorPath(`${commA}231085100001001/`, 2)).toBe(commA);
    expect(ancestorPath('/231085/', 2)).toBeNull();
  });
});
