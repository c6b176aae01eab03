import { Type, type Static, type TSchema } from 'typebox';
import { Page } from '../../core/schemas.js';

const str = <T extends string>(values: readonly T[], description?: string) => Type.Unsafe<T>({ type: 'string', enum: [...values], ...(description ? { description } : {}) });
const Nullable = <T extends TSchema>(t: T) => Type.Union([t, Type.Null()]);
const NStr = Nullable(Type.String());
const NNum = Nullable(Type.Number());
const DateStr = (description?: string) => Type.String({ format: 'date', ...(description ? { description } : {}) });
const Loose = (description?: string) => Type.Unsafe<Record<string, unknown>>({ type: 'object', additionalProperties: true, ...(description ? { description } : {}) });

export const OrganizationKindEnum = str(['organ', 'institution', 'stateEnterprise', 'privateEnterprise', 'socialOrg', 'merchant'] as const, '机关 organ, 事业单位 institution, 国有企业 state enterprise, 非公企业 private enterprise, 社会组织 social organisation, 商户 merchant');
export const ListKindEnum = str(['venue', 'funds', 'equipment', 'skills', 'people', 'other'] as const, '场地 venue (m²), 资金 funds (yuan), 设备物资 equipment (items), 技能 skills (hours), 人员 people (persons), 其他 other');
const PartyOrgKindEnum = str(['committee', 'generalBranch', 'branch', 'joint'] as const, '党委, 党总支, 党支部, 联合党支部');
const GridRef = Type.Object({ id: Type.String(), name: Type.String() });

// ---- organisations (B1) ------------------------------------------------------------------------

export const OrganizationSummary = Type.Object({
  id: Type.String(),
  name: Type.String(),
  kind: Type.String(),
  address: NStr,
  grid: GridRef,
  partyOrgName: NStr,
  partyOrgKind: NStr,
  partyMemberCount: Type.Integer(),
  contactName: NStr,
  contactPhone: Nullable(Type.String({ description: 'Masked' })),
  /** Communities it is registered with (单位报到). */
  communities: Type.Array(GridRef),
  inServiceMembers: Type.Integer({ description: 'Registered in-service members it employs' }),
  openProjects: Type.Integer(),
  isMine: Type.Boolean({ description: 'The caller is its contact' }),
  canManage: Type.Boolean({ description: 'The caller may edit it' }),
});

export const OrganizationListQuery = Type.Intersect([
  Type.Object({
    q: Type.Optional(Type.String({ maxLength: 64, description: 'Words of the name' })),
    kind: Type.Optional(OrganizationKindEnum),
    grid: Type.Optional(Type.String({ description: 'Only organisations located in or registered with this subtree' })),
  }),
  Page,
]);

export const OrganizationBody = Type.Object({
  name: Type.String({ minLength: 2, maxLength: 100 }),
  kind: OrganizationKindEnum,
  gridId: Type.String({ description: 'Where it is located: a community or a grid below it' }),
  creditCode: Type.Optional(Nullable(Type.String({ pattern: '^[0-9A-HJ-NPQRTUWXY]{2}\\d{6}[0-9A-HJ-NPQRTUWXY]{10}$', description: '统一社会信用代码 (18 characters)' }))),
  address: Type.Optional(Nullable(Type.String({ maxLength: 200 }))),
  partyOrgName: Type.Optional(Nullable(Type.String({ maxLength: 100, description: 'Its own party organisation' }))),
  partyOrgKind: Type.Optional(Nullable(PartyOrgKindEnum)),
  partyMemberCount: Type.Optional(Type.Integer({ minimum: 0, maximum: 100000 })),
  secretaryName: Type.Optional(Nullable(Type.String({ maxLength: 50 }))),
  contactName: Type.Optional(Nullable(Type.String({ maxLength: 50 }))),
  contactPhone: Type.Optional(Nullable(Type.String({ maxLength: 20, description: 'Stored encrypted, shown masked' }))),
  contactUsername: Type.Optional(Nullable(Type.String({ maxLength: 64, description: 'The orgContact account that acts for it' }))),
  description: Type.Optional(Nullable(Type.String({ maxLength: 2000 }))),
});
export type OrganizationBody = Static<typeof OrganizationBody>;
export const OrganizationPatch = Type.Partial(OrganizationBody);
export type OrganizationPatch = Static<typeof OrganizationPatch>;

export const OrgRegistrationBody = Type.Object({
  communityId: Type.String({ description: 'The community it registers with (单位报到)' }),
  registeredOn: Type.Optional(DateStr()),
  note: Type.Optional(Type.String({ maxLength: 500 })),
});

