import { Type, type Static, type TSchema } from 'typebox';
import { Page } from '../../core/schemas.js';

const str = <T extends string>(values: readonly T[], description?: string) => Type.Unsafe<T>({ type: 'string', enum: [...values], ...(description ? { description } : {}) });
const Nullable = <T extends TSchema>(t: T) => Type.Union([t, Type.Null()]);
const NStr = Nullable(Type.String());
const DateStr = (description?: string) => Type.String({ format: 'date', ...(description ? { description } : {}) });
export const Loose = (description?: string) => Type.Unsafe<Record<string, unknown>>({ type: 'object', additionalProperties: true, ...(description ? { description } : {}) });
const GridRef = Type.Object({ id: Type.String(), name: Type.String() });

export const ThemeEnum = str(
  ['legalAid', 'elderCare', 'medicalAid', 'snowClearing', 'helpInNeed', 'healthCare', 'environment', 'stairwellCulture', 'safetyPatrol', 'culture', 'other'] as const,
  '法律援助 legalAid, 关爱老人 elderCare, 医疗救助 medicalAid, 扫雪除冰 snowClearing, 扶弱济困 helpInNeed, 医疗保健 healthCare, 环境整治 environment, 楼道文化 stairwellCulture, 平安巡防 safetyPatrol, 文体活动 culture, other',
);
export const MetricEnum = str(['snowAndRubbish', 'alleyRepair', 'stairwellCulture', 'greening', 'other'] as const, 'snowAndRubbish (m³ of snow and rubbish cleared), alleyRepair (metres of alley repaired), stairwellCulture (one stairwell decorated), greening (m²), other');

// ---- teams ---------------------------------------------------------------------------------------

export const TeamBody = Type.Object({
  name: Type.String({ minLength: 2, maxLength: 100 }),
  kind: str(['partyBranch', 'team'] as const, '特色型党支部 partyBranch, 志愿服务队 team'),
  theme: ThemeEnum,
  communityId: Type.String(),
  description: Type.Optional(Type.String({ maxLength: 2000 })),
  leaderPersonId: Type.Optional(Nullable(Type.String())),
  foundedOn: Type.Optional(Nullable(DateStr())),
});
export type TeamBody = Static<typeof TeamBody>;
export const TeamPatch = Type.Partial(Type.Omit(TeamBody, ['communityId', 'kind']));
export type TeamPatch = Static<typeof TeamPatch>;

export const TeamQuery = Type.Intersect([
  Type.Object({ kind: Type.Optional(str(['partyBranch', 'team'] as const)), theme: Type.Optional(ThemeEnum), grid: Type.Optional(Type.String()), q: Type.Optional(Type.String({ maxLength: 64 })) }),
  Page,
]);

export const TeamSummary = Type.Object({
  id: Type.String(), name: Type.String(), kind: Type.String(), theme: Type.String(), community: GridRef, description: NStr, leaderName: NStr, foundedOn: NStr,
  memberCount: Type.Integer(), inServiceCount: Type.Integer(), upcomingActivities: Type.Integer(), isMember: Type.Boolean(),
});

export const TeamMemberBody = Type.Object({ personId: Type.String(), role: Type.Optional(str(['leader', 'member'] as const)) });

// ---- activities ----------------------------------------------------------------------------------

