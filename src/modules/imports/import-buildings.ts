import type { AppContext } from '../../core/context.js';
import { childPath } from '../../core/grids/levels.js';
import { newId } from '../../core/ids.js';
import type { Actor } from '../../core/scope.js';
import type { Database } from '../../db/schema.js';
import zhCN from './locales/zh-CN.json' with { type: 'json' };
import type { SheetRow } from './read-sheet.js';
import { importsRepository, type ImportGrid } from './repository.js';
import { FirstSeen, RowReader, type ImportPlan, type ImportProgress, type RowError } from './row-check.js';

const CODE = /^[0-9A-Za-z]{1,32}$/;

/** Stairwell codes: the building's code plus a two-digit sequence (as the demo world numbers them). */
export function stairwellCode(buildingCode: string, n: number): string {
  return `${buildingCode}${String(n).padStart(2, '0')}`;
}

interface PlannedBuilding {
  row: number;
  code: string;
  name: string;
  parent: ImportGrid;
  existing?: ImportGrid;
  stairwells: number;
  attributes: { floors?: number; address?: string };
}

/**
 * Buildings (楼栋) are grids of level `building` under a compound (or a community without
 * compounds) in the importer's subtree, with their stairwells (单元) as child grids. A known
 * building code renames it in place; an import never moves a building to another parent.
 */
export async function planBuildings({ ctx, actor, rows, progress }: { ctx: AppContext; actor: Actor; rows: SheetRow[]; progress: ImportProgress }): Promise<ImportPlan> {
  const repo = importsRepository(ctx.db.kysely);
  const stairCodes = rows.flatMap((r) => Array.from({ length: Math.min(50, Math.max(0, Number(r.cells.stairwells) || 0)) }, (_, i) => stairwellCode(r.cells.code, i + 1)));
  const grids = new Map((await repo.gridsByCodes([...rows.flatMap((r) => [r.cells.code, r.cells.compoundCode]), ...stairCodes])).map((g) => [g.code, g]));
  const errors: RowError[] = [];
  const seen = new FirstSeen();
  const planned: PlannedBuilding[] = [];
  rows.forEach((row, index) => {
    const reader = new RowReader(row, errors);
    const before = errors.length;
    const code = reader.text('code', { max: 32, isRequired: true });
    if (code && !CODE.test(code)) reader.fail('code', 'format');
    const name = reader.text('name', { max: 50, isRequired: true });
    const parent = reader.grid('compoundCode', grids, actor, ['community', 'compound']);
    const stairwells = reader.integer('stairwells', 0, 50) ?? 0;
    const floors = reader.integer('floors', 1, 200);
    const address = reader.text('address', { max: 200 });
    const existing = code ? grids.get(code) : undefined;
    if (code) {
      const first = seen.check(code, row.row);
      if (first !== undefined) reader.fail('code', 'duplicateInFile', { row: first });
    }
    if (existing && existing.level !== 'building') reader.fail('code', 'codeTaken', { value: code! });
    else if (existing && parent && existing.parent_id !== parent.id) reader.fail('code', 'buildingMoved', { value: existing.path });
    for (let n = 1; code && n <= stairwells; n++) {
      const stair = grids.get(stairwellCode(code, n));
      if (stair && (stair.level !== 'stairwell' || !existing || stair.parent_id !== existing.id)) reader.fail('stairwells', 'codeTaken', { value: stair.code });
    }
    if ((index + 1) % 1000 === 0) progress('check', index + 1, rows.length);
    if (errors.length > before) return;
    planned.push({ row: row.row, code: code!, name: name!, parent: parent!, existing, stairwells, attributes: { ...(floors ? { floors } : {}), ...(address ? { address } : {}) } });
  });
  const updated = planned.filter((p) => p.existing).length;

  return {
    created: planned.length - updated,
    updated,
    errors,
    async write(trx) {
      const w = importsRepository(trx);
      const now = ctx.clock.now().toISOString();
      const inserts: Database['grids'][] = [];
      const node = (input: { code: string; name: string; level: 'building' | 'stairwell'; parent: { id: string; path: string; depth: number }; attributes: object | null }): Database['grids'] => ({
        id: newId(), code: input.code, name: input.name, level: input.level, parent_id: input.parent.id, path: childPath(input.parent.path, input.code), depth: input.parent.depth + 1, sort: 0,
        boundary: null, centroid_lng: null, centroid_lat: null, min_lng: null, min_lat: null, max_lng: null, max_lat: null, area_m2: null,
        attributes: input.attributes && Object.keys(input.attributes).length ? JSON.stringify(input.attributes) : null, created_at: now, updated_at: now,
      });
      for (const p of planned) {
        let building: { id: string; path: string; depth: number };
        if (p.existing) {
          const attributes = { ...(p.existing.attributes ? (JSON.parse(p.existing.attributes) as object) : {}), ...p.attributes };
          await w.updateGrid(p.existing.id, { name: p.name, attributes: Object.keys(attributes).length ? JSON.stringify(attributes) : null, updated_at: now });
          building = p.existing;
        } else {
          const row = node({ code: p.code, name: p.name, level: 'building', parent: p.parent, attributes: p.attributes });
          inserts.push(row);
          building = row;
        }
        for (let n = 1; n <= p.stairwells; n++) {
          const code = stairwellCode(p.code, n);
          if (!grids.has(code)) inserts.push(node({ code, name: zhCN.imports.stairwellName.replace('{{n}}', String(n)), level: 'stairwell', parent: building, attributes: null }));
        }
      }
      await w.insertGrids(inserts);
    },
  };
}