export const CommitmentInput = Type.Object({
  content: Type.String({ minLength: 2, maxLength: 500 }),
  kind: Type.Optional(ListKindEnum),
  quantity: Type.Optional(Type.Number({ minimum: 0 })),
});

export const AgreementBody = Type.Object({
  communityId: Type.String(),
  title: Type.String({ minLength: 2, maxLength: 200 }),
  terms: Type.Optional(Type.String({ maxLength: 4000 })),
  signedOn: DateStr(),
  startsOn: DateStr(),
  endsOn: Type.Optional(Nullable(DateStr())),
  commitments: Type.Array(CommitmentInput, { maxItems: 30 }),
});
export type AgreementBody = Static<typeof AgreementBody>;

export const ReasonBody = Type.Object({ reason: Type.String({ minLength: 2, maxLength: 500 }) });

// ---- the three lists (B2) -----------------------------------------------------------------------

export const NeedBody = Type.Object({
  gridId: Type.String({ description: 'The community or grid posting it' }),
  kind: ListKindEnum,
  title: Type.String({ minLength: 2, maxLength: 200 }),
  description: Type.Optional(Type.String({ maxLength: 2000 })),
  quantity: Type.Number({ exclusiveMinimum: 0, description: 'In the kind\'s unit: m², yuan, items, hours, persons' }),
  deadline: Type.Optional(Nullable(DateStr('Needed by'))),
  location: Type.Optional(Type.String({ maxLength: 200 })),
  lng: Type.Optional(Type.Number({ minimum: -180, maximum: 180 })),
  lat: Type.Optional(Type.Number({ minimum: -90, maximum: 90 })),
});
export type NeedBody = Static<typeof NeedBody>;
export const NeedPatch = Type.Partial(Type.Omit(NeedBody, ['gridId', 'kind']));
export type NeedPatch = Static<typeof NeedPatch>;

export const ResourceBody = Type.Object({
  organizationId: Type.String(),
  kind: ListKindEnum,
  title: Type.String({ minLength: 2, maxLength: 200 }),
  description: Type.Optional(Type.String({ maxLength: 2000 })),
  quantity: Type.Number({ exclusiveMinimum: 0, description: 'In the kind\'s unit: m², yuan, items, hours, persons' }),
  availableFrom: Type.Optional(Nullable(DateStr())),
  availableUntil: Type.Optional(Nullable(DateStr())),
  availability: Type.Optional(Type.String({ maxLength: 200, description: 'When, in words (每周六全天)' })),
  location: Type.Optional(Type.String({ maxLength: 200 })),
  lng: Type.Optional(Type.Number({ minimum: -180, maximum: 180 })),
  lat: Type.Optional(Type.Number({ minimum: -90, maximum: 90 })),
});
export type ResourceBody = Static<typeof ResourceBody>;
export const ResourcePatch = Type.Partial(Type.Omit(ResourceBody, ['organizationId', 'kind']));
export type ResourcePatch = Static<typeof ResourcePatch>;

export const ListQuery = Type.Intersect([
  Type.Object({
    state: Type.Optional(Type.String({ maxLength: 20 })),
    kind: Type.Optional(ListKindEnum),
    grid: Type.Optional(Type.String({ description: 'Only under this subtree' })),
    organizationId: Type.Optional(Type.String()),
    q: Type.Optional(Type.String({ maxLength: 64 })),
  }),
  Page,
]);

export const NeedSummary = Type.Object({
  id: Type.String(), kind: Type.String(), title: Type.String(), description: NStr, quantity: Type.Number(), unit: Type.String(), deadline: NStr,
  location: NStr, lng: NNum, lat: NNum, state: Type.String(), grid: GridRef, postedByName: NStr, lastReviewedOn: NStr, projectCount: Type.Integer(), createdAt: Type.String(), version: Type.Integer(),
});

export const ResourceSummary = Type.Object({
  id: Type.String(), kind: Type.String(), title: Type.String(), description: NStr, quantity: Type.Number(), unit: Type.String(),
  availableFrom: NStr, availableUntil: NStr, availability: NStr, location: NStr, lng: NNum, lat: NNum, state: Type.String(),
  organization: Type.Object({ id: Type.String(), name: Type.String(), kind: Type.String() }), lastReviewedOn: NStr, createdAt: Type.String(), version: Type.Integer(),
});

