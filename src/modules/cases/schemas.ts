import { Type, type Static } from 'typebox';
import { Page } from '../../core/schemas.js';

const str = (values: string[], description?: string) => Type.Unsafe<string>({ type: 'string', enum: values, ...(description ? { description } : {}) });

export const CaseTypeEnum = str(['hazard', 'dispute', 'demand', 'petition', 'minorCase'], '五小: 小隐患 hazard, 小纠纷 dispute, 小诉求 demand, 小信访 petition, 小案件 minor case');
export const TierEnum = str(['stairwell', 'compound', 'community', 'subdistrict', 'city'], 'Handling tier, bottom up');
export const StateEnum = str(['reported', 'rejected', 'accepted', 'registered', 'dispatched', 'handling', 'reportedBack', 'verified', 'closed', 'rated', 'suspended', 'merged']);
const UnitEnum = str(['workingHours', 'workingDays']);
const Nullable = <T extends ReturnType<typeof Type.String>>(t: T) => Type.Union([t, Type.Null()]);
const AnyObject = Type.Unsafe<Record<string, unknown>>({ type: 'object', additionalProperties: true });

/** What a reporter or staff member submits (C1). */
export const CaseCreateBody = Type.Object({
  categoryId: Type.String({ description: 'A category (小类) id from GET /api/cases/categories' }),
  type: Type.Optional(CaseTypeEnum),
  title: Type.Optional(Type.String({ maxLength: 100 })),
  description: Type.String({ minLength: 2, maxLength: 4000 }),
  lng: Type.Optional(Type.Number({ minimum: -180, maximum: 180 })),
  lat: Type.Optional(Type.Number({ minimum: -90, maximum: 90 })),
  gridId: Type.Optional(Type.String({ description: 'The grid, when staff know it (no point needed)' })),
  address: Type.Optional(Type.String({ maxLength: 200 })),
  reporterName: Type.Optional(Type.String({ maxLength: 50 })),
  reporterPhone: Type.Optional(Type.String({ maxLength: 20, description: 'Stored encrypted, shown masked; needed to track without an account' })),
  photoIds: Type.Optional(Type.Array(Type.String(), { maxItems: 9, description: 'Ids from POST /api/cases/photos' })),
  channel: Type.Optional(str(['staff', 'hotline', 'patrol', 'steward', 'department'], 'Staff only: how the case came in')),
  isSkippedLevel: Type.Optional(Type.Boolean({ description: 'Petition went over the head of the lower tier (越级信访)' })),
  isCriminalRisk: Type.Optional(Type.Boolean({ description: 'Civil dispute at risk of turning criminal (民转刑)' })),
  priority: Type.Optional(str(['normal', 'urgent'])),
});
export type CaseCreateBody = Static<typeof CaseCreateBody>;

export const IdempotencyHeaders = Type.Object({
  'idempotency-key': Type.Optional(Type.String({ minLength: 8, maxLength: 100, description: 'A retried submission with the same key returns the original case' })),
});

export const CaseSummary = Type.Object({
  id: Type.String(), number: Type.String(), type: Type.String(), title: Type.String(), state: Type.String(), tier: Type.String(), channel: Type.String(), priority: Type.String(),
  categoryId: Type.String(), categoryName: Nullable(Type.String()), categoryNameEn: Nullable(Type.String()),
  gridId: Nullable(Type.String()), gridName: Nullable(Type.String()), address: Nullable(Type.String()), lng: Type.Union([Type.Number(), Type.Null()]), lat: Type.Union([Type.Number(), Type.Null()]),
  isTriage: Type.Boolean(), stage: Nullable(Type.String()), dueAt: Nullable(Type.String()), isOverdue: Type.Boolean(), overdueAt: Nullable(Type.String()),
  createdAt: Type.String(), updatedAt: Type.String(), version: Type.Integer(), rating: Type.Union([Type.Integer(), Type.Null()]),
});

export const CaseDetail = Type.Intersect([CaseSummary, AnyObject]);

export const CaseListQuery = Type.Intersect([
  Type.Object({
    state: Type.Optional(Type.Array(StateEnum)),
    type: Type.Optional(CaseTypeEnum),
    categoryId: Type.Optional(Type.String()),
    tier: Type.Optional(TierEnum),
    grid: Type.Optional(Type.String({ description: 'Only cases located under this grid' })),
    isOverdue: Type.Optional(Type.Boolean()),
    q: Type.Optional(Type.String({ maxLength: 64, description: 'Case number or words of the title' })),
    from: Type.Optional(Type.String({ format: 'date-time' })),
    to: Type.Optional(Type.String({ format: 'date-time' })),
  }),
  Page,
]);

