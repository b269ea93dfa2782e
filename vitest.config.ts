import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    // Migrated template databases, made once per run (each test database starts as a copy).
    globalSetup: ['test/support/global-setup.ts'],
    include: ['test/**/*.test.ts'],
    // Tests that kill processes or stop a database run apart: `npm run test:faults` (vitest.faults.config.ts); the
    // Agents Playground test (a browser and a local Teams client) too: `npm run test:teams` (vitest.teams.config.ts).
    exclude: ['test/faults/**', 'test/teams-client/**', 'node_modules/**'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    // Two cores, two workers; files run in parallel, tests within a file in order. Threads, not processes, and no
    // fresh module graph per file (isolate: false): importing Prisma's client, Bolt and botbuilder again for every
    // file was most of the suite's time. So a test file leaves no global state behind: no module mocks, timers
    // faked only inside a test (and restored), environment variables put back (test/support/run-cli.ts).
    pool: 'threads',
    isolate: false,
    maxWorkers: 2,
    reporters: ['default'],
  },
});
