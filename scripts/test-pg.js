// `npm run test:pg`: the unit and integration suite against PostgreSQL.
// Uses DATABASE_URL when set; otherwise creates a throwaway database on 127.0.0.1:5432 and drops it after.
import { spawnSync } from 'node:child_process';
import pg from 'pg';

const admin = process.env.PG_ADMIN_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
let url = process.env.DATABASE_URL;
let throwaway;
if (!url) {
  throwaway = `gridgov_test_${process.pid}_${Date.now()}`;
  const client = new pg.Client({ connectionString: admin });
  await client.connect();
  await client.query(`create database ${throwaway}`);
  await client.end();
  const base = new URL(admin);
  base.pathname = `/${throwaway}`;
  url = base.toString();
  console.error(`test:pg: created database ${throwaway}`);
}
const result = spawnSync('npx', ['vitest', 'run', ...process.argv.slice(2)], { stdio: 'inherit', env: { ...process.env, DATABASE_URL: url } });
if (throwaway) {
  const client = new pg.Client({ connectionString: admin });
  await client.connect();
  await client.query(`drop database if exists ${throwaway} with (force)`);
  await client.end();
  console.error(`test:pg: dropped database ${throwaway}`);
}
process.exit(result.status ?? 1);
