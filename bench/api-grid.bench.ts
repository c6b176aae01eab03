import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import autocannon from 'autocannon';
import Fastify from 'fastify';
import { fixedClock } from '../src/core/clock.js';
import { GridLocator } from '../src/core/grids/locator.js';
import { createFieldCipher } from '../src/core/secrets.js';
import { migrate, openDb } from '../src/db/index.js';
import { buildApp } from '../src/server/app.js';
import { loadConfig } from '../src/server/config.js';
import { loadDemoWorld } from '../demo/load.js';
import type { BenchContext } from './run.js';

const DURATION_S = 5;
const CONNECTIONS = 16;

async function rate(url: string, headers: Record<string, string>): Promise<number> {
  const result = await autocannon({ url, connections: CONNECTIONS, duration: DURATION_S, headers });
  if (result.non2xx > 0 || result.errors > 0) throw new Error(`${url}: ${result.non2xx} non-2xx, ${result.errors} errors`);
  return result.requests.average;
}

/**
 * `api.grid.get`: requests per second for `GET /api/grids/:id` as a community secretary (session
 * lookup, scope filter, node, ancestors and counts) on the demo world in a SQLite file, against a
 * bare Fastify route returning a constant in the same process, both over real HTTP.
 */
export async function run(bench: BenchContext): Promise<void> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gridgov-bench-'));
  const db = openDb({ sqliteFile: path.join(dir, 'gridgov.db') });
  await migrate(db);
  const cipher = createFieldCipher('bench-secret');
  bench.log('api.grid.get: loading the demo world (scale 0.2)…');
  await loadDemoWorld({ db, cipher, scale: 0.2, demoPassword: 'bench-password', log: (line) => bench.log(line) });
  const ctx = { db, clock: fixedClock(new Date()), cipher, config: { ...loadConfig({}), dataDir: dir }, locator: new GridLocator(db.kysely) };
  ctx.clock.set(new Date());
  const app = await buildApp(ctx, { logger: false, webDir: path.join(dir, 'no-web') });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const base = `http://127.0.0.1:${(app.server.address() as { port: number }).port}`;
  const login = await fetch(`${base}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'demo-secretary', password: 'bench-password' }) });
  const { token, user } = (await login.json()) as { token: string; user: { scopes: { id: string }[] } };
  const compound = await db.kysely.selectFrom('grids').select('id').where('level', '=', 'compound').where('path', 'like', `%`).orderBy('path').limit(1).executeTakeFirstOrThrow();
  const gridId = user.scopes[0]?.id ?? compound.id;

  const bare = Fastify({ logger: false });
  bare.get('/constant', async () => ({ status: 'ok' }));
  await bare.listen({ port: 0, host: '127.0.0.1' });
  const bareUrl = `http://127.0.0.1:${(bare.server.address() as { port: number }).port}/constant`;

  bench.log(`api.grid.get: ${DURATION_S} s × ${CONNECTIONS} connections each…`);
  const baseline = await rate(bareUrl, {});
  const value = await rate(`${base}/api/grids/${gridId}`, { authorization: `Bearer ${token}` });
  bench.emit({ name: 'api.grid.get', value, unit: 'req/s', baseline: 'bare Fastify route returning a constant', baselineValue: baseline });

  await bare.close();
  await app.close();
  await db.close();
  fs.rmSync(dir, { recursive: true, force: true });
}
