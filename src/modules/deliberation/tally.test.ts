import { describe, expect, it } from 'vitest';
import { quorumOf, tallyMotion, type MotionRule } from './tally.js';
import type { VoteChoice } from './tables.js';

const fourParty: MotionRule = { votingRule: 'perSeat', quorumPercent: 75, majority: 'simple', countsAbstentions: false };
const twoThirds: MotionRule = { votingRule: 'perMember', quorumPercent: 50, majority: 'twoThirds', countsAbstentions: false };
const strict: MotionRule = { votingRule: 'perMember', quorumPercent: 50, majority: 'simple', countsAbstentions: true };

const v = (yes: number, no: number, abstain = 0): VoteChoice[] => [...Array(yes).fill('yes'), ...Array(no).fill('no'), ...Array(abstain).fill('abstain')];

describe('tallyMotion', () => {
  const cases: [name: string, rule: MotionRule, eligible: number, present: number, votes: VoteChoice[], outcome: string, reason: string][] = [
    ['four seats, all in favour', fourParty, 4, 4, v(4, 0), 'passed', 'passed'],
    ['four seats, 3 to 1', fourParty, 4, 4, v(3, 1), 'passed', 'passed'],
    ['four seats, 2 to 2 is not a majority', fourParty, 4, 4, v(2, 2), 'rejected', 'majorityNotReached'],
    ['three seats present is a quorum of 75%', fourParty, 4, 3, v(2, 1), 'passed', 'passed'],
    ['two of four seats present: no quorum whatever the votes', fourParty, 4, 2, v(2, 0), 'noQuorum', 'quorumNotMet'],
    ['abstentions left out of the base: 2 yes, 1 no, 1 abstain passes', fourParty, 4, 4, v(2, 1, 1), 'passed', 'passed'],
    ['abstentions in the base: 2 yes, 1 no, 1 abstain is not more than half', strict, 4, 4, v(2, 1, 1), 'rejected', 'majorityNotReached'],
    ['all abstain: rejected', fourParty, 4, 4, v(0, 0, 4), 'rejected', 'majorityNotReached'],
    ['nobody voted: rejected', fourParty, 4, 4, [], 'rejected', 'noVotes'],
    ['two-thirds: 6 of 9 passes', twoThirds, 12, 9, v(6, 3), 'passed', 'passed'],
    ['two-thirds: 5 of 8 fails', twoThirds, 12, 8, v(5, 3), 'rejected', 'majorityNotReached'],
    ['two-thirds: 2 of 3 passes', twoThirds, 4, 3, v(2, 1), 'passed', 'passed'],
    ['half present is a quorum of 50%', twoThirds, 10, 5, v(5, 0), 'passed', 'passed'],
    ['below half present', twoThirds, 10, 4, v(4, 0), 'noQuorum', 'quorumNotMet'],
    ['an empty body never has a quorum', fourParty, 0, 0, [], 'noQuorum', 'quorumNotMet'],
  ];
  it.each(cases)('%s', (_name, rule, eligible, present, votes, outcome, reason) => {
    const tally = tallyMotion({ rule, eligible, present, votes });
    expect(tally.outcome).toBe(outcome);
    expect(tally.reason).toBe(reason);
    expect(tally.yes + tally.no + tally.abstain).toBe(votes.length);
  });

  it('says how many were needed when the quorum is not met', () => {
    expect(tallyMotion({ rule: fourParty, eligible: 4, present: 2, votes: v(2, 0) })).toMatchObject({ quorum: 3, present: 2, eligible: 4, isQuorate: false });
  });

  it('needs more than half of the base for a simple majority', () => {
    expect(tallyMotion({ rule: fourParty, eligible: 4, present: 4, votes: v(3, 1) }).needed).toBe(3);
    expect(tallyMotion({ rule: fourParty, eligible: 4, present: 4, votes: v(2, 1) }).needed).toBe(2);
  });

  it.each([
    [4, 75, 3],
    [4, 50, 2],
    [5, 50, 3],
    [7, 67, 5],
    [1, 100, 1],
  ])('quorumOf(%i, %i%%) = %i', (total, percent, expected) => {
    expect(quorumOf(total, percent)).toBe(expected);
  });
});
