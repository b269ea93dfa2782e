import { createSign, generateKeyPairSync, type KeyObject } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { startTestApp, type TestApp } from '../support/test-app.ts';
import { wireSlack } from '../../src/cli/wire-slack.ts';
import { teamsWire } from '../../src/cli/wire-teams.ts';
import { wireWeb } from '../../src/cli/wire-web.ts';
import { readEnv } from '../../src/infra/config/env.ts';
import type { AdapterWire } from '../../src/cli/wiring.types.ts';
import type { Logger } from '../../src/infra/log/logger.ts';
import { errorText } from '../../src/core/messages/i18n.ts';
import { FakeSlack, type SlackCall } from '../adapters/slack/support/fake-slack.ts';
import { formBody, freshTrigger, sample as slackSample, slackSignature } from '../adapters/slack/support/slack-requests.ts';
import { FakeBotConnector, cardOf, cardText } from '../adapters/teams/support/fake-bot-connector.ts';
import { blockInternet } from '../adapters/teams/support/no-internet.ts';
import { TENANT_A, sample as teamsSample } from '../adapters/teams/support/teams-activities.ts';
import { fuzzCorpus, type FuzzBody } from './support/fuzz-corpus.ts';
import { rawRequest, type RawAnswer } from './support/raw-http.ts';
import { ConsoleSessions } from '../../adapters/web/sign-in/console-sessions.ts';
import { PrismaWebSessionStore } from '../../src/infra/web/prisma-web-session-store.ts';

// Nothing may reach the Internet: the Bot Framework's OpenID metadata is then unreachable, which is one of the cases.
blockInternet();

const CONFIG = fileURLToPath(new URL('../fixtures/teams/cross-platform.yaml', import.meta.url));
const SLACK_SECRET = 'fuzz-signing-secret';
/** A signed-in console session (cookie and CSRF token), made in beforeAll for the person the posts act as. */
const web: Record<string, string> = {};
/** The same session without its CSRF token: refused before anything runs (used for /logout, which would end it). */
const webNoCsrf: Record<string, string> = {};
const WEB_ISSUERS = JSON.stringify([{ id: 'fuzz-idp', label: 'Fuzz', issuer: 'http://127.0.0.1:9/', clientId: 'samband', claim: 'sub' }]);
const APP_ID = 'cd59cf47-aca1-41e0-8441-387faee8331e';
const DAVE_AAD = '6b703ce3-6d14-4fe6-b90c-dc5f03657ae4';
/** The Teams endpoint of a second, unauthenticated Teams adapter on the same app (auth off, as for local use). */
const TEAMS_OPEN = '/teams-open/api/messages';

const logged: Array<{ level: string; event: string; fields?: Record<string, unknown> }> = [];
const logger: Logger = { log: (level, event, fields) => { logged.push({ level, event, fields }); }, child: () => logger };

let app: TestApp;
let slack: FakeSlack;
let connector: FakeBotConnector;

/** A Teams adapter without an app id, mounted beside the authenticated one (it delivers nothing: no platform). */
const openTeamsWire: AdapterWire = async (context) => {
  const env = readEnv({ SAMBAND_LOG_LEVEL: 'error', SAMBAND_TEAMS: 'on', TEAMS_ALLOWED_TENANTS: TENANT_A });
  const wiring = await teamsWire()({ ...context, env });
  return wiring && { name: 'teams-open', mounts: wiring.mounts.map((m) => ({ path: TEAMS_OPEN, handler: m.handler })), start: wiring.start };
};

const counts = async () => ({
  incidents: await app.db.prisma.incident.count(),
  notifications: await app.db.prisma.notification.count(),
  audit: await app.db.prisma.auditEvent.count(),
});

const now = () => Math.floor(Date.now() / 1000);

/** Slack's headers for a body, signed with the right secret at `timestamp`. */
function signed(body: Buffer | string, timestamp = now(), contentType = 'application/x-www-form-urlencoded'): Record<string, string> {
  return {
    'content-type': contentType,
    'x-slack-request-timestamp': String(timestamp),
    'x-slack-signature': slackSignature(SLACK_SECRET, timestamp, Buffer.isBuffer(body) ? body.toString() : body),
  };
}

