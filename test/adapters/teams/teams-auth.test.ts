import { createSign, generateKeyPairSync } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../../support/test-app.ts';
import { createTestDatabase } from '../../support/test-database.ts';
import { runCli } from '../../support/run-cli.ts';
import { teamsWire } from '../../../src/cli/wire-teams.ts';
import { readEnv } from '../../../src/infra/config/env.ts';
import type { Logger } from '../../../src/infra/log/logger.ts';
import type { WiringContext } from '../../../src/cli/wiring.types.ts';
import { FakeBotConnector } from './support/fake-bot-connector.ts';
import { blockInternet, internetAttempts } from './support/no-internet.ts';
import { TEAMS_CONFIG, TENANT_A, postActivity, sample } from './support/teams-activities.ts';

blockInternet();

const APP_ID = 'cd59cf47-aca1-41e0-8441-387faee8331e';

/** A JWT signed with a key of our own, from an issuer the Bot Framework does not trust. */
function forgedToken(serviceUrl: string): string {
  const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const part = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
  const now = Math.floor(Date.now() / 1000);
  const unsigned = `${part({ alg: 'RS256', typ: 'JWT', kid: 'forged' })}.${part({
    iss: 'https://sts.example.org/', aud: APP_ID, serviceurl: serviceUrl, nbf: now - 60, exp: now + 3600,
  })}`;
  const signature = createSign('RSA-SHA256').update(unsigned).sign(privateKey).toString('base64url');
  return `${unsigned}.${signature}`;
}

describe('Teams authentication (MICROSOFT_APP_ID set)', () => {
  let app: TestApp;
  let connector: FakeBotConnector;

  beforeAll(async () => {
    connector = await new FakeBotConnector().start();
    app = await startTestApp('postgres', {
      env: { SAMBAND_CONFIG: TEAMS_CONFIG, MICROSOFT_APP_ID: APP_ID, MICROSOFT_APP_PASSWORD: 'not-a-real-secret', TEAMS_ALLOWED_TENANTS: TENANT_A },
      wires: [teamsWire()],
    });
  }, 180_000); // A fresh database and the whole app: slow to start on a busy machine.

  afterAll(async () => {
    await app?.stop();
    await connector?.stop();
  });

  it('answers 401 to a request without a valid Bot Framework token and writes nothing', async () => {
    const counts = async () => ({
      incidents: await app.db.prisma.incident.count(),
      audits: await app.db.prisma.auditEvent.count(),
      conversations: await app.db.prisma.teamsConversation.count(),
      notifications: await app.db.prisma.notification.count(),
    });
    const before = await counts();
    const activity = sample('message.personal.botbuilder-js-recording', connector.url);
    activity.text = 'incident Rinkeby 1 bil i brand';
    for (const authorization of [undefined, '', 'Bearer not-a-jwt', 'Basic dXNlcjpwYXNz', `Bearer ${forgedToken(connector.url)}`]) {
      const posted = await postActivity(app.url, activity, authorization === undefined ? {} : { authorization });
      expect(posted.status, `authorization ${authorization?.slice(0, 20)}`).toBe(401);
    }
    expect(await counts()).toEqual(before);
    expect(connector.calls).toEqual([]);
    // Refused before any key download: nothing tried to reach login.botframework.com.
    expect(internetAttempts).toEqual([]);
  });
});

