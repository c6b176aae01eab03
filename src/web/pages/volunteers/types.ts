/** Shapes of the volunteers API (see /api/docs, tag volunteers). */

export const themes = ['snowClearing', 'environment', 'stairwellCulture', 'elderCare', 'legalAid', 'medicalAid', 'helpInNeed', 'healthCare', 'safetyPatrol', 'culture', 'other'] as const;
export type Theme = (typeof themes)[number];
export const metrics = ['snowAndRubbish', 'alleyRepair', 'stairwellCulture', 'greening', 'other'] as const;
export type Metric = (typeof metrics)[number];
export const metricUnit: Record<Metric, string | null> = { snowAndRubbish: 'm3', alleyRepair: 'm', stairwellCulture: 'stairwell', greening: 'm2', other: null };

export interface Ref {
  id: string;
  name: string;
}

export interface MySignup {
  id: string;
  state: 'confirmed' | 'waitlisted' | 'cancelled';
  verification: 'pending' | 'verified' | 'rejected';
  checkedInAt: string | null;
  checkedOutAt: string | null;
}

export interface ActivitySummary {
  id: string;
  title: string;
  kind: 'service' | 'joint';
  theme: Theme;
  state: 'published' | 'completed' | 'cancelled';
  place: string;
  grid: Ref;
  team: Ref | null;
  organization: Ref | null;
  startsAt: string;
  endsAt: string;
  capacity: number;
  confirmed: number;
  waitlisted: number;
  mySignup: MySignup | null;
}

export interface SignupRow {
  id: string;
  person: { id: string; name: string; phone: string | null; partyKind: string | null };
  state: MySignup['state'];
  signedUpAt: string;
  checkedInAt: string | null;
  checkinMethod: string | null;
  checkedOutAt: string | null;
  verification: MySignup['verification'];
  verifiedHours: number | null;
  suggestedHours: number;
  verifyNote: string | null;
}

export interface Output {
  id: string;
  metric: Metric;
  quantity: number;
  unit: string;
  grid: Ref | null;
  note: string | null;
  verifiedAt: string;
  voidedAt: string | null;
  voidReason: string | null;
}

export interface ActivityDetail {
  id: string;
  title: string;
  kind: 'service' | 'joint';
  theme: Theme;
  state: ActivitySummary['state'];
  description: string | null;
  place: string;
  lng: number | null;
  lat: number | null;
  checkinRadiusM: number;
  startsAt: string;
  endsAt: string;
  durationHours: number;
  capacity: number;
  pointsPerHour: number;
  grid: Ref;
  team: Ref | null;
  organization: Ref | null;
  organizerName: string | null;
  confirmed: number;
  waitlisted: number;
  version: number;
  mySignup: (MySignup & { waitlistPosition: number | null; verifiedHours: number | null }) | null;
  outputs: Output[];
  isOrganizer: boolean;
  checkinCode: string | null;
  signups: SignupRow[];
}

export interface Team {
  id: string;
  name: string;
  kind: 'partyBranch' | 'team';
  theme: Theme;
  community: Ref;
  description: string | null;
  leaderName: string | null;
  memberCount: number;
  inServiceCount: number;
  upcomingActivities: number;
  isMember: boolean;
}

export interface TeamDetail extends Team {
  foundedOn: string | null;
  version: number;
  members: { personId: string; name: string; role: 'leader' | 'member'; joinedOn: string; partyKind: string | null; employerName: string | null; phone: string | null }[];
  activities: ActivitySummary[];
  canManage: boolean;
}

export interface LedgerEntry {
  id: string;
  kind: 'credit' | 'correction';
  hours: number;
  points: number;
  occurredOn: string;
  reason: string | null;
  activityId: string | null;
  activityTitle: string | null;
  enteredByName: string | null;
  enteredAt: string;
}

export interface MyRecord {
  person: Ref | null;
  balance: { hours: number; points: number };
  thisYear: { hours: number; points: number };
  entries: LedgerEntry[];
  upcoming: { signupId: string; activityId: string; title: string; startsAt: string; endsAt: string; place: string; state: string; checkedInAt: string | null; checkedOutAt: string | null }[];
  history: { signupId: string; activityId: string; title: string; startsAt: string; gridName: string; state: string; verification: string; verifiedHours: number | null }[];
  teams: { id: string; name: string; kind: string; theme: Theme; role: string; communityName: string }[];
}

export interface Certificate {
  person: { id: string; name: string; partyKind: string | null };
  community: string | null;
  place: string | null;
  year: number | null;
  from: string | null;
  to: string | null;
  hours: number;
  points: number;
  activities: number;
  items: { title: string; date: string; hours: number }[];
  serial: string;
  issuedOn: string;
}

export interface CareVisit {
  id: string;
  grid: Ref;
  visitedName: string;
  visitedKind: 'partyMember' | 'resident';
  hardship: string | null;
  campaign: string;
  visitedOn: string;
  visitors: { name: string }[];
  organization: Ref | null;
  team: Ref | null;
  itemsBrought: string | null;
  valueYuan: number | null;
  needsFollowUp: boolean;
  followUpNote: string | null;
  followUpDoneAt: string | null;
}