function slashCommand(text: string): Record<string, string | undefined> {
  const body = slackSample<Record<string, string | undefined>>('slash_command.bolt-python.json');
  return {
    ...body, team_id: 'T0HOME', enterprise_id: undefined, enterprise_name: undefined, user_id: 'U0ANNA', command: '/incident',
    text, trigger_id: freshTrigger(), response_url: slack.responseUrl(`fuzz-${freshTrigger()}`),
  };
}

const slackText = (call: SlackCall) => JSON.stringify(call.params.blocks ?? []) + String(call.params.text ?? '');

/** Our own signing key, made once: an RSA key pair costs about 0.4 s of CPU to generate. */
let ownKey: KeyObject | undefined;

/** A JWT signed with a key of our own. `iss` decides whether the SDK looks up the Bot Framework's keys. */
function jwt(iss: string): string {
  const privateKey = (ownKey ??= generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey);
  const part = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
  const t = now();
  const unsigned = `${part({ alg: 'RS256', typ: 'JWT', kid: 'fuzz' })}.${part({ iss, aud: APP_ID, serviceurl: connector.url, nbf: t - 60, exp: t + 3600 })}`;
  return `${unsigned}.${createSign('RSA-SHA256').update(unsigned).sign(privateKey).toString('base64url')}`;
}

function teamsMessage(text: string) {
  const activity = teamsSample('message.personal.botbuilder-js-recording', connector.url);
  activity.id = `fuzz-${freshTrigger()}`;
  activity.text = text;
  activity.from = { id: '29:dave', name: 'Dave Taniguchi', aadObjectId: DAVE_AAD };
  activity.conversation = { id: `a:fuzz-${freshTrigger()}`, conversationType: 'personal', tenantId: TENANT_A };
  activity.channelData = { tenant: { id: TENANT_A } };
  activity.locale = 'en-US';
  return activity;
}

beforeAll(async () => {
  slack = await new FakeSlack().start();
  slack.tokens.set('xoxb-home', { team: 'T0HOME', botUser: 'U0BOT', botId: 'B0BOT' });
  slack.users.set('U0ANNA', { locale: 'en-US' });
  connector = await new FakeBotConnector().start();
  app = await startTestApp('postgres', {
    logger,
    env: {
      SAMBAND_CONFIG: CONFIG,
      SLACK_SIGNING_SECRET: SLACK_SECRET, SLACK_BOT_TOKEN: 'xoxb-home', SLACK_API_URL: slack.apiUrl,
      MICROSOFT_APP_ID: APP_ID, MICROSOFT_APP_PASSWORD: 'not-a-real-secret', TEAMS_ALLOWED_TENANTS: TENANT_A,
      SAMBAND_OIDC_ISSUERS: WEB_ISSUERS, SAMBAND_PUBLIC_URL: 'https://samband.example.org',
    },
    wires: [wireSlack, teamsWire(), wireWeb, openTeamsWire],
  });
  const sessions = new ConsoleSessions(new PrismaWebSessionStore(app.db), { now: () => new Date() }, { idleMinutes: 60, maxHours: 2, maxFailures: 5, failureWindowMinutes: 15 });
  const { token, session } = await sessions.start('anna.lind', 'fuzz-idp');
  Object.assign(webNoCsrf, { cookie: `samband_session=${token}` });
  Object.assign(web, { ...webNoCsrf, 'x-csrf-token': session.csrfToken });
}, 180_000); // A fresh database and the whole app: slow to start on a busy machine.

afterAll(async () => {
  await app?.stop();
  await slack?.stop();
  await connector?.stop();
});

