import type { Kysely } from 'kysely';
import { transaction } from '../../db/index.js';
import type { Database } from '../../db/schema.js';
import { can, requirePermission } from '../../core/accounts/policy.js';
import { recordAudit } from '../../core/audit/audit.js';
import { isValidDate } from '../../core/calendar/working-time.js';
import type { AppContext } from '../../core/context.js';
import { AppError, invalidField } from '../../core/errors.js';
import { newId } from '../../core/ids.js';
import { inScope, isInScope, underPath, type Actor } from '../../core/scope.js';
import { createCase } from './create-case.js';
import { casesPolicy } from './policy.js';
import type { PatrolCheckinTable, PatrolTaskTable } from './tables.js';

export interface PatrolPoint {
  name: string;
  lng: number;
  lat: number;
}

export interface PatrolFinding {
  categoryId: string;
  description: string;
  photoIds?: string[];
}

const METRES_PER_DEGREE_LAT = 111_320;

function distanceM(a: { lng: number; lat: number }, b: { lng: number; lat: number }): number {
  const dLat = (b.lat - a.lat) * METRES_PER_DEGREE_LAT;
  const dLng = (b.lng - a.lng) * METRES_PER_DEGREE_LAT * Math.cos(((a.lat + b.lat) / 2) * (Math.PI / 180));
  return Math.round(Math.sqrt(dLat * dLat + dLng * dLng));
}

/** SQL of patrol tasks and their check-ins. */
export function patrolRepository(db: Kysely<Database>) {
  return {
    findTask(id: string) {
      return db.selectFrom('patrol_tasks').selectAll().where('id', '=', id).executeTakeFirst();
    },
    async list(actor: Pick<Actor, 'userId' | 'isGlobal' | 'scopePaths'>, f: { isMine: boolean; date?: string; underPath?: string; state?: string; limit: number; offset: number }) {
      let q = db.selectFrom('patrol_tasks');
      q = f.isMine ? q.where('patrol_tasks.assignee_user_id', '=', actor.userId) : q.where((eb) => eb.or([inScope(actor, 'patrol_tasks.grid_path')(eb), eb('patrol_tasks.assignee_user_id', '=', actor.userId)]));
      if (f.date) q = q.where('patrol_tasks.planned_on', '=', f.date);
      if (f.underPath) q = q.where(underPath('patrol_tasks.grid_path', f.underPath));
      if (f.state) q = q.where('patrol_tasks.state', '=', f.state as never);
      const [items, total] = await Promise.all([
        q
          .innerJoin('grids', 'grids.id', 'patrol_tasks.grid_id')
          .innerJoin('users', 'users.id', 'patrol_tasks.assignee_user_id')
          .selectAll('patrol_tasks')
          .select(['grids.name as grid_name', 'users.display_name as assignee_name'])
          .orderBy('patrol_tasks.planned_on', 'desc')
          .orderBy('patrol_tasks.id', 'desc')
          .limit(f.limit)
          .offset(f.offset)
          .execute(),
        q.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
      ]);
      return { items, total: Number(total.n) };
    },
    /** Distinct points checked per task. */
    async checkedPoints(taskIds: string[]): Promise<Map<string, number>> {
      if (taskIds.length === 0) return new Map();
      const rows = await db.selectFrom('patrol_checkins').select(['task_id', (eb) => eb.fn.count<number>('point_index').distinct().as('n')]).where('task_id', 'in', taskIds).groupBy('task_id').execute();
      return new Map(rows.map((r) => [r.task_id, Number(r.n)]));
    },
    checkins(taskId: string) {
      return db.selectFrom('patrol_checkins').leftJoin('cases', 'cases.id', 'patrol_checkins.case_id').selectAll('patrol_checkins').select(['cases.number as case_number']).where('patrol_checkins.task_id', '=', taskId).orderBy('patrol_checkins.at').orderBy('patrol_checkins.id').execute();
    },
    checkinForCase(taskId: string, caseId: string) {
      return db.selectFrom('patrol_checkins').selectAll().where('task_id', '=', taskId).where('case_id', '=', caseId).executeTakeFirst();
    },
    insertTask(row: PatrolTaskTable) {
      return db.insertInto('patrol_tasks').values(row).execute();
    },
    insertCheckin(row: PatrolCheckinTable) {
      return db.insertInto('patrol_checkins').values(row).execute();
    },
    updateTask(id: string, patch: Partial<PatrolTaskTable>) {
      return db.updateTable('patrol_tasks').set(patch).where('id', '=', id).where('state', '!=', 'done').execute();
    },
  };
}

