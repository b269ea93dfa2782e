import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readEnv } from '../../../src/infra/config/env.ts';
import { teamsRegistrations } from '../../../src/cli/teams-registrations.ts';
import { allowedTenants } from '../../../src/cli/wire-teams.ts';
import { BotRegistrations } from '../../../adapters/teams/bot-registrations.ts';
import { startTestApp, type TestApp } from '../../support/test-app.ts';
import { teamsWire } from '../../../src/cli/wire-teams.ts';
import type { CredentialsFactory, TeamsAuthSettings } from '../../../adapters/teams/index.ts';
import { FakeBotConnector, cardOf, cardText } from './support/fake-bot-connector.ts';
import { FakeBotFrameworkKeys } from './support/fake-bot-framework-keys.ts';
import { blockInternet, internetAttempts } from './support/no-internet.ts';
import {
  POLICE_CHANNEL, RIDO_AAD, RIDO_CHAT, TEAMS_CONFIG, TENANT_A, TENANT_B, TIEN_CHAT, botAddedPersonal, postActivity, sample,
} from './support/teams-activities.ts';

/**
 * Two agencies, two Microsoft 365 tenants, two single-tenant bot registrations (TEAMS_BOTS). Inbound tokens are real
 * JWTs checked by botbuilder against a local key set; outbound calls carry a token from the registration that serves
 * the conversation's tenant (Entra ID is out of reach, so its token source is a stand-in that names the app id).
 */
blockInternet();

const APP_A = 'aaaaaaaa-1111-4aaa-8aaa-aaaaaaaaaaaa';
const APP_B = 'bbbbbbbb-2222-4bbb-8bbb-bbbbbbbbbbbb';
const BOT_B = `28:${APP_B}`;
let app: TestApp;
let connector: FakeBotConnector;
let keys: FakeBotFrameworkKeys;

/** Outbound tokens as Entra ID would issue them to each registration: the test can see whose credentials signed a call. */
const tokens = (settings: TeamsAuthSettings): CredentialsFactory => ({
  isValidAppId: async (appId: string) => appId === settings.appId,
  isAuthenticationDisabled: async () => false,
  createCredentials: async (appId: string) => ({
    signRequest: async (request: { headers: { set(name: string, value: string): void } }) => {
      request.headers.set('authorization', `Bearer issued-to:${appId}`);
      return request;
    },
  }),
}) as unknown as CredentialsFactory;

beforeAll(async () => {
  connector = await new FakeBotConnector().start();
  keys = await new FakeBotFrameworkKeys().start();
  app = await startTestApp('postgres', {
    env: {
      SAMBAND_CONFIG: TEAMS_CONFIG,
      TEAMS_BOTS: JSON.stringify([
        { tenantId: TENANT_A, appId: APP_A, password: 'secret-of-a' },
        { tenantId: TENANT_B, appId: APP_B, password: 'secret-of-b' },
      ]),
    },
    wires: [teamsWire({ endpoints: { openIdMetadataUrl: keys.openIdMetadataUrl, tokenIssuer: keys.issuer, credentials: tokens } })],
  });
}, 180_000);

afterAll(async () => {
  await app?.stop();
  await connector?.stop();
  await keys?.stop();
});

