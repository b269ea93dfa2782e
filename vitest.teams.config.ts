import { defineConfig } from 'vitest/config';

// Teams as its users see it: Microsoft's Agents Playground (a local Teams client) driven in Chromium against a whole
// Samband. Apart from `npm test` because it starts a browser and a second server: `npm run test:teams`.
export default defineConfig({
  test: {
    // Migrated template databases, made once per run (each test database starts as a copy).
    globalSetup: ['test/support/global-setup.ts'],
    include: ['test/teams-client/**/*.client.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 90_000,
    pool: 'forks',
    maxWorkers: 1,
    reporters: ['default'],
  },
});
