import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../../support/test-app.ts';
import { until } from '../../support/until.ts';
import { wireSlack } from '../../../src/cli/wire-slack.ts';
import { FakeSlack } from './support/fake-slack.ts';
import { FIXTURE_CONFIG, formBody, freshTrigger, interactiveBody, postToSlackEndpoint, sample, slackSignature } from './support/slack-requests.ts';

const SECRET = 'commands-signing-secret';
let fake: FakeSlack;
let app: TestApp;
let replies = 0;

/** Slack's slash command sample, from a user of the test configuration, answering to a fresh response_url. */
function command(text: string, overrides: Record<string, string | undefined> = {}) {
  const body = sample<Record<string, string | undefined>>('slash_command.bolt-python.json');
  replies += 1;
  return {
    ...body,
    team_id: 'T0HOME', enterprise_id: undefined, enterprise_name: undefined, user_id: 'U0ANNA', command: '/incident',
    text, trigger_id: freshTrigger(), response_url: fake.responseUrl(`r${replies}`), ...overrides,
  };
}

const post = (body: string, headers: Record<string, string> = {}) => postToSlackEndpoint(app.url, body, { secret: SECRET, headers });
const replyTo = (responseUrl: string | undefined) => fake.waitFor(() => fake.repliesTo(responseUrl)[0], 10_000, `a reply to ${responseUrl}`);
const blocksText = (call: { params: Record<string, any> }) => JSON.stringify(call.params.blocks ?? []) + String(call.params.text ?? '');
/** Calls caused by requests (not the outbox, which may still be delivering earlier incidents at Slack's pace). */
const requestCalls = () => fake.calls.filter((c) => !['chat.postMessage', 'chat.update'].includes(c.method) || c.params.channel === 'D0ANNA').length;
const count = async () => ({
  incidents: await app.db.prisma.incident.count(),
  // Delivery outcomes of earlier incidents keep arriving at Slack's pace; they are not what these tests are about.
  audit: await app.db.prisma.auditEvent.count({ where: { NOT: { action: { startsWith: 'notification.' } } } }),
  notifications: await app.db.prisma.notification.count(),
});

beforeAll(async () => {
  fake = await new FakeSlack().start();
  fake.tokens.set('xoxb-home', { team: 'T0HOME', botUser: 'U0BOT', botId: 'B0BOT' });
  fake.users.set('U0ANNA', { locale: 'en-US' });
  fake.users.set('U0SOCIAL1', {});
  fake.users.set('U0NOBODY', { locale: 'en-GB', email: 'someone@example.org' });
  fake.users.set('U0ERIK', { email: 'Erik.Nord@example.se' });
  app = await startTestApp('postgres', {
    env: { SLACK_SIGNING_SECRET: SECRET, SLACK_BOT_TOKEN: 'xoxb-home', SLACK_API_URL: fake.apiUrl, SAMBAND_CONFIG: FIXTURE_CONFIG },
    wires: [wireSlack],
  });
}, 180_000); // The app starts on a fresh database, which is slow on a busy machine.

afterAll(async () => {
  await app?.stop();
  await fake?.stop();
});

