import type { App } from '../../server/manifest.js';
import type { AppContext } from '../../core/context.js';
import { IdParams, problemResponses } from '../../core/schemas.js';
import { structureService } from './structure.js';
import {
  CategoryBody, CategoryPatch, CategoryView, DepartmentBody, DepartmentPatch, DepartmentView, ItemBody, ItemPatch, ItemView, PointBody, PointPatch, PointView, StructureView, TeamBody, TeamPatch, TeamView,
} from './structure-schemas.js';

const tags = ['services'];

/** Editing the alliance's structure (S1): create, update and archive departments, teams, points, categories and items. */
export async function structureRoutes(app: App, ctx: AppContext): Promise<void> {
  const s = structureService(ctx);

  app.get('/api/services/structure', { schema: { tags, summary: 'Everything to edit, archived included (points in your subtree)', response: { 200: StructureView, ...problemResponses } } }, (req) => s.structure(req.actor));

  app.post('/api/services/departments', { schema: { tags, summary: 'Add a department (四部) to the alliance', body: DepartmentBody, response: { 201: DepartmentView, ...problemResponses } } }, async (req, reply) => reply.status(201).send(await s.createDepartment(req.actor, req.body)));
  app.patch('/api/services/departments/:id', { schema: { tags, summary: 'Change a department', params: IdParams, body: DepartmentPatch, response: { 200: DepartmentView, ...problemResponses } } }, (req) => s.updateDepartment(req.actor, req.params.id, req.body));
  app.post('/api/services/departments/:id/archive', { schema: { tags, summary: 'Archive a department (kept for history)', params: IdParams, response: { 200: DepartmentView, ...problemResponses } } }, (req) => s.archiveDepartment(req.actor, req.params.id));

  app.post('/api/services/teams', { schema: { tags, summary: 'Add a service team to a department', body: TeamBody, response: { 201: TeamView, ...problemResponses } } }, async (req, reply) => reply.status(201).send(await s.createTeam(req.actor, req.body)));
  app.patch('/api/services/teams/:id', { schema: { tags, summary: 'Change a service team', params: IdParams, body: TeamPatch, response: { 200: TeamView, ...problemResponses } } }, (req) => s.updateTeam(req.actor, req.params.id, req.body));
  app.post('/api/services/teams/:id/archive', { schema: { tags, summary: 'Archive a service team', params: IdParams, response: { 200: TeamView, ...problemResponses } } }, (req) => s.archiveTeam(req.actor, req.params.id));

  app.get('/api/services/points/:id', { schema: { tags, summary: 'One service point in your subtree, archived included', params: IdParams, response: { 200: PointView, ...problemResponses } } }, (req) => s.point(req.actor, req.params.id));
  app.post('/api/services/points', { schema: { tags, summary: 'Open a service point (便民小屋) in your subtree', body: PointBody, response: { 201: PointView, ...problemResponses } } }, async (req, reply) => reply.status(201).send(await s.createPoint(req.actor, req.body)));
  app.patch('/api/services/points/:id', { schema: { tags, summary: 'Change a service point: hours, staff, slots, place', params: IdParams, body: PointPatch, response: { 200: PointView, ...problemResponses } } }, (req) => s.updatePoint(req.actor, req.params.id, req.body));
  app.post('/api/services/points/:id/archive', { schema: { tags, summary: 'Archive a service point: no new bookings, old ones kept', params: IdParams, response: { 200: PointView, ...problemResponses } } }, (req) => s.archivePoint(req.actor, req.params.id));

  app.post('/api/services/categories', { schema: { tags, summary: 'Add a service category', body: CategoryBody, response: { 201: CategoryView, ...problemResponses } } }, async (req, reply) => reply.status(201).send(await s.createCategory(req.actor, req.body)));
  app.patch('/api/services/categories/:id', { schema: { tags, summary: 'Change a service category', params: IdParams, body: CategoryPatch, response: { 200: CategoryView, ...problemResponses } } }, (req) => s.updateCategory(req.actor, req.params.id, req.body));
  app.post('/api/services/categories/:id/archive', { schema: { tags, summary: 'Archive a service category', params: IdParams, response: { 200: CategoryView, ...problemResponses } } }, (req) => s.archiveCategory(req.actor, req.params.id));

  app.post('/api/services/items', { schema: { tags, summary: 'Add a service item to the catalogue', body: ItemBody, response: { 201: ItemView, ...problemResponses } } }, async (req, reply) => reply.status(201).send(await s.createItem(req.actor, req.body)));
  app.patch('/api/services/items/:id', { schema: { tags, summary: 'Change a service item', params: IdParams, body: ItemPatch, response: { 200: ItemView, ...problemResponses } } }, (req) => s.updateItem(req.actor, req.params.id, req.body));
  app.post('/api/services/items/:id/archive', { schema: { tags, summary: 'Archive a service item: no new bookings, old ones kept', params: IdParams, response: { 200: ItemView, ...problemResponses } } }, (req) => s.archiveItem(req.actor, req.params.id));
}
