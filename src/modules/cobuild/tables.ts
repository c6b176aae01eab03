/** Row types of the co-building module's tables (see migration 0005-cobuild). */

/** 机关, 事业单位, 国有企业, 非公企业, 社会组织, 商户. */
export type OrganizationKind = 'organ' | 'institution' | 'stateEnterprise' | 'privateEnterprise' | 'socialOrg' | 'merchant';
export const organizationKinds: OrganizationKind[] = ['organ', 'institution', 'stateEnterprise', 'privateEnterprise', 'socialOrg', 'merchant'];

/** What a need asks for and a resource offers: 场地, 资金, 设备物资, 技能, 人员, 其他. */
export type ListKind = 'venue' | 'funds' | 'equipment' | 'skills' | 'people' | 'other';
export const listKinds: ListKind[] = ['venue', 'funds', 'equipment', 'skills', 'people', 'other'];

/** The one unit each kind is counted in, so totals add up: m², yuan, items, hours of skilled work, persons. */
export const unitOfKind: Record<ListKind, string> = { venue: 'm2', funds: 'yuan', equipment: 'item', skills: 'hour', people: 'person', other: 'item' };

export type PartyOrgKind = 'committee' | 'generalBranch' | 'branch' | 'joint';

export interface OrganizationTable {
  id: string;
  name: string;
  kind: OrganizationKind;
  /** 统一社会信用代码, when known. */
  credit_code: string | null;
  address: string | null;
  /** Where the organisation is located (a community or a grid below it). */
  grid_id: string;
  grid_path: string;
  /** Its own party organisation (e.g. 穆棱市税务局党支部); merchants share a joint branch (联合党支部). */
  party_org_name: string | null;
  party_org_kind: PartyOrgKind | null;
  party_member_count: number;
  secretary_name: string | null;
  contact_name: string | null;
  contact_phone_enc: string | null;
  contact_phone_hash: string | null;
  /** The account of its 联络人, who may post resources and evaluate its members. */
  contact_user_id: string | null;
  description: string | null;
  deleted_at: string | null;
  version: number;
  created_at: string;
  updated_at: string;
}

/** 单位报到: an organisation registers with a community it serves. */
export interface OrgRegistrationTable {
  id: string;
  organization_id: string;
  community_id: string;
  community_path: string;
  registered_on: string;
  state: 'active' | 'ended';
  ended_on: string | null;
  note: string | null;
  created_by: string | null;
  created_at: string;
}

/** 共驻共建协议: terms and period agreed between an organisation and a community. */
export interface AgreementTable {
  id: string;
  organization_id: string;
  community_id: string;
  community_path: string;
  title: string;
  terms: string | null;
  signed_on: string;
  starts_on: string;
  ends_on: string | null;
  state: 'active' | 'ended';
  created_by: string | null;
  created_at: string;
  updated_at: string;
}

/** One promise of an agreement; withdrawing it costs assessment points. */
export interface CommitmentTable {
  id: string;
  agreement_id: string;
  organization_id: string;
  community_path: string;
  content: string;
  kind: ListKind | null;
  quantity: number | null;
  state: 'open' | 'fulfilled' | 'withdrawn';
  fulfilled_at: string | null;
  withdrawn_at: string | null;
  withdrawn_reason: string | null;
  created_at: string;
}

export type NeedState = 'open' | 'matched' | 'fulfilled' | 'cancelled';

export interface NeedTable {
  id: string;
  grid_id: string;
  grid_path: string;
  kind: ListKind;
  title: string;
  description: string | null;
  quantity: number;
  unit: string;
  /** Local date (YYYY-MM-DD) by which it is needed. */
  deadline: string | null;
  location: string | null;
  lng: number | null;
  lat: number | null;
  state: NeedState;
  posted_by: string | null;
  posted_by_name: string | null;
  last_review_id: string | null;
  version: number;
  created_at: string;
  updated_at: string;
}

export type ResourceState = 'available' | 'committed' | 'withdrawn';

export interface ResourceTable {
  id: string;
  organization_id: string;
  /** The organisation's place when posted: resources are read under its scope. */
  grid_path: string;
  kind: ListKind;
  title: string;
  description: string | null;
  quantity: number;
  unit: string;
  available_from: string | null;
  available_until: string | null;
  /** When it can be used, in words (e.g. 每周六全天). */
  availability: string | null;
  location: string | null;
  lng: number | null;
  lat: number | null;
  state: ResourceState;
  posted_by: string | null;
  last_review_id: string | null;
  version: number;
  created_at: string;
  updated_at: string;
}

