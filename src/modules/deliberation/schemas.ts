import { Type, type Static } from 'typebox';
import { Page } from '../../core/schemas.js';

const str = (values: string[], description?: string) => Type.Unsafe<string>({ type: 'string', enum: values, ...(description ? { description } : {}) });
const AnyObject = Type.Unsafe<Record<string, unknown>>({ type: 'object', additionalProperties: true });
const Day = Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$', description: 'A day in Beijing time, YYYY-MM-DD' });

export const OrgKindEnum = str(['communityParty', 'socialOrg', 'ownersCommittee', 'propertyCompany', 'partner', 'government'], '社区党组织 communityParty, 社会组织 socialOrg, 业主委员会 ownersCommittee, 物业服务企业 propertyCompany, 驻区单位 partner, 政府部门 government');
export const BodyKindEnum = str(['fourParty', 'jointMeeting'], '四方联动议事 fourParty, 党建联席会议 jointMeeting');
export const BodyLevelEnum = str(['city', 'subdistrict', 'community', 'grid', 'compound'], 'Joint meetings: city, subdistrict, community, grid; councils: community or compound');
const VotingRuleEnum = str(['perSeat', 'perMember'], 'One vote per seat (the four-party rule) or one per member');
const MajorityEnum = str(['simple', 'twoThirds']);
const PositionEnum = str(['chair', 'viceChair', 'secretary', 'member']);
const MeetingStateEnum = str(['draft', 'scheduled', 'inProgress', 'closed', 'cancelled']);
const ChoiceEnum = str(['yes', 'no', 'abstain']);
const ActionStateEnum = str(['open', 'inProgress', 'done', 'cancelled']);
const TopicStateEnum = str(['open', 'queued', 'onAgenda', 'decided', 'closed']);

/** An organisation that can hold a seat or sit in a joint meeting. */
export const OrgCreateBody = Type.Object({
  name: Type.String({ minLength: 2, maxLength: 100 }),
  kind: OrgKindEnum,
  gridId: Type.String({ description: 'Where it works: a compound or community (its own records are scoped there)' }),
  contactName: Type.Optional(Type.String({ maxLength: 50 })),
});
export type OrgCreateBody = Static<typeof OrgCreateBody>;

export const ScheduleBody = Type.Object({
  title: Type.Optional(Type.String({ maxLength: 100 })),
  rrule: Type.String({ minLength: 6, maxLength: 300, description: 'iCalendar RRULE without DTSTART, e.g. FREQ=MONTHLY;BYDAY=TU;BYSETPOS=2 (second Tuesday)' }),
  startsOn: Type.Optional(Day),
  startTime: Type.String({ pattern: '^([01]\\d|2[0-3]):[0-5]\\d$', description: 'Local start time HH:MM (Asia/Shanghai)' }),
  durationMinutes: Type.Optional(Type.Integer({ minimum: 15, maximum: 720 })),
  location: Type.Optional(Type.String({ maxLength: 200 })),
});

export const BodyCreateBody = Type.Object({
  kind: BodyKindEnum,
  name: Type.String({ minLength: 2, maxLength: 100 }),
  gridId: Type.String({ description: 'A compound or community (council); the city, a subdistrict, a community or a compound grid (joint meeting)' }),
  votingRule: Type.Optional(VotingRuleEnum),
  quorumPercent: Type.Optional(Type.Integer({ minimum: 1, maximum: 100, description: 'Share of seats or members that must be checked in (at least), default 75 for councils, 50 for joint meetings' })),
  majority: Type.Optional(MajorityEnum),
  countsAbstentions: Type.Optional(Type.Boolean({ description: 'Abstentions count in the base of the majority (default: no)' })),
  topicThreshold: Type.Optional(Type.Integer({ minimum: 1, maximum: 10000, description: "Supports a residents' topic needs to go on the next agenda" })),
  orgIds: Type.Optional(Type.Array(Type.String(), { maxItems: 50 })),
  schedule: Type.Optional(ScheduleBody),
});

export const BodyUpdateBody = Type.Object({
  name: Type.Optional(Type.String({ minLength: 2, maxLength: 100 })),
  votingRule: Type.Optional(VotingRuleEnum),
  quorumPercent: Type.Optional(Type.Integer({ minimum: 1, maximum: 100 })),
  majority: Type.Optional(MajorityEnum),
  countsAbstentions: Type.Optional(Type.Boolean()),
  topicThreshold: Type.Optional(Type.Integer({ minimum: 1, maximum: 10000 })),
  isActive: Type.Optional(Type.Boolean()),
});

export const BodyListQuery = Type.Intersect([
  Type.Object({ kind: Type.Optional(BodyKindEnum), level: Type.Optional(BodyLevelEnum), grid: Type.Optional(Type.String()), q: Type.Optional(Type.String({ maxLength: 50 })) }),
  Page,
]);

export const SeatBody = Type.Object({ orgId: Type.String() });
export const MemberCreateBody = Type.Object({
  name: Type.String({ minLength: 1, maxLength: 50 }),
  position: PositionEnum,
  orgId: Type.Optional(Type.String({ description: 'The seated organisation the delegate speaks for (required on a four-party council)' })),
  userId: Type.Optional(Type.String({ description: 'Their account, so they can check in, vote and report progress themselves' })),
  termStart: Type.Optional(Day),
  termEnd: Type.Optional(Day),
});
export const MemberUpdateBody = Type.Object({ position: Type.Optional(PositionEnum), termEnd: Type.Optional(Type.Union([Day, Type.Null()])) });

