import { transaction } from '../../db/index.js';
import type { Database } from '../../db/schema.js';
import { requirePermission } from '../../core/accounts/policy.js';
import { recordAudit } from '../../core/audit/audit.js';
import type { AppContext } from '../../core/context.js';
import { AppError, invalidField } from '../../core/errors.js';
import { newId } from '../../core/ids.js';
import { isInScope, type Actor } from '../../core/scope.js';
import { structureRepository, type StructureTable } from './structure-repository.js';
import type { CategoryBody, CategoryPatch, DepartmentBody, DepartmentPatch, ItemBody, ItemPatch, PointBody, PointPatch, TeamBody, TeamPatch } from './structure-schemas.js';
import type { OpeningInterval, ServiceCategoryTable, ServiceDepartmentTable, ServiceItemTable, ServicePointTable, ServiceTeamTable } from './tables.js';

const minutes = (hhmm: string) => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));
const isClock = (hhmm: string) => /^([01]\d|2[0-3]):[0-5]\d$/.test(hhmm);

/**
 * Opening hours in Beijing time: real clock times, open before close, each interval long enough
 * for one slot, and no two intervals of one weekday overlapping (a slot would be counted twice).
 */
export function checkOpeningHours(hours: OpeningInterval[], slotMinutes: number): void {
  hours.forEach((h, i) => {
    if (!isClock(h.open)) throw invalidField(`openingHours/${i}/open`, 'invalidTime');
    if (!isClock(h.close)) throw invalidField(`openingHours/${i}/close`, 'invalidTime');
    if (minutes(h.close) <= minutes(h.open)) throw invalidField(`openingHours/${i}/close`, 'closeNotAfterOpen');
    if (minutes(h.close) - minutes(h.open) < slotMinutes) throw invalidField(`openingHours/${i}/close`, 'shorterThanSlot', { slotMinutes });
    hours.forEach((o, j) => {
      if (j < i && o.weekday === h.weekday && minutes(h.open) < minutes(o.close) && minutes(o.open) < minutes(h.close)) throw invalidField(`openingHours/${i}/open`, 'overlappingHours');
    });
  });
}

function checkDuration(m: number | null | undefined) {
  if (m != null && !(Number.isInteger(m) && m >= 1 && m <= 1440)) throw invalidField('durationMinutes', 'minimum', { limit: 1 });
}

type Row = { archived_at?: string | null };
const archivedAt = (r: Row) => r.archived_at ?? null;
export const departmentView = (d: ServiceDepartmentTable) => ({ id: d.id, allianceId: d.alliance_id, kind: d.kind, name: d.name, description: d.description, phone: d.phone, sort: d.sort, archivedAt: archivedAt(d) });
export const teamView = (t: ServiceTeamTable) => ({ id: t.id, departmentId: t.department_id, name: t.name, leaderName: t.leader_name, memberCount: t.member_count, archivedAt: archivedAt(t) });
export const pointView = (p: ServicePointTable & { grid_name: string }) => ({
  id: p.id, name: p.name, gridId: p.grid_id, gridName: p.grid_name, departmentId: p.department_id, address: p.address, lng: p.lng, lat: p.lat,
  openingHours: JSON.parse(p.opening_hours) as OpeningInterval[], staff: JSON.parse(p.staff) as string[], slotMinutes: p.slot_minutes, slotCapacity: p.slot_capacity, archivedAt: archivedAt(p),
});
export const categoryView = (c: ServiceCategoryTable) => ({ id: c.id, code: c.code, name: c.name, nameEn: c.name_en, sort: c.sort, archivedAt: archivedAt(c) });
export const itemView = (i: ServiceItemTable) => ({ id: i.id, categoryId: i.category_id, departmentId: i.department_id, name: i.name, description: i.description, durationMinutes: i.duration_minutes ?? null, isBookable: i.is_bookable === 1, archivedAt: archivedAt(i) });

const recordTypes: Record<StructureTable, string> = {
  service_departments: 'serviceDepartment', service_teams: 'serviceTeam', service_points: 'servicePoint', service_categories: 'serviceCategory', service_items: 'serviceItem',
};

/**
 * Editing the service alliance (S1). Admins and cadres (`service.configure`) edit the
 * alliance-wide parts (departments, teams, categories, items) when their subtree holds the
 * alliance's grid, and service points only inside their subtree. Nothing is deleted: archived
 * rows leave booking and the public lists but old bookings keep them.
 */
