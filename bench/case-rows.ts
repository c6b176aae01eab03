/**
 * Large case tables for the inbox and sweep benchmarks: the real schema (migrations) and the
 * Muling grids, then millions of synthetic cases written with one prepared INSERT in big
 * transactions, the `cases` indexes dropped during the load and rebuilt after it (as a bulk
 * import would), then the production pragmas (WAL, synchronous=FULL) for the measurement.
 * Not a `*.bench.ts` file: the runner does not run it on its own.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type SqliteDatabase from 'better-sqlite3';
import { createFieldCipher } from '../src/core/secrets.js';
import { migrate, openDb, type Db } from '../src/db/index.js';
import type { CaseState, Tier } from '../src/modules/cases/tables.js';
import { loadDemoWorld } from '../demo/load.js';

export interface GridRef {
  id: string;
  path: string;
  level: string;
}

export interface CaseRowsWorld {
  db: Db;
  /** Grids by level. */
  grids: Record<'city' | 'subdistrict' | 'community' | 'compound' | 'stairwell', GridRef[]>;
  categories: { id: string; type: string; limits: string }[];
  /** The demo grid worker's compounds (their inbox). */
  gridWorkerPaths: string[];
}

/** A migrated SQLite file with the demo world (no case history) and its grids indexed by level. */
export async function openCaseWorld(file: string): Promise<CaseRowsWorld> {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const db = openDb({ sqliteFile: file });
  await migrate(db);
  await loadDemoWorld({ db, cipher: createFieldCipher('bench-secret'), scale: 0.05, demoPassword: 'bench-password', withCases: false });
  const rows = await db.kysely.selectFrom('grids').select(['id', 'path', 'level']).execute();
  const grids = { city: [], subdistrict: [], community: [], compound: [], stairwell: [] } as CaseRowsWorld['grids'];
  for (const g of rows) if (g.level in grids) grids[g.level as keyof typeof grids].push(g);
  const categories = (await db.kysely.selectFrom('case_categories').selectAll().where('parent_id', 'is not', null).execute()).map((c) => ({
    id: c.id,
    type: c.default_type,
    limits: JSON.stringify({ accept: [c.accept_limit, c.accept_unit], dispatch: [c.dispatch_limit, c.dispatch_unit], handle: [c.handle_limit, c.handle_unit] }),
  }));
  const user = await db.kysely.selectFrom('users').select('id').where('username', '=', 'demo-gridworker').executeTakeFirstOrThrow();
  const scopes = await db.kysely.selectFrom('user_scopes').innerJoin('grids', 'grids.id', 'user_scopes.grid_id').select('grids.path').where('user_scopes.user_id', '=', user.id).execute();
  return { db, grids, categories, gridWorkerPaths: scopes.map((s) => s.path) };
}

/** One synthetic case: what the generator decides per row. */
export interface RowSpec {
  isOpen: boolean;
  state: CaseState;
  tier: Tier;
  /** Handling grid (null: the triage queue). */
  grid: GridRef | null;
  createdAt: number;
  dueAt: number | null;
  overdueAt: number | null;
}

const COLUMNS = [
  'id', 'number', 'type', 'category_id', 'title', 'description', 'state', 'is_open', 'tier', 'channel', 'grid_id', 'grid_path', 'handling_grid_id', 'handling_path',
  'limits', 'stage', 'due_at', 'overdue_at', 'discovered_at', 'accepted_at', 'responded_at', 'closed_at', 'closed_via', 'lowest_tier', 'rating', 'feedback', 'priority', 'version', 'created_at', 'updated_at',
] as const;

const STAGE: Partial<Record<CaseState, string>> = { reported: 'accept', accepted: 'dispatch', registered: 'dispatch', dispatched: 'handle', handling: 'handle' };

/** A uniform number in [0, 1) from a row number and a salt: the same row always gets the same values. */
export function unit(i: number, salt: number): number {
  let t = (Math.imul(i, 0x9e3779b1) ^ Math.imul(salt + 1, 0x85ebca6b)) >>> 0;
  t = Math.imul(t ^ (t >>> 16), 0x7feb352d);
  t = Math.imul(t ^ (t >>> 15), 0x846ca68b);
  return ((t ^ (t >>> 16)) >>> 0) / 4294967296;
}

/**
 * Writes `count` rows (row `i` described by `spec(i)`) into `cases`. The table's secondary
 * indexes are dropped first and rebuilt at the end; `progress` gets a line every few seconds.
 */
