import { Type } from 'typebox';

const lit = (values: string[]) => Type.Union(values.map((v) => Type.Literal(v)));
const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(t: T) => Type.Union([t, Type.Null()]);
const Day = Type.String({ format: 'date' });
const Id = Type.String({ maxLength: 64 });
export const HandbookTopic = lit(['socialSecurity', 'medical', 'maternalChild', 'schooling', 'elderCare', 'civilAffairs', 'employment', 'housing']);

export const ListQuery = Type.Object({
  gridId: Type.Optional(Id),
  limit: Type.Integer({ minimum: 1, maximum: 500, default: 50 }),
  offset: Type.Integer({ minimum: 0, default: 0 }),
});
/** A record as stored (snake_case columns). */
const Anything = Type.Unsafe<object>({ type: 'object', additionalProperties: true });
export const Listed = Type.Object({ items: Type.Array(Anything), total: Type.Integer() });
export const Record_ = Anything;

export const StewardReportBody = Type.Object({
  gridId: Type.String({ maxLength: 64, description: 'The stairwell' }),
  period: Type.Optional(Type.String({ pattern: '^\\d{4}-\\d{2}$', description: 'YYYY-MM; this month when omitted' })),
  /** 四清: residents, situations, needs and hazards known. */
  known: Type.Object({ residents: Type.String({ maxLength: 1000 }), situations: Type.String({ maxLength: 1000 }), needs: Type.String({ maxLength: 1000 }), hazards: Type.String({ maxLength: 1000 }) }),
  /** 四报: what is reported up. */
  reported: Type.Array(Type.Object({ kind: lit(['hazard', 'dispute', 'need', 'change']), text: Type.String({ minLength: 1, maxLength: 1000 }) }), { maxItems: 20 }),
});
export const MissingQuery = Type.Object({ gridId: Type.Optional(Id), period: Type.Optional(Type.String({ pattern: '^\\d{4}-\\d{2}$' })) });
export const MissingReports = Type.Object({
  period: Type.String(), stairwells: Type.Integer({ description: 'Stairwells with a steward' }), filed: Type.Integer(),
  missing: Type.Array(Type.Object({ gridId: Type.String(), name: Type.String(), stewardName: Nullable(Type.String()) })),
});

export const FollowUpBody = Type.Object({ gridId: Id, subject: Type.String({ minLength: 1, maxLength: 200 }), note: Type.String({ minLength: 1, maxLength: 2000 }), caseId: Type.Optional(Id), visitedOn: Day });
export const MeetingBody = Type.Object({ gridId: Id, heldOn: Day, topic: Type.String({ minLength: 1, maxLength: 200 }), attendees: Type.Integer({ minimum: 1, maximum: 1000 }), minutes: Type.Optional(Type.String({ maxLength: 4000 })) });
export const CommunityTaskBody = Type.Object({ gridId: Type.String({ maxLength: 64, description: 'The community' }), title: Type.String({ minLength: 2, maxLength: 200 }), source: Type.String({ minLength: 1, maxLength: 100, description: 'Who asks the community to carry it' }) });
export const MoveOutBody = Type.Object({ reason: Type.String({ minLength: 1, maxLength: 500 }), approverName: Type.String({ minLength: 1, maxLength: 40 }), decidedOn: Day });
export const CommunityTaskStats = Type.Object({ inScope: Type.Integer(), movedOut: Type.Integer({ description: 'Tasks cleared from communities (社区减负)' }) });

export const VisitBody = Type.Object({ householdId: Id, visitedOn: Day, note: Type.Optional(Type.String({ maxLength: 2000 })) });
export const CoverageQuery = Type.Object({ gridId: Type.Optional(Id), from: Day, to: Day });
export const HouseholdSearchQuery = Type.Object({
  q: Type.String({ minLength: 1, maxLength: 40, description: 'A resident’s name, a room number (101) or a place name (雪城华庭, 2号楼)' }),
  gridId: Type.Optional(Id),
  limit: Type.Integer({ minimum: 1, maximum: 50, default: 20 }),
});
export const HouseholdHits = Type.Object({
  items: Type.Array(Type.Object({
    householdId: Type.String(),
    place: Type.String({ description: 'Compound, building, stairwell and room: 雪城华庭 2号楼 1单元 101' }),
    headName: Nullable(Type.String()),
    members: Type.Integer(),
    lastVisitedOn: Nullable(Type.String()),
  })),
});
export const VisitCoverage = Type.Object({
  households: Type.Integer(), visited: Type.Integer(), rate: Type.Number(),
  byGrid: Type.Array(Type.Object({ gridName: Type.String(), gridPath: Type.String(), households: Type.Integer(), visited: Type.Integer() })),
  unvisited: Type.Array(Type.Object({ householdId: Type.String(), gridName: Type.String(), room: Nullable(Type.String()), place: Type.String({ description: 'The grids from below the board\'s grid down to the household\'s, and the room: 雪城华庭 2号楼 1单元 101' }) }), { description: 'Up to 200 households nobody visited in the period' }),
});

export const OfficeHourBody = Type.Object({ gridId: Id, startsAt: Type.String({ format: 'date-time' }), endsAt: Type.String({ format: 'date-time' }), place: Type.String({ minLength: 1, maxLength: 200 }), hostName: Type.String({ minLength: 1, maxLength: 40 }), topic: Type.Optional(Type.String({ maxLength: 200 })) });
export const OfficeHoursQuery = Type.Object({ from: Type.Optional(Type.String({ format: 'date-time' })), limit: Type.Integer({ minimum: 1, maximum: 200, default: 50 }) });

export const HandbookQuery = Type.Object({ q: Type.Optional(Type.String({ maxLength: 100, description: 'Words to find in title and body (Chinese: any substring)' })), topic: Type.Optional(HandbookTopic), limit: Type.Integer({ minimum: 1, maximum: 100, default: 20 }) });
export const HandbookArticle = Type.Object({ id: Type.String(), topic: Type.String(), title: Type.String(), body: Type.String(), updatedAt: Type.String() });
export const HandbookBody = Type.Object({ topic: HandbookTopic, title: Type.String({ minLength: 2, maxLength: 120 }), body: Type.String({ minLength: 1, maxLength: 20000 }) });
