import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
    exclude: ['test/e2e/**', 'node_modules/**', 'dist/**'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: 'forks',
    // The suites wait on PostgreSQL and fsync far more than on the CPU: three files at a time
    // keep a 2-CPU CI machine busy (the default there is one).
    maxWorkers: 3,
    // Test files share their worker's module cache (no re-import of the whole server per file:
    // that import was ~40% of the suite's time). Every suite builds its own platform, database and
    // app, so nothing a test can see is shared; route schemas compile once per worker (ADR 0018).
    isolate: false,
    // With isolate off, an idle worker that tinypool retires below maxWorkers takes the run down
    // with "Terminating worker thread" (vitest-dev/vitest#8564): keep the pool at its size.
    minWorkers: 3,
  },
});
