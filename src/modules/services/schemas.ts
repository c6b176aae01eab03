import { Type, type Static } from 'typebox';

const lit = (values: string[], description?: string) => Type.Union(values.map((v) => Type.Literal(v)), description ? { description } : {});
export const ConsultationTopic = lit(['socialSecurity', 'medical', 'maternalChild', 'schooling', 'elderCare', 'housing', 'employment', 'civilAffairs', 'other']);
export const ConsultationChannel = lit(['hall', 'hotline', 'wechat', 'web'], 'hall: the service hall; hotline; wechat: the public account; web: the portal');
const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(t: T) => Type.Union([t, Type.Null()]);

export const OpeningInterval = Type.Object({ weekday: Type.Integer({ minimum: 1, maximum: 7 }), open: Type.String({ pattern: '^\\d\\d:\\d\\d$' }), close: Type.String({ pattern: '^\\d\\d:\\d\\d$' }) });

export const Alliance = Type.Object({
  alliances: Type.Array(Type.Object({ id: Type.String(), name: Type.String(), websiteUrl: Nullable(Type.String()) })),
  departments: Type.Array(Type.Object({
    id: Type.String(), kind: Type.String(), name: Type.String(), description: Nullable(Type.String()), phone: Nullable(Type.String()),
    teams: Type.Array(Type.Object({ id: Type.String(), name: Type.String(), leaderName: Nullable(Type.String()), memberCount: Type.Integer() })),
  })),
});

export const ServicePoint = Type.Object({
  id: Type.String(), name: Type.String(), departmentId: Nullable(Type.String()), grid: Type.Object({ id: Type.String(), name: Type.String() }), address: Type.String(),
  lng: Nullable(Type.Number()), lat: Nullable(Type.Number()),
  openingHours: Type.Array(OpeningInterval, { description: 'Beijing time' }), staff: Type.Array(Type.String()), slotMinutes: Type.Integer(), slotCapacity: Type.Integer(),
});

export const Catalogue = Type.Object({
  categories: Type.Array(Type.Object({ id: Type.String(), code: Type.String(), name: Type.String(), nameEn: Type.String(), items: Type.Array(Type.Object({ id: Type.String(), name: Type.String(), description: Nullable(Type.String()), departmentId: Nullable(Type.String()), isBookable: Type.Boolean() })) })),
});

export const BookingBody = Type.Object({
  itemId: Type.String({ maxLength: 64 }),
  pointId: Type.String({ maxLength: 64 }),
  slotStart: Type.String({ format: 'date-time', description: 'Start of the slot (ISO time); must fall in the point\'s opening hours' }),
  address: Type.Optional(Type.String({ maxLength: 200, description: 'Where to come, for services at home' })),
  note: Type.Optional(Type.String({ maxLength: 500 })),
});
export type BookingBody = Static<typeof BookingBody>;
export const Booking = Type.Object({ id: Type.String(), itemId: Type.String(), pointId: Type.String(), slotStart: Type.String(), slotEnd: Type.String(), address: Nullable(Type.String()), status: Type.String(), residentName: Type.String(), createdAt: Type.String() });

export const ConsultationBody = Type.Object({
  topic: ConsultationTopic,
  question: Type.String({ minLength: 2, maxLength: 2000 }),
  /** Staff log calls and visits; residents always ask through the web. */
  channel: Type.Optional(ConsultationChannel),
  askerName: Type.Optional(Type.String({ maxLength: 40 })),
  gridId: Type.Optional(Type.String({ maxLength: 64 })),
  /** Staff who answer on the spot log the answer with the question. */
  answer: Type.Optional(Type.String({ maxLength: 4000 })),
});
export type ConsultationBody = Static<typeof ConsultationBody>;
export const BookingListQuery = Type.Object({
  status: Type.Optional(lit(['booked', 'done', 'cancelled'])),
  pointId: Type.Optional(Type.String({ maxLength: 64 })),
  limit: Type.Integer({ minimum: 1, maximum: 500, default: 50 }),
  offset: Type.Integer({ minimum: 0, default: 0 }),
});
export const ConsultationListQuery = Type.Object({
  topic: Type.Optional(ConsultationTopic),
  status: Type.Optional(lit(['open', 'answered', 'turnedIntoCase'])),
  channel: Type.Optional(ConsultationChannel),
  mine: Type.Optional(Type.Boolean()),
  limit: Type.Integer({ minimum: 1, maximum: 500, default: 50 }),
  offset: Type.Integer({ minimum: 0, default: 0 }),
});
export const Consultation = Type.Object({
  id: Type.String(), channel: Type.String(), topic: Type.String(), question: Type.String(), answer: Nullable(Type.String()), status: Type.String(),
  caseId: Nullable(Type.String()), askerName: Nullable(Type.String()), gridId: Type.String(), createdAt: Type.String(), answeredAt: Nullable(Type.String()),
});
export const AnswerBody = Type.Object({ answer: Type.String({ minLength: 1, maxLength: 4000 }) });
export const TurnIntoCaseBody = Type.Object({
  categoryId: Type.String({ maxLength: 64, description: 'Case category (GET /api/cases/categories)' }),
  address: Type.Optional(Type.String({ maxLength: 200 })),
});

export const MediationBody = Type.Object({
  title: Type.String({ minLength: 2, maxLength: 120 }),
  parties: Type.String({ minLength: 1, maxLength: 200, description: 'Who disagreed, as the mediator describes them (no identity numbers)' }),
  outcome: lit(['settled', 'unsettled', 'referred']),
  isByAlliance: Type.Boolean({ description: 'Mediated by the service alliance' }),
  mediatorName: Type.String({ minLength: 1, maxLength: 40 }),
  note: Type.Optional(Type.String({ maxLength: 2000 })),
  gridId: Type.String({ maxLength: 64 }),
  mediatedOn: Type.String({ format: 'date' }),
});
export type MediationBody = Static<typeof MediationBody>;
export const Mediation = Type.Object({ id: Type.String(), title: Type.String(), parties: Type.String(), outcome: Type.String(), isByAlliance: Type.Boolean(), mediatorName: Type.String(), note: Nullable(Type.String()), gridId: Type.String(), mediatedOn: Type.String() });

export const ServiceStats = Type.Object({
  serviceDepartments: Type.Integer(), serviceTeams: Type.Integer(), servicePoints: Type.Integer(), serviceCategories: Type.Integer(), serviceItems: Type.Integer(),
  consultations: Type.Integer({ description: 'In your scope' }), consultationsByTopic: Type.Array(Type.Object({ topic: Type.String(), count: Type.Integer() })),
  disputesSettledByAlliance: Type.Integer({ description: 'In your scope' }),
});
