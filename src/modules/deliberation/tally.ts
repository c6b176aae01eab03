import type { Majority, VoteChoice, VotingRule } from './tables.js';

/** The voting rule a motion is decided under, fixed when it opens. */
export interface MotionRule {
  votingRule: VotingRule;
  quorumPercent: number;
  majority: Majority;
  countsAbstentions: boolean;
}

export interface TallyInput {
  rule: MotionRule;
  /** Seats (one vote per seat) or members (one vote per member) entitled to vote. */
  eligible: number;
  /** Of those, how many are checked in. */
  present: number;
  votes: VoteChoice[];
}

/** Why a motion ended as it did: a locale key under `deliberation.result.` with its numbers. */
export type TallyReason = 'passed' | 'quorumNotMet' | 'majorityNotReached' | 'noVotes';

export interface Tally {
  outcome: 'passed' | 'rejected' | 'noQuorum';
  reason: TallyReason;
  yes: number;
  no: number;
  abstain: number;
  eligible: number;
  present: number;
  /** Seats or members that must be present for the vote to count. */
  quorum: number;
  isQuorate: boolean;
  /** The votes the majority is taken over (yes + no, plus abstentions when they count). */
  base: number;
  /** Yes votes needed to pass over that base. */
  needed: number;
}

/** Smallest count that is at least `percent` of `total`. */
export function quorumOf(total: number, percent: number): number {
  return Math.max(1, Math.ceil((total * percent) / 100));
}

/**
 * Computes a motion's result from the votes recorded by name: never typed in. Without a quorum it
 * cannot pass whatever the votes; a simple majority is more yes than half of the base, two-thirds
 * at least two thirds of it; abstentions count in the base only when the body says so.
 */
export function tallyMotion({ rule, eligible, present, votes }: TallyInput): Tally {
  const yes = votes.filter((v) => v === 'yes').length;
  const no = votes.filter((v) => v === 'no').length;
  const abstain = votes.filter((v) => v === 'abstain').length;
  const quorum = quorumOf(eligible, rule.quorumPercent);
  const isQuorate = eligible > 0 && present >= quorum;
  const base = yes + no + (rule.countsAbstentions ? abstain : 0);
  const needed = rule.majority === 'twoThirds' ? Math.ceil((base * 2) / 3) : Math.floor(base / 2) + 1;
  const common = { yes, no, abstain, eligible, present, quorum, isQuorate, base, needed: Math.max(needed, 1) };
  if (!isQuorate) return { ...common, outcome: 'noQuorum', reason: 'quorumNotMet' };
  if (base === 0 || yes === 0) return { ...common, outcome: 'rejected', reason: yes + no + abstain === 0 ? 'noVotes' : 'majorityNotReached' };
  return yes >= common.needed ? { ...common, outcome: 'passed', reason: 'passed' } : { ...common, outcome: 'rejected', reason: 'majorityNotReached' };
}