export const MatchItem = Type.Object({
  score: Type.Integer({ description: '0–100: kind 40, place 30, time 20, quantity 10' }),
  reasons: Type.Array(Type.String(), { description: 'sameKind, relatedKind, nearby, sameCommunity, sameSubdistrict, availableInTime, availableLater, enoughQuantity, partialQuantity' }),
});

export const ProjectResourceInput = Type.Object({
  resourceId: Type.String(),
  quantity: Type.Optional(Type.Number({ exclusiveMinimum: 0, description: 'Committed amount; the resource\'s quantity when omitted' })),
});

export const ProjectBody = Type.Object({
  needId: Type.String({ description: 'The need it meets (required)' }),
  resources: Type.Array(ProjectResourceInput, { maxItems: 20, description: 'At least one resource (required; an empty list answers 400 projectResourceRequired)' }),
  title: Type.Optional(Type.String({ minLength: 2, maxLength: 200 })),
  description: Type.Optional(Type.String({ maxLength: 2000 })),
  startsOn: Type.Optional(Nullable(DateStr())),
  milestones: Type.Optional(Type.Array(Type.Object({ title: Type.String({ minLength: 1, maxLength: 200 }), dueOn: Type.Optional(Nullable(DateStr())) }), { maxItems: 30 })),
});
// Required fields are checked by the service so a missing need or resource gets its own reason.
export const ProjectCreateBody = Type.Partial(ProjectBody);
export type ProjectBody = Static<typeof ProjectBody>;

export const MilestoneBody = Type.Object({ title: Type.String({ minLength: 1, maxLength: 200 }), dueOn: Type.Optional(Nullable(DateStr())) });
export const MilestoneDoneBody = Type.Object({ note: Type.Optional(Type.String({ maxLength: 1000 })) });

export const CompleteProjectBody = Type.Object({
  outcome: Type.String({ minLength: 2, maxLength: 4000, description: 'What was achieved' }),
  deliveries: Type.Optional(Type.Array(Type.Object({ resourceId: Type.String(), quantity: Type.Number({ minimum: 0 }) }), { maxItems: 20, description: 'What each resource actually delivered; the committed amount when omitted' })),
  rating: Type.Optional(Type.Integer({ minimum: 1, maximum: 5, description: 'The community\'s rating of the result' })),
  beneficiaries: Type.Optional(Type.Integer({ minimum: 0 })),
  version: Type.Optional(Type.Integer()),
});
export type CompleteProjectBody = Static<typeof CompleteProjectBody>;

export const ProjectSummary = Type.Object({
  id: Type.String(), title: Type.String(), state: Type.String(), grid: GridRef, need: Type.Object({ id: Type.String(), title: Type.String(), kind: Type.String() }),
  organizations: Type.Array(Type.Object({ id: Type.String(), name: Type.String() })), startsOn: NStr, completedAt: NStr, rating: Nullable(Type.Integer()),
  milestonesDone: Type.Integer(), milestonesTotal: Type.Integer(), lastReviewedOn: NStr, createdAt: Type.String(), version: Type.Integer(),
});

export const ReviewBody = Type.Object({
  communityId: Type.String(),
  reviewedOn: DateStr('The joint meeting\'s date'),
  meetingId: Type.Optional(Nullable(Type.String({ description: 'The deliberation meeting, when recorded there' }))),
  note: Type.Optional(Type.String({ maxLength: 4000 })),
  items: Type.Array(Type.Object({ type: str(['need', 'resource', 'project'] as const), id: Type.String() }), { minItems: 1, maxItems: 500 }),
});
export type ReviewBody = Static<typeof ReviewBody>;

export const FiguresQuery = Type.Object({
  grid: Type.Optional(Type.String({ description: 'A subtree inside your scope; your whole scope when omitted' })),
  from: Type.Optional(Type.String({ format: 'date-time' })),
  to: Type.Optional(Type.String({ format: 'date-time' })),
});

// ---- assessment (B3) -----------------------------------------------------------------------------

const PerUnit = Type.Object({ venue: Type.Number(), funds: Type.Number(), equipment: Type.Number(), skills: Type.Number(), people: Type.Number(), other: Type.Number() });
export const AssessmentRules = Type.Object({
  completedProject: Type.Number({ minimum: 0, maximum: 1000, description: 'Points per completed project it took part in' }),
  perUnit: PerUnit,
  memberHour: Type.Number({ minimum: 0, maximum: 100, description: 'Points per verified hour of its in-service members' }),
  ratingStar: Type.Number({ minimum: 0, maximum: 100, description: 'Points per star of the community\'s rating of each completed project' }),
  withdrawnCommitment: Type.Number({ minimum: -1000, maximum: 0, description: 'Points (≤ 0) per withdrawn commitment' }),
});
export const SchemeBody = Type.Object({ year: Type.Integer({ minimum: 2000, maximum: 2100 }), rules: AssessmentRules });
export const YearQuery = Type.Object({ year: Type.Integer({ minimum: 2000, maximum: 2100 }), grid: Type.Optional(Type.String()) });

