#!/usr/bin/env node
// The `gridgov` command: runs the built CLI, building it first when this checkout has not been built.
import { existsSync } from 'node:fs';
import { execSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const entry = join(root, 'dist', 'src', 'cli', 'main.js');
if (!existsSync(entry)) execSync('npm run build:server', { cwd: root, stdio: ['ignore', 'inherit', 'inherit'] });
await import(entry);