export const ActivityBody = Type.Object({
  title: Type.String({ minLength: 2, maxLength: 200 }),
  kind: Type.Optional(str(['service', 'joint'] as const, 'service: a team\'s volunteer service; joint: held with partner organisations (慰问, 运动会, 百家宴…)')),
  theme: ThemeEnum,
  teamId: Type.Optional(Nullable(Type.String())),
  organizationId: Type.Optional(Nullable(Type.String({ description: 'The partner organisation holding it with the community' }))),
  gridId: Type.String({ description: 'Where it happens (community or below)' }),
  place: Type.String({ minLength: 2, maxLength: 200 }),
  lng: Type.Optional(Type.Number({ minimum: -180, maximum: 180 })),
  lat: Type.Optional(Type.Number({ minimum: -90, maximum: 90 })),
  checkinRadiusM: Type.Optional(Type.Integer({ minimum: 50, maximum: 5000, description: 'Check-ins farther than this from the place are refused (default 500 m)' })),
  startsAt: Type.String({ format: 'date-time' }),
  endsAt: Type.String({ format: 'date-time' }),
  capacity: Type.Integer({ minimum: 1, maximum: 5000 }),
  pointsPerHour: Type.Optional(Type.Number({ minimum: 0, maximum: 100 })),
  description: Type.Optional(Type.String({ maxLength: 4000 })),
});
export type ActivityBody = Static<typeof ActivityBody>;
export const ActivityPatch = Type.Partial(Type.Omit(ActivityBody, ['gridId', 'kind']));
export type ActivityPatch = Static<typeof ActivityPatch>;

export const ActivityQuery = Type.Intersect([
  Type.Object({
    when: Type.Optional(str(['upcoming', 'past', 'all'] as const, 'upcoming (not yet ended, the default), past, or all')),
    teamId: Type.Optional(Type.String()),
    theme: Type.Optional(ThemeEnum),
    kind: Type.Optional(str(['service', 'joint'] as const)),
    grid: Type.Optional(Type.String()),
    state: Type.Optional(str(['published', 'completed', 'cancelled'] as const)),
    q: Type.Optional(Type.String({ maxLength: 64 })),
  }),
  Page,
]);

export const ActivitySummary = Type.Object({
  id: Type.String(), title: Type.String(), kind: Type.String(), theme: Type.String(), state: Type.String(), place: Type.String(), grid: GridRef,
  team: Nullable(Type.Object({ id: Type.String(), name: Type.String() })), organization: Nullable(Type.Object({ id: Type.String(), name: Type.String() })),
  startsAt: Type.String(), endsAt: Type.String(), capacity: Type.Integer(), confirmed: Type.Integer(), waitlisted: Type.Integer(),
  mySignup: Nullable(Type.Object({ id: Type.String(), state: Type.String(), verification: Type.String(), checkedInAt: NStr, checkedOutAt: NStr })),
});

export const CheckInBody = Type.Object({
  code: Type.String({ pattern: '^\\d{6}$', description: 'The six digits shown by the organiser (or read from the QR code)' }),
  method: Type.Optional(str(['code', 'qr'] as const)),
  lng: Type.Optional(Type.Number({ minimum: -180, maximum: 180 })),
  lat: Type.Optional(Type.Number({ minimum: -90, maximum: 90 })),
});
export const CheckOutBody = Type.Object({
  lng: Type.Optional(Type.Number({ minimum: -180, maximum: 180 })),
  lat: Type.Optional(Type.Number({ minimum: -90, maximum: 90 })),
});

export const VerifyBody = Type.Object({
  entries: Type.Array(
    Type.Object({
      signupId: Type.String(),
      isApproved: Type.Optional(Type.Boolean({ default: true, description: 'false: did not attend (no hours)' })),
      hours: Type.Optional(Type.Number({ exclusiveMinimum: 0, maximum: 24, description: 'Hours to credit; the time between check-in and check-out when omitted' })),
      note: Type.Optional(Type.String({ maxLength: 500 })),
    }),
    { maxItems: 5000 },
  ),
  outputs: Type.Optional(
    Type.Array(
      Type.Object({
        metric: MetricEnum,
        quantity: Type.Number({ exclusiveMinimum: 0, maximum: 1_000_000 }),
        unit: Type.Optional(Type.String({ maxLength: 20, description: 'Only for metric other; fixed for the others (m³, m, stairwell, m²)' })),
        gridId: Type.Optional(Type.String({ description: 'Where: for stairwellCulture, the stairwell decorated' })),
        note: Type.Optional(Type.String({ maxLength: 500 })),
      }),
      { maxItems: 200 },
    ),
  ),
  complete: Type.Optional(Type.Boolean({ description: 'Also mark the activity completed' })),
});
export type VerifyBody = Static<typeof VerifyBody>;

