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
    minWorkers: 1,
  },
});
