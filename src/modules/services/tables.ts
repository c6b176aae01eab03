/** Row types of the service alliance (see migration 0008-services). */

/** The four departments of 四部一网: 居家养老, 物业管理, 综合服务, 商盟服务. */
export type ServiceDepartmentKind = 'elderCare' | 'property' | 'general' | 'merchant';
export type ConsultationChannel = 'hall' | 'hotline' | 'wechat' | 'web';
export type ConsultationTopic = 'socialSecurity' | 'medical' | 'maternalChild' | 'schooling' | 'elderCare' | 'housing' | 'employment' | 'civilAffairs' | 'other';
export type ConsultationStatus = 'open' | 'answered' | 'turnedIntoCase';
export type BookingStatus = 'booked' | 'done' | 'cancelled';
export type MediationOutcome = 'settled' | 'unsettled' | 'referred';

/** One opening interval in Beijing time: weekday 1 (Monday) … 7, `HH:MM`. */
export interface OpeningInterval {
  weekday: number;
  open: string;
  close: string;
}

export interface ServiceAllianceTable { id: string; name: string; website_url: string | null; grid_id: string; grid_path: string; created_at: string }
export interface ServiceDepartmentTable { id: string; alliance_id: string; kind: ServiceDepartmentKind; name: string; description: string | null; phone: string | null; sort: number; archived_at?: string | null }
export interface ServiceTeamTable { id: string; department_id: string; name: string; leader_name: string | null; member_count: number; archived_at?: string | null }
export interface ServicePointTable {
  id: string;
  department_id: string | null;
  name: string;
  grid_id: string;
  grid_path: string;
  address: string;
  lng: number | null;
  lat: number | null;
  /** JSON `OpeningInterval[]`. */
  opening_hours: string;
  /** JSON array of staff names on duty. */
  staff: string;
  slot_minutes: number;
  slot_capacity: number;
  /** Set when archived (migration 0013): gone from booking, kept for old bookings. */
  archived_at?: string | null;
}
export interface ServiceCategoryTable { id: string; code: string; name: string; name_en: string; sort: number; archived_at?: string | null }
export interface ServiceItemTable { id: string; category_id: string; department_id: string | null; name: string; description: string | null; is_bookable: number; is_active: number; duration_minutes?: number | null; archived_at?: string | null }
export interface ServiceBookingTable {
  id: string;
  item_id: string;
  point_id: string;
  grid_path: string;
  user_id: string | null;
  resident_name: string;
  slot_start: string;
  slot_end: string;
  address: string | null;
  note: string | null;
  status: BookingStatus;
  created_at: string;
}
export interface ConsultationTable {
  id: string;
  channel: ConsultationChannel;
  topic: ConsultationTopic;
  question: string;
  answer: string | null;
  status: ConsultationStatus;
  case_id: string | null;
  asked_by: string | null;
  asker_name: string | null;
  grid_id: string;
  grid_path: string;
  handled_by: string | null;
  created_at: string;
  answered_at: string | null;
  /** `wechat:<MsgId>` for a message from the public account (unique: a redelivery finds the same consultation). */
  external_id?: string | null;
}
export interface MediationTable {
  id: string;
  title: string;
  parties: string;
  outcome: MediationOutcome;
  /** Settled by the service alliance's mediators (the article's 830 disputes) rather than referred in. */
  is_by_alliance: number;
  mediator_name: string;
  note: string | null;
  grid_id: string;
  grid_path: string;
  mediated_on: string;
  recorded_by: string | null;
  created_at: string;
}

export interface ServicesTables {
  service_alliances: ServiceAllianceTable;
  service_departments: ServiceDepartmentTable;
  service_teams: ServiceTeamTable;
  service_points: ServicePointTable;
  service_categories: ServiceCategoryTable;
  service_items: ServiceItemTable;
  service_bookings: ServiceBookingTable;
  consultations: ConsultationTable;
  mediations: MediationTable;
}