export const ActionParams = Type.Object({
  id: Type.String(),
  action: str(['accept', 'reject', 'register', 'dispatch', 'startHandling', 'reportBack', 'verify', 'close', 'rate', 'followUp', 'escalate', 'requestReturn', 'approveReturn', 'denyReturn', 'requestExtension', 'approveExtension', 'denyExtension', 'suspend', 'resume', 'merge', 'summon', 'reopen', 'comment']),
});

export const ActionBody = Type.Object({
  version: Type.Optional(Type.Integer({ description: 'The version you read; a concurrent change answers 409' })),
  note: Type.Optional(Type.String({ maxLength: 4000, description: 'Required for reject, reportBack, escalate, suspend, summon, reopen, requests and failed verification' })),
  data: Type.Optional(
    Type.Object({
      type: Type.Optional(CaseTypeEnum),
      categoryId: Type.Optional(Type.String()),
      priority: Type.Optional(str(['normal', 'urgent'])),
      isSkippedLevel: Type.Optional(Type.Boolean()),
      isCriminalRisk: Type.Optional(Type.Boolean()),
      tier: Type.Optional(TierEnum),
      passed: Type.Optional(Type.Boolean()),
      rating: Type.Optional(Type.Integer({ minimum: 1, maximum: 5 })),
      feedback: Type.Optional(str(['confirmed', 'disputed'])),
      amount: Type.Optional(Type.Number({ exclusiveMinimum: 0, maximum: 365 })),
      unit: Type.Optional(UnitEnum),
      intoCaseId: Type.Optional(Type.String()),
      departmentIds: Type.Optional(Type.Array(Type.String(), { maxItems: 12 })),
      photoIds: Type.Optional(Type.Array(Type.String(), { maxItems: 9 })),
    }),
  ),
});

export const ReferralBody = Type.Object({ note: Type.Optional(Type.String({ maxLength: 4000 })) });

export const TrackQuery = Type.Object({
  number: Type.String({ pattern: '^\\d{4}-\\d{6}$', description: 'Case number, e.g. 2026-000123' }),
  last4: Type.String({ pattern: '^\\d{4}$', description: 'Last four digits of the phone given when reporting' }),
});

export const TrackRateBody = Type.Object({
  number: Type.String({ pattern: '^\\d{4}-\\d{6}$' }),
  last4: Type.String({ pattern: '^\\d{4}$' }),
  feedback: str(['confirmed', 'disputed']),
  rating: Type.Optional(Type.Integer({ minimum: 1, maximum: 5 })),
  note: Type.Optional(Type.String({ maxLength: 2000 })),
});

export const DuplicatesQuery = Type.Object({ categoryId: Type.String(), lng: Type.Number({ minimum: -180, maximum: 180 }), lat: Type.Number({ minimum: -90, maximum: 90 }) });

const LimitBody = Type.Object({ amount: Type.Number({ exclusiveMinimum: 0, maximum: 365 }), unit: UnitEnum });
export const CategoryUpdateBody = Type.Object({
  name: Type.Optional(Type.String({ minLength: 1, maxLength: 50 })),
  nameEn: Type.Optional(Type.String({ minLength: 1, maxLength: 100 })),
  defaultType: Type.Optional(CaseTypeEnum),
  defaultTier: Type.Optional(TierEnum),
  accept: Type.Optional(LimitBody),
  dispatch: Type.Optional(LimitBody),
  handle: Type.Optional(LimitBody),
  duplicateRadiusM: Type.Optional(Type.Integer({ minimum: 0, maximum: 5000 })),
  isActive: Type.Optional(Type.Boolean()),
});

export const WechatQuery = Type.Object({ signature: Type.String(), timestamp: Type.String(), nonce: Type.String() });
export const WechatBody = Type.Object({
  msgId: Type.String({ minLength: 1, maxLength: 64, description: 'Message id; a redelivery returns the same case' }),
  openId: Type.String({ minLength: 1, maxLength: 64 }),
  content: Type.String({ minLength: 2, maxLength: 4000 }),
  categoryCode: Type.Optional(Type.String({ maxLength: 64 })),
  lng: Type.Optional(Type.Number({ minimum: -180, maximum: 180 })),
  lat: Type.Optional(Type.Number({ minimum: -90, maximum: 90 })),
  address: Type.Optional(Type.String({ maxLength: 200 })),
  phone: Type.Optional(Type.String({ maxLength: 20 })),
});
