import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import autocannon from 'autocannon';
import SqliteDatabase from 'better-sqlite3';
import Fastify from 'fastify';
import { fixedClock } from '../src/core/clock.js';
import { GridLocator } from '../src/core/grids/locator.js';
import { newId } from '../src/core/ids.js';
import { createFieldCipher } from '../src/core/secrets.js';
import { migrate, openDb } from '../src/db/index.js';
import { buildApp } from '../src/server/app.js';
import { loadConfig } from '../src/server/config.js';
import { loadDemoWorld } from '../demo/load.js';
import type { BenchContext } from './run.js';

const DURATION_S = 5;
const WARMUP_S = 2;
const CONNECTIONS = 16;
/** Distinct report bodies the load cycles through (places in the grid worker's compounds, categories). */
const BODIES = 64;

interface Load {
  url: string;
  headers: Record<string, string>;
  bodies: string[];
}

/**
 * Requests per second of POST requests cycling through `bodies`, each with a unique
 * Idempotency-Key. The load generator runs in its own worker thread, so it does not share the
 * server's event loop.
 */
async function rate(load: Load, seconds: number): Promise<number> {
  const result = await autocannon({
    url: load.url,
    connections: CONNECTIONS,
    duration: seconds,
    workers: 1,
    idReplacement: true,
    requests: load.bodies.map((body) => ({ method: 'POST', path: new URL(load.url).pathname, headers: { ...load.headers, 'content-type': 'application/json', 'idempotency-key': 'bench-[<id>]' }, body })),
  });
  if (result.non2xx > 0 || result.errors > 0) throw new Error(`${load.url}: ${result.non2xx} non-2xx, ${result.errors} errors`);
  return result.requests.average;
}

/**
 * `case.intake`: cases per second over real HTTP — `POST /api/cases` as the demo grid worker
 * (session lookup, schema validation, category, point → grid, the tier team, deadlines on the
 * business calendar, case number, the case, its idempotency key, its first log entry and outbox
 * event in one transaction, then the case as the API returns it) on a SQLite file with the
 * production settings (WAL, synchronous=FULL), against a bare Fastify route that parses the same
 * JSON and does one INSERT into its own SQLite file with the same settings, under the same load.
 */
export async function run(bench: BenchContext): Promise<void> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gridgov-bench-intake-'));
  const db = openDb({ sqliteFile: path.join(dir, 'gridgov.db') });
  await migrate(db);
  const cipher = createFieldCipher('bench-secret');
  bench.log('case.intake: loading the demo world (scale 0.2) with its case history…');
  await loadDemoWorld({ db, cipher, scale: 0.2, demoPassword: 'bench-password', log: (line) => bench.log(line) });
  const ctx = { db, clock: fixedClock(new Date()), cipher, config: { ...loadConfig({}), dataDir: dir }, locator: new GridLocator(db.kysely) };
  // Requests are stamped with the real time, as in production.
  ctx.clock = { now: () => new Date() } as typeof ctx.clock;
  const app = await buildApp(ctx, { logger: false, webDir: path.join(dir, 'no-web') });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const base = `http://127.0.0.1:${(app.server.address() as { port: number }).port}`;
  const login = await fetch(`${base}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'demo-gridworker', password: 'bench-password' }) });
  const { token } = (await login.json()) as { token: string };

  // Reports a grid worker files on patrol: points inside their compounds, outdoor and stairwell matters.
  const user = await db.kysely.selectFrom('users').select('id').where('username', '=', 'demo-gridworker').executeTakeFirstOrThrow();
  const compounds = await db.kysely
    .selectFrom('user_scopes')
    .innerJoin('grids', 'grids.id', 'user_scopes.grid_id')
    .select(['grids.path', 'grids.min_lng', 'grids.min_lat', 'grids.max_lng', 'grids.max_lat'])
    .where('user_scopes.user_id', '=', user.id)
    .execute();
  const categories = await db.kysely.selectFrom('case_categories').select(['id', 'code']).where('code', 'in', ['cityAppearance.exposedGarbage', 'neighbourhood.stairwellClutter', 'neighbourhood.compoundParking', 'neighbourhood.fireLaneBlocked']).execute();
  const bodies: string[] = [];
  let seed = 1;
  const random = () => ((seed = (seed * 16807) % 2147483647) - 1) / 2147483646;
  while (bodies.length < BODIES) {
    const c = compounds[bodies.length % compounds.length];
    const lng = c.min_lng! + random() * (c.max_lng! - c.min_lng!);
    const lat = c.min_lat! + random() * (c.max_lat! - c.min_lat!);
    const hit = await ctx.locator.locate(lng, lat);
    if (!hit || !hit.path.startsWith(c.path)) continue;
    const category = categories[bodies.length % categories.length];
    bodies.push(JSON.stringify({ categoryId: category.id, description: '巡查发现：楼前通道堆放杂物，影响通行', lng, lat, channel: 'patrol' }));
  }

  // The baseline: parse the same body, one INSERT, same durability, its own file.
  const bareDb = new SqliteDatabase(path.join(dir, 'bare.db'));
  bareDb.pragma('journal_mode = WAL');
  bareDb.pragma('synchronous = FULL');
  bareDb.pragma('foreign_keys = ON');
  bareDb.pragma('busy_timeout = 5000');
  bareDb.exec('create table reports (id text primary key, body text not null, created_at text not null)');
  const insert = bareDb.prepare('insert into reports (id, body, created_at) values (?, ?, ?)');
  const bare = Fastify({ logger: false });
  bare.post('/api/cases', async (req, reply) => {
    const id = newId();
    insert.run(id, JSON.stringify(req.body), new Date().toISOString());
    return reply.status(201).send({ id });
  });
  await bare.listen({ port: 0, host: '127.0.0.1' });
  const bareLoad: Load = { url: `http://127.0.0.1:${(bare.server.address() as { port: number }).port}/api/cases`, headers: {}, bodies };
  const intakeLoad: Load = { url: `${base}/api/cases`, headers: { authorization: `Bearer ${token}` }, bodies };

  bench.log(`case.intake: ${WARMUP_S} s warm-up each, then twice ${DURATION_S} s × ${CONNECTIONS} connections each, alternating…`);
  await rate(bareLoad, WARMUP_S);
  await rate(intakeLoad, WARMUP_S);
  const before = Number((await db.kysely.selectFrom('cases').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);
  // Alternating, so that the disk's good and bad moments fall on both.
  const baselines: number[] = [];
  const values: number[] = [];
  for (let round = 0; round < 2; round++) {
    baselines.push(await rate(bareLoad, DURATION_S));
    values.push(await rate(intakeLoad, DURATION_S));
  }
  const baseline = (baselines[0] + baselines[1]) / 2;
  const value = (values[0] + values[1]) / 2;
  const after = Number((await db.kysely.selectFrom('cases').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);
  bench.log(`case.intake: ${after - before} cases written; baseline ${baselines.map(Math.round).join(' / ')} req/s, intake ${values.map(Math.round).join(' / ')} cases/s`);
  bench.emit({ name: 'case.intake', value, unit: 'cases/s', baseline: 'bare Fastify route: parse the same JSON, one SQLite INSERT (WAL, synchronous=FULL, own file)', baselineValue: baseline });

  await bare.close();
  bareDb.close();
  await app.close();
  await db.close();
  fs.rmSync(dir, { recursive: true, force: true });
}
