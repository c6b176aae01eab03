/** Row types of the deliberation module's tables (see migration 0004-deliberation). */

/** The four parties of 四方联动议事, and the other organisations that sit in joint meetings. */
export type OrgKind = 'communityParty' | 'socialOrg' | 'ownersCommittee' | 'propertyCompany' | 'partner' | 'government';
export type BodyKind = 'fourParty' | 'jointMeeting';
/** Four-party councils sit at a compound or a community; joint meetings at the four levels. */
export type BodyLevel = 'city' | 'subdistrict' | 'community' | 'grid' | 'compound';
/** One vote per seat (the four-party rule) or one per member. */
export type VotingRule = 'perSeat' | 'perMember';
export type Majority = 'simple' | 'twoThirds';
export type Position = 'chair' | 'viceChair' | 'secretary' | 'member';
export type MeetingState = 'draft' | 'scheduled' | 'inProgress' | 'closed' | 'cancelled';
export type AgendaKind = 'case' | 'topic' | 'need' | 'project' | 'other';
export type MotionState = 'open' | 'passed' | 'rejected' | 'noQuorum';
export type VoteChoice = 'yes' | 'no' | 'abstain';
export type ResolutionState = 'inProgress' | 'done';
export type ActionItemState = 'open' | 'inProgress' | 'done' | 'cancelled';
export type TopicState = 'open' | 'queued' | 'onAgenda' | 'decided' | 'closed';

export interface DeliberationOrgTable {
  id: string;
  name: string;
  kind: OrgKind;
  grid_id: string;
  grid_path: string;
  contact_name: string | null;
  created_at: string;
}

export interface BodyTable {
  id: string;
  kind: BodyKind;
  level: BodyLevel;
  name: string;
  grid_id: string;
  grid_path: string;
  voting_rule: VotingRule;
  /** Share of seats (or members) that must be checked in, in percent, for a vote to count. */
  quorum_percent: number;
  majority: Majority;
  /** Abstentions count in the denominator of the majority (1) or are left out (0). */
  counts_abstentions: number;
  /** Supports a resident's topic needs to go on the next agenda. */
  topic_threshold: number;
  is_active: number;
  created_at: string;
  updated_at: string;
}

export interface BodyOrgTable {
  body_id: string;
  org_id: string;
  seat_kind: OrgKind;
  created_at: string;
}

export interface BodyMemberTable {
  id: string;
  body_id: string;
  org_id: string | null;
  user_id: string | null;
  name: string;
  position: Position;
  term_start: string;
  term_end: string | null;
  created_at: string;
}

export interface MeetingSeriesTable {
  id: string;
  body_id: string;
  title: string;
  /** iCalendar RRULE without DTSTART, e.g. `FREQ=MONTHLY;BYDAY=TU;BYSETPOS=2`. */
  rrule: string;
  /** First day (YYYY-MM-DD, Asia/Shanghai) and local start time (HH:MM). */
  starts_on: string;
  start_time: string;
  duration_minutes: number;
  location: string | null;
  is_active: number;
  /** Occurrences exist up to this instant. */
  generated_until: string | null;
  created_at: string;
}

export interface MeetingTable {
  id: string;
  body_id: string;
  series_id: string | null;
  grid_path: string;
  title: string;
  kind: 'regular' | 'special';
  state: MeetingState;
  starts_at: string;
  ends_at: string;
  location: string | null;
  checkin_code: string;
  /** Minutes in light Markdown (headings, bold, lists). */
  minutes: string | null;
  minutes_updated_at: string | null;
  /** Attachments as JSON: [{name, url}]. */
  attachments: string | null;
  started_at: string | null;
  closed_at: string | null;
  created_by: string | null;
  created_at: string;
  updated_at: string;
  version: number;
}

export interface MeetingAttendanceTable {
  meeting_id: string;
  member_id: string;
  invited_at: string;
  checked_in_at: string | null;
  method: 'code' | 'qr' | 'manual' | null;
}

export interface AgendaItemTable {
  id: string;
  meeting_id: string;
  seq: number;
  kind: AgendaKind;
  title: string;
  case_id: string | null;
  topic_id: string | null;
  /** A need or project of the co-building lists (B2), when that module links one. */
  ref_id: string | null;
  outcome: string | null;
  created_at: string;
}

export interface MotionTable {
  id: string;
  meeting_id: string;
  /** The agenda item the motion is on. */
  agenda_item_id: string;
  /** Every agenda item it decides (JSON array, the first one included), e.g. a topic and the case beside it. */
  agenda_item_ids: string;
  text: string;
  state: MotionState;
  /** The body's voting rule when the motion opened (JSON), so later edits do not change it. */
  rule: string;
  /** The computed tally (JSON), once decided. */
  result: string | null;
  opened_at: string;
  decided_at: string | null;
}

export interface VoteTable {
  id: string;
  motion_id: string;
  voter_key: string;
  member_id: string;
  org_id: string | null;
  voter_name: string;
  choice: VoteChoice;
  recorded_by: string | null;
  at: string;
}

export interface ResolutionTable {
  id: string;
  number: string;
  motion_id: string;
  meeting_id: string;
  body_id: string;
  grid_path: string;
  title: string;
  text: string;
  state: ResolutionState;
  /** Rolled up from the action items, 0–100. */
  progress: number;
  decided_at: string;
  done_at: string | null;
}

export interface ActionItemTable {
  id: string;
  resolution_id: string;
  grid_path: string;
  title: string;
  owner_kind: 'org' | 'person';
  owner_org_id: string | null;
  owner_member_id: string | null;
  owner_name: string;
  /** Deadline, a day in Asia/Shanghai (YYYY-MM-DD). */
  due_on: string;
  state: ActionItemState;
  progress: number;
  note: string | null;
  /** The day an overdue reminder last went out, so each day sends at most one. */
  reminded_on: string | null;
  completed_at: string | null;
  created_at: string;
  updated_at: string;
}

export interface TopicTable {
  id: string;
  body_id: string;
  grid_id: string;
  grid_path: string;
  title: string;
  description: string;
  case_id: string | null;
  proposer_user_id: string | null;
  proposer_name: string;
  state: TopicState;
  support_count: number;
  agenda_item_id: string | null;
  created_at: string;
  updated_at: string;
}

export interface TopicSupportTable {
  topic_id: string;
  user_id: string;
  created_at: string;
}

export interface DeliberationTables {
  deliberation_orgs: DeliberationOrgTable;
  bodies: BodyTable;
  body_orgs: BodyOrgTable;
  body_members: BodyMemberTable;
  meeting_series: MeetingSeriesTable;
  meetings: MeetingTable;
  meeting_attendance: MeetingAttendanceTable;
  agenda_items: AgendaItemTable;
  motions: MotionTable;
  votes: VoteTable;
  resolutions: ResolutionTable;
  action_items: ActionItemTable;
  topics: TopicTable;
  topic_supports: TopicSupportTable;
}
