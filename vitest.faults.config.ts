import { defineConfig } from 'vitest/config';

// The fault suite: tests that kill processes or stop a database server. Run apart from `npm test` so the main
// suite keeps its speed; one file at a time, since each starts and kills its own processes.
export default defineConfig({
  test: {
    include: ['test/faults/**/*.fault.test.ts'],
    testTimeout: 120_000,
    hookTimeout: 120_000,
    pool: 'forks',
    maxWorkers: 1,
    reporters: ['default'],
  },
});
