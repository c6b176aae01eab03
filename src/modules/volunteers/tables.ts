/** Row types of the volunteers module's tables (see migration 0006-volunteers). */

/** 特色型党支部 (themed service party branch) or an ordinary 志愿服务队. */
export type TeamKind = 'partyBranch' | 'team';

/** Service themes of the 1+N model: 法律援助, 关爱老人, 医疗救助, 扫雪除冰, 扶弱济困, 医疗保健, 环境整治, 楼道文化, 平安巡防, 文体活动. */
export type TeamTheme = 'legalAid' | 'elderCare' | 'medicalAid' | 'snowClearing' | 'helpInNeed' | 'healthCare' | 'environment' | 'stairwellCulture' | 'safetyPatrol' | 'culture' | 'other';
export const teamThemes: TeamTheme[] = ['legalAid', 'elderCare', 'medicalAid', 'snowClearing', 'helpInNeed', 'healthCare', 'environment', 'stairwellCulture', 'safetyPatrol', 'culture', 'other'];

export interface VolunteerTeamTable {
  id: string;
  name: string;
  kind: TeamKind;
  theme: TeamTheme;
  community_id: string;
  grid_path: string;
  description: string | null;
  leader_person_id: string | null;
  founded_on: string | null;
  archived_at: string | null;
  created_by: string | null;
  version: number;
  created_at: string;
  updated_at: string;
}

export interface TeamMemberTable {
  team_id: string;
  person_id: string;
  role: 'leader' | 'member';
  joined_on: string;
  left_on: string | null;
  grid_path: string;
  created_at: string;
}

/** `service`: a team's volunteer service; `joint`: held with partner organisations (慰问, 运动会, 百家宴…). */
export type ActivityKind = 'service' | 'joint';
export type ActivityState = 'published' | 'completed' | 'cancelled';

export interface ActivityTable {
  id: string;
  team_id: string | null;
  /** The partner organisation holding it with the community, if any. */
  organization_id: string | null;
  kind: ActivityKind;
  theme: TeamTheme;
  title: string;
  description: string | null;
  grid_id: string;
  grid_path: string;
  place: string;
  lng: number | null;
  lat: number | null;
  /** Check-ins with a location farther than this from the activity are refused. */
  checkin_radius_m: number;
  starts_at: string;
  ends_at: string;
  capacity: number;
  /** Six digits shown to attendees (and inside the QR code). */
  checkin_code: string;
  points_per_hour: number;
  state: ActivityState;
  completed_at: string | null;
  organizer_user_id: string | null;
  organizer_name: string | null;
  created_by: string | null;
  version: number;
  created_at: string;
  updated_at: string;
}

export type SignupState = 'confirmed' | 'waitlisted' | 'cancelled';
export type Verification = 'pending' | 'verified' | 'rejected';

export interface SignupTable {
  id: string;
  activity_id: string;
  person_id: string;
  user_id: string | null;
  grid_path: string;
  state: SignupState;
  signed_up_at: string;
  promoted_at: string | null;
  cancelled_at: string | null;
  checked_in_at: string | null;
  checkin_method: 'code' | 'qr' | 'organizer' | null;
  checkin_lng: number | null;
  checkin_lat: number | null;
  checked_out_at: string | null;
  checkout_lng: number | null;
  checkout_lat: number | null;
  verification: Verification;
  verified_hours: number | null;
  verified_at: string | null;
  verified_by: string | null;
  verify_note: string | null;
  version: number;
}

/**
 * The hours and points ledger (TimeOverflow's movements): a verified attendance is one `credit`,
 * every change after it one `correction` with the difference. Balances are sums, never stored.
 */
export interface LedgerEntryTable {
  id: string;
  person_id: string;
  grid_path: string;
  activity_id: string | null;
  signup_id: string | null;
  kind: 'credit' | 'correction';
  hours: number;
  points: number;
  /** Local date of the service, for yearly totals. */
  occurred_on: string;
  reason: string | null;
  corrects_id: string | null;
  entered_by: string | null;
  entered_by_name: string | null;
  entered_at: string;
}

/** Measured results of activities. `stairwellCulture` is one row per decorated stairwell (its grid). */
export type OutputMetric = 'snowAndRubbish' | 'alleyRepair' | 'stairwellCulture' | 'greening' | 'other';
export const unitOfMetric: Record<OutputMetric, string | null> = { snowAndRubbish: 'm3', alleyRepair: 'm', stairwellCulture: 'stairwell', greening: 'm2', other: null };

export interface ActivityOutputTable {
  id: string;
  activity_id: string;
  metric: OutputMetric;
  quantity: number;
  unit: string;
  /** Where the output is (the stairwell decorated, the alley's compound…), when it has a place. */
  grid_id: string | null;
  output_grid_path: string | null;
  /** The activity's place (scope). */
  grid_path: string;
  note: string | null;
  verified_at: string;
  verified_by: string | null;
  voided_at: string | null;
  void_reason: string | null;
  created_at: string;
}

/** 冬日暖阳, 大走访, 爱在社区, 节日慰问. */
export type CareCampaign = 'winterSun' | 'bigVisit' | 'loveInCommunity' | 'festival' | 'other';

export interface CareVisitTable {
  id: string;
  grid_id: string;
  grid_path: string;
  visited_person_id: string | null;
  visited_name: string;
  visited_kind: 'partyMember' | 'resident';
  /** Why they are visited (困难党员, 独居老人, 低保家庭…). */
  hardship: string | null;
  campaign: CareCampaign;
  visited_on: string;
  /** JSON array of { name, personId? }: who went. */
  visitors: string;
  organization_id: string | null;
  team_id: string | null;
  items_brought: string | null;
  value_yuan: number | null;
  needs_follow_up: number;
  follow_up_note: string | null;
  follow_up_done_at: string | null;
  follow_up_done_by: string | null;
  note: string | null;
  created_by: string | null;
  created_at: string;
  updated_at: string;
}

export interface VolunteersTables {
  volunteer_teams: VolunteerTeamTable;
  team_members: TeamMemberTable;
  activities: ActivityTable;
  activity_signups: SignupTable;
  volunteer_ledger: LedgerEntryTable;
  activity_outputs: ActivityOutputTable;
  care_visits: CareVisitTable;
}