export const MeetingListQuery = Type.Intersect([
  Type.Object({
    from: Type.Optional(Type.String({ format: 'date-time' })),
    to: Type.Optional(Type.String({ format: 'date-time' })),
    bodyId: Type.Optional(Type.String()),
    kind: Type.Optional(BodyKindEnum),
    level: Type.Optional(BodyLevelEnum),
    state: Type.Optional(MeetingStateEnum),
    grid: Type.Optional(Type.String()),
  }),
  Type.Object({ limit: Type.Integer({ minimum: 1, maximum: 1000, default: 200 }), offset: Type.Integer({ minimum: 0, default: 0 }) }),
]);

export const MeetingCreateBody = Type.Object({
  bodyId: Type.String(),
  title: Type.String({ minLength: 2, maxLength: 100 }),
  startsAt: Type.String({ format: 'date-time' }),
  endsAt: Type.Optional(Type.String({ format: 'date-time' })),
  location: Type.Optional(Type.String({ maxLength: 200 })),
  kind: Type.Optional(str(['regular', 'special'])),
  isDraft: Type.Optional(Type.Boolean({ description: 'Keep it a draft (not yet announced)' })),
});

export const MeetingUpdateBody = Type.Object({
  version: Type.Optional(Type.Integer({ description: 'The version you read; a concurrent change answers 409' })),
  title: Type.Optional(Type.String({ minLength: 2, maxLength: 100 })),
  startsAt: Type.Optional(Type.String({ format: 'date-time' })),
  endsAt: Type.Optional(Type.String({ format: 'date-time' })),
  location: Type.Optional(Type.Union([Type.String({ maxLength: 200 }), Type.Null()])),
  minutes: Type.Optional(Type.String({ maxLength: 50000, description: 'Light Markdown: # headings, **bold**, - lists' })),
  attachments: Type.Optional(Type.Array(Type.Object({ name: Type.String({ minLength: 1, maxLength: 200 }), url: Type.String({ minLength: 1, maxLength: 500 }) }), { maxItems: 20 })),
});

export const MeetingMoveParams = Type.Object({ id: Type.String(), action: str(['schedule', 'start', 'close', 'cancel']) });
export const MeetingMoveBody = Type.Object({ version: Type.Optional(Type.Integer()) });

export const AgendaCreateBody = Type.Object({
  kind: str(['case', 'topic', 'need', 'project', 'other']),
  title: Type.Optional(Type.String({ maxLength: 200 })),
  caseId: Type.Optional(Type.String()),
  caseNumber: Type.Optional(Type.String({ pattern: '^\\d{4}-\\d{6}$', description: 'A case number instead of its id' })),
  topicId: Type.Optional(Type.String()),
  refId: Type.Optional(Type.String({ description: 'A need or project of the co-building lists' })),
});
export const AgendaOutcomeBody = Type.Object({ outcome: Type.String({ maxLength: 4000 }) });

export const CheckInBody = Type.Object({ code: Type.String({ minLength: 4, maxLength: 12 }), via: Type.Optional(str(['code', 'qr'])) });
export const AttendanceBody = Type.Object({ memberId: Type.String(), isPresent: Type.Boolean() });

export const MotionCreateBody = Type.Object({
  agendaItemIds: Type.Array(Type.String(), { minItems: 1, maxItems: 10, description: 'The agenda items the motion decides; the first is the one it is on' }),
  text: Type.String({ minLength: 2, maxLength: 2000 }),
});
export const VoteBody = Type.Object({
  choice: ChoiceEnum,
  memberId: Type.Optional(Type.String({ description: "The delegate voting, when the meeting's secretary records a show of hands; omit to vote as yourself" })),
});

export const ActionItemCreateBody = Type.Object({
  title: Type.String({ minLength: 1, maxLength: 200 }),
  ownerOrgId: Type.Optional(Type.String({ description: 'An organisation of the body (or of its area) that owns the item' })),
  ownerMemberId: Type.Optional(Type.String({ description: 'Or a delegate of the body' })),
  dueOn: Type.Optional(Type.String({ description: 'Deadline YYYY-MM-DD (required)' })),
  note: Type.Optional(Type.String({ maxLength: 2000 })),
});
export const ActionItemUpdateBody = Type.Object({
  state: Type.Optional(ActionStateEnum),
  progress: Type.Optional(Type.Integer({ minimum: 0, maximum: 100 })),
  note: Type.Optional(Type.String({ maxLength: 2000 })),
  dueOn: Type.Optional(Day),
});
export const ActionItemListQuery = Type.Intersect([
  Type.Object({
    state: Type.Optional(str(['open', 'inProgress', 'done', 'cancelled', 'overdue', 'pending'])),
    ownerOrgId: Type.Optional(Type.String()),
    ownerName: Type.Optional(Type.String({ maxLength: 50 })),
    resolutionId: Type.Optional(Type.String()),
    grid: Type.Optional(Type.String()),
  }),
  Page,
]);

export const ResolutionListQuery = Type.Intersect([Type.Object({ bodyId: Type.Optional(Type.String()), state: Type.Optional(str(['inProgress', 'done'])), grid: Type.Optional(Type.String()) }), Page]);

export const TopicCreateBody = Type.Object({
  title: Type.String({ minLength: 4, maxLength: 60 }),
  description: Type.String({ minLength: 4, maxLength: 2000 }),
  gridId: Type.Optional(Type.String({ description: 'The compound it concerns; defaults to your own' })),
});
export const TopicListQuery = Type.Intersect([Type.Object({ state: Type.Optional(TopicStateEnum), bodyId: Type.Optional(Type.String()), grid: Type.Optional(Type.String()) }), Page]);

export const Created = Type.Object({ id: Type.String() });
export { AnyObject };