describe('what people see for odd input (nothing is written)', () => {
  it('Slack: text over 40 000 characters gets a clear answer, not silence', async () => {
    const before = await counts();
    const command = slashCommand(`Rinkeby 2 ${'x'.repeat(40_010)}`);
    const body = formBody(command);
    const answer = await rawRequest(app.url, 'POST', '/slack/events', signed(body), Buffer.from(body));
    expect(answer.status).toBe(200);
    const reply = await slack.waitFor(() => slack.repliesTo(command.response_url)[0], 10_000, 'the answer to an over-long command');
    expect(slackText(reply)).toMatch(/too long/);
    expect(await counts()).toEqual(before);
  });

  it('Slack: a NUL byte in command text is refused in the sender\'s language', async () => {
    const before = await counts();
    const command = slashCommand('Rinkeby 2 sten\u0000kastning');
    const body = formBody(command);
    expect((await rawRequest(app.url, 'POST', '/slack/events', signed(body), Buffer.from(body))).status).toBe(200);
    const reply = await slack.waitFor(() => slack.repliesTo(command.response_url)[0], 10_000, 'the answer to a NUL byte');
    expect(slackText(reply)).toContain(errorText('control_characters', 'en'));
    expect(await counts()).toEqual(before);
  });

  it('Slack: a correctly signed body that is null (JSON or form) gets 400 and changes nothing', async () => {
    for (const [body, type] of [['null', 'application/json'], ['payload=null', 'application/x-www-form-urlencoded'], ['[1]', 'application/json'], ['payload=7', 'application/x-www-form-urlencoded']]) {
      const answer = await rawRequest(app.url, 'POST', '/slack/events', signed(body, now(), type), Buffer.from(body));
      expect(answer.status, `${type} ${body}`).toBe(400);
    }
    expect((await rawRequest(app.url, 'GET', '/healthz')).status).toBe(200);
  });

  it('Slack: a timestamp more than 5 minutes away in either direction gets 401, even correctly signed', async () => {
    const before = await counts();
    for (const offset of [10 * 60, 24 * 60 * 60, -6 * 60]) {
      const command = slashCommand('Rinkeby 2 stenkastning mot buss');
      const body = formBody(command);
      const answer = await rawRequest(app.url, 'POST', '/slack/events', signed(body, now() + offset), Buffer.from(body));
      expect(answer.status, `offset ${offset} s`).toBe(401);
    }
    // Within the window, in both directions, the same request is accepted.
    for (const offset of [4 * 60, -4 * 60]) {
      const body = formBody(slashCommand('help'));
      expect((await rawRequest(app.url, 'POST', '/slack/events', signed(body, now() + offset), Buffer.from(body))).status).toBe(200);
    }
    expect(await counts()).toEqual(before);
  });

  it('Teams: an activity {} gets 400, a bogus token 401, unreachable key metadata 503 with one JSON log line', async () => {
    // botbuilder prints raw errors with console.error/warn; none of these answers may go through that path.
    const printed = [vi.spyOn(console, 'error'), vi.spyOn(console, 'warn')];
    const json = { 'content-type': 'application/json' };
    expect((await rawRequest(app.url, 'POST', TEAMS_OPEN, json, Buffer.from('{}'))).status).toBe(400);
    expect((await rawRequest(app.url, 'POST', TEAMS_OPEN, json, Buffer.from('{"type":"message"}'))).status).toBe(400);
    const activity = Buffer.from(JSON.stringify(teamsMessage('help')));
    for (const token of ['a.b.c', 'eyJhbGciOiJub25lIn0.eyJpc3MiOjF9.', jwt('https://sts.example.org/')]) {
      const answer = await rawRequest(app.url, 'POST', '/api/messages', { ...json, authorization: `Bearer ${token}` }, activity);
      expect(answer.status, token.slice(0, 30)).toBe(401);
      expect(answer.text).not.toMatch(/Error|stack|at /);
    }
    const lines = logged.length;
    const unreachable = await rawRequest(app.url, 'POST', '/api/messages', { ...json, authorization: `Bearer ${jwt('https://api.botframework.com')}` }, activity);
    expect(unreachable.status).toBe(503);
    expect(unreachable.text).not.toMatch(/ENOTFOUND|blocked|login\.botframework/);
    expect(logged.slice(lines).filter((l) => l.event === 'teams.auth_unavailable')).toHaveLength(1);
    expect(printed.flatMap((spy) => spy.mock.calls)).toEqual([]);
    printed.forEach((spy) => spy.mockRestore());
  });

  it('Teams: a NUL byte in a message is refused in the sender\'s language', async () => {
    const before = await counts();
    const activity = teamsMessage('incident Rinkeby 2 sten\u0000kastning');
    const answer = await rawRequest(app.url, 'POST', TEAMS_OPEN, { 'content-type': 'application/json' }, Buffer.from(JSON.stringify(activity)));
    expect(answer.status).toBe(200);
    const reply = await connector.waitFor(() => connector.accepted('reply', activity.conversation.id)[0]);
    expect(cardText(cardOf(reply)) + JSON.stringify(reply.body)).toContain(errorText('control_characters', 'en'));
    expect(await counts()).toEqual(before);
  });

  it('web console: control characters in text, form fields and button payloads get the message, never a 500', async () => {
    const before = await counts();
    const headers = { ...web, accept: 'application/json', 'content-type': 'application/x-www-form-urlencoded' };
    const post = (path: string, fields: Record<string, string>) => rawRequest(app.url, 'POST', path, headers, Buffer.from(new URLSearchParams(fields).toString()));
    const cases: Array<[string, Record<string, string>]> = [
      ['/command', { as: 'anna.lind', lang: 'en', text: 'incident Rinkeby 2 sten\u0000kastning' }],
      ['/command', { as: 'anna.lind', lang: 'en', text: 'note 1 bell\u0007' }],
      ['/form', { as: 'anna.lind', lang: 'en', area: 'rinkeby', category: 'other', severity: '2', description: 'a\u0000b' }],
      ['/form', { as: 'anna.lind', lang: 'en', area: 'rink\u0000eby', category: 'other', severity: '2', description: 'ab' }],
      ['/action', { as: 'anna.lind', lang: 'en', payload: JSON.stringify({ action: 'decline', incidentRef: '1' }), reason: 'x\u0000y' }],
      ['/action', { as: 'anna.lind', lang: 'en', payload: JSON.stringify({ action: 'ack', incidentRef: '1', agencyId: 'polisen\u0000' }) }],
    ];
    for (const [path, fields] of cases) {
      const answer = await post(path, fields);
      expect(answer.status, `${path} ${JSON.stringify(fields)}`).toBe(422);
      expect(answer.text).toContain(JSON.stringify(errorText('control_characters', 'en')).slice(1, -1));
    }
    // Fields the console reads itself with a NUL: `as` (signed in, the session's person acts, whatever it says), a
    // channel that is not there (ignored).
    expect((await post('/command', { as: 'anna\u0000', text: 'help' })).status).toBe(200);
    expect((await post('/command', { as: 'anna.lind', text: 'help', channel: 'c\u0000' })).status).toBe(200);
    const page = await rawRequest(app.url, 'GET', '/?as=anna.lind&channel=%00&incident=%00', web);
    expect(page.status).toBeLessThan(500);
    expect(await counts()).toEqual(before);
  });
});

