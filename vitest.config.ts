import { defineConfig } from 'vitest/config';

const onPostgres = Boolean(process.env.DATABASE_URL);

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'demo/**/*.test.ts'],
    exclude: ['node_modules', 'dist', 'e2e', 'src/web'],
    // One PostgreSQL database is shared by the run, so files take turns there; SQLite files are private.
    fileParallelism: !onPostgres,
    testTimeout: 180_000,
    hookTimeout: 300_000,
    pool: 'forks',
  },
});