export function insertCaseRows(w: CaseRowsWorld, count: number, spec: (i: number) => RowSpec, progress: (line: string) => void, options: { keepIndexes?: boolean; firstNumber?: number } = {}): void {
  const raw = w.db.sqlite!;
  const indexes = options.keepIndexes ? [] : (raw.prepare("select name, sql from sqlite_master where type = 'index' and tbl_name = 'cases' and sql is not null").all() as { name: string; sql: string }[]);
  for (const index of indexes) raw.exec(`drop index ${index.name}`);
  raw.pragma('journal_mode = OFF');
  raw.pragma('synchronous = OFF');
  const cacheSize = raw.pragma('cache_size', { simple: true });
  raw.pragma('cache_size = -262144');
  const insert = raw.prepare(`insert into cases (${COLUMNS.join(', ')}) values (${COLUMNS.map(() => '?').join(', ')})`);
  const started = performance.now();
  let lastLog = started;
  const batch = raw.transaction((from: number, to: number) => {
    for (let i = from; i < to; i++) insert.run(rowValues(w, i + (options.firstNumber ?? 0), spec(i + (options.firstNumber ?? 0))));
  });
  const step = 50_000;
  for (let from = 0; from < count; from += step) {
    batch(from, Math.min(count, from + step));
    if (performance.now() - lastLog > 5_000) {
      lastLog = performance.now();
      progress(`${(Math.min(count, from + step)).toLocaleString('en-US')} / ${count.toLocaleString('en-US')} cases (${Math.round((from + step) / ((lastLog - started) / 1000)).toLocaleString('en-US')} rows/s)`);
    }
  }
  progress(`${count.toLocaleString('en-US')} cases written in ${((performance.now() - started) / 1000).toFixed(1)} s`);
  for (const index of indexes) {
    const t = performance.now();
    raw.exec(index.sql);
    progress(`index ${index.name} rebuilt in ${((performance.now() - t) / 1000).toFixed(1)} s`);
  }
  raw.pragma(`cache_size = ${cacheSize}`);
  raw.pragma('journal_mode = WAL');
  raw.pragma('synchronous = FULL');
}

function rowValues(w: CaseRowsWorld, i: number, s: RowSpec): unknown[] {
  const category = w.categories[i % w.categories.length];
  const created = new Date(s.createdAt).toISOString();
  const year = created.slice(0, 4);
  // Ids grow with the row number, so the primary key is appended to rather than split.
  const id = `bench-${i.toString(16).padStart(10, '0')}-${s.createdAt.toString(16)}`;
  const closedAt = s.isOpen ? null : new Date(s.createdAt + 3 * 86_400_000).toISOString();
  return [
    id, `${year}-${String(i + 1).padStart(8, '0')}`, category.type, category.id, '楼道堆物', '楼道内堆放杂物，影响通行', s.state, s.isOpen ? 1 : 0, s.tier, i % 2 === 0 ? 'hotline' : 'patrol',
    s.grid?.id ?? null, s.grid?.path ?? null, s.grid?.id ?? null, s.grid?.path ?? '/',
    category.limits, s.isOpen ? STAGE[s.state] ?? null : null, s.dueAt === null ? null : new Date(s.dueAt).toISOString(), s.overdueAt === null ? null : new Date(s.overdueAt).toISOString(),
    created, created, created, closedAt, s.isOpen ? null : 'handling', s.tier, s.isOpen ? null : 4 + (i % 2), s.isOpen ? null : 'confirmed', 'normal', 1, created, closedAt ?? created,
  ];
}

/** The grid holding a case at a tier (`r` uniform in [0, 1)). */
export function gridAt(w: CaseRowsWorld, tier: Tier, r: number): GridRef | null {
  const pick = (list: GridRef[]) => list[Math.floor(r * list.length)];
  switch (tier) {
    case 'stairwell':
      return pick(w.grids.stairwell);
    case 'compound':
      return pick(w.grids.compound);
    case 'community':
      return pick(w.grids.community);
    case 'subdistrict':
      return pick(w.grids.subdistrict);
    default:
      return r < 0.1 ? null : pick(w.grids.city);
  }
}

/** Tiers of open cases: most at the bottom (分层运行、分级解决). */
export function openTier(r: number): Tier {
  return r < 0.3 ? 'stairwell' : r < 0.65 ? 'compound' : r < 0.9 ? 'community' : r < 0.98 ? 'subdistrict' : 'city';
}

export const OPEN_STATES: CaseState[] = ['reported', 'accepted', 'registered', 'dispatched', 'handling'];

/** A throwaway directory for a benchmark database, removed by `remove`. */
export function tempDir(prefix: string): { dir: string; remove(): void } {
  const dir = fs.mkdtempSync(path.join(process.env.BENCH_TMPDIR ?? os.tmpdir(), prefix));
  return { dir, remove: () => fs.rmSync(dir, { recursive: true, force: true }) };
}

/** The inbox query's plan, as SQLite tells it. */
export function planOf(raw: SqliteDatabase.Database, text: string, params: readonly unknown[]): string {
  return (raw.prepare(`explain query plan ${text}`).all(...params) as { detail: string }[]).map((r) => r.detail).join('; ');
}