describe('the fuzz corpus against every endpoint', () => {
  const corpus = fuzzCorpus();
  const targets: Array<{ name: string; method: string; path: string; headers: (body: FuzzBody) => Record<string, string> }> = [
    { name: 'slack signed', method: 'POST', path: '/slack/events', headers: (b) => signed(b.body, now(), b.contentType) },
    { name: 'slack signed, 10 min ahead', method: 'POST', path: '/slack/events', headers: (b) => signed(b.body, now() + 600, b.contentType) },
    { name: 'slack signed, 1 day ahead', method: 'POST', path: '/slack/events', headers: (b) => signed(b.body, now() + 86_400, b.contentType) },
    { name: 'slack signed, 6 min ago', method: 'POST', path: '/slack/events', headers: (b) => signed(b.body, now() - 360, b.contentType) },
    { name: 'slack unsigned', method: 'POST', path: '/slack/events', headers: () => ({}) },
    { name: 'slack wrong signature', method: 'POST', path: '/slack/events', headers: () => ({ 'x-slack-request-timestamp': String(now()), 'x-slack-signature': 'v0=00' }) },
    { name: 'slack odd timestamp', method: 'POST', path: '/slack/events', headers: () => ({ 'x-slack-request-timestamp': '1e400', 'x-slack-signature': 'v0' }) },
    { name: 'teams auth on, no token', method: 'POST', path: '/api/messages', headers: () => ({}) },
    { name: 'teams auth on, bogus JWT', method: 'POST', path: '/api/messages', headers: () => ({ authorization: 'Bearer a.b.c' }) },
    { name: 'teams auth on, forged JWT', method: 'POST', path: '/api/messages', headers: () => ({ authorization: `Bearer ${forged}` }) },
    { name: 'teams auth on, trusted issuer', method: 'POST', path: '/api/messages', headers: () => ({ authorization: `Bearer ${trusted}` }) },
    { name: 'teams auth off', method: 'POST', path: TEAMS_OPEN, headers: () => ({}) },
    ...['/command', '/action', '/form', '/logout'].flatMap((path) => [
      { name: `web ${path} signed in`, method: 'POST', path, headers: () => (path === '/logout' ? webNoCsrf : web) },
      { name: `web ${path} anonymous`, method: 'POST', path, headers: () => ({}) },
    ]),
    { name: 'web /login', method: 'POST', path: '/login', headers: () => ({}) },
    { name: 'healthz', method: 'POST', path: '/healthz', headers: () => ({}) },
    { name: 'readyz', method: 'POST', path: '/readyz', headers: () => ({}) },
    { name: 'unknown path', method: 'POST', path: '/no/such/path?x=%00', headers: () => web },
    { name: 'odd method on slack', method: 'PUT', path: '/slack/events', headers: () => ({}) },
    { name: 'odd method on teams', method: 'DELETE', path: '/api/messages', headers: () => ({}) },
    { name: 'odd method on web', method: 'PATCH', path: '/command', headers: () => web },
  ];
  let forged = '';
  let trusted = '';

  it('never answers 5xx other than 503, stays up and writes no rows', async () => {
    forged = jwt('https://sts.example.org/');
    trusted = jwt('https://api.botframework.com');
    const before = await counts();
    const failures: string[] = [];
    const check = (what: string, answer: RawAnswer) => {
      if (answer.status === 0 || (answer.status >= 500 && answer.status !== 503)) failures.push(`${what}: ${answer.status} ${answer.error ?? answer.text.slice(0, 120)}`);
    };
    for (const target of targets) {
      // Requests to one endpoint go out together, as they would arrive; the wrong-secret login delay then overlaps.
      const answers = await Promise.all(corpus.map(async (body) => {
        const headers: Record<string, string> = { ...target.headers(body) };
        if (body.contentType && !headers['content-type']) headers['content-type'] = body.contentType;
        return [body.name, await rawRequest(app.url, target.method, target.path, headers, body.body)] as const;
      }));
      for (const [name, answer] of answers) check(`${target.name} <- ${name}`, answer);
    }
    for (const method of ['GET', 'HEAD', 'OPTIONS', 'DELETE', 'PROPFIND']) {
      for (const path of ['/', '/channel?as=%00', '/supervisor?as=admin&incident=%00', '/supervisor/panels?as=%ff', '/login?lang=%00', '/login/start?issuer=%00', '/auth/callback?state=%00&code=%00', '/accessibility?lang=%00', '/static/console.js', '/slack/events', '/api/messages', '/%00', '/..%2f..%2fetc/passwd']) {
        check(`${method} ${path}`, await rawRequest(app.url, method, path, web));
      }
    }
    expect(failures).toEqual([]);
    expect((await rawRequest(app.url, 'GET', '/healthz')).status).toBe(200);
    expect((await rawRequest(app.url, 'GET', '/readyz')).status).toBe(200);
    // Work acknowledged before (Slack's after-ack queue) finishes on close; only then are the counts final.
    await app.close();
    expect(await counts()).toEqual(before);
  }, 60_000);
});
