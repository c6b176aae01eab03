import { defineConfig } from 'vitest/config';

/** End-to-end journeys in Chromium against a running server (BASE_URL); see scripts/test-e2e.js. */
// Vitest sets BASE_URL to Vite's public base ('/') inside the run, so the server address is
// read here, before that, and handed to the tests under its own name.
const serverUrl = process.env.E2E_BASE_URL ?? process.env.BASE_URL ?? 'http://127.0.0.1:8080';

export default defineConfig({
  test: {
    env: { E2E_BASE_URL: serverUrl },
    root: new URL('..', import.meta.url).pathname,
    include: ['e2e/**/*.e2e.ts'],
    fileParallelism: false,
    testTimeout: 120_000,
    // A browser on a busy CI machine: give UI assertions the same patience as locators.
    expect: { poll: { timeout: 15_000, interval: 100 } },
    hookTimeout: 90_000,
    pool: 'forks',
  },
});
