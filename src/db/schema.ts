/**
 * Table types for Kysely. Both dialects store the same shapes: text UUIDv7 keys, ISO-8601 UTC
 * timestamps as text, booleans as 0/1 integers and JSON as text, so one code path serves both.
 */
import type { Generated } from 'kysely';
import type { CalendarTables } from '../core/calendar/repository.js';
import type { CasesTables } from '../modules/cases/tables.js';
import type { DeliberationTables } from '../modules/deliberation/tables.js';
import type { CobuildTables } from '../modules/cobuild/tables.js';
import type { VolunteersTables } from '../modules/volunteers/tables.js';
import type { WishesTables } from '../modules/wishes/tables.js';
import type { ServicesTables } from '../modules/services/tables.js';
import type { FieldworkTables } from '../modules/fieldwork/tables.js';
import type { AnalyticsTables } from '../modules/analytics/tables.js';
import type { NoticesTables } from '../modules/notices/tables.js';
import type { OtpTables } from '../core/accounts/otp-tables.js';

export type GridLevel = 'city' | 'subdistrict' | 'community' | 'compound' | 'building' | 'stairwell';

export interface GridTable {
  id: string;
  code: string;
  name: string;
  level: GridLevel;
  parent_id: string | null;
  /** Materialized path of codes: `/231085/231085100/`; a subtree is a path prefix. */
  path: string;
  depth: number;
  sort: number;
  /** GeoJSON geometry (Polygon or MultiPolygon) as text. */
  boundary: string | null;
  centroid_lng: number | null;
  centroid_lat: number | null;
  min_lng: number | null;
  min_lat: number | null;
  max_lng: number | null;
  max_lat: number | null;
  area_m2: number | null;
  /** Free attributes (address, households planned…) as JSON text. */
  attributes: string | null;
  created_at: string;
  updated_at: string;
}

export interface PartyOrgTable {
  id: string;
  name: string;
  kind: 'committee' | 'generalBranch' | 'branch';
  grid_id: string;
  grid_path: string;
  created_at: string;
}

export interface PersonTable {
  id: string;
  name: string;
  gender: 'male' | 'female' | null;
  birth_year: number | null;
  id_number_enc: string | null;
  id_number_hash: string | null;
  phone_enc: string | null;
  phone_hash: string | null;
  grid_id: string | null;
  grid_path: string | null;
  household_id: string | null;
  room_id: string | null;
  relation: string | null;
  note: string | null;
  created_at: string;
  updated_at: string;
}

export interface RoomTable {
  id: string;
  grid_id: string;
  grid_path: string;
  number: string;
  floor: number;
  area_m2: number | null;
  use: 'residential' | 'commercial';
  created_at: string;
}

export interface HouseholdTable {
  id: string;
  room_id: string;
  grid_id: string;
  grid_path: string;
  head_person_id: string | null;
  created_at: string;
}

export interface PartyMemberTable {
  person_id: string;
  kind: 'community' | 'inService';
  party_org_id: string | null;
  employer_org_id: string | null;
  joined_on: string | null;
  grid_path: string;
  created_at: string;
}

export interface CareGroupTable {
  person_id: string;
  group_code: 'elderlyAlone' | 'disabled' | 'lowIncome' | 'hardship';
  grid_path: string;
  since: string | null;
  note: string | null;
}

export type AssignmentRole = 'cadre' | 'compoundHead' | 'gridLeader' | 'gridWorker' | 'steward' | 'partyOrg';

export interface AssignmentTable {
  id: string;
  grid_id: string;
  grid_path: string;
  role: AssignmentRole;
  person_id: string | null;
  party_org_id: string | null;
  start_on: string;
  end_on: string | null;
  created_at: string;
}

export type Role =
  | 'admin'
  | 'cadre'
  | 'secretary'
  | 'gridWorker'
  | 'steward'
  | 'departmentOfficer'
  | 'orgContact'
  | 'partyMember'
  | 'resident'
  | 'operator';

export interface UserTable {
  id: string;
  username: string;
  display_name: string;
  password_hash: string;
  role: Role;
  person_id: string | null;
  locale: string;
  is_active: number;
  created_at: string;
  updated_at: string;
  last_login_at: string | null;
}

export interface UserScopeTable {
  user_id: string;
  grid_id: string;
}

export interface SessionTable {
  id: string;
  user_id: string;
  csrf_token: string;
  created_at: string;
  expires_at: string;
}

export interface ApiKeyTable {
  id: string;
  user_id: string;
  name: string;
  prefix: string;
  key_hash: string;
  created_at: string;
  revoked_at: string | null;
  last_used_at: string | null;
}

export interface LoginAttemptTable {
  id: Generated<number>;
  username: string;
  at: string;
  ok: number;
}

export interface AuditLogTable {
  id: string;
  at: string;
  actor_id: string | null;
  actor_name: string | null;
  action: string;
  record_type: string;
  record_id: string | null;
  grid_path: string | null;
  details: string | null;
  request_id: string | null;
}

export interface OutboxTable {
  id: string;
  topic: string;
  payload: string;
  grid_path: string | null;
  created_at: string;
  published_at: string | null;
}

export interface SettingTable {
  key: string;
  value: string;
}

/** Every table: the core ones below, and each module's own (declared beside the module). */
export interface Database extends CasesTables, CalendarTables, CobuildTables, VolunteersTables, WishesTables, ServicesTables, FieldworkTables, DeliberationTables, OtpTables, NoticesTables, AnalyticsTables {
  grids: GridTable;
  party_orgs: PartyOrgTable;
  persons: PersonTable;
  rooms: RoomTable;
  households: HouseholdTable;
  party_members: PartyMemberTable;
  care_groups: CareGroupTable;
  assignments: AssignmentTable;
  users: UserTable;
  user_scopes: UserScopeTable;
  sessions: SessionTable;
  api_keys: ApiKeyTable;
  login_attempts: LoginAttemptTable;
  audit_log: AuditLogTable;
  outbox: OutboxTable;
  settings: SettingTable;
}
