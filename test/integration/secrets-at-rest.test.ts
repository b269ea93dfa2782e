import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, DATABASE_KINDS, type TestDatabase } from '../support/test-database.ts';
import { capturedOutput } from '../support/cli-output.ts';
import { PrismaSlackInstallationStore } from '../../src/infra/slack/prisma-slack-installation-store.ts';
import { secretBox } from '../../src/infra/secrets/secret-box.ts';
import { readEnv } from '../../src/infra/config/env.ts';
import { runSecretsRotate } from '../../src/cli/commands/secrets.command.ts';
import { composeApp } from '../../src/cli/compose-app.ts';
import { wireSlack } from '../../src/cli/wire-slack.ts';
import { silentLogger } from '../../src/infra/log/logger.ts';

// Slack bot tokens of OAuth installations are stored encrypted (AES-256-GCM, key from the environment): the database
// alone does not give them away, `secrets rotate` re-seals them under a new key, and a production server with OAuth
// and no key does not start.

const key = () => randomBytes(32).toString('base64');
const installation = (team: string, token: string) => ({
  team: { id: team, name: `Team ${team}` }, enterprise: undefined, user: { id: 'U0INSTALLER' },
  bot: { token, userId: 'U0BOT', id: 'B0BOT', scopes: ['commands', 'chat:write'] }, tokenType: 'bot', isEnterpriseInstall: false,
});

describe.each(DATABASE_KINDS)('secrets at rest (%s)', (kind) => {
  let db: TestDatabase;
  const first = key();
  const second = key();
  const at = new Date('2026-11-29T10:00:00Z');
  const storedText = async () => (await db.sql.query<{ id: string; text: string }>('SELECT id, installation::text AS text FROM slack_installation ORDER BY id'));

  beforeAll(async () => { db = await createTestDatabase(kind); });
  afterAll(async () => { await db?.destroy(); });

  it('stores the installation sealed: no token, no team name in the row; the store with the key reads it back', async () => {
    const store = new PrismaSlackInstallationStore(db, secretBox(first));
    await store.save({ id: 'team:T0POLICE', teamId: 'T0POLICE', enterpriseId: null, installation: installation('T0POLICE', 'xoxb-police-secret') }, at);
    const [row] = await storedText();
    expect(row.text).not.toContain('xoxb');
    expect(row.text).not.toContain('Team T0POLICE');
    expect(row.text).toMatch(/^\{"sealed": "sb1:[0-9a-f]{12}:/);
    expect((await store.find('team:T0POLICE'))?.installation).toMatchObject({ bot: { token: 'xoxb-police-secret' } });

    // Without the key, or with another, the row does not open, and says why.
    await expect(new PrismaSlackInstallationStore(db).find('team:T0POLICE')).rejects.toThrow('is encrypted and SAMBAND_SECRET_KEY is not set');
    await expect(new PrismaSlackInstallationStore(db, secretBox(second)).find('team:T0POLICE')).rejects.toThrow(/neither SAMBAND_SECRET_KEY nor in SAMBAND_SECRET_KEY_PREVIOUS/);
  });

  it('a sealed value copied onto another row does not open there', async () => {
    const store = new PrismaSlackInstallationStore(db, secretBox(first));
    await store.save({ id: 'team:T0OTHER', teamId: 'T0OTHER', enterpriseId: null, installation: installation('T0OTHER', 'xoxb-other') }, at);
    await db.sql.exec(`UPDATE slack_installation SET installation = (SELECT installation FROM slack_installation WHERE id = 'team:T0POLICE') WHERE id = 'team:T0OTHER'`);
    await expect(store.find('team:T0OTHER')).rejects.toThrow('does not open: altered, or sealed for another row');
    await store.remove('team:T0OTHER', at, 'test');
  });

  it('rotation re-seals every row (and a row written in clear) under the new key, audited; the old key is then not needed', async () => {
    // A row from before encryption: written without a key.
    await new PrismaSlackInstallationStore(db).save({ id: 'team:T0LEGACY', teamId: 'T0LEGACY', enterpriseId: null, installation: installation('T0LEGACY', 'xoxb-legacy') }, at);
    expect((await storedText()).find((r) => r.id === 'team:T0LEGACY')!.text).toContain('xoxb-legacy');
    const before = await storedText();

    const output = capturedOutput();
    const env = readEnv({ SAMBAND_SECRET_KEY: second, SAMBAND_SECRET_KEY_PREVIOUS: first });
    expect(await runSecretsRotate(db, env, output, at)).toBe(0);
    const newBox = secretBox(second);
    expect(output.out()).toBe(`secrets re-encrypted with key ${newBox.currentKeyId}: 2 re-sealed, 0 already current\n`);

    const after = await storedText();
    expect(after.every((r) => r.text.includes(`"sb1:${newBox.currentKeyId}:`))).toBe(true);
    expect(after.map((r) => r.text).join()).not.toContain('xoxb');
    expect(after.find((r) => r.id === 'team:T0POLICE')!.text).not.toBe(before.find((r) => r.id === 'team:T0POLICE')!.text);
    const onlyNew = new PrismaSlackInstallationStore(db, newBox);
    expect((await onlyNew.find('team:T0POLICE'))?.installation).toMatchObject({ bot: { token: 'xoxb-police-secret' } });
    expect((await onlyNew.find('team:T0LEGACY'))?.installation).toMatchObject({ bot: { token: 'xoxb-legacy' } });
    await expect(new PrismaSlackInstallationStore(db, secretBox(first)).find('team:T0POLICE')).rejects.toThrow(/neither/);

    const events = await db.prisma.auditEvent.findMany({ where: { action: 'secrets.rotated' } });
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ subjectId: newBox.currentKeyId, after: { table: 'slack_installation', resealed: 2 } });
    expect(JSON.stringify([events[0].before, events[0].after])).not.toContain('xoxb');

    // Again: nothing left to do, no second event.
    const again = capturedOutput();
    expect(await runSecretsRotate(db, env, again, at)).toBe(0);
    expect(again.out()).toContain(': 0 re-sealed, 2 already current');
    expect(await db.prisma.auditEvent.count({ where: { action: 'secrets.rotated' } })).toBe(1);

    // Without a key the command refuses and changes nothing.
    const refused = capturedOutput();
    expect(await runSecretsRotate(db, readEnv({}), refused, at)).toBe(1);
    expect(refused.err()).toContain('SAMBAND_SECRET_KEY is not set');
  });
});

describe('a production server with Slack OAuth and no secret key', () => {
  it('refuses to start, naming the variable; with the key it starts', async () => {
    const db = await createTestDatabase('postgres');
    const env = {
      NODE_ENV: 'production', PORT: '0', SAMBAND_LOG_LEVEL: 'error', SLACK_SIGNING_SECRET: 'secret', SLACK_CLIENT_ID: '1.2',
      SLACK_CLIENT_SECRET: 'client-secret', SLACK_STATE_SECRET: 'state-secret', SAMBAND_DATA_DIR: '/tmp/samband-secrets-test',
    };
    try {
      await expect(composeApp({ env: readEnv(env), db, logger: silentLogger, wires: [wireSlack], background: false }))
        .rejects.toThrow(/^SAMBAND_SECRET_KEY is not set: in production, Slack OAuth installations \(bot tokens\) are stored only encrypted/);
      const app = await composeApp({ env: readEnv({ ...env, SAMBAND_SECRET_KEY: key() }), db, logger: silentLogger, wires: [wireSlack], background: false });
      expect(app.adapters.map((a) => a.name)).toEqual(['slack']);
      await app.close();
    } finally {
      await db.destroy();
    }
  });
});
