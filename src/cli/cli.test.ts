import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import SqliteDatabase from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

/**
 * The `gridgov` command as an operator runs it, in a child process against a real SQLite file.
 * SQLite only: the commands are dialect-neutral and the PostgreSQL pass covers the services.
 */
const onPostgres = Boolean(process.env.DATABASE_URL);
const root = path.resolve(import.meta.dirname, '..', '..');
const tsx = path.join(root, 'node_modules', '.bin', 'tsx');
const entry = path.join(root, 'src', 'cli', 'main.ts');
let dataDir: string;

function gridgov(args: string[], env: Record<string, string> = {}) {
  return spawnSync(tsx, [entry, ...args], { cwd: root, encoding: 'utf8', env: { ...process.env, DATABASE_URL: '', DATA_DIR: dataDir, ...env }, timeout: 170_000 });
}

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const srv = net.createServer().listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as net.AddressInfo;
      srv.close(() => resolve(port));
    });
  });
}

beforeAll(() => {
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'gridgov-cli-'));
});
afterAll(() => fs.rmSync(dataDir, { recursive: true, force: true }));

// Child processes are slow on a loaded 2-core machine: generous timeouts.
describe.skipIf(onPostgres)('gridgov command', { timeout: 180_000 }, () => {
  it('migrates, imports the real division list, rejects a bad one whole, adds a user and backs up', () => {
    expect(gridgov(['migrate']).status).toBe(0);
    expect(fs.existsSync(path.join(dataDir, 'gridgov.db'))).toBe(true);
    expect(fs.existsSync(path.join(dataDir, 'secret.key'))).toBe(true);

    const imported = gridgov(['import', 'divisions', path.join(root, 'demo', 'data', 'muling-divisions.csv')]);
    expect(imported.status).toBe(0);
    expect(JSON.parse(imported.stdout)).toMatchObject({ created: 236, updated: 0 });

    const bad = path.join(dataDir, 'bad.csv');
    fs.writeFileSync(bad, 'code,name,level,parent_code\n231085100901,甲社区,village,231085100\n231085100902,乙社区,village,888\n');
    const refused = gridgov(['import', 'divisions', bad]);
    expect(refused.status).toBe(1);
    expect(refused.stderr).toContain('rows/3/parent_code');
    expect(refused.stderr).toContain('上级编码不存在：888');

    const user = gridgov(['user', 'add', 'li.ming', '--role', 'secretary', '--scope', '231085100001', '--name', '李明']);
    expect(user.status).toBe(0);
    expect(JSON.parse(user.stdout)).toMatchObject({ username: 'li.ming', role: 'secretary', password: expect.any(String) });

    const backup = path.join(dataDir, 'backup.db');
    expect(gridgov(['backup', backup]).status).toBe(0);
    const copy = new SqliteDatabase(backup, { readonly: true });
    expect(copy.prepare('select count(*) as n from grids').get()).toEqual({ n: 236 });
    expect(copy.prepare("select count(*) as n from grids where name like '%甲社区%'").get()).toEqual({ n: 0 });
    copy.close();
  });

  it('serves, answers /healthz, and on SIGTERM finishes and exits 0', async () => {
    const port = await freePort();
    const child = spawn(tsx, [entry, 'serve'], { cwd: root, env: { ...process.env, DATABASE_URL: '', DATA_DIR: dataDir, PORT: String(port), GRIDGOV_ADMIN_PASSWORD: 'admin-pass-2026', LOG_LEVEL: 'warn' } });
    let stderr = '';
    child.stderr.on('data', (d) => (stderr += d));
    const deadline = Date.now() + 30_000;
    let health: Response | undefined;
    while (Date.now() < deadline) {
      health = await fetch(`http://127.0.0.1:${port}/healthz`).catch(() => undefined);
      if (health) break;
      await new Promise((r) => setTimeout(r, 200));
    }
    expect(health?.status).toBe(200);
    expect(await health!.json()).toEqual({ status: 'ok' });
    const login = await fetch(`http://127.0.0.1:${port}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'admin', password: 'admin-pass-2026' }) });
    expect(login.status).toBe(200);
    const exited = new Promise<number | null>((resolve) => child.on('exit', resolve));
    child.kill('SIGTERM');
    expect(await exited).toBe(0);
    expect(stderr).toContain('已创建管理员账号 admin');
  });
});
