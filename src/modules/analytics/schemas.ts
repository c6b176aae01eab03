import { Type, type Static } from 'typebox';

/** The dashboard's query: a period of local dates (Asia/Shanghai) and a subtree. Dates are checked by the service, so a bad one is a 400 naming it. */
export const DashboardQuery = Type.Object({
  from: Type.Optional(Type.String({ description: 'First day, YYYY-MM-DD, included (default: 29 days before `to`)', maxLength: 10 })),
  to: Type.Optional(Type.String({ description: 'Last day, YYYY-MM-DD, included (default: today); at most 10 years after `from`', maxLength: 10 })),
  grid: Type.Optional(Type.String({ description: 'Subtree root (default: your scope root); outside your scope: 404', maxLength: 64 })),
});
export type DashboardQuery = Static<typeof DashboardQuery>;

export const StreamQuery = Type.Object({
  grid: Type.Optional(Type.String({ description: 'Subtree root (default: your scope root)', maxLength: 64 })),
});

const Rate = Type.Union([Type.Number({ minimum: 0, maximum: 1 }), Type.Null()], { description: '0..1, or null when its denominator is 0' });
const Count = Type.Object({ key: Type.String(), count: Type.Integer() });
const Definition = Type.Object({ zh: Type.String(), en: Type.String() });
const rateIds = ['responseRate', 'resolutionRate', 'satisfactionRate', 'closureRate', 'onTimeClosureRate', 'reworkRate', 'lowestTierShare'] as const;

export const Dashboard = Type.Object({
  grid: Type.Object({ id: Type.String(), name: Type.String(), level: Type.String(), path: Type.String() }),
  period: Type.Object({ from: Type.String(), to: Type.String() }),
  kpis: Type.Object({
    received: Type.Integer({ description: 'Cases received in the period' }),
    resolved: Type.Integer({ description: 'Cases whose result was reported back in the period (and still stands)' }),
    closed: Type.Integer({ description: 'Cases closed in the period (and still closed)' }),
    overdueNow: Type.Integer({ description: 'Open cases past their current deadline, now' }),
    open: Type.Integer({ description: 'Open cases, now' }),
    rates: Type.Object(Object.fromEntries(rateIds.map((id) => [id, Rate])) as Record<(typeof rateIds)[number], typeof Rate>),
    definitions: Type.Object(Object.fromEntries(rateIds.map((id) => [id, Definition])) as Record<(typeof rateIds)[number], typeof Definition>),
  }),
  byState: Type.Array(Count, { description: 'Cases received in the period by their state now' }),
  byType: Type.Array(Count),
  byCategory: Type.Array(Type.Object({ key: Type.String(), label: Type.String(), count: Type.Integer() })),
  byTier: Type.Array(Count, { description: 'By the tier holding them now' }),
  trend: Type.Object({
    unit: Type.Union([Type.Literal('day'), Type.Literal('week'), Type.Literal('month')]),
    points: Type.Array(Type.Object({ date: Type.String({ description: 'YYYY-MM-DD (a week: its Monday) or YYYY-MM' }), received: Type.Integer(), resolved: Type.Integer() })),
  }),
  stages: Type.Array(Type.Object({
    stage: Type.String({ description: '五早: discover 早发现, report 早报告, assess 早研判, intervene 早介入, resolve 早解决' }),
    p50Hours: Type.Union([Type.Number(), Type.Null()]),
    p90Hours: Type.Union([Type.Number(), Type.Null()]),
  })),
  children: Type.Array(Type.Object({
    id: Type.String(), name: Type.String(), level: Type.String(),
    received: Type.Integer(), resolved: Type.Integer(), overdueNow: Type.Integer(), open: Type.Integer(),
    resolutionRate: Rate, closureRate: Rate, satisfactionRate: Rate,
  })),
  people: Type.Object({ volunteerHours: Type.Number(), activities: Type.Integer(), volunteers: Type.Integer() }),
  wishes: Type.Object({ fulfilled: Type.Integer(), valueYuan: Type.Number() }),
  cobuild: Type.Object({ projectsCompleted: Type.Integer(), projectsOpen: Type.Integer(), organizations: Type.Integer() }),
});
export type Dashboard = Static<typeof Dashboard>;
