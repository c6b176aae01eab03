import { Type, type Static } from 'typebox';
import { Problem } from '../../core/schemas.js';
import { importKinds } from './kinds.js';

export const KindParams = Type.Object({
  kind: Type.Unsafe<(typeof importKinds)[number]>({ type: 'string', enum: [...importKinds], description: 'buildings, residents, partyMembers or organizations' }),
});
export type KindParams = Static<typeof KindParams>;

export const ImportQuery = Type.Object({
  dryRun: Type.Boolean({ default: false, description: 'Check every row and report what would be created and updated, writing nothing' }),
});

const RowError = Type.Object({
  row: Type.Integer({ description: 'Line in the file (the header is line 1)' }),
  column: Type.String({ description: 'Column key, e.g. idNumber' }),
  reason: Type.String({ description: 'Stable reason code' }),
  message: Type.String({ description: 'The reason in the caller\'s language' }),
});

/** The row-by-row report of an import that was applied (or, with dryRun, would be). */
export const ImportReport = Type.Object({
  ok: Type.Boolean(),
  dryRun: Type.Boolean(),
  kind: Type.String(),
  rows: Type.Integer({ description: 'Data rows read' }),
  created: Type.Integer(),
  updated: Type.Integer(),
  errors: Type.Array(RowError),
});

/** A refused import: problem+json with the same report, `ok: false`, and every bad cell. */
export const ImportProblem = Type.Intersect([
  Type.Omit(Problem, ['errors']),
  Type.Object({
    ok: Type.Optional(Type.Boolean()),
    dryRun: Type.Optional(Type.Boolean()),
    kind: Type.Optional(Type.String()),
    rows: Type.Optional(Type.Integer()),
    created: Type.Optional(Type.Integer()),
    updated: Type.Optional(Type.Integer()),
    errors: Type.Array(Type.Object({ field: Type.String(), reason: Type.String(), message: Type.String(), row: Type.Optional(Type.Integer()), column: Type.Optional(Type.String()) })),
  }),
]);
