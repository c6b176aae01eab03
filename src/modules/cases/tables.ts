/** Row types of the cases module's tables (see migration 0003-cases). */
import type { Generated } from 'kysely';

export type CaseType = 'hazard' | 'dispute' | 'demand' | 'petition' | 'minorCase';
/** Handling tiers from the bottom up (分层运行、分级解决). */
export type Tier = 'stairwell' | 'compound' | 'community' | 'subdistrict' | 'city';
export type LimitUnit = 'workingHours' | 'workingDays';
export type CaseChannel = 'web' | 'staff' | 'hotline' | 'wechat' | 'patrol' | 'steward' | 'department' | 'open311';
export type CaseState =
  | 'reported'
  | 'rejected'
  | 'accepted'
  | 'registered'
  | 'dispatched'
  | 'handling'
  | 'reportedBack'
  | 'verified'
  | 'closed'
  | 'rated'
  | 'suspended'
  | 'merged';

export interface CaseCategoryTable {
  id: string;
  code: string;
  parent_id: string | null;
  name: string;
  name_en: string;
  default_type: CaseType;
  default_tier: Tier;
  accept_limit: number;
  accept_unit: LimitUnit;
  dispatch_limit: number;
  dispatch_unit: LimitUnit;
  handle_limit: number;
  handle_unit: LimitUnit;
  duplicate_radius_m: number;
  is_active: number;
  sort: number;
  updated_at: string;
}

export interface DepartmentTable {
  id: string;
  code: string;
  name: string;
  name_en: string;
  kind: string;
  phone: string | null;
  /** Working hours a referral may take before it is overdue (吹哨报到: report quickly). */
  response_hours: number;
  is_active: number;
}

export interface DepartmentAreaTable {
  department_id: string;
  grid_id: string;
  grid_path: string;
}

export interface DepartmentMemberTable {
  department_id: string;
  user_id: string;
}

export interface CounterTable {
  key: string;
  value: number;
}

export interface CaseTable {
  id: string;
  number: string;
  type: CaseType;
  category_id: string;
  title: string;
  description: string;
  state: CaseState;
  is_open: number;
  tier: Tier;
  channel: CaseChannel;
  grid_id: string | null;
  grid_path: string | null;
  handling_grid_id: string | null;
  /** Path of the grid whose team holds the case now; `/` for the city triage queue. */
  handling_path: string;
  lng: number | null;
  lat: number | null;
  address: string | null;
  reporter_user_id: string | null;
  reporter_person_id: string | null;
  reporter_name: string | null;
  reporter_phone_enc: string | null;
  reporter_phone_hash: string | null;
  reporter_phone_last4: string | null;
  /** The category's time limits as registered (JSON); later taxonomy edits do not touch them. */
  limits: string;
  stage: 'accept' | 'dispatch' | 'handle' | 'verify' | null;
  due_at: string | null;
  overdue_at: string | null;
  sla_escalated_at: string | null;
  discovered_at: string;
  accepted_at: string | null;
  /** The acceptance deadline fixed at intake (响应率 in time); null for cases from before it was kept. */
  response_due_at: string | null;
  /** First answer: accepted, rejected or merged, whichever came first. */
  responded_at: string | null;
  assessed_at: string | null;
  intervened_at: string | null;
  resolved_at: string | null;
  closed_at: string | null;
  closed_via: 'handling' | 'deliberation' | null;
  resolution_id: string | null;
  rework_count: number;
  escalation_count: number;
  reopen_count: number;
  lowest_tier: Tier;
  feedback: 'confirmed' | 'disputed' | null;
  rating: number | null;
  rated_at: string | null;
  merged_into_id: string | null;
  suspended_from: CaseState | null;
  is_skipped_level: number;
  is_criminal_risk: number;
  priority: 'normal' | 'urgent';
  /** A pending request needing approval (return or extension), as JSON. */
  pending_request: string | null;
  version: number;
  created_at: string;
  updated_at: string;
}

export interface CaseEventTable {
  id: string;
  case_id: string;
  seq: number;
  action: string;
  from_state: CaseState | null;
  to_state: CaseState;
  from_tier: Tier | null;
  to_tier: Tier | null;
  actor_id: string | null;
  actor_name: string | null;
  actor_role: string | null;
  note: string | null;
  data: string | null;
  at: string;
}

export interface CaseReferralTable {
  id: string;
  case_id: string;
  department_id: string;
  state: 'requested' | 'acknowledged' | 'responded';
  requested_at: string;
  due_at: string;
  acknowledged_at: string | null;
  responded_at: string | null;
  response: string | null;
  grid_path: string;
}

export interface CaseAttachmentTable {
  id: string;
  case_id: string | null;
  event_id: string | null;
  kind: 'report' | 'result';
  mime: string;
  size: number;
  sha256: string;
  file: string;
  thumb: string;
  width: number | null;
  height: number | null;
  uploaded_by: string | null;
  created_at: string;
}

export interface IdempotencyKeyTable {
  key: string;
  case_id: string;
  created_at: string;
}

export interface NotificationTable {
  id: string;
  user_id: string;
  topic: string;
  case_id: string | null;
  params: string;
  read_at: string | null;
  created_at: string;
}

export interface WebhookTable {
  id: string;
  url: string;
  secret: string;
  topics: string;
  is_active: number;
  created_at: string;
}

export interface WebhookDeliveryTable {
  id: string;
  webhook_id: string;
  outbox_id: string;
  status: 'pending' | 'delivered' | 'failed';
  attempts: number;
  next_attempt_at: string;
  last_status: number | null;
  last_error: string | null;
  created_at: string;
}

export interface PatrolTaskTable {
  id: string;
  grid_id: string;
  grid_path: string;
  assignee_user_id: string;
  title: string;
  planned_on: string;
  /** Check-in points as JSON: [{name, lng, lat}]. */
  points: string;
  state: 'planned' | 'inProgress' | 'done';
  created_at: string;
  completed_at: string | null;
}

export interface PatrolCheckinTable {
  id: string;
  task_id: string;
  point_index: number;
  lng: number | null;
  lat: number | null;
  note: string | null;
  case_id: string | null;
  at: string;
}

export interface CasesTables {
  case_categories: CaseCategoryTable;
  departments: DepartmentTable;
  department_areas: DepartmentAreaTable;
  department_members: DepartmentMemberTable;
  counters: CounterTable;
  cases: CaseTable;
  case_events: CaseEventTable;
  case_referrals: CaseReferralTable;
  case_attachments: CaseAttachmentTable;
  idempotency_keys: IdempotencyKeyTable;
  notifications: NotificationTable;
  webhooks: WebhookTable;
  webhook_deliveries: WebhookDeliveryTable;
  patrol_tasks: PatrolTaskTable;
  patrol_checkins: PatrolCheckinTable;
}

export type { Generated };