export const ScoreRow = Type.Object({
  rank: Type.Integer(),
  organization: Type.Object({ id: Type.String(), name: Type.String(), kind: Type.String(), gridName: Type.String() }),
  contribution: Loose('completedProjects, delivered per kind, memberHours, ratingStars, withdrawnCommitments'),
  parts: Type.Object({ projects: Type.Number(), resources: Type.Number(), memberHours: Type.Number(), ratings: Type.Number(), deductions: Type.Number(), total: Type.Number() }),
  total: Type.Number(),
});

// ---- dual registration (B4) ----------------------------------------------------------------------

export const MemberRegistrationBody = Type.Object({
  communityId: Type.String({ description: 'The community the member lives in' }),
  employerOrgId: Type.String({ description: 'The organisation the member works for' }),
  personId: Type.Optional(Type.String({ description: 'Staff registering someone; a member registers themselves without it' })),
  skills: Type.Optional(Type.Array(Type.String({ maxLength: 30 }), { maxItems: 10 })),
  registeredOn: Type.Optional(DateStr()),
  note: Type.Optional(Type.String({ maxLength: 500 })),
});
export type MemberRegistrationBody = Static<typeof MemberRegistrationBody>;

export const RegistrationListQuery = Type.Intersect([
  Type.Object({
    q: Type.Optional(Type.String({ maxLength: 64, description: 'Words of the member\'s name' })),
    grid: Type.Optional(Type.String()),
    employerOrgId: Type.Optional(Type.String()),
    state: Type.Optional(str(['active', 'ended'] as const)),
  }),
  Page,
]);

export const RegistrationSummary = Type.Object({
  id: Type.String(),
  person: Type.Object({ id: Type.String(), name: Type.String(), phone: NStr }),
  community: GridRef,
  employer: Type.Object({ id: Type.String(), name: Type.String() }),
  registeredOn: Type.String(),
  state: Type.String(),
  skills: Type.Array(Type.String()),
  grades: Type.Object({ community: NStr, employer: NStr, year: Type.Integer() }),
});

export const ServiceRecordBody = Type.Object({
  registrationId: Type.String(),
  kind: str(['pairing', 'wish', 'care', 'consultation', 'other'] as const, '结对帮扶 pairing, 微心愿 wish, 关爱 care, 政策咨询 consultation, other'),
  description: Type.String({ minLength: 2, maxLength: 1000 }),
  servedOn: DateStr(),
});

export const EvaluationBody = Type.Object({
  registrationId: Type.String(),
  year: Type.Integer({ minimum: 2000, maximum: 2100 }),
  grade: str(['excellent', 'competent', 'basicallyCompetent', 'incompetent'] as const, '优秀, 称职, 基本称职, 不称职'),
  comment: Type.Optional(Type.String({ maxLength: 1000 })),
});
export type EvaluationBody = Static<typeof EvaluationBody>;

export const FeedbackQuery = Type.Object({ year: Type.Optional(Type.Integer({ minimum: 2000, maximum: 2100, description: 'The current year when omitted' })) });
export const FeedbackSendBody = Type.Object({ year: Type.Integer({ minimum: 2000, maximum: 2100 }), communityId: Type.String() });

export const FeedbackLine = Type.Object({
  registrationId: Type.String(),
  person: Type.Object({ id: Type.String(), name: Type.String() }),
  community: GridRef,
  activities: Type.Integer({ description: 'Activities with verified attendance in the year' }),
  hours: Type.Number({ description: 'Verified hours in the year (ledger)' }),
  points: Type.Number(),
  outputs: Type.Array(Type.Object({ metric: Type.String(), unit: Type.String(), quantity: Type.Number() }), { description: 'Verified outputs of the activities attended' }),
  services: Type.Array(Type.Object({ kind: Type.String(), description: Type.String(), servedOn: Type.String() })),
  recentActivities: Type.Array(Type.Object({ title: Type.String(), date: Type.String(), hours: Type.Number() })),
  grades: Type.Object({ community: NStr, communityComment: NStr, employer: NStr }),
});

export { Loose, Nullable, NStr, GridRef };