describe('Slack slash commands over HTTP', () => {
  it('registers an incident from /incident text: fast ack, an ephemeral reply in the Slack locale, one row', async () => {
    const body = command('Rinkeby 2 stenkastning mot buss');
    const response = await post(formBody(body));
    expect(response.status).toBe(200);
    expect(response.text).toBe('');
    const reply = await replyTo(body.response_url);
    expect(reply.params.response_type).toBe('ephemeral');
    // Anna is configured in Swedish, but Slack says en-US: the reply is in English.
    expect(blocksText(reply)).toMatch(/Incident INC-\d{4}-\d{4} registered/);
    const incident = await app.db.prisma.incident.findUniqueOrThrow({ where: { requestKey: body.trigger_id } });
    expect(incident).toMatchObject({ areaId: 'rinkeby', severity: 2, sourcePlatform: 'slack', reporterId: 'anna.lind' });
  });

  it('stores command text as typed: Slack\'s &amp; &lt; &gt; entities decoded', async () => {
    const body = command('Rinkeby 2 stenar &amp; flaskor vid &lt;busshållplats 3&gt;');
    expect((await post(formBody(body))).status).toBe(200);
    await replyTo(body.response_url);
    const incident = await app.db.prisma.incident.findUniqueOrThrow({ where: { requestKey: body.trigger_id } });
    expect(incident.description).toBe('stenar & flaskor vid <busshållplats 3>');
  });

  it('runs a retried delivery (X-Slack-Retry-Num) of the same command once', async () => {
    const body = formBody(command('Tensta 3 brand i soprum'));
    const first = await post(body);
    const retry = await post(body, { 'x-slack-retry-num': '1', 'x-slack-retry-reason': 'http_timeout' });
    expect([first.status, retry.status]).toEqual([200, 200]);
    const trigger = new URLSearchParams(body).get('trigger_id')!;
    await fake.waitFor(() => fake.repliesTo(new URLSearchParams(body).get('response_url')!)[0]);
    await app.db.prisma.incident.findUniqueOrThrow({ where: { requestKey: trigger } });
    expect(await app.db.prisma.incident.count({ where: { description: 'brand i soprum' } })).toBe(1);
    expect(await app.db.prisma.auditEvent.count({ where: { action: 'incident.registered', requestId: trigger } })).toBe(1);
  });

  it('acks without waiting for Slack, then replies in the configured language when Slack does not answer', async () => {
    // Slack's users.info answers nothing until released: the ack and the reply both come while it is still held.
    const profile = fake.hold('users.info', (c) => c.params.user === 'U0SOCIAL1');
    try {
      const body = command('help', { user_id: 'U0SOCIAL1' });
      const response = await post(formBody(body));
      expect(response.status).toBe(200);
      await profile.arrived;
      const reply = await replyTo(body.response_url);
      // No Slack locale in time: Sara's configured English.
      expect(blocksText(reply)).toContain('Samband: commands');
    } finally {
      profile.release();
    }
  });

  it('tells an unknown Slack user so and writes nothing', async () => {
    const before = await count();
    const body = command('Rinkeby 1 skottlossning', { user_id: 'U0NOBODY' });
    expect((await post(formBody(body))).status).toBe(200);
    const reply = await replyTo(body.response_url);
    expect(blocksText(reply)).toContain('You are not registered in Samband yet');
    expect(await count()).toEqual(before);
  });

  it('links a Slack account to a configured person by the email on its profile', async () => {
    const body = command('Skärholmen 3 klotter på skolan', { user_id: 'U0ERIK' });
    await post(formBody(body));
    const reply = await replyTo(body.response_url);
    expect(blocksText(reply)).toMatch(/Händelse INC-\d{4}-\d{4} registrerad/);
    const identity = await app.db.prisma.personIdentity.findUniqueOrThrow({ where: { platform_workspace_userId: { platform: 'slack', workspace: 'T0HOME', userId: 'U0ERIK' } } });
    expect(identity.personId).toBe('erik.nord');
    expect(await app.db.prisma.auditEvent.count({ where: { action: 'identity.linked', subjectId: 'erik.nord' } })).toBe(1);
    expect((await app.db.prisma.incident.findUniqueOrThrow({ where: { requestKey: body.trigger_id } })).reporterId).toBe('erik.nord');
  });

  it('opens the incident form for an empty /incident and registers what the modal submits', async () => {
    const body = command('');
    await post(formBody(body));
    const open = await fake.waitFor(() => fake.of('views.open').find((c) => c.params.trigger_id === body.trigger_id));
    const view = open.params.view;
    expect(view.callback_id).toBe('samband.incident_form');
    expect(view.title.text).toBe('Report an incident');
    expect(view.blocks.map((b: any) => b.block_id)).toEqual(['area', 'category', 'severity', 'description', 'sensitiveDetails']);
    expect(view.blocks[0].element.options.map((o: any) => o.value)).toEqual(expect.arrayContaining(['rinkeby', 'tensta', 'skarholmen']));
    expect(view.blocks[2].element.initial_option.value).toBe('2');

    const submission = sample('view_submission.bolt-python.json');
    submission.team = { id: 'T0HOME', domain: 'home' };
    submission.user = { id: 'U0ANNA', team_id: 'T0HOME' };
    submission.trigger_id = freshTrigger();
    submission.view = {
      ...submission.view, blocks: view.blocks, callback_id: view.callback_id, private_metadata: view.private_metadata,
      state: { values: {
        area: { area: { type: 'static_select', selected_option: { value: 'tensta' } } },
        category: { category: { type: 'static_select', selected_option: { value: 'violence' } } },
        severity: { severity: { type: 'static_select', selected_option: { value: '1' } } },
        description: { description: { type: 'plain_text_input', value: 'Hot mot personal vid fritidsgården' } },
        sensitiveDetails: { sensitiveDetails: { type: 'plain_text_input', value: null } },
      } },
    };
    const ack = await post(interactiveBody(submission));
    expect(ack.status).toBe(200);
    expect(ack.text).toBe('');
    const incident = await waitIncident(submission.trigger_id);
    expect(incident).toMatchObject({ areaId: 'tensta', categoryId: 'violence', severity: 1, description: 'Hot mot personal vid fritidsgården' });
    // The answer goes back where /incident was typed, through the command's response_url kept in the modal.
    const ref = `INC-${incident.year}-${String(incident.number).padStart(4, '0')}`;
    expect(blocksText(await replyTo(body.response_url))).toContain(`Incident ${ref} registered`);
  });

  it('answers an @mention ephemerally in the channel and a direct message in the DM', async () => {
    const mention = sample('event_callback.app_mention.http.bolt-python.json');
    mention.team_id = 'T0HOME';
    delete mention.enterprise_id;
    mention.event_id = `Ev${freshTrigger()}`;
    mention.event = { ...mention.event, user: 'U0ANNA', team: 'T0HOME', channel: 'C0TEAM', text: '<@U0BOT> list' };
    const response = await postToSlackEndpoint(app.url, JSON.stringify(mention), { secret: SECRET, contentType: 'application/json' });
    expect(response.status).toBe(200);
    const ephemeral = await fake.waitFor(() => fake.of('chat.postEphemeral').find((c) => c.params.channel === 'C0TEAM'));
    expect(ephemeral.params.user).toBe('U0ANNA');
    expect(blocksText(ephemeral)).toContain('Open incidents');

    const direct = sample('event_callback.app_mention.http.bolt-python.json');
    direct.team_id = 'T0HOME';
    delete direct.enterprise_id;
    direct.event_id = `Ev${freshTrigger()}`;
    direct.event = { type: 'message', channel_type: 'im', user: 'U0ANNA', team: 'T0HOME', channel: 'D0ANNA', text: 'help', ts: '1700000001.000100' };
    await postToSlackEndpoint(app.url, JSON.stringify(direct), { secret: SECRET, contentType: 'application/json' });
    const dm = await fake.waitFor(() => fake.of('chat.postMessage').find((c) => c.params.channel === 'D0ANNA'));
    expect(blocksText(dm)).toContain('Samband: commands');
  });

  it('opens the form from the global shortcut, and acks buttons that are not Samband\'s without doing anything', async () => {
    const shortcut = sample('socket_mode.interactive.shortcut.python-slack-sdk.json').payload;
    shortcut.team = { id: 'T0HOME', domain: 'home' };
    shortcut.user = { id: 'U0ANNA', username: 'anna', team_id: 'T0HOME' };
    shortcut.callback_id = 'samband.report';
    shortcut.trigger_id = freshTrigger();
    const response = await post(interactiveBody(shortcut));
    expect(response.status).toBe(200);
    const open = await fake.waitFor(() => fake.of('views.open').find((c) => c.params.trigger_id === shortcut.trigger_id));
    expect(open.params.view.callback_id).toBe('samband.incident_form');

    const before = await count();
    const calls = requestCalls();
    const foreign = sample('block_actions.button.bolt-python.json');
    foreign.team = { id: 'T0HOME', domain: 'home' };
    foreign.user = { id: 'U0ANNA', team_id: 'T0HOME' };
    foreign.response_url = fake.responseUrl('foreign');
    const ack = await post(interactiveBody(foreign));
    expect(ack.status).toBe(200);
    await app.settled();
    expect(requestCalls()).toBe(calls);
    expect(await count()).toEqual(before);
  });

  it('adds a note from an @mention once, however often Slack redelivers the event', async () => {
    // An incident of this test's own, to note on.
    const registration = command('Rinkeby 3 bråk vid torget');
    await post(formBody(registration));
    await replyTo(registration.response_url);
    const incident = await app.db.prisma.incident.findUniqueOrThrow({ where: { requestKey: registration.trigger_id } });
    const ref = `INC-${incident.year}-${String(incident.number).padStart(4, '0')}`;
    const mention = sample('event_callback.app_mention.http.bolt-python.json');
    mention.team_id = 'T0HOME';
    delete mention.enterprise_id;
    mention.event_id = `Ev${freshTrigger()}`;
    mention.event = { ...mention.event, user: 'U0ANNA', team: 'T0HOME', channel: 'C0TEAM', text: `<@U0BOT> note ${ref} polisen &amp; räddningstjänsten på plats` };
    const body = JSON.stringify(mention);
    for (const retry of ['0', '1', '2']) {
      const headers: Record<string, string> = retry === '0' ? {} : { 'x-slack-retry-num': retry, 'x-slack-retry-reason': 'http_timeout' };
      expect((await postToSlackEndpoint(app.url, body, { secret: SECRET, contentType: 'application/json', headers })).status).toBe(200);
    }
    await fake.waitFor(() => fake.of('chat.postEphemeral').find((c) => blocksText(c).includes(`Note added to ${ref}`)));
    await app.settled();
    const notes = await app.db.prisma.incidentNote.findMany({ where: { incidentId: incident.id } });
    expect(notes.map((n) => n.text)).toEqual(['polisen & räddningstjänsten på plats']);
  });

  it('refuses unsigned, wrongly signed and stale requests with 401 and writes nothing', async () => {
    const before = await count();
    const calls = requestCalls();
    const body = formBody(command('Rinkeby 1 ska inte registreras'));
    const now = Math.floor(Date.now() / 1000);
    const wrong = await postToSlackEndpoint(app.url, body, { secret: 'not-the-secret' });
    const stale = await postToSlackEndpoint(app.url, body, { secret: SECRET, timestamp: now - 6 * 60 });
    const missing = await postToSlackEndpoint(app.url, body, { omitHeaders: true });
    const tampered = await postToSlackEndpoint(app.url, `${body}x`, { secret: SECRET, signature: slackSignature(SECRET, now, body), timestamp: now });
    expect([wrong.status, stale.status, missing.status, tampered.status]).toEqual([401, 401, 401, 401]);
    await app.settled();
    expect(await count()).toEqual(before);
    expect(requestCalls()).toBe(calls);
  });

  it("answers Slack's url_verification challenge", async () => {
    const challenge = sample('url_verification.http.bolt-python.json');
    const response = await postToSlackEndpoint(app.url, JSON.stringify(challenge), { secret: SECRET, contentType: 'application/json' });
    expect(response.status).toBe(200);
    expect(JSON.parse(response.text)).toEqual({ challenge: challenge.challenge });
  });
});

async function waitIncident(requestKey: string) {
  await until(`an incident for ${requestKey}`, async () => (await app.db.prisma.incident.count({ where: { requestKey } })) > 0, 10_000);
  return app.db.prisma.incident.findUniqueOrThrow({ where: { requestKey } });
}
