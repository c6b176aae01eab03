// `npm run test:e2e`: the Playwright journeys in Chromium against a real server.
// Builds what is missing or stale, starts `gridgov serve --demo` on a free port with a fresh data
// directory, waits for /healthz, runs e2e/*.e2e.ts with BASE_URL, stops the server with SIGTERM
// and exits with the suite's code. Extra arguments go to vitest (e.g. a test name filter).
import { execSync, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import { join } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
const log = (line) => process.stderr.write(`test-e2e: ${line}\n`);

const newest = (dir, skip = () => false) => {
  let latest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = join(dir, entry.name);
    if (skip(full)) continue;
    latest = Math.max(latest, entry.isDirectory() ? newest(full, skip) : statSync(full).mtimeMs);
  }
  return latest;
};
const builtAt = (file) => (existsSync(file) ? statSync(file).mtimeMs : 0);

function build() {
  const webDir = join(root, 'src', 'web');
  if (!existsSync(join(root, 'dist', 'web', 'index.html'))) {
    log('no build found: npm run build');
    execSync('npm run build', { cwd: root, stdio: 'inherit' });
    return;
  }
  const serverSources = Math.max(newest(join(root, 'src'), (p) => p.startsWith(webDir)), newest(join(root, 'demo')));
  if (builtAt(join(root, 'dist', 'src', 'cli', 'main.js')) < serverSources) {
    log('server sources changed: npm run build:server');
    execSync('npm run build:server', { cwd: root, stdio: 'inherit' });
  }
  if (builtAt(join(root, 'dist', 'web', 'index.html')) < newest(webDir)) {
    log('web sources changed: npm run build:web');
    execSync('npm run build:web', { cwd: root, stdio: 'inherit' });
  }
}

function freePort() {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

async function waitForHealth(url, server, timeoutMs) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (server.exitCode !== null) throw new Error(`server exited with code ${server.exitCode} before it was ready`);
    try {
      const response = await fetch(`${url}/healthz`);
      if (response.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(`server not healthy after ${timeoutMs / 1000} s`);
}

function stop(server) {
  if (server.exitCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(() => server.kill('SIGKILL'), 15_000);
    server.once('exit', () => {
      clearTimeout(timer);
      resolve();
    });
    server.kill('SIGTERM');
  });
}

function runSuite(env) {
  return new Promise((resolve) => {
    const suite = spawn(process.execPath, [join(root, 'node_modules', 'vitest', 'vitest.mjs'), 'run', '--config', 'e2e/vitest.config.ts', ...process.argv.slice(2)], {
      cwd: root,
      env,
      stdio: 'inherit',
    });
    suite.on('exit', (code, signal) => resolve(code ?? (signal ? 1 : 0)));
  });
}

const chromium = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
if (!existsSync(chromium)) {
  log(`Chromium not found at ${chromium}: apt-get install -y chromium fonts-wqy-microhei, or set CHROMIUM_PATH`);
  process.exit(1);
}

build();
const port = await freePort();
const dataDir = mkdtempSync(join(os.tmpdir(), 'gridgov-e2e-'));
const baseUrl = `http://127.0.0.1:${port}`;
const env = {
  ...process.env,
  PORT: String(port),
  HOST: '127.0.0.1',
  DATA_DIR: dataDir,
  GRIDGOV_DEMO_PASSWORD: process.env.GRIDGOV_DEMO_PASSWORD ?? 'demo-pass-2026',
  GRIDGOV_ADMIN_PASSWORD: process.env.GRIDGOV_ADMIN_PASSWORD ?? 'admin-pass-2026',
  LOG_LEVEL: process.env.LOG_LEVEL ?? 'warn',
  // The log SMS provider appends each text here too, so journeys can read a sign-in code.
  GRIDGOV_SMS_LOG_FILE: join(dataDir, 'sms.log'),
};
delete env.DATABASE_URL;

log(`starting gridgov on ${baseUrl} (data in ${dataDir})`);
const server = spawn(process.execPath, [join(root, 'bin', 'gridgov.js'), 'serve', '--demo'], { cwd: root, env, stdio: ['ignore', 'inherit', 'inherit'] });
let code = 1;
try {
  await waitForHealth(baseUrl, server, 180_000);
  code = await runSuite({ ...env, BASE_URL: baseUrl, E2E_BASE_URL: baseUrl, CHROMIUM_PATH: chromium });
} catch (error) {
  log(error instanceof Error ? error.message : String(error));
} finally {
  await stop(server);
  rmSync(dataDir, { recursive: true, force: true });
}
process.exit(code);
