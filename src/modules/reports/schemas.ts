import { Type, type Static } from 'typebox';

export const ResultsQuery = Type.Object({
  from: Type.Optional(Type.String({ format: 'date', description: 'First day of the period (Beijing time), included; the earliest record when omitted' })),
  to: Type.Optional(Type.String({ format: 'date', description: 'Last day of the period (Beijing time), included; today when omitted. At most 10 years after `from`' })),
  grid: Type.Optional(Type.String({ minLength: 1, maxLength: 64, description: 'Grid id of the subtree to report on, inside your scope; your scope root when omitted' })),
});
export type ResultsQuery = Static<typeof ResultsQuery>;

export const ResultsFigure = Type.Object({
  id: Type.String({ description: 'Stable figure id, e.g. `wishesFulfilled`' }),
  group: Type.String({ description: 'The article section it belongs to: gridOrganisation, deliberation, cobuilding, microWishes, serviceAlliance, conflictResolution' }),
  kind: Type.Union([Type.Literal('structure'), Type.Literal('flow')], { description: 'structure: what exists at the end of the period; flow: what happened in it' }),
  label: Type.String({ description: 'Name in the caller\'s language' }),
  value: Type.Number(),
  unit: Type.Union([Type.Literal('count'), Type.Literal('persons'), Type.Literal('m2'), Type.Literal('m3'), Type.Literal('m'), Type.Literal('yuan')]),
  unitLabel: Type.String({ description: 'The unit in the caller\'s language' }),
  definition: Type.String({ description: 'What exactly is counted, in the caller\'s language' }),
  article: Type.String({ description: 'The article\'s wording of this figure (muling-article.txt)' }),
});
export type ResultsFigure = Static<typeof ResultsFigure>;

export const ResultsReport = Type.Object({
  grid: Type.Object({ id: Type.String(), code: Type.String(), name: Type.String(), level: Type.String() }),
  period: Type.Object({
    from: Type.String({ format: 'date' }),
    to: Type.String({ format: 'date' }),
    isFromEarliest: Type.Boolean({ description: 'True when `from` was not given and names the earliest record' }),
  }),
  groups: Type.Array(Type.Object({ id: Type.String(), label: Type.String() })),
  figures: Type.Array(ResultsFigure),
});
export type ResultsReport = Static<typeof ResultsReport>;
