import { Type } from 'typebox';
import type { App } from '../../server/manifest.js';
import type { AppContext } from '../context.js';
import { IdParams, problemResponses } from '../schemas.js';
import { Assignment, AssignmentCreateBody, CoverageReport } from './schemas.js';
import { assignmentsService } from './service.js';

const tags = ['responsibility'];

/** Responsibility assignments (包保) and the coverage report. */
export function assignmentRoutes(app: App, ctx: AppContext): void {
  const assignments = assignmentsService(ctx);

  app.get('/api/grids/:id/assignments', { schema: { tags, summary: 'People and organisations in charge of a grid (and above it)', params: IdParams, response: { 200: Type.Object({ items: Type.Array(Assignment) }), ...problemResponses } } }, (req) =>
    assignments.forGrid(req.actor, req.params.id),
  );
  app.post('/api/assignments', { schema: { tags, summary: 'Assign a person or party organisation to a grid in a role', body: AssignmentCreateBody, response: { 201: Assignment, ...problemResponses } } }, async (req, reply) =>
    reply.status(201).send(await assignments.assign(req.actor, req.body)),
  );
  app.delete('/api/assignments/:id', { schema: { tags, summary: 'End an assignment', params: IdParams, response: { 204: Type.Null(), ...problemResponses } } }, async (req, reply) => {
    await assignments.end(req.actor, req.params.id);
    return reply.status(204).send(null);
  });
  app.get('/api/coverage', { schema: { tags, summary: 'Grids without party organisation or grid worker, stairwells without steward', querystring: Type.Object({ root: Type.Optional(Type.String()) }), response: { 200: CoverageReport, ...problemResponses } } }, (req) =>
    assignments.coverage(req.actor, req.query.root),
  );
}
