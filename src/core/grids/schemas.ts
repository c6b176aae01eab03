import { Type, type Static } from 'typebox';
import { GeoJsonGeometry, Page } from '../schemas.js';

export const LevelEnum = Type.Unsafe<'city' | 'subdistrict' | 'community' | 'compound' | 'building' | 'stairwell'>({
  type: 'string',
  enum: ['city', 'subdistrict', 'community', 'compound', 'building', 'stairwell'],
  description: 'Grid level: city → subdistrict → community → compound → building → stairwell',
});

/** One node of the grid hierarchy. */
export const GridNode = Type.Object({
  id: Type.String(),
  code: Type.String({ description: 'GB/T 2260 division code prefix + local sequence' }),
  name: Type.String(),
  level: LevelEnum,
  gridScale: Type.Union([Type.Literal('big'), Type.Literal('medium'), Type.Literal('small'), Type.Null()]),
  parentId: Type.Union([Type.String(), Type.Null()]),
  path: Type.String({ description: 'Materialized path of codes; a subtree is a prefix' }),
  depth: Type.Integer(),
  centroid: Type.Union([Type.Object({ lng: Type.Number(), lat: Type.Number() }), Type.Null()]),
  bbox: Type.Union([Type.Array(Type.Number()), Type.Null()]),
  areaM2: Type.Union([Type.Number(), Type.Null()]),
  childCount: Type.Optional(Type.Integer()),
  hasBoundary: Type.Optional(Type.Boolean()),
});
export type GridNode = Static<typeof GridNode>;

export const GridListQuery = Type.Intersect([
  Type.Object({
    level: Type.Optional(LevelEnum),
    parent: Type.Optional(Type.String({ description: 'Parent grid id: list its children' })),
    q: Type.Optional(Type.String({ maxLength: 64, description: 'Name or code prefix' })),
  }),
  Page,
]);

export const GridDetail = Type.Intersect([
  GridNode,
  Type.Object({
    ancestors: Type.Array(GridNode),
    counts: Type.Object({
      children: Type.Integer(),
      descendants: Type.Record(Type.String(), Type.Integer()),
      persons: Type.Integer(),
      households: Type.Integer(),
      partyMembers: Type.Integer(),
    }),
  }),
]);

export const LocateQuery = Type.Object({
  lng: Type.Number({ minimum: -180, maximum: 180, description: 'WGS-84 longitude' }),
  lat: Type.Number({ minimum: -90, maximum: 90, description: 'WGS-84 latitude' }),
});

export const LocateResult = Type.Object({ grid: GridNode, ancestors: Type.Array(GridNode) });

export const SubtreeQuery = Type.Object({ levels: Type.Integer({ minimum: 1, maximum: 5, default: 1, description: 'How many levels below the node' }) });

export const FeaturesQuery = Type.Object({
  parent: Type.Optional(Type.String({ description: 'Children of this grid' })),
  under: Type.Optional(Type.String({ description: 'All nodes below this grid (with level)' })),
  level: Type.Optional(LevelEnum),
});

export const GridCreateBody = Type.Object({
  code: Type.String({ pattern: '^[0-9A-Za-z]{1,32}$' }),
  name: Type.String({ minLength: 1, maxLength: 100 }),
  level: LevelEnum,
  parentId: Type.Optional(Type.String()),
  boundary: Type.Optional(Type.Union([GeoJsonGeometry, Type.Null()])),
});
export type GridCreateBody = Static<typeof GridCreateBody>;

export const GridUpdateBody = Type.Object({
  name: Type.Optional(Type.String({ minLength: 1, maxLength: 100 })),
  sort: Type.Optional(Type.Integer()),
});

export const BoundaryBody = Type.Object({ boundary: Type.Union([GeoJsonGeometry, Type.Null()], { description: 'GeoJSON geometry, or null to remove' }) });

export const ImportQuery = Type.Object({ dryRun: Type.Boolean({ default: false, description: 'Validate and report without writing' }) });
export const ImportReport = Type.Object({ dryRun: Type.Boolean(), created: Type.Integer(), updated: Type.Integer(), rows: Type.Integer() });

export const BoundaryCheckQuery = Type.Object({
  root: Type.Optional(Type.String({ description: 'Check below this grid (default: your scope)' })),
  minAreaM2: Type.Number({ minimum: 0, default: 1, description: 'Ignore slivers smaller than this' }),
});
