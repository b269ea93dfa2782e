import { afterAll, beforeAll, describe } from 'vitest';
import { startTestApp, type TestApp } from '../support/test-app.ts';
import { outboxWriteCases } from './outbox-write-cases.ts';

// Registration's outbox writes on PostgreSQL (the same cases run on PGlite in pglite-delivery.test.ts).
describe('registration writes on postgres', () => {
  let app: TestApp;
  beforeAll(async () => { app = await startTestApp('postgres', { wires: [], background: false, listen: false }); });
  afterAll(async () => { await app?.stop(); });
  outboxWriteCases(() => app);
});
