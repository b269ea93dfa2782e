import { defineConfig } from 'vitest/config';

// The fault suite: tests that kill processes or stop a database server. Run apart from `npm test` so the main
// suite keeps its speed. Two files at a time: each has its own processes, ports, folders and databases.
export default defineConfig({
  test: {
    include: ['test/faults/**/*.fault.test.ts'],
    testTimeout: 120_000,
    hookTimeout: 120_000,
    pool: 'forks',
    maxWorkers: 2,
    reporters: ['default'],
  },
});
