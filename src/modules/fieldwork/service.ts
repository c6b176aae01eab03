import { transaction } from '../../db/index.js';
import type { GridLevel } from '../../db/schema.js';
import { requirePermission } from '../../core/accounts/policy.js';
import { recordAudit, writeOutbox } from '../../core/audit/audit.js';
import type { AppContext } from '../../core/context.js';
import { AppError, invalidField } from '../../core/errors.js';
import { newId } from '../../core/ids.js';
import { isAncestorOfScope, isInScope, type Actor } from '../../core/scope.js';
import { fieldworkRepository, type PlacedTable } from './repository.js';
import type { Database } from '../../db/schema.js';
import { normalizeSearchText, searchTerms } from './search.js';
import type { FourKnown, HandbookTopic, ReportKind } from './tables.js';

const BEIJING_OFFSET_MS = 8 * 3600_000;
const beijingDay = (d: Date) => new Date(d.getTime() + BEIJING_OFFSET_MS).toISOString().slice(0, 10);

function isUniqueViolation(error: unknown): boolean {
  const e = error as { code?: string; message?: string } | undefined;
  return e?.code === '23505' || e?.code === 'SQLITE_CONSTRAINT_UNIQUE' || /UNIQUE constraint failed/.test(e?.message ?? '');
}

