import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { composeApp, type App, type AppOptions } from '../../src/cli/compose-app.ts';
import { readEnv } from '../../src/infra/config/env.ts';
import { silentLogger } from '../../src/infra/log/logger.ts';
import { createTestDatabase, type DatabaseKind, type TestDatabase } from './test-database.ts';

export interface TestApp extends App {
  testDb: TestDatabase;
  url: string;
  stop(): Promise<void>;
}

/**
 * A whole Samband on a fresh database, listening on a free local port. `env` adds variables (Slack secrets, fake
 * API URLs); nothing is read from the real environment except what is given.
 */
export async function startTestApp(
  kind: DatabaseKind, options: Partial<Omit<AppOptions, 'env' | 'db'>> & { env?: Record<string, string>; listen?: boolean } = {},
): Promise<TestApp> {
  const testDb = await createTestDatabase(kind);
  // The data folder holds the inbox's spool: one of its own per app, never the working copy's ./data.
  const dataDir = mkdtempSync(join(tmpdir(), 'samband-test-'));
  const env = readEnv({ PORT: '0', HOST: '127.0.0.1', SAMBAND_LOG_LEVEL: 'error', SAMBAND_DATA_DIR: dataDir, ...options.env });
  const app = await composeApp({ logger: silentLogger, ...options, env, db: testDb });
  const url = options.listen === false ? '' : await app.listen();
  return Object.assign(app, {
    testDb,
    url,
    async stop() {
      await app.close();
      await testDb.destroy();
      rmSync(dataDir, { recursive: true, force: true });
    },
  });
}
