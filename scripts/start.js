// `npm start`: build what is missing or stale, then serve with the Muling demo world in an empty database.
import { execSync, spawn } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

const newest = (dir) => {
  let latest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = join(dir, entry.name);
    latest = Math.max(latest, entry.isDirectory() ? newest(full) : statSync(full).mtimeMs);
  }
  return latest;
};
const builtAt = (file) => (existsSync(file) ? statSync(file).mtimeMs : 0);
const sources = Math.max(newest('src'), newest('demo'));
if (builtAt('dist/src/cli/main.js') < sources) {
  console.error('gridgov: building server…');
  execSync('npm run build:server', { stdio: 'inherit' });
}
if (builtAt('dist/web/index.html') < newest('src/web')) {
  console.error('gridgov: building web app…');
  execSync('npm run build:web', { stdio: 'inherit' });
}
const child = spawn(process.execPath, ['dist/src/cli/main.js', 'serve', '--demo', ...process.argv.slice(2)], { stdio: 'inherit' });
for (const signal of ['SIGTERM', 'SIGINT']) process.on(signal, () => child.kill(signal));
child.on('exit', (code) => process.exit(code ?? 0));
