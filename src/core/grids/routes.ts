import { Type } from 'typebox';
import type { App } from '../../server/manifest.js';
import type { AppContext } from '../context.js';
import { IdParams, Paged, problemResponses } from '../schemas.js';
import {
  BoundaryBody, BoundaryCheckQuery, FeaturesQuery, GridCreateBody, GridDetail, GridListQuery, GridNode, GridUpdateBody,
  ImportQuery, ImportReport, LocateQuery, LocateResult, SubtreeQuery,
} from './schemas.js';
import { gridsService } from './service.js';

const tags = ['grids'];
const FeatureCollection = Type.Unsafe<Record<string, unknown>>({ type: 'object', additionalProperties: true, description: 'GeoJSON FeatureCollection' });
const AnyObject = Type.Unsafe<Record<string, unknown>>({ type: 'object', additionalProperties: true });

/** The grid tree: listing, detail, subtree, map features, point location, edits and imports. */
export function gridRoutes(app: App, ctx: AppContext): void {
  const grids = gridsService(ctx);

  app.get('/api/grids', { schema: { tags, summary: 'List grid nodes in your scope', querystring: GridListQuery, response: { 200: Paged(GridNode), ...problemResponses } } }, (req) =>
    grids.list(req.actor, req.query),
  );
  app.get('/api/grids/roots', { schema: { tags, summary: 'Your scope roots (where your tree starts)', response: { 200: Type.Object({ items: Type.Array(GridNode) }), ...problemResponses } } }, (req) =>
    grids.roots(req.actor),
  );
  app.get('/api/grids/locate', { schema: { tags, summary: 'Deepest grid containing a point, with its ancestors', querystring: LocateQuery, response: { 200: LocateResult, ...problemResponses } } }, (req) =>
    grids.locate(req.actor, req.query.lng, req.query.lat),
  );
  app.get('/api/grids/features', { schema: { tags, summary: 'Grid boundaries as GeoJSON for the map', querystring: FeaturesQuery, response: { 200: FeatureCollection, ...problemResponses } } }, (req) =>
    grids.features(req.actor, req.query),
  );
  app.get('/api/grids/boundary-check', { schema: { tags, summary: 'Gaps, overlaps and children outside their parent', querystring: BoundaryCheckQuery, response: { 200: AnyObject, ...problemResponses } } }, (req) =>
    grids.boundaryCheck(req.actor, req.query.root, req.query.minAreaM2),
  );
  app.get('/api/grids/:id', { schema: { tags, summary: 'One grid with ancestors and counts', params: IdParams, response: { 200: GridDetail, ...problemResponses } } }, (req) =>
    grids.get(req.actor, req.params.id),
  );
  app.get('/api/grids/:id/children', { schema: { tags, summary: 'Children of a grid', params: IdParams, querystring: Type.Object({ limit: Type.Integer({ minimum: 1, maximum: 500, default: 200 }), offset: Type.Integer({ minimum: 0, default: 0 }) }), response: { 200: Paged(GridNode), ...problemResponses } } }, (req) =>
    grids.children(req.actor, req.params.id, req.query),
  );
  app.get('/api/grids/:id/ancestors', { schema: { tags, summary: 'Ancestors in your scope, root first', params: IdParams, response: { 200: Type.Object({ items: Type.Array(GridNode) }), ...problemResponses } } }, (req) =>
    grids.ancestors(req.actor, req.params.id),
  );
  app.get('/api/grids/:id/subtree', { schema: { tags, summary: 'Nested subtree with child counts', params: IdParams, querystring: SubtreeQuery, response: { 200: AnyObject, ...problemResponses } } }, (req) =>
    grids.subtree(req.actor, req.params.id, req.query.levels),
  );
  app.get('/api/grids/:id/boundary', { schema: { tags, summary: 'Boundary of one grid as a GeoJSON Feature', params: IdParams, response: { 200: AnyObject, ...problemResponses } } }, (req) =>
    grids.boundary(req.actor, req.params.id),
  );
  app.post('/api/grids', { schema: { tags, summary: 'Create a grid node', body: GridCreateBody, response: { 201: GridDetail, ...problemResponses } } }, async (req, reply) =>
    reply.status(201).send(await grids.create(req.actor, req.body)),
  );
  app.patch('/api/grids/:id', { schema: { tags, summary: 'Rename or reorder a grid node', params: IdParams, body: GridUpdateBody, response: { 200: GridDetail, ...problemResponses } } }, (req) =>
    grids.update(req.actor, req.params.id, req.body),
  );
  app.put('/api/grids/:id/boundary', { schema: { tags, summary: 'Set or remove a boundary (validated)', params: IdParams, body: BoundaryBody, response: { 200: GridDetail, ...problemResponses } } }, (req) =>
    grids.setBoundary(req.actor, req.params.id, req.body.boundary),
  );
  app.post('/api/grids/import/divisions', { schema: { tags, summary: 'Import a division CSV (code,name,level,parent_code); all or nothing', querystring: ImportQuery, consumes: ['text/csv'], body: Type.String(), response: { 200: ImportReport, ...problemResponses } } }, (req) =>
    grids.importDivisions(req.actor, req.body, { dryRun: req.query.dryRun }),
  );
  app.post('/api/grids/import/boundaries', { schema: { tags, summary: 'Import boundaries from a GeoJSON FeatureCollection (properties.code); all or nothing', querystring: ImportQuery, body: AnyObject, response: { 200: ImportReport, ...problemResponses } } }, (req) =>
    grids.importBoundaries(req.actor, req.body, { dryRun: req.query.dryRun }),
  );
}
