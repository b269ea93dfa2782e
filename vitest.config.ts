import { setFlagsFromString } from 'node:v8';
import { defineConfig } from 'vitest/config';

// The garbage collector of the test workers, set before their isolates exist (V8 reads these when it makes a heap):
// a young generation that starts at 16 MB, an old one that grows by four times its live size instead of V8's cautious
// default, and no memory reducer (a worker's heap is thrown away at the end of the run anyway). A run made about 950
// young and 125 full collections on heaps of about 125 MB; with these settings the suite took about 15 CPU-seconds
// and 8 s less (five runs each, taking turns; README, Tests). The product's own processes keep V8's defaults.
setFlagsFromString('--min-semi-space-size=16');
setFlagsFromString('--heap-growing-percent=300');
setFlagsFromString('--no-memory-reducer');

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
