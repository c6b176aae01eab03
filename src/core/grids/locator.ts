import type { MultiPolygon, Polygon } from 'geojson';
import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.js';
import { GridSpatialIndex } from './spatial-index.js';

/** Bumped in `settings` whenever a boundary changes, so every instance rebuilds its index. */
export const BOUNDARY_VERSION_KEY = 'grids.boundaryVersion';
const FRESHNESS_CHECK_MS = 2_000;

export interface LocatedEntry {
  id: string;
  path: string;
  depth: number;
}

/**
 * The in-memory point → grid index of one server process. It is built from the database on first
 * use and rebuilt when the boundary version in `settings` moves (this instance or another).
 */
export class GridLocator {
  private index?: GridSpatialIndex;
  private version = '';
  private checkedAt = 0;
  private building?: Promise<void>;

  constructor(private readonly db: Kysely<Database>) {}

  async locate(lng: number, lat: number, accept?: (entry: LocatedEntry) => boolean): Promise<LocatedEntry | undefined> {
    await this.ensureFresh();
    return this.index!.locate(lng, lat, accept) as LocatedEntry | undefined;
  }

  /** Forces a rebuild on next use (called in-process right after a boundary write). */
  invalidate(): void {
    this.checkedAt = 0;
    this.version = '';
  }

  get size(): number {
    return this.index?.size ?? 0;
  }

  private async ensureFresh(): Promise<void> {
    if (this.index && Date.now() - this.checkedAt < FRESHNESS_CHECK_MS) return;
    if (this.building) return this.building;
    this.building = (async () => {
      const row = await this.db.selectFrom('settings').select('value').where('key', '=', BOUNDARY_VERSION_KEY).executeTakeFirst();
      const version = row?.value ?? '0';
      if (!this.index || version !== this.version) {
        const rows = await this.db.selectFrom('grids').select(['id', 'path', 'depth', 'boundary']).where('boundary', 'is not', null).execute();
        this.index = new GridSpatialIndex(
          rows.map((r) => ({ id: r.id, path: r.path, depth: r.depth, geometry: JSON.parse(r.boundary!) as Polygon | MultiPolygon })),
        );
        this.version = version;
      }
      this.checkedAt = Date.now();
    })().finally(() => {
      this.building = undefined;
    });
    return this.building;
  }
}

/** Marks boundaries as changed inside the writer's transaction. */
export async function bumpBoundaryVersion(trx: Kysely<Database>, at: Date): Promise<void> {
  const value = `${at.getTime()}-${Math.random().toString(36).slice(2, 8)}`;
  const updated = await trx.updateTable('settings').set({ value }).where('key', '=', BOUNDARY_VERSION_KEY).executeTakeFirst();
  if (Number(updated.numUpdatedRows) === 0) await trx.insertInto('settings').values({ key: BOUNDARY_VERSION_KEY, value }).execute();
}