export const CorrectionBody = Type.Object({
  hours: Type.Number({ minimum: 0, maximum: 24, description: 'The corrected total for this attendance; the ledger records the difference' }),
  reason: Type.String({ minLength: 2, maxLength: 500 }),
});

export const VoidBody = Type.Object({ reason: Type.String({ minLength: 2, maxLength: 500 }) });
export const YearOptional = Type.Object({ year: Type.Optional(Type.Integer({ minimum: 2000, maximum: 2100, description: 'All years when omitted' })) });

// ---- care visits ---------------------------------------------------------------------------------

export const CareCampaignEnum = str(['winterSun', 'bigVisit', 'loveInCommunity', 'festival', 'other'] as const, '冬日暖阳 winterSun, 大走访 bigVisit, 爱在社区 loveInCommunity, 节日慰问 festival, other');

export const CareVisitBody = Type.Object({
  gridId: Type.Optional(Type.String({ description: 'Where the visited person lives; their grid when a person is named' })),
  visitedPersonId: Type.Optional(Nullable(Type.String())),
  visitedName: Type.Optional(Type.String({ minLength: 1, maxLength: 50 })),
  visitedKind: str(['partyMember', 'resident'] as const),
  hardship: Type.Optional(Type.String({ maxLength: 100, description: '困难党员, 独居老人, 低保家庭…' })),
  campaign: CareCampaignEnum,
  visitedOn: DateStr(),
  visitors: Type.Array(Type.Object({ name: Type.String({ minLength: 1, maxLength: 50 }), personId: Type.Optional(Type.String()) }), { minItems: 1, maxItems: 20 }),
  organizationId: Type.Optional(Nullable(Type.String())),
  teamId: Type.Optional(Nullable(Type.String())),
  itemsBrought: Type.Optional(Type.String({ maxLength: 500 })),
  valueYuan: Type.Optional(Type.Number({ minimum: 0, maximum: 1_000_000 })),
  needsFollowUp: Type.Optional(Type.Boolean()),
  followUpNote: Type.Optional(Type.String({ maxLength: 1000 })),
  note: Type.Optional(Type.String({ maxLength: 2000 })),
});
export type CareVisitBody = Static<typeof CareVisitBody>;

export const CareVisitQuery = Type.Intersect([
  Type.Object({ grid: Type.Optional(Type.String()), campaign: Type.Optional(CareCampaignEnum), followUp: Type.Optional(str(['open', 'done'] as const)), q: Type.Optional(Type.String({ maxLength: 64 })) }),
  Page,
]);
export const FollowUpBody = Type.Object({ note: Type.Optional(Type.String({ maxLength: 1000 })) });

export const FiguresQuery = Type.Object({
  grid: Type.Optional(Type.String({ description: 'A subtree inside your scope; your whole scope when omitted' })),
  from: Type.Optional(Type.String({ format: 'date-time' })),
  to: Type.Optional(Type.String({ format: 'date-time' })),
});

export const VolunteerFigures = Type.Object({
  volunteerPartyBranches: Type.Integer({ description: 'Themed service party branches (特色型党支部)' }),
  volunteerTeams: Type.Integer({ description: 'Other volunteer teams' }),
  inServiceMembersServing: Type.Integer({ description: 'In-service party members in the themed branches' }),
  verifiedHours: Type.Number({ description: 'Verified hours (ledger: credits and corrections)' }),
  volunteersWithHours: Type.Integer(),
  activitiesHeld: Type.Integer({ description: 'Completed activities' }),
  jointActivities: Type.Integer({ description: 'Completed activities held with partner organisations' }),
  snowAndRubbishClearedM3: Type.Number(),
  alleysRepairedM: Type.Number(),
  stairwellCultureUnits: Type.Integer({ description: 'Distinct stairwells decorated' }),
  stairwellCultureBuildings: Type.Integer({ description: 'Distinct buildings with a decorated stairwell' }),
  careVisits: Type.Integer(),
  careVisitValueYuan: Type.Number(),
});

export { GridRef, NStr, Nullable };