describe('Teams wiring', () => {
  const records: Array<{ level: string; event: string; fields?: Record<string, unknown> }> = [];
  const logger: Logger = { log: (level, event, fields) => { records.push({ level, event, fields }); }, child: () => logger };
  const context = (env: Record<string, string>): WiringContext => ({
    env: readEnv({ SAMBAND_LOG_LEVEL: 'error', ...env }),
    logger,
    db: {} as never,
    service: {} as never,
    inbox: { accept: async () => 'stored', run: async () => undefined, handle: () => undefined },
    clock: { now: () => new Date() },
    directory: { current: async () => ({ settings: { defaultLocale: 'sv' } }) as never, invalidate: () => undefined },
    shifts: { snapshot: async () => ({ rosters: [], overrides: [], sessions: [] }) },
  });

  it('is off unless asked for or given an app id', async () => {
    expect(await teamsWire()(context({}))).toBeNull();
    expect(await teamsWire()(context({ SAMBAND_TEAMS: 'off', MICROSOFT_APP_ID: APP_ID, MICROSOFT_APP_PASSWORD: 'x' }))).toBeNull();
  });

  it('without an app id runs unauthenticated and says so loudly at start', async () => {
    const wiring = await teamsWire()(context({ SAMBAND_TEAMS: 'on' }));
    expect(wiring?.mounts.map((m) => m.path)).toEqual(['/api/messages']);
    await wiring!.start!();
    expect(records).toContainEqual(expect.objectContaining({ level: 'error', event: 'teams.auth_disabled' }));
  });

  it('refuses to start without an app id when NODE_ENV=production', async () => {
    await expect(teamsWire()(context({ SAMBAND_TEAMS: 'on', NODE_ENV: 'production' }))).rejects.toThrow(/refusing to start.*MICROSOFT_APP_ID/);
  });

  it('refuses settings that cannot work, naming the variables', async () => {
    await expect(teamsWire()(context({ MICROSOFT_APP_ID: APP_ID }))).rejects.toThrow(/MICROSOFT_APP_PASSWORD/);
    await expect(teamsWire()(context({ MICROSOFT_APP_PASSWORD: 'secret' }))).rejects.toThrow(/MICROSOFT_APP_ID is missing/);
    await expect(teamsWire()(context({ MICROSOFT_APP_ID: APP_ID, MICROSOFT_APP_PASSWORD: 'x', MICROSOFT_APP_TYPE: 'SingleTenant' })))
      .rejects.toThrow(/MICROSOFT_APP_TENANT_ID/);
    await expect(teamsWire()(context({ MICROSOFT_APP_ID: APP_ID, MICROSOFT_APP_TYPE: 'UserAssignedMSI', MICROSOFT_APP_TENANT_ID: TENANT_A, MICROSOFT_APP_PASSWORD: 'x' })))
      .rejects.toThrow(/takes no MICROSOFT_APP_PASSWORD/);
    await expect(teamsWire()(context({ SAMBAND_TEAMS: 'on', TEAMS_ALLOWED_TENANTS: 'contoso.onmicrosoft.com' }))).rejects.toThrow(/TEAMS_ALLOWED_TENANTS/);
    expect(await teamsWire()(context({ MICROSOFT_APP_ID: APP_ID, MICROSOFT_APP_TYPE: 'UserAssignedMSI', MICROSOFT_APP_TENANT_ID: TENANT_A }))).not.toBeNull();
    // A tenant id without a type means a single-tenant bot (the only kind Azure creates with a secret since 2025).
    expect(await teamsWire()(context({ MICROSOFT_APP_ID: APP_ID, MICROSOFT_APP_PASSWORD: 'x', MICROSOFT_APP_TENANT_ID: TENANT_A }))).not.toBeNull();
  });

  it('`samband start` exits with the reason when NODE_ENV=production and Teams has no app id', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'samband-teams-'));
    // On a copy of the migrated template (PostgreSQL): the refusal comes after the database is opened.
    const db = await createTestDatabase('postgres');
    try {
      const result = await runCli(['start'], {
        NODE_ENV: 'production', SAMBAND_TEAMS: 'on', SAMBAND_DATA_DIR: dir, DATABASE_URL: db.url, PORT: '0', HOST: '127.0.0.1', SAMBAND_WEB_CONSOLE: 'off',
      });
      expect(result.code).toBe(1);
      expect(result.stderr).toMatch(/^samband: Teams: refusing to start with NODE_ENV=production and no MICROSOFT_APP_ID/);
    } finally {
      await db.destroy();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