export type ProjectState = 'planned' | 'inProgress' | 'completed' | 'cancelled';

export interface ProjectTable {
  id: string;
  title: string;
  description: string | null;
  need_id: string;
  /** The need's place. */
  grid_path: string;
  state: ProjectState;
  starts_on: string | null;
  started_at: string | null;
  completed_at: string | null;
  outcome: string | null;
  /** The community's rating of the result, 1–5. */
  rating: number | null;
  beneficiaries: number | null;
  created_by: string | null;
  last_review_id: string | null;
  version: number;
  created_at: string;
  updated_at: string;
}

/** A resource used by a project: committed when matched, delivered (counted) when the project completes. */
export interface ProjectResourceTable {
  id: string;
  project_id: string;
  resource_id: string;
  organization_id: string;
  kind: ListKind;
  unit: string;
  quantity_committed: number;
  quantity_delivered: number | null;
  delivered_at: string | null;
  grid_path: string;
}

export interface MilestoneTable {
  id: string;
  project_id: string;
  title: string;
  due_on: string | null;
  done_at: string | null;
  note: string | null;
  sort: number;
  created_at: string;
}

/** The monthly joint meeting's review of the three lists (每月联席). */
export interface ListReviewTable {
  id: string;
  community_id: string;
  community_path: string;
  /** A deliberation meeting, when the Deliberation module recorded it. */
  meeting_id: string | null;
  reviewed_on: string;
  note: string | null;
  /** JSON: [{ type: 'need'|'resource'|'project', id, title }]. */
  items: string;
  created_by: string | null;
  created_by_name: string | null;
  created_at: string;
}

export interface AssessmentSchemeTable {
  id: string;
  year: number;
  /** JSON `AssessmentRules`. */
  rules: string;
  updated_by: string | null;
  created_at: string;
  updated_at: string;
}

/** 个人报到: an in-service party member registers with the community they live in. */
export interface MemberRegistrationTable {
  id: string;
  person_id: string;
  community_id: string;
  community_path: string;
  employer_org_id: string;
  registered_on: string;
  state: 'active' | 'ended';
  ended_on: string | null;
  /** JSON array of skills the member offers. */
  skills: string | null;
  note: string | null;
  created_by: string | null;
  created_at: string;
  updated_at: string;
}

/** 双服务: a service a member did outside volunteer activities (e.g. 结对帮扶). Hours come only from verified activities. */
export interface ServiceRecordTable {
  id: string;
  registration_id: string;
  person_id: string;
  community_path: string;
  kind: 'pairing' | 'wish' | 'care' | 'consultation' | 'other';
  description: string;
  served_on: string;
  recorded_by: string | null;
  recorded_by_name: string | null;
  created_at: string;
}

export type EvaluationGrade = 'excellent' | 'competent' | 'basicallyCompetent' | 'incompetent';

/** 双评议: the community's and the employer's evaluation of a member for a year. */
export interface EvaluationTable {
  id: string;
  registration_id: string;
  person_id: string;
  side: 'community' | 'employer';
  year: number;
  grade: EvaluationGrade;
  comment: string | null;
  community_path: string;
  employer_org_id: string;
  evaluator_user_id: string | null;
  evaluator_name: string | null;
  created_at: string;
  updated_at: string;
}

/** 双向服务反馈清单: what a community sent to an employer's party organisation about its members. */
export interface EvaluationFeedbackTable {
  id: string;
  organization_id: string;
  community_id: string;
  community_path: string;
  year: number;
  /** JSON snapshot of the members' lines as sent. */
  content: string;
  member_count: number;
  sent_by: string | null;
  sent_by_name: string | null;
  sent_at: string;
  acknowledged_at: string | null;
  acknowledged_by_name: string | null;
}

export interface CobuildTables {
  organizations: OrganizationTable;
  org_registrations: OrgRegistrationTable;
  cobuild_agreements: AgreementTable;
  cobuild_commitments: CommitmentTable;
  cobuild_needs: NeedTable;
  cobuild_resources: ResourceTable;
  cobuild_projects: ProjectTable;
  cobuild_project_resources: ProjectResourceTable;
  cobuild_milestones: MilestoneTable;
  cobuild_reviews: ListReviewTable;
  assessment_schemes: AssessmentSchemeTable;
  member_registrations: MemberRegistrationTable;
  service_records: ServiceRecordTable;
  evaluations: EvaluationTable;
  evaluation_feedbacks: EvaluationFeedbackTable;
}