/** Field work: 四清四报, follow-ups, meetings, the community task list, household visits, office hours, the handbook. */
export function fieldworkService(ctx: AppContext) {
  const repo = () => fieldworkRepository(ctx.db.kysely);
  const db = () => ctx.db.kysely;

  /** The grid, which must exist, lie in the actor's scope and (when given) be of one of `levels`. */
  async function placeIn(actor: Actor, gridId: string | undefined, action: string, levels?: GridLevel[]) {
    const id = gridId ?? actor.scopeGridIds[0];
    if (!id) throw invalidField('gridId', 'required');
    const grid = await db().selectFrom('grids').select(['id', 'path', 'name', 'level']).where('id', '=', id).executeTakeFirst();
    if (!grid) throw invalidField('gridId', 'unknownGrid', { value: id });
    if (!isInScope(actor, grid.path)) throw new AppError('forbidden', { params: { action } });
    if (levels && !levels.includes(grid.level)) throw invalidField('gridId', 'wrongGridLevel', { level: levels.join('/') });
    return grid;
  }

  /** Inserts one placed record with its audit row and outbox event. */
  async function insertPlaced<T extends PlacedTable>(actor: Actor, table: T, grid: { id: string; path: string }, values: Record<string, unknown>): Promise<Database[T]> {
    const now = ctx.clock.now();
    const id = newId();
    await transaction(ctx.db, async (trx) => {
      // eslint-disable-next-line @typescript-eslint/no-explicit-any
      await (trx as any).insertInto(table).values({ id, grid_id: grid.id, grid_path: grid.path, ...values, created_at: now.toISOString() }).execute();
      await recordAudit(trx, actor, now, { action: `${table}.create`, recordType: table, recordId: id, gridPath: grid.path });
      await writeOutbox(trx, now, `fieldwork.${table}`, { id }, grid.path);
    });
    return (await repo().findById(table, id))!;
  }

  async function list<T extends PlacedTable>(actor: Actor | undefined, action: string, table: T, orderBy: string, q: { gridId?: string; limit: number; offset: number }) {
    requirePermission(actor, action);
    const under = q.gridId ? (await placeIn(actor, q.gridId, action)).path : undefined;
    return repo().list(table, actor, orderBy, { under, limit: q.limit, offset: q.offset });
  }

  return {
    async fileStewardReport(actor: Actor | undefined, body: { gridId: string; period?: string; known: FourKnown; reported: { kind: ReportKind; text: string }[] }) {
      requirePermission(actor, 'stewardReport.file');
      const grid = await placeIn(actor, body.gridId, 'stewardReport.file', ['stairwell']);
      const period = body.period ?? beijingDay(ctx.clock.now()).slice(0, 7);
      try {
        const r = await insertPlaced(actor, 'steward_reports', grid, { period, steward_user_id: actor.userId, steward_name: actor.displayName, known: JSON.stringify(body.known), reported: JSON.stringify(body.reported) });
        return { ...r, known: JSON.parse(r.known), reported: JSON.parse(r.reported) };
      } catch (error) {
        if (isUniqueViolation(error)) throw new AppError('conflict', { errors: [{ field: 'period', reason: 'reportAlreadyFiled', params: { period } }] });
        throw error;
      }
    },
    async stewardReports(actor: Actor | undefined, q: { gridId?: string; limit: number; offset: number }) {
      const r = await list(actor, 'fieldwork.read', 'steward_reports', 'period', q);
      return { items: r.items.map((x) => ({ ...x, known: JSON.parse(x.known), reported: JSON.parse(x.reported) })), total: r.total };
    },
    /** The community board: stairwells with a steward and no 四清四报 report for the period. */
    async missingReports(actor: Actor | undefined, q: { gridId?: string; period?: string }) {
      requirePermission(actor, 'fieldwork.read');
      const grid = await placeIn(actor, q.gridId, 'fieldwork.read');
      const today = beijingDay(ctx.clock.now());
      const period = q.period ?? today.slice(0, 7);
      const [missing, stairwells] = await Promise.all([repo().missingReports(grid.path, period, today), repo().stairwellsWithSteward(grid.path, today)]);
      return { period, stairwells, filed: stairwells - missing.length, missing: missing.map((m) => ({ gridId: m.id, name: m.name, stewardName: m.steward_name })) };
    },

    async recordFollowUp(actor: Actor | undefined, body: { gridId: string; subject: string; note: string; caseId?: string; visitedOn: string }) {
      requirePermission(actor, 'followUp.write');
      const grid = await placeIn(actor, body.gridId, 'followUp.write');
      return insertPlaced(actor, 'follow_ups', grid, { subject: body.subject, note: body.note, case_id: body.caseId ?? null, visited_on: body.visitedOn, by_user_id: actor.userId, by_name: actor.displayName });
    },
    followUps: (actor: Actor | undefined, q: { gridId?: string; limit: number; offset: number }) => list(actor, 'fieldwork.read', 'follow_ups', 'visited_on', q),

    async recordMeeting(actor: Actor | undefined, body: { gridId: string; heldOn: string; topic: string; attendees: number; minutes?: string }) {
      requirePermission(actor, 'meeting.write');
      const grid = await placeIn(actor, body.gridId, 'meeting.write');
      return insertPlaced(actor, 'steward_meetings', grid, { kind: 'regular', held_on: body.heldOn, topic: body.topic, attendees: body.attendees, minutes: body.minutes ?? null });
    },
    meetings: (actor: Actor | undefined, q: { gridId?: string; limit: number; offset: number }) => list(actor, 'fieldwork.read', 'steward_meetings', 'held_on', q),

    async addCommunityTask(actor: Actor | undefined, body: { gridId: string; title: string; source: string }) {
      requirePermission(actor, 'communityTask.write');
      const grid = await placeIn(actor, body.gridId, 'communityTask.write', ['community']);
      return insertPlaced(actor, 'community_tasks', grid, { title: body.title, source: body.source, status: 'inScope', reason: null, approver_name: null, decided_on: null });
    },
    communityTasks: (actor: Actor | undefined, q: { gridId?: string; limit: number; offset: number }) => list(actor, 'fieldwork.read', 'community_tasks', 'created_at', q),
    /** Moves a task off the community's list (社区减负), with the reason, the approver and the date. */
    async moveOutCommunityTask(actor: Actor | undefined, id: string, body: { reason: string; approverName: string; decidedOn: string }) {
      requirePermission(actor, 'fieldwork.read');
      const task = await repo().findById('community_tasks', id);
      if (!task || !isInScope(actor, task.grid_path)) throw new AppError('notFound');
      requirePermission(actor, 'communityTask.decide');
      if (task.status === 'movedOut') throw new AppError('conflict', { errors: [{ field: 'status', reason: 'taskAlreadyMovedOut' }] });
      const now = ctx.clock.now();
      await transaction(ctx.db, async (trx) => {
        await trx.updateTable('community_tasks').set({ status: 'movedOut', reason: body.reason, approver_name: body.approverName, decided_on: body.decidedOn }).where('id', '=', id).execute();
        await recordAudit(trx, actor, now, { action: 'communityTask.moveOut', recordType: 'community_tasks', recordId: id, gridPath: task.grid_path, details: { reason: body.reason } });
        await writeOutbox(trx, now, 'fieldwork.communityTaskMovedOut', { id }, task.grid_path);
      });
      return (await repo().findById('community_tasks', id))!;
    },
    async communityTaskStats(actor: Actor | undefined) {
      requirePermission(actor, 'fieldwork.read');
      const rows = await repo().communityTaskCounts(actor);
      const n = (s: string) => Number(rows.find((r) => r.status === s)?.n ?? 0);
      return { inScope: n('inScope'), movedOut: n('movedOut') };
    },

    async logVisit(actor: Actor | undefined, body: { householdId: string; visitedOn: string; note?: string }) {
      requirePermission(actor, 'visit.log');
      const h = await db().selectFrom('households').select(['id', 'grid_id', 'grid_path']).where('id', '=', body.householdId).executeTakeFirst();
      if (!h) throw invalidField('householdId', 'unknownHousehold');
      if (!isInScope(actor, h.grid_path)) throw new AppError('forbidden', { params: { action: 'visit.log' } });
      return insertPlaced(actor, 'household_visits', { id: h.grid_id, path: h.grid_path }, { household_id: h.id, visited_on: body.visitedOn, visitor_user_id: actor.userId, visitor_name: actor.displayName, note: body.note ?? null });
    },
    /** Visits, each with the household's place (grid name, room number) so a list can say which door was knocked on. */
    async visits(actor: Actor | undefined, q: { gridId?: string; limit: number; offset: number }) {
      const r = await list(actor, 'fieldwork.read', 'household_visits', 'visited_on', q);
      const ids = [...new Set(r.items.map((v) => v.household_id)), ''];
      const places = new Map(
        (await db().selectFrom('households as h').innerJoin('grids as g', 'g.id', 'h.grid_id').leftJoin('rooms as rm', 'rm.id', 'h.room_id').where('h.id', 'in', ids).select(['h.id', 'g.name as grid_name', 'rm.number as room']).execute()).map((p) => [p.id, p]),
      );
      return { items: r.items.map((v) => ({ ...v, grid_name: places.get(v.household_id)?.grid_name ?? null, room: places.get(v.household_id)?.room ?? null })), total: r.total };
    },
    /**
     * Households to log a visit for, found by a resident's name, a room number or a place name, in
     * the actor's subtrees (or under one grid of them): each with its full place (compound,
     * building, stairwell, room), head of household, members and last visit.
     */
    async searchHouseholds(actor: Actor | undefined, q: { q: string; gridId?: string; limit: number }) {
      requirePermission(actor, 'fieldwork.read');
      const text = q.q.trim();
      if (!text) throw invalidField('q', 'required');
      const under = q.gridId ? (await placeIn(actor, q.gridId, 'fieldwork.read')).path : undefined;
      const cards = await repo().householdCards(await repo().searchHouseholds(actor, under, text, q.limit));
      const ancestors = [...new Set(cards.flatMap((c) => c.grid_path.split('/').filter(Boolean).map((_, i, parts) => `/${parts.slice(0, i + 1).join('/')}/`)))];
      const names = new Map((await repo().gridsByPath(ancestors)).map((g) => [g.path, g]));
      const placeOf = (path: string, room: string | null) =>
        [...path.split('/').filter(Boolean).map((_, i, parts) => names.get(`/${parts.slice(0, i + 1).join('/')}/`)).filter((g) => g && ['compound', 'building', 'stairwell'].includes(g.level)).map((g) => g!.name), room ?? ''].filter(Boolean).join(' ');
      return {
        items: cards.map((c) => ({ householdId: c.id, place: placeOf(c.grid_path, c.room_number), headName: c.head_name, members: Number(c.members ?? 0), lastVisitedOn: c.last_visit ? String(c.last_visit) : null })),
      };
    },
    /** Which households were visited in [from, to] under a grid, by child grid, and which were not (民情搜集全覆盖). */
    async visitCoverage(actor: Actor | undefined, q: { gridId?: string; from: string; to: string }) {
      requirePermission(actor, 'fieldwork.read');
      if (q.to < q.from) throw invalidField('to', 'endBeforeStart');
      const grid = await placeIn(actor, q.gridId, 'fieldwork.read');
      const rows = await repo().householdCoverage(grid.path, q.from, q.to);
      const depth = grid.path.split('/').filter(Boolean).length;
      const byGrid = new Map<string, { gridName: string; gridPath: string; households: number; visited: number }>();
      const childNames = new Map((await db().selectFrom('grids').select(['path', 'name']).where('parent_id', '=', grid.id).execute()).map((g) => [g.path, g.name]));
      for (const r of rows) {
        const childPath = `/${r.grid_path.split('/').filter(Boolean).slice(0, depth + 1).join('/')}/`;
        const entry = byGrid.get(childPath) ?? { gridName: childNames.get(childPath) ?? r.grid_name, gridPath: childPath, households: 0, visited: 0 };
        entry.households += 1;
        if (r.last_visit) entry.visited += 1;
        byGrid.set(childPath, entry);
      }
      const visited = rows.filter((r) => r.last_visit).length;
      const unvisited = rows.filter((r) => !r.last_visit).slice(0, 200);
      // Each unvisited household's place below the board's grid (compound, building, stairwell names), so two "1单元 101" differ.
      const below = (path: string) => { const parts = path.split('/').filter(Boolean); return parts.slice(depth).map((_, i) => `/${parts.slice(0, depth + i + 1).join('/')}/`); };
      const needed = [...new Set(unvisited.flatMap((r) => below(r.grid_path)))];
      const pathNames = new Map((await repo().gridsByPath(needed)).map((g) => [g.path, g.name]));
      return {
        households: rows.length, visited, rate: rows.length ? Math.round((visited / rows.length) * 1000) / 1000 : 0,
        byGrid: [...byGrid.values()],
        unvisited: unvisited.map((r) => ({ householdId: r.id, gridName: r.grid_name, room: r.room_number, place: [...below(r.grid_path).map((p) => pathNames.get(p) ?? ''), r.room_number ?? ''].filter(Boolean).join(' ') })),
      };
    },

    async publishOfficeHours(actor: Actor | undefined, body: { gridId: string; startsAt: string; endsAt: string; place: string; hostName: string; topic?: string }) {
      requirePermission(actor, 'officeHours.write');
      if (new Date(body.endsAt) <= new Date(body.startsAt)) throw invalidField('endsAt', 'endBeforeStart');
      const grid = await placeIn(actor, body.gridId, 'officeHours.write');
      return insertPlaced(actor, 'office_hours', grid, { starts_at: new Date(body.startsAt).toISOString(), ends_at: new Date(body.endsAt).toISOString(), place: body.place, host_name: body.hostName, topic: body.topic ?? null });
    },
    /** Published reception slots ("我在小区等您") in or above the caller's area, from now on. */
    async officeHours(actor: Actor | undefined, q: { from?: string; limit: number }) {
      requirePermission(actor, 'officeHours.read');
      const from = q.from ?? ctx.clock.now().toISOString();
      const rows = await db().selectFrom('office_hours').selectAll().where('ends_at', '>=', from).orderBy('starts_at').limit(2000).execute();
      const names = new Map((await db().selectFrom('grids').select(['id', 'name']).where('id', 'in', [...new Set(rows.map((r) => r.grid_id)), '']).execute()).map((g) => [g.id, g.name]));
      return { items: rows.filter((r) => isInScope(actor, r.grid_path) || isAncestorOfScope(actor, r.grid_path)).slice(0, q.limit).map((r) => ({ id: r.id, gridId: r.grid_id, gridName: names.get(r.grid_id) ?? '', startsAt: r.starts_at, endsAt: r.ends_at, place: r.place, hostName: r.host_name, topic: r.topic })) };
    },

    async searchHandbook(actor: Actor | undefined, q: { q?: string; topic?: HandbookTopic; limit: number }) {
      requirePermission(actor, 'handbook.read');
      const { items, total } = await repo().searchHandbook(searchTerms(q.q ?? ''), q.topic, q.limit);
      return { items: items.map((a) => ({ id: a.id, topic: a.topic, title: a.title, body: a.body, updatedAt: a.updated_at })), total };
    },
    async article(actor: Actor | undefined, id: string) {
      requirePermission(actor, 'handbook.read');
      const a = await repo().findArticle(id);
      if (!a) throw new AppError('notFound');
      return { id: a.id, topic: a.topic, title: a.title, body: a.body, updatedAt: a.updated_at };
    },
    async writeArticle(actor: Actor | undefined, body: { topic: HandbookTopic; title: string; body: string }) {
      requirePermission(actor, 'handbook.write');
      const now = ctx.clock.now();
      const id = newId();
      await transaction(ctx.db, async (trx) => {
        await trx.insertInto('handbook_articles').values({ id, topic: body.topic, title: body.title, body: body.body, search_text: normalizeSearchText(`${body.title} ${body.body}`), updated_at: now.toISOString() }).execute();
        await recordAudit(trx, actor, now, { action: 'handbook.write', recordType: 'handbook_article', recordId: id });
      });
      return { id, topic: body.topic, title: body.title, body: body.body, updatedAt: now.toISOString() };
    },
  };
}
