/** Shapes of /api/deliberation (see /api/docs). */
export type OrgKind = 'communityParty' | 'socialOrg' | 'ownersCommittee' | 'propertyCompany' | 'partner' | 'government';
export type BodyKind = 'fourParty' | 'jointMeeting';
export type BodyLevel = 'city' | 'subdistrict' | 'community' | 'grid' | 'compound';
export type MeetingState = 'draft' | 'scheduled' | 'inProgress' | 'closed' | 'cancelled';
export type Choice = 'yes' | 'no' | 'abstain';

export interface Stats {
  councils: number;
  jointBodies: number;
  meetingsThisYear: number;
  resolutions: number;
  resolutionsDone: number;
  overdueActionItems: number;
  casesClosedByDeliberation: number;
  openTopics: number;
}

export interface BodySummary {
  id: string;
  kind: BodyKind;
  level: BodyLevel;
  name: string;
  gridId: string;
  gridName: string | null;
  votingRule: 'perSeat' | 'perMember';
  quorumPercent: number;
  majority: 'simple' | 'twoThirds';
  countsAbstentions: boolean;
  topicThreshold: number;
  seatCount?: number;
  memberCount?: number;
  nextMeetingAt?: string | null;
}

export interface MeetingSummary {
  id: string;
  bodyId: string;
  bodyName: string | null;
  bodyKind: BodyKind | null;
  bodyLevel: BodyLevel | null;
  title: string;
  kind: 'regular' | 'special';
  state: MeetingState;
  startsAt: string;
  endsAt: string;
  location: string | null;
  version: number;
}

export interface BodyDetail extends BodySummary {
  seats: { orgId: string; seatKind: OrgKind; name: string; contactName: string | null }[];
  members: { id: string; name: string; position: string; orgId: string | null; orgName: string | null; orgKind: OrgKind | null; termStart: string; termEnd: string | null; isCurrent: boolean }[];
  series: { id: string; title: string; rrule: string; startsOn: string; startTime: string; durationMinutes: number; location: string | null; isActive: boolean }[];
  upcoming: MeetingSummary[];
  recent: MeetingSummary[];
  stats: { meetingsHeld: number; resolutions: number; resolutionsDone: number; casesClosed: number };
  canManage: boolean;
}

export interface Tally {
  outcome: 'passed' | 'rejected' | 'noQuorum';
  reason: 'passed' | 'quorumNotMet' | 'majorityNotReached' | 'noVotes';
  yes: number;
  no: number;
  abstain: number;
  eligible: number;
  present: number;
  quorum: number;
  isQuorate: boolean;
  base: number;
  needed: number;
}

export interface ActionItem {
  id: string;
  resolutionId: string;
  resolutionNumber: string | null;
  resolutionTitle: string | null;
  bodyId: string | null;
  bodyName: string | null;
  title: string;
  ownerKind: 'org' | 'person';
  ownerOrgId: string | null;
  ownerMemberId: string | null;
  ownerName: string;
  dueOn: string;
  state: 'open' | 'inProgress' | 'done' | 'cancelled';
  progress: number;
  note: string | null;
  completedAt: string | null;
  isOverdue: boolean;
}

export interface Resolution {
  id: string;
  number: string;
  title: string;
  text: string;
  state: 'inProgress' | 'done';
  progress: number;
  decidedAt: string;
  doneAt: string | null;
  bodyId: string;
  bodyName: string | null;
  meetingId: string;
  actionItems?: ActionItem[];
}

export interface MeetingDetail extends MeetingSummary {
  body: BodySummary;
  minutes: string | null;
  minutesUpdatedAt: string | null;
  checkinCode: string | null;
  attendance: { memberId: string; name: string; position: string; orgId: string | null; orgName: string | null; orgKind: OrgKind | null; checkedInAt: string | null; method: string | null }[];
  agenda: {
    id: string;
    seq: number;
    kind: 'case' | 'topic' | 'need' | 'project' | 'other';
    title: string;
    outcome: string | null;
    case: { id: string; number: string; title: string; state: string; closedVia: string | null; address: string | null } | null;
    topic: { id: string; title: string; supportCount: number; proposerName: string } | null;
  }[];
  motions: { id: string; agendaItemIds: string[]; text: string; state: 'open' | 'passed' | 'rejected' | 'noQuorum'; tally: Tally; isLive: boolean; votes: { id: string; memberId: string; orgId: string | null; voterName: string; choice: Choice; at: string }[] }[];
  resolutions: Resolution[];
  canManage: boolean;
  canEditMinutes: boolean;
  me: { memberId: string; orgId: string | null; hasCheckedIn: boolean } | null;
}

export interface Topic {
  id: string;
  title: string;
  description: string;
  state: 'open' | 'queued' | 'onAgenda' | 'decided' | 'closed';
  supportCount: number;
  threshold: number;
  bodyId: string;
  bodyName: string;
  gridName?: string;
  proposerName: string;
  isMine: boolean;
  hasSupported: boolean;
  createdAt: string;
  meeting?: { id: string; title: string; startsAt: string; state: string } | null;
}
