import type { MultiPolygon, Polygon } from 'geojson';
import { parse as parseCsv } from 'csv-parse/sync';
import type { GridLevel } from '../../db/schema.js';
import { transaction } from '../../db/index.js';
import { recordAudit } from '../audit/audit.js';
import { requirePermission } from '../accounts/policy.js';
import type { AppContext } from '../context.js';
import { AppError, invalidField, type FieldError } from '../errors.js';
import { newId } from '../ids.js';
import { isInScope, type Actor } from '../scope.js';
import { checkBoundaries } from './boundary-check.js';
import { geometryStats, validateGeometry } from './geometry.js';
import { childPath, divisionLevelMap, gridScaleOf, levelRank } from './levels.js';
import { bumpBoundaryVersion } from './locator.js';
import { gridsRepository, type GridRow } from './repository.js';

/** A grid node as the API returns it. */
export function toGridNode(row: GridRow & { child_count?: number | null; has_boundary?: number }) {
  return {
    id: row.id,
    code: row.code,
    name: row.name,
    level: row.level,
    gridScale: gridScaleOf(row.level),
    parentId: row.parent_id,
    path: row.path,
    depth: row.depth,
    centroid: row.centroid_lng != null && row.centroid_lat != null ? { lng: row.centroid_lng, lat: row.centroid_lat } : null,
    bbox: row.min_lng != null ? [row.min_lng, row.min_lat!, row.max_lng!, row.max_lat!] : null,
    areaM2: row.area_m2 == null ? null : Math.round(row.area_m2),
    ...(row.child_count != null ? { childCount: Number(row.child_count) } : {}),
    ...(row.has_boundary != null ? { hasBoundary: Number(row.has_boundary) === 1 } : {}),
  };
}

export interface ImportReport {
  dryRun: boolean;
  created: number;
  updated: number;
  rows: number;
}

