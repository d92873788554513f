import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/e2e/**/*.test.ts'],
    testTimeout: 120_000,
    hookTimeout: 120_000,
    pool: 'forks',
    // Two files at a time: each starts its own server on an ephemeral loopback port, its own
    // temporary data directory and database, so they do not share state. The browser steps wait on
    // rendering more than on the CPU; two at a time keep CI (2 CPUs) within its time budget.
    fileParallelism: true,
    maxWorkers: 2,
    minWorkers: 1,
  },
});