/** Patrols (C10): planned rounds of check-in points for grid workers; a finding on the way becomes a case in the same step. */
export function patrolService(ctx: AppContext) {
  const repo = () => patrolRepository(ctx.db.kysely);

  function mayReadPatrols(actor: Actor | undefined): asserts actor is Actor {
    if (!actor) throw new AppError('unauthenticated');
    if (!can(actor, 'patrol.plan') && !can(actor, 'patrol.work')) throw new AppError('forbidden', { params: { action: 'patrol.read' } });
  }

  /** The task if the actor walks it or governs its grid; else 404. */
  async function visibleTask(actor: Actor, id: string): Promise<PatrolTaskTable> {
    const task = await repo().findTask(id);
    if (!task || (task.assignee_user_id !== actor.userId && !isInScope(actor, task.grid_path))) throw new AppError('notFound');
    return task;
  }

  async function detail(task: PatrolTaskTable) {
    const [grid, assignee, checkins] = await Promise.all([
      ctx.db.kysely.selectFrom('grids').select(['id', 'name', 'level']).where('id', '=', task.grid_id).executeTakeFirstOrThrow(),
      ctx.db.kysely.selectFrom('users').select(['id', 'display_name']).where('id', '=', task.assignee_user_id).executeTakeFirstOrThrow(),
      repo().checkins(task.id),
    ]);
    const points = JSON.parse(task.points) as PatrolPoint[];
    return {
      id: task.id, title: task.title, plannedOn: task.planned_on, state: task.state, createdAt: task.created_at, completedAt: task.completed_at,
      grid: { id: grid.id, name: grid.name, level: grid.level },
      assignee: { id: assignee.id, name: assignee.display_name },
      points: points.map((p, index) => ({ index, ...p, isCheckedIn: checkins.some((c) => c.point_index === index) })),
      checkins: checkins.map((c) => ({ id: c.id, pointIndex: c.point_index, lng: c.lng, lat: c.lat, note: c.note, caseId: c.case_id, caseNumber: c.case_number, at: c.at })),
    };
  }

  return {
    /** Plans a patrol: planners inside their scope, for a worker whose own scope covers the grid. */
    async plan(actor: Actor | undefined, input: { gridId: string; assigneeUserId: string; title: string; plannedOn: string; points: PatrolPoint[] }) {
      requirePermission(actor, 'patrol.plan');
      const grid = await ctx.db.kysely.selectFrom('grids').select(['id', 'path']).where('id', '=', input.gridId).executeTakeFirst();
      if (!grid) throw invalidField('gridId', 'unknownGrid', { value: input.gridId });
      if (!isInScope(actor, grid.path)) throw new AppError('forbidden', { errors: [{ field: 'gridId', reason: 'outsideScope' }] });
      if (!isValidDate(input.plannedOn)) throw invalidField('plannedOn', 'invalidDate');
      const assignee = await ctx.db.kysely.selectFrom('users').select(['id', 'role', 'is_active']).where('id', '=', input.assigneeUserId).executeTakeFirst();
      if (!assignee || !assignee.is_active) throw invalidField('assigneeUserId', 'invalid');
      if (!(casesPolicy['patrol.work'] as readonly string[]).includes(assignee.role)) throw invalidField('assigneeUserId', 'roleNotAllowed');
      const scopes = await ctx.db.kysely.selectFrom('user_scopes').innerJoin('grids', 'grids.id', 'user_scopes.grid_id').select('grids.path').where('user_scopes.user_id', '=', assignee.id).execute();
      if (!scopes.some((s) => grid.path.startsWith(s.path))) throw invalidField('assigneeUserId', 'assigneeOutOfScope');

      const now = ctx.clock.now();
      const row: PatrolTaskTable = {
        id: newId(), grid_id: grid.id, grid_path: grid.path, assignee_user_id: assignee.id, title: input.title.trim(), planned_on: input.plannedOn,
        points: JSON.stringify(input.points.map((p) => ({ name: p.name.trim(), lng: p.lng, lat: p.lat }))), state: 'planned', created_at: now.toISOString(), completed_at: null,
      };
      await transaction(ctx.db, async (trx) => {
        await patrolRepository(trx).insertTask(row);
        await recordAudit(trx, actor, now, { action: 'patrol.plan', recordType: 'patrolTask', recordId: row.id, gridPath: grid.path, details: { assigneeUserId: assignee.id, plannedOn: row.planned_on, points: input.points.length } });
      });
      return detail(row);
    },

    /** Patrols in my grids (planners) or mine to walk (`mine`), by day. */
    async list(actor: Actor | undefined, query: { mine?: boolean; date?: string; grid?: string; state?: string; limit: number; offset: number }) {
      mayReadPatrols(actor);
      let under: string | undefined;
      if (query.grid) {
        const grid = await ctx.db.kysely.selectFrom('grids').select('path').where('id', '=', query.grid).executeTakeFirst();
        if (!grid || !isInScope(actor, grid.path)) throw new AppError('notFound');
        under = grid.path;
      }
      const page = await repo().list(actor, { isMine: Boolean(query.mine), date: query.date, underPath: under, state: query.state, limit: query.limit, offset: query.offset });
      const checked = await repo().checkedPoints(page.items.map((t) => t.id));
      return {
        total: page.total,
        items: page.items.map((t) => ({
          id: t.id, title: t.title, plannedOn: t.planned_on, state: t.state, gridId: t.grid_id, gridName: t.grid_name, assigneeUserId: t.assignee_user_id, assigneeName: t.assignee_name,
          pointCount: (JSON.parse(t.points) as unknown[]).length, checkedPointCount: checked.get(t.id) ?? 0, completedAt: t.completed_at,
        })),
      };
    },

    async get(actor: Actor | undefined, id: string) {
      mayReadPatrols(actor);
      return detail(await visibleTask(actor, id));
    },

    /**
     * The assignee checks in at a point. A finding becomes a case through the ordinary intake
     * (channel `patrol`, routed from the point) and the check-in records its id. With an
     * Idempotency-Key a retried check-in returns the first one instead of filing the finding twice.
     */
    async checkIn(actor: Actor | undefined, taskId: string, input: { pointIndex: number; lng?: number; lat?: number; note?: string; finding?: PatrolFinding }, idempotencyKey?: string) {
      requirePermission(actor, 'patrol.work');
      const task = await visibleTask(actor, taskId);
      if (task.assignee_user_id !== actor.userId) throw new AppError('forbidden', { errors: [{ field: 'taskId', reason: 'notAssignee' }] });
      const points = JSON.parse(task.points) as PatrolPoint[];
      const point = points[input.pointIndex];
      if (!point) throw invalidField('pointIndex', 'patrolPointIndex', { count: points.length });
      if ((input.lng == null) !== (input.lat == null)) throw invalidField(input.lng == null ? 'lng' : 'lat', 'required');
      if (task.state === 'done') throw new AppError('conflict', { errors: [{ field: 'taskId', reason: 'patrolDone' }] });

      let caseId: string | null = null;
      if (input.finding) {
        const made = await createCase({
          ctx, actor, channel: 'patrol', idempotencyKey: idempotencyKey ? `patrol:${taskId}:${idempotencyKey}` : undefined,
          input: { categoryId: input.finding.categoryId, description: input.finding.description, photoIds: input.finding.photoIds, lng: input.lng ?? point.lng, lat: input.lat ?? point.lat, address: point.name },
        });
        caseId = made.id;
        if (made.isReplay) {
          const earlier = await repo().checkinForCase(taskId, made.id);
          if (earlier) return { checkinId: earlier.id, caseId, isReplay: true, distanceM: null, task: await detail((await repo().findTask(taskId))!) };
        }
      }

      const now = ctx.clock.now();
      const checkinId = newId();
      await transaction(ctx.db, async (trx) => {
        const r = patrolRepository(trx);
        await r.insertCheckin({ id: checkinId, task_id: taskId, point_index: input.pointIndex, lng: input.lng ?? null, lat: input.lat ?? null, note: input.note?.trim() || null, case_id: caseId, at: now.toISOString() });
        const checked = (await r.checkedPoints([taskId])).get(taskId) ?? 0;
        await r.updateTask(taskId, checked >= points.length ? { state: 'done', completed_at: now.toISOString() } : { state: 'inProgress' });
      });
      return {
        checkinId, caseId, isReplay: false,
        distanceM: input.lng != null && input.lat != null ? distanceM(point, { lng: input.lng, lat: input.lat }) : null,
        task: await detail((await repo().findTask(taskId))!),
      };
    },
  };
}
