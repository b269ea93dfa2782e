import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { composeApp, type App, type AppOptions } from '../../src/cli/compose-app.ts';
import { readEnv } from '../../src/infra/config/env.ts';
import { silentLogger } from '../../src/infra/log/logger.ts';
import { CITY_CONFIG } from './fixtures.ts';
import { createTestDatabase, type DatabaseKind, type TestDatabase } from './test-database.ts';
import { until } from './until.ts';

export interface TestApp extends App {
  testDb: TestDatabase;
  url: string;
  /**
   * Resolves once every adapter has finished the work of the requests it acknowledged: after it, a request that was
   * to change nothing has had every chance to, so a test asserts on "nothing happened" without sleeping.
   */
  settled(): Promise<void>;
  stop(): Promise<void>;
}

/**
 * A whole Samband on a fresh database, listening on a free local port, configured by the tests' own city file
 * (test/fixtures/config/city.yaml) unless `env` names another SAMBAND_CONFIG. `env` adds variables (Slack secrets,
 * fake API URLs); nothing is read from the real environment except what is given.
 */
export async function startTestApp(
  kind: DatabaseKind, options: Partial<Omit<AppOptions, 'env' | 'db'>> & { env?: Record<string, string>; listen?: boolean } = {},
): Promise<TestApp> {
  const testDb = await createTestDatabase(kind);
  // The data folder holds the inbox's spool: one of its own per app, never the working copy's ./data.
  const dataDir = mkdtempSync(join(tmpdir(), 'samband-test-'));
  // The fake Slack has no posting limit: a second between two posts to a channel is Slack's, and only
  // test/adapters/slack/channel-pacer.test.ts is about it (the chat tests spent about 18 s of the run waiting on it).
  const env = readEnv({
    PORT: '0', HOST: '127.0.0.1', SAMBAND_LOG_LEVEL: 'error', SAMBAND_DATA_DIR: dataDir, SAMBAND_CONFIG: CITY_CONFIG, SLACK_POST_INTERVAL_MS: '0',
    ...options.env,
  });
  const app = await composeApp({ logger: silentLogger, ...options, env, db: testDb });
  const url = options.listen === false ? '' : await app.listen();
  return Object.assign(app, {
    testDb,
    url,
    async settled() {
      for (const adapter of app.adapters) await adapter.drain?.();
    },
    async stop() {
      await app.close();
      await testDb.destroy();
      rmSync(dataDir, { recursive: true, force: true });
    },
  });
}

/**
 * Waits until the app's outbox has nothing left to send (its worker runs in the background). Each delivery writes an
 * audit entry, so a test that counts rows to show that nothing happened waits for this first.
 */
export async function outboxSettled(app: TestApp): Promise<void> {
  const busy = () => app.db.prisma.notification.count({ where: { status: { in: ['pending', 'sending'] } } });
  await until('the outbox to have nothing left to send', async () => {
    if ((await busy()) === 0) return true;
    app.worker.wake();
    return false;
  }, 60_000);
}
