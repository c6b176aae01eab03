import { Type, type Static, type TSchema } from 'typebox';

/** Shared pieces of request/response schemas. */
export const IdParams = Type.Object({ id: Type.String({ minLength: 1, maxLength: 64, description: 'Record id (UUIDv7) ' }) });
export type IdParams = Static<typeof IdParams>;

export const Page = Type.Object({
  limit: Type.Integer({ minimum: 1, maximum: 500, default: 50, description: 'Page size' }),
  offset: Type.Integer({ minimum: 0, default: 0, description: 'Rows to skip' }),
});

/** A page of items with the total that matched. */
export function Paged<T extends TSchema>(item: T) {
  return Type.Object({ items: Type.Array(item), total: Type.Integer() });
}

export const Problem = Type.Object(
  {
    type: Type.String(),
    title: Type.String(),
    status: Type.Integer(),
    code: Type.String({ description: 'Stable error code' }),
    detail: Type.String(),
    instance: Type.String(),
    requestId: Type.String(),
    errors: Type.Array(Type.Object({ field: Type.String(), reason: Type.String(), message: Type.String() })),
  },
  { description: 'RFC 9457 problem details (application/problem+json)' },
);

/** Standard error responses to attach to a route schema. */
export const problemResponses = { 400: Problem, 401: Problem, 403: Problem, 404: Problem, 409: Problem, 429: Problem };

export const GeoJsonGeometry = Type.Unsafe<{ type: 'Polygon' | 'MultiPolygon'; coordinates: unknown[] }>({
  type: 'object',
  description: 'GeoJSON Polygon or MultiPolygon (WGS-84 longitude, latitude)',
  additionalProperties: true,
});
