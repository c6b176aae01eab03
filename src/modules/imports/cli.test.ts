import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeIdNumber } from '../../testing/factories.js';
import { csvOf } from './test-helpers.js';

/** `gridgov import residents <file>` as an operator runs it: a child process on a real SQLite file. */
const onPostgres = Boolean(process.env.DATABASE_URL);
const root = path.resolve(import.meta.dirname, '..', '..', '..');
const tsx = path.join(root, 'node_modules', '.bin', 'tsx');
const entry = path.join(root, 'src', 'cli', 'main.ts');
let dataDir: string;

function gridgov(args: string[]) {
  return spawnSync(tsx, [entry, ...args], { cwd: root, encoding: 'utf8', env: { ...process.env, DATABASE_URL: '', DATA_DIR: dataDir, GRIDGOV_ADMIN_PASSWORD: 'admin-password-1' }, timeout: 170_000 });
}

beforeAll(() => {
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'gridgov-import-cli-'));
});
afterAll(() => fs.rmSync(dataDir, { recursive: true, force: true }));

describe.skipIf(onPostgres)('gridgov import residents', () => {
  it('prints a line per 1,000 rows checked and written, then the report; a bad file prints its rows and exits 1', () => {
    const divisions = path.join(dataDir, 'divisions.csv');
    fs.writeFileSync(divisions, 'code,name,level,parent_code\n231085,穆棱市,county,\n231085100,八面通镇,township,231085\n231085100001,民主社区,village,231085100\n231085100001001,民主家园,compound,231085100001\n');
    expect(gridgov(['import', 'divisions', divisions]).status).toBe(0);

    const rows = Array.from({ length: 2_500 }, (_, n) => [`居民${n}`, makeIdNumber(new Date(Date.UTC(1950, 0, 1) + n * 86_400_000).toISOString().slice(0, 10).replace(/-/g, ''), '001'), '231085100001001']);
    const file = path.join(dataDir, 'residents.csv');
    fs.writeFileSync(file, csvOf([['姓名', '身份证号', '网格编码'], ...rows]));
    const run = gridgov(['import', 'residents', file]);
    expect(run.status).toBe(0);
    expect(run.stderr.split('\n').filter((l) => /^(checked|written) \d+\/2500$/.test(l))).toEqual(['checked 1000/2500', 'checked 2000/2500', 'written 1000/2500', 'written 2000/2500', 'written 2500/2500']);
    expect(JSON.parse(run.stdout)).toMatchObject({ ok: true, dryRun: false, rows: 2_500, created: 2_500, updated: 0 });

    fs.writeFileSync(file, csvOf([['姓名', '网格编码'], ['甲', '231085100001001'], ['乙', '999']]));
    const bad = gridgov(['import', 'residents', file]);
    expect(bad.status).toBe(1);
    expect(bad.stderr).toContain('row 3 gridCode: 网格不存在：999');
  }, 200_000);
});
