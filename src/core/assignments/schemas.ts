import { Type } from 'typebox';

const Role = Type.Unsafe<'cadre' | 'compoundHead' | 'gridLeader' | 'gridWorker' | 'steward' | 'partyOrg'>({
  type: 'string',
  enum: ['cadre', 'compoundHead', 'gridLeader', 'gridWorker', 'steward', 'partyOrg'],
  description: '包保干部 cadre, 小区长 compound head, 网格长 grid leader, 网格员 grid worker, 楼道红管家 steward, 网格党组织 party organisation',
});
const GridRef = Type.Object({ id: Type.String(), name: Type.String(), level: Type.String() });

export const Assignment = Type.Object({
  id: Type.String(),
  role: Role,
  person: Type.Union([Type.Object({ id: Type.String(), name: Type.String(), phone: Type.Union([Type.String(), Type.Null()]) }), Type.Null()]),
  partyOrg: Type.Union([Type.Object({ id: Type.String(), name: Type.String() }), Type.Null()]),
  grid: GridRef,
  startOn: Type.String(),
  inherited: Type.Boolean({ description: 'Held on an ancestor of the grid asked about' }),
});

export const AssignmentCreateBody = Type.Object({
  gridId: Type.String(),
  role: Role,
  personId: Type.Optional(Type.String()),
  partyOrgId: Type.Optional(Type.String()),
  startOn: Type.Optional(Type.String({ format: 'date' })),
});

const GapItem = Type.Object({ id: Type.String(), code: Type.String(), name: Type.String(), level: Type.String(), parentName: Type.Union([Type.String(), Type.Null()]) });

export const CoverageReport = Type.Object({
  root: Type.Union([Type.Object({ id: Type.String(), code: Type.String(), name: Type.String(), level: Type.String() }), Type.Null()]),
  compounds: Type.Integer(),
  stairwells: Type.Integer(),
  missingPartyOrg: Type.Array(GapItem),
  missingSteward: Type.Array(GapItem),
  missingGridWorker: Type.Array(GapItem),
});