export function structureService(ctx: AppContext) {
  const repo = () => structureRepository(ctx.db.kysely);

  /** The grid path of an alliance the actor may edit; 403 when it lies outside their subtree. */
  async function allianceIn(actor: Actor, allianceId: string | undefined) {
    const alliance = allianceId ? await repo().findAlliance(allianceId) : (await repo().alliances())[0];
    if (!alliance) throw invalidField('allianceId', 'unknownAlliance');
    if (!isInScope(actor, alliance.grid_path)) throw new AppError('forbidden', { params: { action: 'service.configure' } });
    return alliance;
  }
  /** The catalogue is shared by every alliance, so editing it needs all of them in scope. */
  async function catalogueIn(actor: Actor) {
    const alliances = await repo().alliances();
    if (alliances.length === 0 ? !actor.isGlobal : alliances.some((a) => !isInScope(actor, a.grid_path))) throw new AppError('forbidden', { params: { action: 'service.configure' } });
    return alliances[0]?.grid_path ?? null;
  }
  async function liveDepartment(id: string | null | undefined, field = 'departmentId') {
    if (id == null) return null;
    const d = await repo().findDepartment(id);
    if (!d || d.archived_at) throw invalidField(field, 'unknownServiceDepartment');
    return d;
  }
  async function gridIn(actor: Actor, gridId: string) {
    const grid = await repo().findGrid(gridId);
    if (!grid) throw invalidField('gridId', 'unknownGrid', { value: gridId });
    if (!isInScope(actor, grid.path)) throw new AppError('forbidden', { params: { action: 'service.configure' } });
    return grid;
  }
  function checkPoint(p: { lng?: number | null; lat?: number | null; openingHours: OpeningInterval[]; slotMinutes: number; staff: string[] }) {
    // The nullable coordinates are an anyOf in the schema, which ajv's type coercion can let through; range-check here.
    if (p.lng != null && !(Math.abs(p.lng) <= 180)) throw invalidField('lng', 'maximum', { limit: 180 });
    if (p.lat != null && !(Math.abs(p.lat) <= 90)) throw invalidField('lat', 'maximum', { limit: 90 });
    if ((p.lng == null) !== (p.lat == null)) throw invalidField(p.lng == null ? 'lng' : 'lat', 'lngLatTogether');
    checkOpeningHours(p.openingHours, p.slotMinutes);
    const blank = p.staff.findIndex((s) => !s.trim());
    if (blank >= 0) throw invalidField(`staff/${blank}`, 'required');
  }
  /** Writes one change and its audit entry in one transaction. */
  async function write(actor: Actor, action: string, table: StructureTable, id: string, gridPath: string | null, change: (r: ReturnType<typeof structureRepository>) => Promise<unknown>) {
    await transaction(ctx.db, async (trx) => {
      await change(structureRepository(trx));
      await recordAudit(trx, actor, ctx.clock.now(), { action: `service.${action}`, recordType: recordTypes[table], recordId: id, gridPath });
    });
  }
  async function archive(actor: Actor, table: StructureTable, id: string, gridPath: string | null) {
    const at = ctx.clock.now().toISOString();
    let isArchived = false;
    await transaction(ctx.db, async (trx) => {
      isArchived = await structureRepository(trx).archive(table, id, at);
      if (isArchived) await recordAudit(trx, actor, new Date(at), { action: `service.${recordTypes[table].replace('service', '').toLowerCase()}.archive`, recordType: recordTypes[table], recordId: id, gridPath });
    });
    if (!isArchived) throw new AppError('conflict', { errors: [{ field: 'archivedAt', reason: 'alreadyArchived' }] });
  }
  async function department(id: string) {
    const d = await repo().findDepartment(id);
    if (!d) throw new AppError('notFound');
    return d;
  }
  async function teamOf(id: string) {
    const t = await repo().findTeam(id);
    if (!t) throw new AppError('notFound');
    return t;
  }
  /** A point the actor may see: 404 when missing or outside their subtree. */
  async function visiblePoint(actor: Actor, id: string) {
    const p = await repo().findPoint(id);
    if (!p || !isInScope(actor, p.grid_path)) throw new AppError('notFound');
    return p;
  }
  /** A point the actor may change: 404 when missing, 403 when outside their subtree. */
  async function writablePoint(actor: Actor, id: string) {
    const p = await repo().findPoint(id);
    if (!p) throw new AppError('notFound');
    if (!isInScope(actor, p.grid_path)) throw new AppError('forbidden', { params: { action: 'service.configure' } });
    return p;
  }
  async function category(id: string) {
    const c = await repo().findCategory(id);
    if (!c) throw new AppError('notFound');
    return c;
  }
  async function item(id: string) {
    const i = await repo().findItem(id);
    if (!i) throw new AppError('notFound');
    return i;
  }
  async function liveCategory(id: string) {
    const c = await repo().findCategory(id);
    if (!c || c.archived_at) throw invalidField('categoryId', 'unknownServiceCategory');
    return c;
  }
  async function allianceOfDepartment(actor: Actor, d: ServiceDepartmentTable) {
    return (await allianceIn(actor, d.alliance_id)).grid_path;
  }

  return {
    /** Everything there is to edit, archived rows included; points only in the caller's subtree. */
    async structure(actor: Actor | undefined) {
      requirePermission(actor, 'service.configure');
      const [departments, teams, points, categories, items] = await Promise.all([repo().allDepartments(), repo().allTeams(), repo().pointsInScope(actor), repo().allCategories(), repo().allItems()]);
      return { departments: departments.map(departmentView), teams: teams.map(teamView), points: points.map(pointView), categories: categories.map(categoryView), items: items.map(itemView) };
    },

    async createDepartment(actor: Actor | undefined, body: DepartmentBody) {
      requirePermission(actor, 'service.configure');
      const alliance = await allianceIn(actor, body.allianceId);
      const id = newId();
      const sort = body.sort ?? (await repo().nextSort('service_departments'));
      await write(actor, 'department.create', 'service_departments', id, alliance.grid_path, (r) =>
        r.insertDepartment({ id, alliance_id: alliance.id, kind: body.kind, name: body.name.trim(), description: body.description ?? null, phone: body.phone ?? null, sort, archived_at: null }));
      return departmentView(await department(id));
    },
    async updateDepartment(actor: Actor | undefined, id: string, patch: DepartmentPatch) {
      requirePermission(actor, 'service.configure');
      const d = await department(id);
      const path = await allianceOfDepartment(actor, d);
      await write(actor, 'department.update', 'service_departments', id, path, (r) =>
        r.update('service_departments', id, { kind: patch.kind, name: patch.name?.trim(), description: patch.description, phone: patch.phone, sort: patch.sort }));
      return departmentView(await department(id));
    },
    async archiveDepartment(actor: Actor | undefined, id: string) {
      requirePermission(actor, 'service.configure');
      const d = await department(id);
      await archive(actor, 'service_departments', id, await allianceOfDepartment(actor, d));
      return departmentView(await department(id));
    },

    async createTeam(actor: Actor | undefined, body: TeamBody) {
      requirePermission(actor, 'service.configure');
      const d = (await liveDepartment(body.departmentId))!;
      const path = await allianceOfDepartment(actor, d);
      const id = newId();
      await write(actor, 'team.create', 'service_teams', id, path, (r) => r.insertTeam({ id, department_id: d.id, name: body.name.trim(), leader_name: body.leaderName ?? null, member_count: body.memberCount, archived_at: null }));
      return teamView(await teamOf(id));
    },
    async updateTeam(actor: Actor | undefined, id: string, patch: TeamPatch) {
      requirePermission(actor, 'service.configure');
      const t = await teamOf(id);
      const path = await allianceOfDepartment(actor, await department(t.department_id));
      if (patch.departmentId !== undefined) await allianceOfDepartment(actor, (await liveDepartment(patch.departmentId))!);
      await write(actor, 'team.update', 'service_teams', id, path, (r) =>
        r.update('service_teams', id, { department_id: patch.departmentId, name: patch.name?.trim(), leader_name: patch.leaderName, member_count: patch.memberCount }));
      return teamView(await teamOf(id));
    },
    async archiveTeam(actor: Actor | undefined, id: string) {
      requirePermission(actor, 'service.configure');
      const t = await teamOf(id);
      await archive(actor, 'service_teams', id, await allianceOfDepartment(actor, await department(t.department_id)));
      return teamView(await teamOf(id));
    },

    /** Staff read a point of their subtree, archived or not (what the editor opens). */
    async point(actor: Actor | undefined, id: string) {
      requirePermission(actor, 'service.read');
      return pointView(await visiblePoint(actor, id));
    },
    async createPoint(actor: Actor | undefined, body: PointBody) {
      requirePermission(actor, 'service.configure');
      checkPoint(body);
      const grid = await gridIn(actor, body.gridId);
      await liveDepartment(body.departmentId);
      const id = newId();
      await write(actor, 'point.create', 'service_points', id, grid.path, (r) => r.insertPoint({
        id, department_id: body.departmentId ?? null, name: body.name.trim(), grid_id: grid.id, grid_path: grid.path, address: body.address.trim(), lng: body.lng ?? null, lat: body.lat ?? null,
        opening_hours: JSON.stringify(body.openingHours), staff: JSON.stringify(body.staff.map((s) => s.trim())), slot_minutes: body.slotMinutes, slot_capacity: body.slotCapacity, archived_at: null,
      }));
      return pointView(await visiblePoint(actor, id));
    },
    async updatePoint(actor: Actor | undefined, id: string, patch: PointPatch) {
      requirePermission(actor, 'service.configure');
      const p = await writablePoint(actor, id);
      const merged = {
        lng: patch.lng !== undefined ? patch.lng : p.lng, lat: patch.lat !== undefined ? patch.lat : p.lat,
        openingHours: patch.openingHours ?? (JSON.parse(p.opening_hours) as OpeningInterval[]), slotMinutes: patch.slotMinutes ?? p.slot_minutes, staff: patch.staff ?? (JSON.parse(p.staff) as string[]),
      };
      checkPoint(merged);
      const grid = patch.gridId !== undefined ? await gridIn(actor, patch.gridId) : null;
      if (patch.departmentId !== undefined) await liveDepartment(patch.departmentId);
      const set: Partial<Database['service_points']> = {
        name: patch.name?.trim(), department_id: patch.departmentId, address: patch.address?.trim(), lng: merged.lng, lat: merged.lat,
        opening_hours: JSON.stringify(merged.openingHours), staff: JSON.stringify(merged.staff.map((s) => s.trim())), slot_minutes: merged.slotMinutes, slot_capacity: patch.slotCapacity,
        ...(grid ? { grid_id: grid.id, grid_path: grid.path } : {}),
      };
      await write(actor, 'point.update', 'service_points', id, grid?.path ?? p.grid_path, (r) => r.update('service_points', id, set));
      return pointView(await visiblePoint(actor, id));
    },
    async archivePoint(actor: Actor | undefined, id: string) {
      requirePermission(actor, 'service.configure');
      const p = await writablePoint(actor, id);
      await archive(actor, 'service_points', id, p.grid_path);
      return pointView(await visiblePoint(actor, id));
    },

    async createCategory(actor: Actor | undefined, body: CategoryBody) {
      requirePermission(actor, 'service.configure');
      const path = await catalogueIn(actor);
      if (await repo().findCategoryByCode(body.code)) throw invalidField('code', 'categoryCodeTaken', { value: body.code });
      const id = newId();
      const sort = body.sort ?? (await repo().nextSort('service_categories'));
      await write(actor, 'category.create', 'service_categories', id, path, (r) => r.insertCategory({ id, code: body.code, name: body.name.trim(), name_en: body.nameEn.trim(), sort, archived_at: null }));
      return categoryView(await category(id));
    },
    async updateCategory(actor: Actor | undefined, id: string, patch: CategoryPatch) {
      requirePermission(actor, 'service.configure');
      await category(id);
      const path = await catalogueIn(actor);
      if (patch.code !== undefined) {
        const other = await repo().findCategoryByCode(patch.code);
        if (other && other.id !== id) throw invalidField('code', 'categoryCodeTaken', { value: patch.code });
      }
      await write(actor, 'category.update', 'service_categories', id, path, (r) => r.update('service_categories', id, { code: patch.code, name: patch.name?.trim(), name_en: patch.nameEn?.trim(), sort: patch.sort }));
      return categoryView(await category(id));
    },
    async archiveCategory(actor: Actor | undefined, id: string) {
      requirePermission(actor, 'service.configure');
      await category(id);
      await archive(actor, 'service_categories', id, await catalogueIn(actor));
      return categoryView(await category(id));
    },

    async createItem(actor: Actor | undefined, body: ItemBody) {
      requirePermission(actor, 'service.configure');
      const path = await catalogueIn(actor);
      checkDuration(body.durationMinutes);
      await liveCategory(body.categoryId);
      await liveDepartment(body.departmentId);
      const id = newId();
      await write(actor, 'item.create', 'service_items', id, path, (r) => r.insertItem({
        id, category_id: body.categoryId, department_id: body.departmentId ?? null, name: body.name.trim(), description: body.description ?? null,
        duration_minutes: body.durationMinutes ?? null, is_bookable: body.isBookable ? 1 : 0, is_active: 1, archived_at: null,
      }));
      return itemView(await item(id));
    },
    async updateItem(actor: Actor | undefined, id: string, patch: ItemPatch) {
      requirePermission(actor, 'service.configure');
      await item(id);
      const path = await catalogueIn(actor);
      checkDuration(patch.durationMinutes);
      if (patch.categoryId !== undefined) await liveCategory(patch.categoryId);
      if (patch.departmentId !== undefined) await liveDepartment(patch.departmentId);
      await write(actor, 'item.update', 'service_items', id, path, (r) => r.update('service_items', id, {
        category_id: patch.categoryId, department_id: patch.departmentId, name: patch.name?.trim(), description: patch.description, duration_minutes: patch.durationMinutes,
        is_bookable: patch.isBookable === undefined ? undefined : patch.isBookable ? 1 : 0,
      }));
      return itemView(await item(id));
    },
    async archiveItem(actor: Actor | undefined, id: string) {
      requirePermission(actor, 'service.configure');
      await item(id);
      await archive(actor, 'service_items', id, await catalogueIn(actor));
      return itemView(await item(id));
    },
  };
}
