import { resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../support/test-app.ts';
import { wireSlack } from '../../src/cli/wire-slack.ts';
import { wireWeb } from '../../src/cli/wire-web.ts';
import { FakeSlack } from '../adapters/slack/support/fake-slack.ts';
import { formBody, freshTrigger, interactiveBody, postToSlackEndpoint, sample } from '../adapters/slack/support/slack-requests.ts';
import { consoleClient } from '../adapters/web/web-test-client.ts';
import { allowInbox, refuseInbox } from '../support/refuse-inbox.ts';
import { until } from '../support/until.ts';
import { formatIncidentRef } from '../../src/core/commands/incident-ref.ts';
import { ConsoleSessions } from '../../adapters/web/sign-in/console-sessions.ts';
import { PrismaWebSessionStore } from '../../src/infra/web/prisma-web-session-store.ts';

const SECRET = 'inbox-signing-secret';
const WEB_ISSUERS = JSON.stringify([{ id: 'idp', label: 'IdP', issuer: 'http://127.0.0.1:9/', clientId: 'samband', claim: 'sub' }]);
/** Anna's signed-in console session: its cookie and CSRF token. */
const webSession: Record<string, string> = {};
const CONFIG = resolve(import.meta.dirname, '../fixtures/inbox/inbox-deployment.yaml');

/**
 * "Received" means stored, through the real Slack and web stacks: while the database refuses the inbox, requests are
 * acknowledged as received and kept in the local spool; /readyz says degraded; once the database takes rows again,
 * each kept request runs once and its sender gets the normal answer.
 */
describe('requests received while the database is away', () => {
  let fake: FakeSlack;
  let app: TestApp;
  let n = 0;

  const command = (text: string) => {
    n += 1;
    const body = sample<Record<string, string | undefined>>('slash_command.bolt-python.json');
    return {
      ...body, team_id: 'T0HOME', enterprise_id: undefined, enterprise_name: undefined, user_id: 'U0ANNA', command: '/incident',
      text, trigger_id: freshTrigger(), response_url: fake.responseUrl(`outage-${n}`),
    };
  };
  const post = (body: string) => postToSlackEndpoint(app.url, body, { secret: SECRET });
  const readyz = async () => {
    const response = await fetch(`${app.url}/readyz`);
    return { status: response.status, body: await response.json() as { status: string } };
  };
  const replyText = (call: { params: Record<string, any> }) => JSON.stringify(call.params.blocks ?? []) + String(call.params.text ?? '');

  beforeAll(async () => {
    fake = await new FakeSlack().start();
    fake.tokens.set('xoxb-home', { team: 'T0HOME', botUser: 'U0BOT', botId: 'B0BOT' });
    fake.users.set('U0ANNA', { locale: 'en-US' });
    app = await startTestApp('postgres', {
      env: { SLACK_SIGNING_SECRET: SECRET, SLACK_BOT_TOKEN: 'xoxb-home', SLACK_API_URL: fake.apiUrl, SAMBAND_CONFIG: CONFIG, SAMBAND_OIDC_ISSUERS: WEB_ISSUERS, SAMBAND_PUBLIC_URL: 'https://samband.example.org' },
      wires: [wireWeb, wireSlack],
    });
    const sessions = new ConsoleSessions(new PrismaWebSessionStore(app.db), { now: () => new Date() }, { idleMinutes: 60, maxHours: 2, maxFailures: 5, failureWindowMinutes: 15 });
    const { token, session } = await sessions.start('anna.lind', 'idp');
    Object.assign(webSession, { cookie: `samband_session=${token}`, 'x-csrf-token': session.csrfToken });
  }, 180_000);
  afterAll(async () => {
    await app?.stop();
    await fake?.stop();
  });

  it('acknowledges as received, keeps requests on disk, and registers each once when the database is back', async () => {
    expect((await readyz()).status).toBe(200);
    await refuseInbox(app.testDb);
    const slash = command('Rinkeby 2 stenkastning mot buss');
    const web = consoleClient(app.url);
    let ack: Awaited<ReturnType<typeof post>>;
    let webAnswer: Awaited<ReturnType<typeof web.post>>;
    try {
      ack = await post(formBody(slash));
      // Slack retries the same command: kept twice on disk, registered once.
      await post(formBody(slash));
      webAnswer = await web.post('/command', { as: 'anna.lind', lang: 'en', text: 'incident Tensta 3 brand i soprum' }, { headers: webSession });
      expect(await readyz()).toEqual({ status: 503, body: { status: 'degraded' } });
      expect(await app.db.prisma.incident.count()).toBe(0);
    } finally {
      await allowInbox(app.testDb);
    }
    expect(ack.status).toBe(200);
    expect(JSON.parse(ack.text)).toMatchObject({ response_type: 'ephemeral', text: expect.stringContaining('Received. It will be registered when the database is back') });
    expect(webAnswer.status).toBe(202);
    expect(JSON.stringify(webAnswer.body.replies)).toContain('Received. It will be registered when the database is back');

    // The sweeper replays the spool by itself, within a second or so.
    const reply = await fake.waitFor(() => fake.repliesTo(slash.response_url).find((c) => /registered/.test(replyText(c))), 20_000, 'the registration reply');
    expect(replyText(reply)).toMatch(/Incident INC-\d{4}-\d{4} registered/);
    await until('both incidents', async () => (await app.db.prisma.incident.count()) === 2);
    const slackIncident = await app.db.prisma.incident.findUniqueOrThrow({ where: { requestKey: slash.trigger_id } });
    expect(slackIncident).toMatchObject({ areaId: 'rinkeby', sourcePlatform: 'slack', reporterId: 'anna.lind' });
    expect(await app.db.prisma.incident.count({ where: { areaId: 'tensta', sourcePlatform: 'web' } })).toBe(1);
    // The console's answer comes in Anna's own channel, since the page had its answer long ago.
    const inChannel = await app.db.prisma.webMessage.findMany({ where: { channel: 'dm-anna' } });
    expect(JSON.stringify(inChannel.map((m) => m.message))).toMatch(/registered|registrerad/);
    expect(await readyz()).toEqual({ status: 200, body: { status: 'ready' } });
  });

  it('answers a button pressed during an outage with the same "received" notice, then records the answer once', async () => {
    const slash = command('Tensta 3 klotter på skolan');
    await post(formBody(slash));
    await fake.waitFor(() => fake.repliesTo(slash.response_url).find((c) => /registered/.test(replyText(c))), 20_000, 'the registration');
    const incident = await app.db.prisma.incident.findUniqueOrThrow({ where: { requestKey: slash.trigger_id } });
    const card = await fake.waitFor(() => fake.of('chat.postMessage').find((c) => c.params.channel === 'C0SOCIAL' && c.response.ts
      && JSON.stringify(c.params.blocks).includes(`-${String(incident.number).padStart(4, '0')}`)), 20_000, 'the card in the agency channel');
    const acknowledge = (card.params.blocks as any[]).filter((b) => b.type === 'actions').flatMap((b) => b.elements).find((b: any) => b.text.text === 'Kvittera');
    const body = sample('block_actions.button.bolt-python.json');
    body.user = { id: 'U0SOCIAL1', username: 'sara', name: 'sara', team_id: 'T0HOME' };
    body.team = { id: 'T0HOME', domain: 'home' };
    body.channel = { id: 'C0SOCIAL', name: 'social' };
    body.container = { type: 'message', message_ts: card.response.ts, channel_id: 'C0SOCIAL', is_ephemeral: false };
    body.trigger_id = freshTrigger();
    body.response_url = fake.responseUrl('outage-button');
    body.actions = [{ ...acknowledge, block_id: 'samband.actions.0', type: 'button', action_ts: '1700000000.000001' }];

    await refuseInbox(app.testDb);
    try {
      expect((await postToSlackEndpoint(app.url, interactiveBody(body), { secret: SECRET })).status).toBe(200);
      const notice = await fake.waitFor(() => fake.repliesTo(body.response_url)[0], 10_000, 'the received notice');
      expect(replyText(notice)).toContain('Mottaget. Det registreras när databasen är tillbaka');
      expect(await app.db.prisma.incidentAgency.findFirstOrThrow({ where: { incidentId: incident.id, agencyId: 'socialtjansten' } }))
        .toMatchObject({ state: 'notified' });
    } finally {
      await allowInbox(app.testDb);
    }
    await until('the acknowledgement', async () => (await app.db.prisma.incidentAgency.findFirstOrThrow({ where: { incidentId: incident.id, agencyId: 'socialtjansten' } })).state === 'acknowledged');
    expect(await app.db.prisma.auditEvent.count({ where: { action: 'incident.acknowledged', subjectId: formatIncidentRef(incident.year, incident.number) } })).toBe(1);
  });
});
