import { resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../../support/test-app.ts';
import { until } from '../../support/until.ts';
import { wireSlack } from '../../../src/cli/wire-slack.ts';
import { FakeSlack, type SlackCall } from './support/fake-slack.ts';
import { formBody, freshTrigger, interactiveBody, postToSlackEndpoint, sample } from './support/slack-requests.ts';

/**
 * Need to know in Slack, through the fake Web API and real Bolt over HTTP: a Slack Connect channel (configured shared,
 * or found shared by a channel_shared event) gets the minimum of an incident; an agency room sees confidential
 * details only when cleared; a by-reference agency's room gets no description; answers stay ephemeral.
 */
const SECRET = 'audience-signing-secret';
const CONFIG = resolve(import.meta.dirname, '../../fixtures/slack/audience-deployment.yaml');
const DESCRIPTION = 'Stenkastning mot bussen vid torget';
const CONFIDENTIAL = 'Pojken 14 år är placerad på HVB';
let fake: FakeSlack;
let app: TestApp;
let n = 0;

const post = (body: string, contentType?: string) => postToSlackEndpoint(app.url, body, { secret: SECRET, contentType });
const shown = (call: SlackCall) => JSON.stringify(call.params.blocks ?? []) + String(call.params.text ?? '');
const postsTo = (channel: string, ref: string) => fake.of('chat.postMessage').filter((c) => c.response.channel === channel && shown(c).includes(ref));
const lastUpdateOf = (channel: string, ts: string) => fake.of('chat.update').filter((c) => c.params.channel === channel && c.params.ts === ts).at(-1);

async function slash(user: string, text: string, channel = 'C0ELSEWHERE') {
  const body = {
    ...sample('slash_command.bolt-python.json'), team_id: 'T0HOME', enterprise_id: undefined, enterprise_name: undefined,
    user_id: user, channel_id: channel, command: '/incident', text, trigger_id: freshTrigger(), response_url: fake.responseUrl(`a${++n}`),
  };
  expect((await post(formBody(body))).status).toBe(200);
  return body;
}

/** Registers an incident with confidential details and returns its reference once every room got its copy. */
async function register(): Promise<string> {
  const before = await app.db.prisma.incident.count();
  await slash('U0ANNA', `Rinkeby 2 ${DESCRIPTION} sekretess: ${CONFIDENTIAL}`);
  await until('the incident', async () => (await app.db.prisma.incident.count()) > before);
  const incident = await app.db.prisma.incident.findFirstOrThrow({ orderBy: { number: 'desc' } });
  const ref = `INC-${incident.year}-${String(incident.number).padStart(4, '0')}`;
  await until('every copy of the notification', () => ['C0POLICE', 'C0JOINT', 'C0SOCIAL', 'D0KARIN'].every((c) => postsTo(c, ref).length > 0));
  return ref;
}

function sharingEvent(type: 'channel_shared' | 'channel_unshared', channel: string) {
  return JSON.stringify({
    token: 'verification_token', team_id: 'T0HOME', api_app_id: 'A111', type: 'event_callback', event_id: `Ev${freshTrigger()}`, event_time: 1_700_000_000,
    event: { type, channel, connected_team_id: 'T0OTHERORG', event_ts: '1700000000.000100' },
  });
}

beforeAll(async () => {
  fake = await new FakeSlack().start();
  fake.tokens.set('xoxb-home', { team: 'T0HOME', botUser: 'U0BOT', botId: 'B0BOT' });
  fake.users.set('U0ANNA', { locale: 'en-US' });
  fake.users.set('U0KARIN', { locale: 'en-US' });
  app = await startTestApp('postgres', {
    env: { SLACK_SIGNING_SECRET: SECRET, SLACK_BOT_TOKEN: 'xoxb-home', SLACK_API_URL: fake.apiUrl, SAMBAND_CONFIG: CONFIG },
    wires: [wireSlack],
  });
}, 180_000);

afterAll(async () => {
  await app?.stop();
  await fake?.stop();
});

describe('Slack: what each room may see', () => {
  let ref = '';

  it('checks the configured channels at start (conversations.info), none of them shared yet', async () => {
    await until('the start-up check of the configured channels', () => ['C0POLICE', 'C0JOINT', 'C0SOCIAL'].every((c) => fake.of('conversations.info').some((call) => call.params.channel === c)));
    expect(fake.of('conversations.info').some((c) => c.params.channel === 'U0KARIN')).toBe(false);
  });

  it('gives each room of a new incident only what its audience may see', async () => {
    ref = await register();
    const cleared = postsTo('C0POLICE', ref)[0]!;
    expect(shown(cleared)).toContain(DESCRIPTION);
    expect(shown(cleared)).toContain(CONFIDENTIAL);

    const joint = postsTo('C0JOINT', ref)[0]!;
    expect(shown(joint)).not.toContain(DESCRIPTION);
    expect(shown(joint)).not.toContain(CONFIDENTIAL);
    expect(shown(joint)).not.toContain('Anna Lind');
    for (const fact of ['Rinkeby', 'Violence', 'High']) expect(shown(joint)).toContain(fact);
    expect(shown(joint)).toContain('Acknowledge');

    const byReference = postsTo('C0SOCIAL', ref)[0]!;
    expect(shown(byReference)).not.toContain(DESCRIPTION);
    expect(shown(byReference)).not.toContain(CONFIDENTIAL);
    expect(shown(byReference)).toContain(`status ${ref}`);

    // The on-duty contact's own DM: a personal address of a permitted person.
    expect(shown(postsTo('D0KARIN', ref)[0]!)).toContain(CONFIDENTIAL);
  });

  it('answers status ephemerally in a shared channel, details to the asker alone', async () => {
    const body = await slash('U0KARIN', `status ${ref}`, 'C0JOINT');
    const reply = await fake.waitFor(() => fake.repliesTo(body.response_url)[0]);
    expect(reply.params.response_type).toBe('ephemeral');
    expect(shown(reply)).toContain(CONFIDENTIAL);
    expect(fake.of('chat.postMessage').filter((c) => c.params.channel === 'C0JOINT' && shown(c).includes(CONFIDENTIAL))).toEqual([]);
  });

  it('a channel that becomes shared gets the minimum from then on, and the change is audited once', async () => {
    const first = postsTo('C0POLICE', ref)[0]!;
    fake.sharedChannels.add('C0POLICE');
    expect((await post(sharingEvent('channel_shared', 'C0POLICE'), 'application/json')).status).toBe(200);
    await until('the room recorded as shared', async () => (await app.db.prisma.roomAudience.findFirst({ where: { channel: 'C0POLICE', shared: true } })) !== null);
    // Slack sends the same event again (a retry): nothing new is audited.
    expect((await post(sharingEvent('channel_shared', 'C0POLICE'), 'application/json')).status).toBe(200);
    await until('the repeated event checked', () => fake.of('conversations.info').filter((c) => c.params.channel === 'C0POLICE').length >= 3);
    const audits = await app.db.prisma.auditEvent.findMany({ where: { action: 'room.audience_changed', subjectId: 'slack:T0HOME:C0POLICE' } });
    expect(audits).toHaveLength(1);
    expect(audits[0]!.after).toMatchObject({ shared: true, source: 'slack.conversations.info' });

    // The earlier message is replaced (an acknowledgement changes the state) by a minimal one.
    const pressed = JSON.parse(JSON.stringify((first.params.blocks as any[]).find((b) => b.type === 'actions').elements[0]));
    const press = sample('block_actions.button.bolt-python.json');
    press.user = { id: 'U0KARIN', username: 'karin', name: 'karin', team_id: 'T0HOME' };
    press.team = { id: 'T0HOME', domain: 'home' };
    press.channel = { id: 'C0POLICE', name: 'police' };
    press.container = { type: 'message', message_ts: first.response.ts, channel_id: 'C0POLICE', is_ephemeral: false };
    press.trigger_id = freshTrigger();
    press.response_url = fake.responseUrl(`b${++n}`);
    press.actions = [{ ...pressed, block_id: 'samband.actions.0', type: 'button', action_ts: '1700000000.000001' }];
    expect((await post(interactiveBody(press))).status).toBe(200);
    await until('the update of the shared channel', () => lastUpdateOf('C0POLICE', first.response.ts) !== undefined);
    const updated = lastUpdateOf('C0POLICE', first.response.ts)!;
    expect(shown(updated)).not.toContain(DESCRIPTION);
    expect(shown(updated)).not.toContain(CONFIDENTIAL);

    const next = await register();
    const minimal = postsTo('C0POLICE', next)[0]!;
    expect(shown(minimal)).not.toContain(DESCRIPTION);
    expect(shown(minimal)).not.toContain(CONFIDENTIAL);
    expect(shown(minimal)).toContain('Rinkeby');
    // Karin's DM still has everything she may see.
    expect(shown(postsTo('D0KARIN', next)[0]!)).toContain(CONFIDENTIAL);
  });

  it('an unshared channel, confirmed by conversations.info, gets its cleared copies again', async () => {
    fake.sharedChannels.delete('C0POLICE');
    expect((await post(sharingEvent('channel_unshared', 'C0POLICE'), 'application/json')).status).toBe(200);
    await until('the room recorded as not shared', async () => (await app.db.prisma.roomAudience.findFirst({ where: { channel: 'C0POLICE', shared: false } })) !== null);
    const next = await register();
    expect(shown(postsTo('C0POLICE', next)[0]!)).toContain(CONFIDENTIAL);
    expect(await app.db.prisma.auditEvent.count({ where: { action: 'room.audience_changed', subjectId: 'slack:T0HOME:C0POLICE' } })).toBe(2);
  });
});
