import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../../support/test-app.ts';
import { wireSlack } from '../../../src/cli/wire-slack.ts';
import { FakeSlack } from './support/fake-slack.ts';
import { FakeSocketMode } from './support/fake-socket-mode.ts';
import { FIXTURE_CONFIG, freshTrigger, sample } from './support/slack-requests.ts';

let fake: FakeSlack;
let socket: FakeSocketMode;
let app: TestApp;

/** Slack's Socket Mode slash-command envelope, from Anna, with a fresh envelope id. */
function envelope(text: string, trigger = freshTrigger(), retry = 0) {
  const e = sample('socket_mode.slash_commands.python-slack-sdk.json');
  e.envelope_id = `env-${freshTrigger()}`;
  e.payload = { ...e.payload, team_id: 'T0HOME', user_id: 'U0ANNA', command: '/incident', text, trigger_id: trigger, response_url: fake.responseUrl(trigger) };
  return { ...e, retry_attempt: retry, retry_reason: retry ? 'timeout' : '' };
}

beforeAll(async () => {
  fake = await new FakeSlack().start();
  fake.tokens.set('xoxb-home', { team: 'T0HOME', botUser: 'U0BOT', botId: 'B0BOT' });
  socket = new FakeSocketMode(fake);
  // On the PostgreSQL server (the other Slack tests use PGlite); no signing secret: Socket Mode needs none.
  app = await startTestApp('postgres', {
    env: { SLACK_APP_TOKEN: 'xapp-1-test', SLACK_BOT_TOKEN: 'xoxb-home', SLACK_API_URL: fake.apiUrl, SAMBAND_CONFIG: FIXTURE_CONFIG },
    wires: [wireSlack],
  });
  await socket.waitForConnection();
}, 180_000); // A fresh database and the whole app: slow to start on a busy machine.

afterAll(async () => {
  await app?.stop();
  socket?.close();
  await fake?.stop();
});

describe('Slack over Socket Mode', () => {
  it('connects with the app token and serves no HTTP endpoint for events', async () => {
    expect(fake.of('apps.connections.open').map((c) => c.token)).toContain('xapp-1-test');
    expect((await fetch(`${app.url}/slack/events`, { method: 'POST', body: '{}' })).status).toBe(404);
  });

  it('acks an envelope at once, registers the incident and answers through the response_url', async () => {
    const e = envelope('Rinkeby 2 stenkastning mot buss');
    socket.send(e);
    await fake.waitFor(() => socket.received.find((m) => m.envelope_id === e.envelope_id), 5000, 'the ack');
    const reply = await fake.waitFor(() => fake.repliesTo(e.payload.response_url)[0]);
    expect(JSON.stringify(reply.params.blocks)).toMatch(/Händelse INC-\d{4}-\d{4} registrerad/);
    const incident = await app.db.prisma.incident.findUniqueOrThrow({ where: { requestKey: e.payload.trigger_id } });
    expect(incident).toMatchObject({ areaId: 'rinkeby', sourcePlatform: 'slack' });
    // The notification goes out through the Web API like over HTTP.
    await fake.waitFor(() => fake.of('chat.postMessage').find((c) => c.params.channel === 'C0SOCIAL'));
  });

  it('creates one incident when Slack redelivers the same command in a new envelope', async () => {
    const trigger = freshTrigger();
    const first = envelope('Tensta 3 brand i soprum', trigger);
    const again = envelope('Tensta 3 brand i soprum', trigger, 1);
    socket.send(first);
    socket.send(again);
    await fake.waitFor(() => socket.received.find((m) => m.envelope_id === again.envelope_id), 5000, 'the second ack');
    await fake.waitFor(() => fake.repliesTo(first.payload.response_url)[0]);
    await app.settled();
    expect(await app.db.prisma.incident.count({ where: { requestKey: trigger } })).toBe(1);
    expect(await app.db.prisma.auditEvent.count({ where: { action: 'incident.registered', requestId: trigger } })).toBe(1);
  });
});
