import { Type, type Static } from 'typebox';
import { allIndicators, subjects } from './indicators.js';

const date = (description: string) => Type.String({ format: 'date', description });

export const RankingQuery = Type.Object({
  subject: Type.Enum(subjects, { description: 'What is ranked: grids at a level, communities, grid workers or partner organisations' }),
  indicator: Type.Enum(allIndicators, { description: "The indicator, one of the subject's (see docs/analytics.md#rankings)" }),
  from: Type.Optional(date('First day of the period (Beijing time); default 1 January of this year')),
  to: Type.Optional(date('Last day of the period, inclusive; default today')),
  grid: Type.Optional(Type.String({ minLength: 1, maxLength: 64, description: "Rank within this grid's subtree (inside your scope, else 404); default your first scope root" })),
  level: Type.Optional(Type.Enum(['subdistrict', 'community', 'compound', 'building', 'stairwell'], { description: 'For subject=grid: the level of the grids ranked (default: the level below the root)' })),
  size: Type.Integer({ minimum: 1, maximum: 50, default: 5, description: 'Length of the red and of the black list' }),
  minVolume: Type.Integer({ minimum: 0, maximum: 100000, default: 10, description: 'Least volume (cases received, closed or rated) for a rate to enter the red or black list' }),
});
export type RankingQuery = Static<typeof RankingQuery>;

export const RankingSubject = Type.Object({
  id: Type.String(),
  name: Type.String(),
  /** Grid level, organisation kind, or the worker's grid. */
  detail: Type.Union([Type.String(), Type.Null()]),
  /** For grids, drill-down context: the level. */
  level: Type.Union([Type.String(), Type.Null()]),
});

export const RankingRow = Type.Object({
  rank: Type.Union([Type.Integer(), Type.Null()], { description: 'Shared for ties; null when there is no value (e.g. a rate over zero cases)' }),
  subject: RankingSubject,
  value: Type.Union([Type.Number(), Type.Null()]),
  numerator: Type.Union([Type.Number(), Type.Null()]),
  denominator: Type.Union([Type.Number(), Type.Null()]),
  volume: Type.Union([Type.Number(), Type.Null()], { description: 'What the value rests on; compared with minVolume' }),
  isEligible: Type.Boolean({ description: 'May enter the red or black list' }),
});
export type RankingRow = Static<typeof RankingRow>;

export const Ranking = Type.Object({
  subject: Type.String(),
  indicator: Type.String(),
  kind: Type.String({ description: 'rate | average | perThousand | count | score' }),
  isHigherBetter: Type.Boolean(),
  grid: Type.Object({ id: Type.String(), name: Type.String(), level: Type.String() }),
  level: Type.Union([Type.String(), Type.Null()]),
  period: Type.Object({ from: Type.String(), to: Type.String() }),
  size: Type.Integer(),
  minVolume: Type.Integer(),
  items: Type.Array(RankingRow),
  red: Type.Array(RankingRow),
  black: Type.Array(RankingRow),
});
export type Ranking = Static<typeof Ranking>;
