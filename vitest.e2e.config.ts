import { defineConfig } from 'vitest/config';

/** Files that start server processes of their own and load them hard (kill -9 mid-upload, the CLI demo). */
const PROCESS_HEAVY = ['test/e2e/exchange-reliability.test.ts', 'test/e2e/cli.test.ts'];

export default defineConfig({
  test: {
    testTimeout: 120_000,
    hookTimeout: 120_000,
    pool: 'forks',
    fileParallelism: true,
    maxWorkers: 2,
    minWorkers: 1,
    projects: [
      {
        extends: true,
        test: {
          // Browser files two at a time: each starts its own in-process server on an ephemeral
          // loopback port with its own data directory and database, so they share no state; the
          // browser steps wait on rendering more than on the CPU, which keeps CI within its budget.
          name: 'browser',
          include: ['test/e2e/**/*.test.ts'],
          exclude: PROCESS_HEAVY,
          sequence: { groupOrder: 0 },
        },
      },
      {
        extends: true,
        test: {
          // Then the process-heavy files, one at a time and alone: under their load a browser
          // step elsewhere can miss its 30 s wait.
          name: 'processes',
          include: PROCESS_HEAVY,
          poolOptions: { forks: { singleFork: true } },
          sequence: { groupOrder: 1 },
        },
      },
    ],
  },
});