describe('Teams with a bot registration per tenant', () => {
  it('answers a message from tenant B with B\'s credentials', async () => {
    const added = botAddedPersonal(connector.url, { tenant: TENANT_B, aad: RIDO_AAD, conversation: RIDO_CHAT, botId: BOT_B });
    expect((await postActivity(app.url, added, { authorization: keys.authorization(APP_B, connector.url) })).status).toBe(200);
    const help = botAddedPersonal(connector.url, { tenant: TENANT_B, aad: RIDO_AAD, conversation: RIDO_CHAT, botId: BOT_B });
    Object.assign(help, { type: 'message', id: 'rido-help-1', text: 'help', membersAdded: undefined, locale: 'sv-SE' });
    expect((await postActivity(app.url, help, { authorization: keys.authorization(APP_B, connector.url) })).status).toBe(200);
    const [reply] = connector.accepted('reply', RIDO_CHAT).filter((c) => c.activityId === 'rido-help-1');
    expect(cardText(cardOf(reply!))).toContain('Samband');
    expect(reply!.authorization).toBe(`Bearer issued-to:${APP_B}`);
  });

  it('refuses a token signed for tenant A\'s bot on a tenant B conversation, and changes nothing', async () => {
    const before = { calls: connector.calls.length, audits: await app.db.prisma.auditEvent.count(), incidents: await app.db.prisma.incident.count() };
    const forged = botAddedPersonal(connector.url, { tenant: TENANT_B, aad: RIDO_AAD, conversation: RIDO_CHAT, botId: BOT_B });
    Object.assign(forged, { type: 'message', id: 'rido-cross-1', text: 'incident Rinkeby 1 bil i brand', membersAdded: undefined });
    const posted = await postActivity(app.url, forged, { authorization: keys.authorization(APP_A, connector.url) });
    expect(posted.status).toBe(401);
    // The same token is good on tenant A's conversations: it is refused for being A's, not for being broken.
    const tien = sample('message.personal.botbuilder-js-recording', connector.url);
    tien.id = 'tien-help-1';
    tien.text = 'help';
    expect((await postActivity(app.url, tien, { authorization: keys.authorization(APP_A, connector.url) })).status).toBe(200);
    expect(connector.calls.slice(before.calls).every((c) => c.conversationId.startsWith(TIEN_CHAT))).toBe(true);
    expect(await app.db.prisma.incident.count()).toBe(before.incidents);
  });

  it('a tenant without a registration is refused', async () => {
    const stranger = botAddedPersonal(connector.url, { tenant: '50612dbb-0237-4969-b378-8d42590f9c00', aad: RIDO_AAD, conversation: 'a:stranger', botId: BOT_B });
    expect((await postActivity(app.url, stranger, { authorization: keys.authorization(APP_B, connector.url) })).status).toBe(403);
  });

  it('sends each notification with the registration of its conversation\'s tenant', async () => {
    const channel = sample('conversationUpdate.teamMemberAdded-user.botbuilder-js-recording', connector.url);
    expect((await postActivity(app.url, channel, { authorization: keys.authorization(APP_A, connector.url) })).status).toBe(200);
    const report = sample('message.personal.botbuilder-js-recording', connector.url);
    report.id = 'tien-report-1';
    report.text = 'incident Rinkeby 2 stenkastning mot buss';
    expect((await postActivity(app.url, report, { authorization: keys.authorization(APP_A, connector.url) })).status).toBe(200);
    const police = await connector.waitFor(() => connector.accepted('send', POLICE_CHANNEL)[0], 20_000);
    const rido = await connector.waitFor(() => connector.accepted('send', RIDO_CHAT)[0], 20_000);
    expect(police.authorization).toBe(`Bearer issued-to:${APP_A}`);
    expect(rido.authorization).toBe(`Bearer issued-to:${APP_B}`);
    // Keys came from the local stand-in; nothing reached for the Internet.
    expect(internetAttempts).toEqual([]);
  });
});

describe('TEAMS_BOTS', () => {
  const env = (value: string, extra: Record<string, string> = {}) => readEnv({ TEAMS_BOTS: value, ...extra });
  const entry = (tenantId: string, more: Record<string, string> = { password: 'p' }) => ({ tenantId, appId: APP_A, ...more });

  it('names what is wrong, and never a secret', () => {
    const problem = (value: string, extra?: Record<string, string>) => {
      try {
        teamsRegistrations(env(value, extra));
        return 'accepted';
      } catch (error) {
        return (error as Error).message;
      }
    };
    expect(problem('not json')).toMatch(/TEAMS_BOTS: not JSON/);
    expect(problem(JSON.stringify([entry(TENANT_A), entry(TENANT_A.toUpperCase())]))).toMatch(/TEAMS_BOTS\.1\.tenantId: tenant .* has two registrations/);
    expect(problem(JSON.stringify([entry(TENANT_A, {})]))).toMatch(/either password or certificatePath/);
    expect(problem(JSON.stringify([entry('tenant-a')]))).toMatch(/0\.tenantId: must be a GUID/);
    expect(problem(JSON.stringify([entry(TENANT_A, { certificatePath: '/nonexistent/bot.pem' })]))).toMatch(/certificatePath: cannot read \/nonexistent\/bot\.pem \(ENOENT\)/);
    const both = problem(JSON.stringify([entry(TENANT_A, { password: 'do-not-print-me' })]), { MICROSOFT_APP_ID: APP_B });
    expect(both).toMatch(/TEAMS_BOTS replaces MICROSOFT_APP_ID/);
    expect(both).not.toContain('do-not-print-me');
  });

  it('reads a certificate registration (its thumbprint from the PEM) and serves only the listed tenants', () => {
    const folder = mkdtempSync(join(tmpdir(), 'samband-cert-'));
    try {
      const pem = join(folder, 'bot.pem');
      const made = spawnSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', pem, '-out', join(folder, 'cert.pem'), '-days', '1', '-subj', '/CN=samband-test'], { encoding: 'utf8' });
      expect(made.status, made.stderr).toBe(0);
      writeFileSync(pem, readFileSync(pem, 'utf8') + readFileSync(join(folder, 'cert.pem'), 'utf8'));
      const value = JSON.stringify([entry(TENANT_A), { tenantId: TENANT_B, appId: APP_B, certificatePath: pem }]);
      const registrations = teamsRegistrations(env(value))!;
      expect(registrations[1]).toMatchObject({ appId: APP_B, appTenantId: TENANT_B, appType: 'SingleTenant' });
      expect(registrations[1]!.certificatePem).toContain('BEGIN CERTIFICATE');
      expect(() => new BotRegistrations(registrations)).not.toThrow();
      expect(allowedTenants(env(value))).toEqual([TENANT_A, TENANT_B]);
    } finally {
      rmSync(folder, { recursive: true, force: true });
    }
  });
});