export function gridsService(ctx: AppContext) {
  const repo = () => gridsRepository(ctx.db.kysely);

  /** Reads a node the actor may see, or 404 (existence outside scope is not revealed). */
  async function visible(actor: Actor, id: string) {
    const row = await repo().findById(actor, id);
    if (!row) throw new AppError('notFound');
    return row;
  }

  /** A node the actor may change: 404 if unknown, 403 if it exists outside the actor's subtree. */
  async function writable(actor: Actor, id: string) {
    const row = await ctx.db.kysely.selectFrom('grids').select(['id', 'path', 'level', 'code', 'name', 'depth']).where('id', '=', id).executeTakeFirst();
    if (!row) throw new AppError('notFound');
    if (!isInScope(actor, row.path)) throw new AppError('forbidden');
    return row;
  }

  async function ancestorsInScope(actor: Actor, path: string) {
    const rows = await repo().ancestorsOf(path);
    return rows.filter((r) => isInScope(actor, r.path)).map(toGridNode);
  }

  function setBoundaryColumns(geometry: Polygon | MultiPolygon | undefined) {
    if (!geometry) return { boundary: null, centroid_lng: null, centroid_lat: null, min_lng: null, min_lat: null, max_lng: null, max_lat: null, area_m2: null };
    const s = geometryStats(geometry);
    return { boundary: JSON.stringify(geometry), centroid_lng: s.centroidLng, centroid_lat: s.centroidLat, min_lng: s.minLng, min_lat: s.minLat, max_lng: s.maxLng, max_lat: s.maxLat, area_m2: s.areaM2 };
  }

  return {
    visible,

    async list(actor: Actor | undefined, filter: { level?: GridLevel; parent?: string; q?: string; limit: number; offset: number }) {
      requirePermission(actor, 'grid.read');
      let parentId: string | undefined;
      if (filter.parent) parentId = (await visible(actor, filter.parent)).id;
      const { items, total } = await repo().list(actor, { level: filter.level, parentId, q: filter.q, limit: filter.limit, offset: filter.offset });
      return { items: items.map(toGridNode), total };
    },

    /** The actor's scope roots: where the tree starts for them. */
    async roots(actor: Actor | undefined) {
      requirePermission(actor, 'grid.read');
      if (actor.isGlobal) {
        const { items } = await repo().list(actor, { limit: 100, offset: 0, level: undefined });
        const top = items.filter((r) => r.parent_id === null);
        return { items: top.map(toGridNode) };
      }
      const items = [];
      for (const id of actor.scopeGridIds) {
        const row = await repo().findById(actor, id);
        if (row) items.push(toGridNode(row));
      }
      return { items };
    },

    async get(actor: Actor | undefined, id: string) {
      requirePermission(actor, 'grid.read');
      const row = await visible(actor, id);
      const [ancestors, levels, persons, households, partyMembers, children] = await Promise.all([
        ancestorsInScope(actor, row.path),
        repo().countByLevel(row.path),
        repo().countUnder('persons', row.path),
        repo().countUnder('households', row.path),
        repo().countUnder('party_members', row.path),
        repo().list(actor, { parentId: row.id, limit: 1, offset: 0 }),
      ]);
      return {
        ...toGridNode(row),
        ancestors,
        counts: {
          children: children.total,
          descendants: Object.fromEntries(levels.map((l) => [l.level, Number(l.n)])),
          persons,
          households,
          partyMembers,
        },
      };
    },

    async children(actor: Actor | undefined, id: string, page: { limit: number; offset: number }) {
      requirePermission(actor, 'grid.read');
      const row = await visible(actor, id);
      const { items, total } = await repo().list(actor, { parentId: row.id, ...page });
      return { items: items.map(toGridNode), total };
    },

    async ancestors(actor: Actor | undefined, id: string) {
      requirePermission(actor, 'grid.read');
      const row = await visible(actor, id);
      return { items: await ancestorsInScope(actor, row.path) };
    },

    /** Nested subtree to a depth, each node with its child count. */
    async subtree(actor: Actor | undefined, id: string, levels: number) {
      requirePermission(actor, 'grid.read');
      const row = await visible(actor, id);
      const rows = await repo().subtree(actor, row.path, row.depth + levels);
      type TreeNode = ReturnType<typeof toGridNode> & { children: TreeNode[] };
      const byId = new Map<string, TreeNode>();
      for (const r of rows) byId.set(r.id, { ...toGridNode(r), children: [] });
      for (const node of byId.values()) if (node.parentId && node.id !== row.id) byId.get(node.parentId)?.children.push(node);
      return byId.get(row.id)!;
    },

    /** Boundaries as a GeoJSON FeatureCollection for the map. */
    async features(actor: Actor | undefined, filter: { parent?: string; level?: GridLevel; under?: string; ids?: string[] }) {
      requirePermission(actor, 'grid.read');
      let parentId: string | undefined;
      let under: string | undefined;
      if (filter.parent) parentId = (await visible(actor, filter.parent)).id;
      if (filter.under) under = (await visible(actor, filter.under)).path;
      const rows = await repo().features(actor, { parentId, level: filter.level, under, ids: filter.ids });
      return {
        type: 'FeatureCollection' as const,
        features: rows.map((r) => ({
          type: 'Feature' as const,
          id: r.id,
          properties: { id: r.id, code: r.code, name: r.name, level: r.level, depth: r.depth, centroid: r.centroid_lng != null ? [r.centroid_lng, r.centroid_lat] : null },
          geometry: JSON.parse(r.boundary!) as Polygon | MultiPolygon,
        })),
      };
    },

    /** The deepest grid in the actor's scope containing a WGS-84 point, with its ancestors. */
    async locate(actor: Actor | undefined, lng: number, lat: number) {
      requirePermission(actor, 'grid.read');
      const hit = await ctx.locator.locate(lng, lat, (entry) => isInScope(actor, entry.path));
      if (!hit) throw new AppError('notFound');
      const row = await visible(actor, hit.id);
      return { grid: toGridNode(row), ancestors: await ancestorsInScope(actor, row.path) };
    },

    async create(actor: Actor | undefined, input: { code: string; name: string; level: GridLevel; parentId?: string; boundary?: unknown }) {
      requirePermission(actor, 'grid.write');
      const parent = input.parentId ? await writable(actor, input.parentId) : undefined;
      if (!parent && !actor.isGlobal) throw invalidField('parentId', 'required');
      if (parent && levelRank(input.level) <= levelRank(parent.level)) throw invalidField('level', 'levelOrder', { parentLevel: parent.level });
      if (await repo().findByCode(input.code)) throw new AppError('conflict', { errors: [{ field: 'code', reason: 'duplicateCode', params: { value: input.code } }] });
      let geometry: Polygon | MultiPolygon | undefined;
      if (input.boundary !== undefined && input.boundary !== null) {
        const checked = validateGeometry(input.boundary, 'boundary');
        if (checked.errors.length) throw new AppError('validation', { errors: checked.errors });
        geometry = checked.geometry;
      }
      const now = ctx.clock.now();
      const id = newId();
      const path = childPath(parent?.path ?? null, input.code);
      await transaction(ctx.db, async (trx) => {
        await gridsRepository(trx).insert({
          id, code: input.code, name: input.name, level: input.level, parent_id: parent?.id ?? null, path, depth: parent ? parent.depth + 1 : 0, sort: 0,
          ...setBoundaryColumns(geometry), attributes: null, created_at: now.toISOString(), updated_at: now.toISOString(),
        });
        if (geometry) await bumpBoundaryVersion(trx, now);
        await recordAudit(trx, actor, now, { action: 'grid.create', recordType: 'grid', recordId: id, gridPath: path, details: { code: input.code, name: input.name } });
      });
      if (geometry) ctx.locator.invalidate();
      return this.get(actor, id);
    },

    async update(actor: Actor | undefined, id: string, input: { name?: string; sort?: number }) {
      requirePermission(actor, 'grid.write');
      const row = await writable(actor, id);
      const now = ctx.clock.now();
      await transaction(ctx.db, async (trx) => {
        await gridsRepository(trx).update(id, { ...(input.name ? { name: input.name } : {}), ...(input.sort !== undefined ? { sort: input.sort } : {}), updated_at: now.toISOString() });
        await recordAudit(trx, actor, now, { action: 'grid.update', recordType: 'grid', recordId: id, gridPath: row.path, details: input });
      });
      return this.get(actor, id);
    },

    /** Replaces (or with null removes) a node's boundary after validating it; the spatial index follows. */
    async setBoundary(actor: Actor | undefined, id: string, boundary: unknown) {
      requirePermission(actor, 'grid.write');
      const row = await writable(actor, id);
      let geometry: Polygon | MultiPolygon | undefined;
      if (boundary !== null) {
        const checked = validateGeometry(boundary, 'boundary');
        if (checked.errors.length) throw new AppError('validation', { errors: checked.errors });
        geometry = checked.geometry;
      }
      const now = ctx.clock.now();
      await transaction(ctx.db, async (trx) => {
        await gridsRepository(trx).update(id, { ...setBoundaryColumns(geometry), updated_at: now.toISOString() });
        await bumpBoundaryVersion(trx, now);
        await recordAudit(trx, actor, now, { action: 'grid.boundary', recordType: 'grid', recordId: id, gridPath: row.path });
      });
      ctx.locator.invalidate();
      return this.get(actor, id);
    },

    async boundary(actor: Actor | undefined, id: string) {
      requirePermission(actor, 'grid.read');
      const row = await visible(actor, id);
      const b = await repo().boundaryOf(row.id);
      if (!b?.boundary) throw new AppError('notFound');
      return { type: 'Feature' as const, id: row.id, properties: { id: row.id, code: row.code, name: row.name, level: row.level }, geometry: JSON.parse(b.boundary) as Polygon | MultiPolygon };
    },

    /** Gaps and overlaps between siblings and children outside their parent, under a root in scope. */
    async boundaryCheck(actor: Actor | undefined, rootId: string | undefined, minAreaM2: number) {
      requirePermission(actor, 'grid.check');
      const root = rootId ? await visible(actor, rootId) : actor.isGlobal ? undefined : await visible(actor, actor.scopeGridIds[0]);
      const rows = await repo().boundariesUnder(root?.path ?? '/');
      const report = checkBoundaries(
        rows.map((r) => ({ id: r.id, code: r.code, name: r.name, parentId: r.id === root?.id ? null : r.parent_id, geometry: r.boundary ? (JSON.parse(r.boundary) as Polygon | MultiPolygon) : undefined })),
        { minAreaM2 },
      );
      // Buildings stand inside a compound without tiling it: space between them is not a gap.
      const levelOf = new Map(rows.map((r) => [r.id, r.level]));
      const gaps = report.gaps.filter((g) => levelOf.get(g.parent.id) !== 'compound');
      return { root: root ? toGridNode(root) : null, checkedNodes: rows.length, ...report, gaps };
    },

    /**
     * Imports a division list (`code,name,level,parent_code`). All or nothing: any bad row fails
     * the whole file with every problem listed by row; existing codes are renamed in place.
     */
    async importDivisions(actor: Actor | undefined, csvText: string, options: { dryRun?: boolean } = {}): Promise<ImportReport> {
      requirePermission(actor, 'grid.import');
      let records: Record<string, string>[];
      try {
        records = parseCsv(csvText.replace(/^\uFEFF/, ''), { columns: true, skip_empty_lines: true, trim: true }) as Record<string, string>[];
      } catch (error) {
        throw invalidField('file', 'invalidCsv', { message: (error as Error).message.slice(0, 120) });
      }
      const errors: FieldError[] = [];
      for (const column of ['code', 'name', 'level', 'parent_code']) {
        if (records.length && !(column in records[0])) errors.push({ field: 'file', reason: 'missingColumn', params: { value: column } });
      }
      if (errors.length) throw new AppError('validation', { errors });
      const existing = new Map((await repo().findByCodes([...new Set(records.flatMap((r) => [r.code, r.parent_code]).filter(Boolean))])).map((g) => [g.code, g]));
      const planned = new Map<string, { path: string; depth: number; level: GridLevel }>();
      const seen = new Set<string>();
      const rowsToWrite: { code: string; name: string; level: GridLevel; parentCode: string | null; isUpdate: boolean }[] = [];
      records.forEach((r, i) => {
        const row = i + 2; // header is line 1
        const at = (column: string) => `rows/${row}/${column}`;
        const rowErrors: FieldError[] = [];
        if (!/^[0-9A-Za-z]{1,32}$/.test(r.code ?? '')) rowErrors.push({ field: at('code'), reason: 'format' });
        if (!r.name) rowErrors.push({ field: at('name'), reason: 'required' });
        const level = divisionLevelMap[r.level ?? ''];
        if (!level) rowErrors.push({ field: at('level'), reason: 'unknownLevel', params: { value: r.level ?? '' } });
        if (seen.has(r.code)) rowErrors.push({ field: at('code'), reason: 'duplicateCode', params: { value: r.code } });
        seen.add(r.code);
        const parentCode = r.parent_code || null;
        const parent = parentCode ? planned.get(parentCode) ?? existing.get(parentCode) : undefined;
        const isRoot = !parentCode || (!parent && level === 'city' && !records.some((o) => o.code === parentCode));
        if (parentCode && !parent && !isRoot) rowErrors.push({ field: at('parent_code'), reason: 'unknownParent', params: { value: parentCode } });
        if (parent && level && levelRank(level) <= levelRank(parent.level)) rowErrors.push({ field: at('level'), reason: 'levelOrder', params: { parentLevel: parent.level } });
        const current = existing.get(r.code);
        if (current && level && current.level !== level) rowErrors.push({ field: at('code'), reason: 'duplicateCode', params: { value: r.code } });
        if (rowErrors.length) {
          errors.push(...rowErrors);
          return;
        }
        const path = current?.path ?? childPath(parent && !isRoot ? parent.path : null, r.code);
        planned.set(r.code, { path, depth: path.split('/').filter(Boolean).length - 1, level: level! });
        rowsToWrite.push({ code: r.code, name: r.name, level: level!, parentCode: parent && !isRoot ? parentCode : null, isUpdate: Boolean(current) });
      });
      if (errors.length) throw new AppError('validation', { errors });
      const report: ImportReport = { dryRun: Boolean(options.dryRun), created: rowsToWrite.filter((r) => !r.isUpdate).length, updated: rowsToWrite.filter((r) => r.isUpdate).length, rows: records.length };
      if (options.dryRun) return report;
      const now = ctx.clock.now();
      await transaction(ctx.db, async (trx) => {
        const r = gridsRepository(trx);
        const ids = new Map([...existing.values()].map((g) => [g.code, g.id]));
        for (const row of rowsToWrite) {
          const plan = planned.get(row.code)!;
          if (row.isUpdate) {
            await r.update(ids.get(row.code)!, { name: row.name, updated_at: now.toISOString() });
            continue;
          }
          const id = newId();
          ids.set(row.code, id);
          await r.insert({
            id, code: row.code, name: row.name, level: row.level, parent_id: row.parentCode ? ids.get(row.parentCode)! : null, path: plan.path, depth: plan.depth, sort: 0,
            ...setBoundaryColumns(undefined), attributes: null, created_at: now.toISOString(), updated_at: now.toISOString(),
          });
        }
        await recordAudit(trx, actor, now, { action: 'grid.importDivisions', recordType: 'grid', details: { created: report.created, updated: report.updated } });
      });
      return report;
    },

    /** Imports boundaries from a GeoJSON FeatureCollection whose features carry `properties.code`. All or nothing. */
    async importBoundaries(actor: Actor | undefined, input: unknown, options: { dryRun?: boolean } = {}): Promise<ImportReport> {
      requirePermission(actor, 'grid.import');
      const collection = typeof input === 'string' ? safeJson(input) : input;
      const features = (collection as { type?: string; features?: unknown[] } | undefined)?.type === 'FeatureCollection' ? (collection as { features: unknown[] }).features : undefined;
      if (!features) throw invalidField('file', collection === undefined ? 'invalidJson' : 'geometryType');
      if (features.length === 0) throw invalidField('file', 'noFeatures');
      const codes = features.map((f) => String((f as { properties?: { code?: unknown } }).properties?.code ?? (f as { id?: unknown }).id ?? ''));
      const known = new Map((await repo().findByCodes(codes.filter(Boolean))).map((g) => [g.code, g]));
      const errors: FieldError[] = [];
      const updates: { id: string; geometry: Polygon | MultiPolygon }[] = [];
      features.forEach((feature, i) => {
        const code = codes[i];
        const grid = known.get(code);
        if (!grid) {
          errors.push({ field: `features/${i}/properties/code`, reason: code ? 'unknownCode' : 'required', params: { value: code } });
          return;
        }
        if (!isInScope(actor, grid.path)) {
          errors.push({ field: `features/${i}/properties/code`, reason: 'outsideScope' });
          return;
        }
        const checked = validateGeometry((feature as { geometry?: unknown }).geometry, `features/${i}/geometry`);
        if (checked.errors.length) errors.push(...checked.errors);
        else updates.push({ id: grid.id, geometry: checked.geometry! });
      });
      if (errors.length) throw new AppError('validation', { errors });
      const report: ImportReport = { dryRun: Boolean(options.dryRun), created: 0, updated: updates.length, rows: features.length };
      if (options.dryRun) return report;
      const now = ctx.clock.now();
      await transaction(ctx.db, async (trx) => {
        for (const u of updates) await gridsRepository(trx).update(u.id, { ...setBoundaryColumns(u.geometry), updated_at: now.toISOString() });
        await bumpBoundaryVersion(trx, now);
        await recordAudit(trx, actor, now, { action: 'grid.importBoundaries', recordType: 'grid', details: { updated: updates.length } });
      });
      ctx.locator.invalidate();
      return report;
    },
  };
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

export type GridsService = ReturnType<typeof gridsService>;
