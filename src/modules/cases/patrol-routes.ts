import { Type, type Static } from 'typebox';
import type { App } from '../../server/manifest.js';
import type { AppContext } from '../../core/context.js';
import { IdParams, problemResponses } from '../../core/schemas.js';
import { patrolService } from './patrol.js';
import { IdempotencyHeaders } from './schemas.js';

const tags = ['patrols'];
const AnyObject = Type.Unsafe<Record<string, unknown>>({ type: 'object', additionalProperties: true });
const DatePattern = '^\\d{4}-\\d{2}-\\d{2}$';
/** `true`/`false` or `1`/`0` (Ajv coerces only the words to booleans). */
const QueryFlag = Type.Unsafe<boolean | '1' | '0'>({ anyOf: [{ type: 'boolean' }, { type: 'string', enum: ['1', '0'] }] });
const isFlagOn = (value: boolean | '1' | '0' | undefined): boolean => value === true || value === '1';

const PatrolPointBody = Type.Object({
  name: Type.String({ minLength: 1, maxLength: 50, description: 'What to look at, e.g. 3号楼消防通道' }),
  lng: Type.Number({ minimum: -180, maximum: 180 }),
  lat: Type.Number({ minimum: -90, maximum: 90 }),
});

export const PatrolCreateBody = Type.Object({
  gridId: Type.String({ description: 'The grid patrolled; must be in your scope' }),
  assigneeUserId: Type.String({ description: 'A grid worker, steward or secretary whose scope covers the grid' }),
  title: Type.String({ minLength: 1, maxLength: 100 }),
  plannedOn: Type.String({ pattern: DatePattern, description: 'Day of the patrol (YYYY-MM-DD, Asia/Shanghai)' }),
  points: Type.Array(PatrolPointBody, { minItems: 1, maxItems: 50 }),
});
export type PatrolCreateBody = Static<typeof PatrolCreateBody>;

export const PatrolListQuery = Type.Object({
  mine: Type.Optional({ ...QueryFlag, description: 'Only patrols assigned to me (`1` or `true`)' }),
  date: Type.Optional(Type.String({ pattern: DatePattern })),
  grid: Type.Optional(Type.String({ description: 'Only patrols under this grid' })),
  state: Type.Optional(Type.Unsafe<string>({ type: 'string', enum: ['planned', 'inProgress', 'done'] })),
  limit: Type.Integer({ minimum: 1, maximum: 500, default: 50 }),
  offset: Type.Integer({ minimum: 0, default: 0 }),
});

export const CheckinBody = Type.Object({
  pointIndex: Type.Integer({ minimum: 0, maximum: 49, description: 'Index into the task’s points' }),
  lng: Type.Optional(Type.Number({ minimum: -180, maximum: 180, description: 'Where the worker stood (with lat)' })),
  lat: Type.Optional(Type.Number({ minimum: -90, maximum: 90 })),
  note: Type.Optional(Type.String({ maxLength: 1000 })),
  finding: Type.Optional(
    Type.Object(
      {
        categoryId: Type.String({ description: 'A category (小类) id' }),
        description: Type.String({ minLength: 2, maxLength: 4000 }),
        photoIds: Type.Optional(Type.Array(Type.String(), { maxItems: 9, description: 'Ids from POST /api/cases/photos' })),
      },
      { description: 'A problem found here: filed as a case (channel patrol) located at the check-in or the point' },
    ),
  ),
});
export type CheckinBody = Static<typeof CheckinBody>;

/** Patrols (C10): plan, list, read, check in (a finding becomes a case). */
export function patrolRoutes(app: App, ctx: AppContext): void {
  const patrols = patrolService(ctx);

  app.post('/api/patrols', { schema: { tags, summary: 'Plan a patrol with check-in points (admin, cadre, secretary)', body: PatrolCreateBody, response: { 201: AnyObject, ...problemResponses } } }, async (req, reply) =>
    reply.status(201).send(await patrols.plan(req.actor, req.body)),
  );
  app.get('/api/patrols', { schema: { tags, summary: 'Patrols in your grids, or yours to walk (?mine=1), by day', querystring: PatrolListQuery, response: { 200: AnyObject, ...problemResponses } } }, (req) =>
    patrols.list(req.actor, { ...req.query, mine: isFlagOn(req.query.mine) }),
  );
  app.get('/api/patrols/:id', { schema: { tags, summary: 'A patrol with its points and check-ins', params: IdParams, response: { 200: AnyObject, ...problemResponses } } }, (req) => patrols.get(req.actor, req.params.id));
  app.post(
    '/api/patrols/:id/checkins',
    { schema: { tags, summary: 'Check in at a point (the assignee); a finding becomes a case in the same step', params: IdParams, headers: IdempotencyHeaders, body: CheckinBody, response: { 201: AnyObject, 200: AnyObject, ...problemResponses } } },
    async (req, reply) => {
      const result = await patrols.checkIn(req.actor, req.params.id, req.body, req.headers['idempotency-key']);
      return reply.status(result.isReplay ? 200 : 201).send(result);
    },
  );
}
