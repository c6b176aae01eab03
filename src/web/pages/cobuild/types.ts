/** Shapes of the co-building API (see /api/docs, tag cobuild). */

export type OrganizationKind = 'organ' | 'institution' | 'stateEnterprise' | 'privateEnterprise' | 'socialOrg' | 'merchant';
export const organizationKinds: OrganizationKind[] = ['organ', 'institution', 'stateEnterprise', 'privateEnterprise', 'socialOrg', 'merchant'];
export type ListKind = 'venue' | 'funds' | 'equipment' | 'skills' | 'people' | 'other';
export const listKinds: ListKind[] = ['venue', 'funds', 'equipment', 'skills', 'people', 'other'];
export const grades = ['excellent', 'competent', 'basicallyCompetent', 'incompetent'] as const;
export type Grade = (typeof grades)[number];

export interface Ref {
  id: string;
  name: string;
}

export interface Organization {
  id: string;
  name: string;
  kind: OrganizationKind;
  address: string | null;
  grid: Ref;
  partyOrgName: string | null;
  partyOrgKind: string | null;
  partyMemberCount: number;
  contactName: string | null;
  contactPhone: string | null;
  communities: Ref[];
  inServiceMembers: number;
  openProjects: number;
  isMine: boolean;
  canManage: boolean;
}

export interface Commitment {
  id: string;
  content: string;
  kind: ListKind | null;
  quantity: number | null;
  state: 'open' | 'fulfilled' | 'withdrawn';
  fulfilledAt: string | null;
  withdrawnAt: string | null;
  withdrawnReason: string | null;
}

export interface OrganizationDetail extends Organization {
  creditCode: string | null;
  secretaryName: string | null;
  description: string | null;
  version: number;
  registrations: { id: string; community: Ref; registeredOn: string; state: string; endedOn: string | null }[];
  agreements: { id: string; community: Ref; title: string; terms: string | null; signedOn: string; startsOn: string; endsOn: string | null; state: string; commitments: Commitment[] }[];
  resources: Resource[];
  projects: { id: string; title: string; state: string; completedAt: string | null; rating: number | null; needTitle: string; gridName: string }[];
}

export interface Need {
  id: string;
  kind: ListKind;
  title: string;
  description: string | null;
  quantity: number;
  unit: string;
  deadline: string | null;
  location: string | null;
  state: 'open' | 'matched' | 'fulfilled' | 'cancelled';
  grid: Ref;
  postedByName: string | null;
  lastReviewedOn: string | null;
  projectCount: number;
  createdAt: string;
  version: number;
}

export interface Resource {
  id: string;
  kind: ListKind;
  title: string;
  description: string | null;
  quantity: number;
  unit: string;
  availableFrom: string | null;
  availableUntil: string | null;
  availability: string | null;
  location: string | null;
  state: 'available' | 'committed' | 'withdrawn';
  organization: { id: string; name: string; kind: string };
  lastReviewedOn: string | null;
  createdAt: string;
  version: number;
  remaining?: number;
}

export interface Match {
  score: number;
  reasons: string[];
}

export interface ProjectSummary {
  id: string;
  title: string;
  state: 'planned' | 'inProgress' | 'completed' | 'cancelled';
  grid: Ref;
  need: { id: string; title: string; kind: ListKind };
  organizations: Ref[];
  startsOn: string | null;
  completedAt: string | null;
  rating: number | null;
  milestonesDone: number;
  milestonesTotal: number;
  lastReviewedOn: string | null;
  createdAt: string;
}

export interface ProjectDetail {
  id: string;
  title: string;
  description: string | null;
  state: ProjectSummary['state'];
  startsOn: string | null;
  startedAt: string | null;
  completedAt: string | null;
  outcome: string | null;
  rating: number | null;
  beneficiaries: number | null;
  version: number;
  grid: Ref;
  need: Need;
  resources: { id: string; resourceId: string; title: string; organization: Ref; kind: ListKind; unit: string; committed: number; delivered: number | null; deliveredAt: string | null }[];
  milestones: { id: string; title: string; dueOn: string | null; doneAt: string | null; note: string | null }[];
  canManage: boolean;
}

export interface ScoreParts {
  projects: number;
  resources: number;
  memberHours: number;
  ratings: number;
  deductions: number;
  total: number;
}

export interface Rules {
  completedProject: number;
  perUnit: Record<ListKind, number>;
  memberHour: number;
  ratingStar: number;
  withdrawnCommitment: number;
}

export interface RankingRow {
  rank: number;
  organization: { id: string; name: string; kind: OrganizationKind; gridName: string };
  contribution: { completedProjects: number; delivered: Record<ListKind, number>; memberHours: number; ratingStars: number; withdrawnCommitments: number };
  parts: ScoreParts;
  total: number;
}

export interface Registration {
  id: string;
  person: { id: string; name: string; phone: string | null };
  community: Ref;
  employer: Ref;
  registeredOn: string;
  state: 'active' | 'ended';
  skills: string[];
  grades: { community: Grade | null; employer: Grade | null; year: number };
}

export interface RegistrationDetail {
  id: string;
  state: 'active' | 'ended';
  registeredOn: string;
  skills: string[];
  person: { id: string; name: string; phone: string | null };
  community: Ref;
  employer: { id: string; name: string; partyOrgName: string | null };
  hours: { total: number; thisYear: number; points: number };
  attendances: { activityId: string; title: string; date: string; hours: number }[];
  services: { id: string; kind: string; description: string; servedOn: string; recordedByName: string | null }[];
  evaluations: { id: string; side: 'community' | 'employer'; year: number; grade: Grade; comment: string | null; evaluatorName: string | null }[];
  canEvaluate: boolean;
  canRecordService: boolean;
}

export interface FeedbackLine {
  registrationId: string;
  person: Ref;
  community: Ref;
  activities: number;
  hours: number;
  points: number;
  outputs: { metric: string; unit: string; quantity: number }[];
  services: { kind: string; description: string; servedOn: string }[];
  recentActivities: { title: string; date: string; hours: number }[];
  grades: { community: Grade | null; communityComment: string | null; employer: Grade | null };
}

export interface FeedbackList {
  organization: { id: string; name: string; partyOrgName: string | null };
  year: number;
  items: FeedbackLine[];
  totals: { members: number; hours: number; activities: number };
  sent: { id: string; year: number; community: Ref; memberCount: number; sentAt: string; sentByName: string | null; acknowledgedAt: string | null; acknowledgedByName: string | null }[];
  canSend: boolean;
  isContact: boolean;
}
