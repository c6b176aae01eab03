import type { Role } from '../../db/schema.js';
import type { CaseState, Tier } from './tables.js';

/** Tiers from the bottom up: a case climbs this ladder when a tier cannot solve it. */
export const tiers: Tier[] = ['stairwell', 'compound', 'community', 'subdistrict', 'city'];

export function tierRank(tier: Tier): number {
  return tiers.indexOf(tier);
}

export function nextTier(tier: Tier): Tier | undefined {
  return tiers[tierRank(tier) + 1];
}

/** The grid level whose team holds a case at each tier. */
export const tierLevel: Record<Tier, 'stairwell' | 'compound' | 'community' | 'subdistrict' | 'city'> = {
  stairwell: 'stairwell',
  compound: 'compound',
  community: 'community',
  subdistrict: 'subdistrict',
  city: 'city',
};

/** The tier at which each staff role works; roles without one never hold cases. */
export const roleTier: Partial<Record<Role, Tier>> = {
  steward: 'stairwell',
  gridWorker: 'compound',
  secretary: 'community',
  cadre: 'subdistrict',
  operator: 'city',
  admin: 'city',
};

/** Who may take an action: the team holding the case, a supervisor above it, the reporter, or staff where the case happened. */
export type ActorKind = 'tierTeam' | 'supervisor' | 'reporter' | 'staffAtPlace';

export type CaseAction =
  | 'accept' | 'reject' | 'register' | 'dispatch' | 'startHandling' | 'reportBack' | 'verify' | 'close' | 'rate' | 'followUp'
  | 'escalate' | 'requestReturn' | 'approveReturn' | 'denyReturn' | 'requestExtension' | 'approveExtension' | 'denyExtension'
  | 'suspend' | 'resume' | 'merge' | 'summon' | 'reopen' | 'comment' | 'closeByResolution';

export interface ActionRule {
  from: CaseState[];
  /** The state after; `null` when computed by the action (verify, rate, resume, escalate…). */
  to: CaseState | null;
  isNoteRequired: boolean;
  actor: ActorKind;
  /** Only while a request of this kind waits for approval. */
  needsPending?: 'return' | 'extension';
  /** Taken only by another module with its own record (a resolution), never offered as a button. */
  isInternal?: boolean;
}

const open: CaseState[] = ['reported', 'accepted', 'registered', 'dispatched', 'handling'];

/**
 * The case state machine (C4) as data: 受理/不予受理 → 立案研判 → 派遣 → 处置 → 反馈 → 核查 (返工) → 结案 →
 * 回访评价, with escalation, approved return and extension, suspension, merging, 吹哨 and reopening.
 */
export const actionRules: Record<CaseAction, ActionRule> = {
  accept: { from: ['reported'], to: 'accepted', isNoteRequired: false, actor: 'tierTeam' },
  reject: { from: ['reported'], to: 'rejected', isNoteRequired: true, actor: 'tierTeam' },
  register: { from: ['accepted'], to: 'registered', isNoteRequired: false, actor: 'tierTeam' },
  dispatch: { from: ['registered'], to: 'dispatched', isNoteRequired: false, actor: 'tierTeam' },
  startHandling: { from: ['dispatched'], to: 'handling', isNoteRequired: false, actor: 'tierTeam' },
  reportBack: { from: ['handling'], to: 'reportedBack', isNoteRequired: true, actor: 'tierTeam' },
  verify: { from: ['reportedBack'], to: null, isNoteRequired: false, actor: 'staffAtPlace' },
  close: { from: ['verified'], to: 'closed', isNoteRequired: false, actor: 'staffAtPlace' },
  rate: { from: ['closed'], to: null, isNoteRequired: false, actor: 'reporter' },
  followUp: { from: ['closed'], to: null, isNoteRequired: true, actor: 'staffAtPlace' },
  escalate: { from: open, to: 'reported', isNoteRequired: true, actor: 'tierTeam' },
  requestReturn: { from: ['dispatched'], to: 'dispatched', isNoteRequired: true, actor: 'tierTeam' },
  approveReturn: { from: ['dispatched'], to: 'registered', isNoteRequired: false, actor: 'supervisor', needsPending: 'return' },
  denyReturn: { from: ['dispatched'], to: 'dispatched', isNoteRequired: true, actor: 'supervisor', needsPending: 'return' },
  requestExtension: { from: ['dispatched', 'handling'], to: null, isNoteRequired: true, actor: 'tierTeam' },
  approveExtension: { from: ['dispatched', 'handling'], to: null, isNoteRequired: false, actor: 'supervisor', needsPending: 'extension' },
  denyExtension: { from: ['dispatched', 'handling'], to: null, isNoteRequired: true, actor: 'supervisor', needsPending: 'extension' },
  suspend: { from: ['accepted', 'registered', 'dispatched', 'handling'], to: 'suspended', isNoteRequired: true, actor: 'tierTeam' },
  resume: { from: ['suspended'], to: null, isNoteRequired: false, actor: 'tierTeam' },
  merge: { from: ['reported', 'accepted', 'registered'], to: 'merged', isNoteRequired: false, actor: 'tierTeam' },
  summon: { from: ['registered', 'dispatched', 'handling'], to: 'handling', isNoteRequired: true, actor: 'tierTeam' },
  reopen: { from: ['closed', 'rated'], to: 'handling', isNoteRequired: true, actor: 'supervisor' },
  comment: { from: [...open, 'reportedBack', 'verified', 'closed', 'suspended'], to: null, isNoteRequired: true, actor: 'staffAtPlace' },
  /** 民事民议民决: a resolution of a four-party council or joint meeting settled it (see modules/deliberation). */
  closeByResolution: { from: [...open, 'reportedBack', 'verified', 'suspended'], to: 'closed', isNoteRequired: false, actor: 'staffAtPlace', isInternal: true },
};

export const caseActions = Object.keys(actionRules) as CaseAction[];

/** Which time limit runs in a state: acceptance, dispatch or handling; none once handled. */
export function stageOf(state: CaseState): 'accept' | 'dispatch' | 'handle' | null {
  if (state === 'reported') return 'accept';
  if (state === 'accepted' || state === 'registered') return 'dispatch';
  if (state === 'dispatched' || state === 'handling') return 'handle';
  return null;
}

export function isOpenState(state: CaseState): boolean {
  return !['rejected', 'closed', 'rated', 'merged'].includes(state);
}
