import { defineConfig } from 'vitest/config';

// The fault suite: tests that kill processes or stop a database server. Run apart from `npm test` so the main
// suite keeps its speed. Three files at a time, each with its own processes, ports, folders and databases: much of
// the suite waits (a server stopped for 30 s, processes starting), so a third file uses cores the other two leave
// idle. Measured on 2026-11-29 on a slow 2-core machine: 161-188 s with two files at a time and kill-after-ack as one
// file of two 80 s tests; 140-164 s with three at a time and that file split by database (with and without vitest's
// record of earlier runs' file times, and in `.ci/run`'s fresh clone).
export default defineConfig({
  test: {
    include: ['test/faults/**/*.fault.test.ts'],
    testTimeout: 120_000,
    hookTimeout: 120_000,
    pool: 'forks',
    maxWorkers: 3,
    reporters: ['default'],
  },
});
