/** Shapes of the cases API as the pages use them (see /api/docs, tag "cases" and "command"). */

export type CaseType = 'hazard' | 'dispute' | 'demand' | 'petition' | 'minorCase';
export type Tier = 'stairwell' | 'compound' | 'community' | 'subdistrict' | 'city';
export type CaseState = 'reported' | 'rejected' | 'accepted' | 'registered' | 'dispatched' | 'handling' | 'reportedBack' | 'verified' | 'closed' | 'rated' | 'suspended' | 'merged';
export type LimitUnit = 'workingHours' | 'workingDays';

export const caseTypes: CaseType[] = ['hazard', 'dispute', 'demand', 'petition', 'minorCase'];
export const tiers: Tier[] = ['stairwell', 'compound', 'community', 'subdistrict', 'city'];
export const caseStates: CaseState[] = ['reported', 'accepted', 'registered', 'dispatched', 'handling', 'reportedBack', 'verified', 'suspended', 'closed', 'rated', 'rejected', 'merged'];
export const openStates: CaseState[] = ['reported', 'accepted', 'registered', 'dispatched', 'handling', 'reportedBack', 'verified', 'suspended'];

export interface Limit {
  amount: number;
  unit: LimitUnit;
}

export interface Category {
  id: string;
  code: string;
  parentId: string | null;
  name: string;
  nameEn: string;
  defaultType: CaseType;
  defaultTier: Tier;
  limits: { accept: Limit; dispatch: Limit; handle: Limit };
  duplicateRadiusM: number;
  isActive: boolean;
  children?: Category[];
}

export interface CaseSummary {
  id: string;
  number: string;
  type: CaseType;
  title: string;
  state: CaseState;
  tier: Tier;
  channel: string;
  priority: 'normal' | 'urgent';
  categoryId: string;
  categoryName: string | null;
  categoryNameEn: string | null;
  gridId: string | null;
  gridName: string | null;
  address: string | null;
  lng: number | null;
  lat: number | null;
  isTriage: boolean;
  stage: string | null;
  dueAt: string | null;
  isOverdue: boolean;
  createdAt: string;
  version: number;
  rating: number | null;
}

export interface TimelineEntry {
  seq: number;
  action: string;
  from: string | null;
  to: string | null;
  fromTier: string | null;
  toTier: string | null;
  actorName: string | null;
  actorRole: string | null;
  note: string | null;
  data: Record<string, unknown> | null;
  at: string;
}

export interface Referral {
  id: string;
  departmentId: string;
  departmentName: string;
  departmentNameEn: string | null;
  state: 'requested' | 'acknowledged' | 'responded';
  requestedAt: string;
  dueAt: string;
  isOverdue: boolean;
  acknowledgedAt: string | null;
  respondedAt: string | null;
  response: string | null;
}

export interface Photo {
  id: string;
  url: string;
  thumbUrl: string;
}

export interface CaseDetail extends CaseSummary {
  description: string;
  placeNames: string[];
  handlingGrid: { id: string; name: string; level: string } | null;
  reporterName: string | null;
  reporterPhone: string | null;
  /** As registered: [amount, unit] per stage. */
  limits: Record<string, [number, LimitUnit] | Limit>;
  fiveEarly: Record<'discoveredAt' | 'assessedAt' | 'intervenedAt' | 'resolvedAt' | 'acceptedAt', string | null>;
  closedAt: string | null;
  feedback: string | null;
  isSkippedLevel: boolean;
  isCriminalRisk: boolean;
  pendingRequest: { kind: string } | null;
  timeline: TimelineEntry[];
  referrals: Referral[];
  photos: Photo[];
  allowedActions: string[];
}

export interface InboxCase {
  id: string;
  number: string;
  title: string;
  type: CaseType;
  state: CaseState;
  tier: Tier;
  stage: string | null;
  dueAt: string | null;
  isOverdue: boolean;
  address: string | null;
  createdAt: string;
  priority: string;
  hasPendingRequest: boolean;
}

export interface InboxReferral {
  referralId: string;
  referralState: Referral['state'];
  dueAt: string;
  isOverdue: boolean;
  departmentName: string;
  caseId: string;
  number: string;
  title: string;
  state: CaseState;
  address: string | null;
  createdAt: string;
}

export interface Inbox {
  tier: Tier | null;
  cases: InboxCase[];
  referrals: InboxReferral[];
}

export interface Department {
  id: string;
  code: string;
  name: string;
  nameEn: string;
  kind: string;
}

export interface TrackResult {
  number: string;
  title: string;
  categoryName: string | null;
  categoryNameEn: string | null;
  state: CaseState;
  address: string | null;
  createdAt: string;
  closedAt: string | null;
  rating: number | null;
  feedback: string | null;
  canRate: boolean;
  timeline: { action: string; to: string | null; toTier: string | null; at: string; note: string | null }[];
}

/** Tag colours by state: open work warm, waiting blue, done green, ended grey. */
export const stateColors: Record<CaseState, string> = {
  reported: 'orange',
  accepted: 'gold',
  registered: 'cyan',
  dispatched: 'blue',
  handling: 'geekblue',
  reportedBack: 'purple',
  verified: 'lime',
  closed: 'green',
  rated: 'success',
  suspended: 'default',
  rejected: 'default',
  merged: 'default',
};

/** Map marker colours by state (overdue is always red). */
export const stateHex: Record<CaseState, string> = {
  reported: '#d46b08',
  accepted: '#d48806',
  registered: '#08979c',
  dispatched: '#1d39c4',
  handling: '#2f54eb',
  reportedBack: '#722ed1',
  verified: '#5b8c00',
  closed: '#389e0d',
  rated: '#237804',
  suspended: '#8c8c8c',
  rejected: '#8c8c8c',
  merged: '#8c8c8c',
};

export function newIdempotencyKey(): string {
  if (typeof crypto !== 'undefined' && 'randomUUID' in crypto) return crypto.randomUUID();
  return `k-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 12)}`;
}

export function categoryName(c: { name?: string | null; nameEn?: string | null; categoryName?: string | null; categoryNameEn?: string | null }, language: string): string {
  const zh = c.categoryName ?? c.name ?? '';
  const en = c.categoryNameEn ?? c.nameEn ?? '';
  return language === 'en' ? en || zh : zh;
}

export function formatTime(iso: string | null | undefined): string {
  if (!iso) return '—';
  const d = new Date(iso);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())} ${pad(d.getHours())}:${pad(d.getMinutes())}`;
}
