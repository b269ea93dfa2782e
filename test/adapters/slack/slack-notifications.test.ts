import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { until } from '../../support/until.ts';
import { startTestApp, type TestApp } from '../../support/test-app.ts';
import { wireSlack } from '../../../src/cli/wire-slack.ts';
import { FakeSlack, type SlackCall } from './support/fake-slack.ts';
import { FIXTURE_CONFIG, formBody, freshTrigger, interactiveBody, postToSlackEndpoint, sample } from './support/slack-requests.ts';
import { openInstallation } from '../../../src/infra/slack/prisma-slack-installation-store.ts';
import { secretBox } from '../../../src/infra/secrets/secret-box.ts';

const SECRET_KEY = Buffer.alloc(32, 7).toString('base64');

const SECRET = 'notifications-signing-secret';
let fake: FakeSlack;
let app: TestApp;
let n = 0;
let incidentRef = '';
const posts: Record<string, SlackCall> = {};

const post = (body: string) => postToSlackEndpoint(app.url, body, { secret: SECRET });
const text = (call: SlackCall) => JSON.stringify(call.params.blocks ?? []) + String(call.params.text ?? '');
const buttons = (call: SlackCall) => (call.params.blocks as any[]).filter((b) => b.type === 'actions').flatMap((b) => b.elements);
const button = (call: SlackCall, label: string) => buttons(call).find((b: any) => b.text.text === label);
const partOf = (agencyId: string) => app.db.prisma.incidentAgency.findFirstOrThrow({ where: { agencyId, incident: { requestKey: { startsWith: 'reg-' } } }, orderBy: { deadlineAt: 'desc' } });

async function slash(user: string, team: string, commandText: string) {
  const body = { ...sample('slash_command.bolt-python.json'), team_id: team, enterprise_id: undefined, enterprise_name: undefined, user_id: user, command: '/incident', text: commandText, trigger_id: `reg-${freshTrigger()}`, response_url: fake.responseUrl(`s${++n}`) };
  expect((await post(formBody(body))).status).toBe(200);
  return body;
}

/** Slack's block_actions sample, as if `user` of `team` pressed `pressed` on the message `message` in `channel`. */
async function press(user: string, team: string, message: SlackCall, pressed: any, channelTeam = team) {
  const body = sample('block_actions.button.bolt-python.json');
  body.user = { id: user, username: user, name: user, team_id: team };
  body.team = { id: channelTeam, domain: channelTeam };
  body.channel = { id: message.params.channel, name: 'agency' };
  body.container = { type: 'message', message_ts: message.response.ts, channel_id: message.params.channel, is_ephemeral: false };
  body.trigger_id = freshTrigger();
  body.response_url = fake.responseUrl(`b${++n}`);
  body.actions = [{ ...pressed, block_id: 'samband.actions.0', type: 'button', action_ts: '1700000000.000001' }];
  expect((await post(interactiveBody(body))).status).toBe(200);
  return body;
}

beforeAll(async () => {
  fake = await new FakeSlack().start();
  fake.tokens.set('xoxb-home', { team: 'T0HOME', botUser: 'U0BOT', botId: 'B0BOT' });
  fake.tokens.set('xoxb-police', { team: 'T0POLICE', botUser: 'U0BOTP', botId: 'B0BOTP' });
  fake.oauthCodes.set('police-code', { team: 'T0POLICE', token: 'xoxb-police' });
  app = await startTestApp('postgres', {
    env: {
      SLACK_SIGNING_SECRET: SECRET, SLACK_BOT_TOKEN: 'xoxb-home', SLACK_CLIENT_ID: '111.222', SLACK_CLIENT_SECRET: 'client-secret',
      SLACK_STATE_SECRET: 'state-secret-for-tests', SLACK_API_URL: fake.apiUrl, SAMBAND_CONFIG: FIXTURE_CONFIG,
      SAMBAND_SECRET_KEY: SECRET_KEY,
    },
    wires: [wireSlack],
  });
}, 180_000); // A fresh database and the whole app: slow to start on a busy machine.

afterAll(async () => {
  await app?.stop();
  await fake?.stop();
});

describe('Slack notifications, buttons and installations', () => {
  it('installs into a second workspace through the OAuth flow and keeps only bot credentials', async () => {
    const page = await fetch(`${app.url}/slack/install`);
    expect(page.status).toBe(200);
    const html = await page.text();
    const state = /state=([^&"]+)/.exec(html)![1];
    const cookie = page.headers.get('set-cookie')!.split(';')[0];
    expect(html).toContain('https://slack.com/oauth/v2/authorize');
    expect(html).toContain('scope=app_mentions%3Aread%2Cchannels%3Ahistory%2Cchannels%3Aread%2Cchat%3Awrite');

    const forged = await fetch(`${app.url}/slack/oauth_redirect?code=police-code&state=forged`, { headers: { cookie } });
    expect(forged.status).toBeGreaterThanOrEqual(400);
    expect(await app.db.prisma.slackInstallation.count()).toBe(0);

    const done = await fetch(`${app.url}/slack/oauth_redirect?code=police-code&state=${state}`, { headers: { cookie } });
    expect(done.status).toBe(200);
    const row = await app.db.prisma.slackInstallation.findUniqueOrThrow({ where: { id: 'team:T0POLICE' } });
    expect(row.teamId).toBe('T0POLICE');
    // Encrypted at rest: the column holds only the sealed envelope; the key opens it (the next test posts with it).
    expect(JSON.stringify(row.installation)).not.toMatch(/xoxb|U0INSTALLER/);
    const stored = openInstallation(secretBox(SECRET_KEY), row.id, row.installation) as any;
    expect(stored.bot.token).toBe('xoxb-police');
    expect(stored.user).toEqual({ id: 'U0INSTALLER' });
    const audit = await app.db.prisma.auditEvent.findFirstOrThrow({ where: { action: 'slack.installed', subjectId: 'team:T0POLICE' } });
    expect(JSON.stringify([audit.before, audit.after])).not.toContain('xoxb');
    expect(audit.after).toMatchObject({ teamId: 'T0POLICE', scopes: ['commands', 'chat:write'] });
  });

  it('delivers a new incident to each agency channel with that workspace\'s token, buttons and the idempotency key', async () => {
    const reg = await slash('U0ANNA', 'T0HOME', 'Rinkeby 1 stenkastning mot buss vid torget');
    const police = await fake.waitFor(() => fake.of('chat.postMessage').find((c) => c.params.channel === 'C0POLICE'));
    const social = await fake.waitFor(() => fake.of('chat.postMessage').find((c) => c.params.channel === 'C0SOCIAL'));
    posts.C0POLICE = police;
    posts.C0SOCIAL = social;
    expect(police.token).toBe('xoxb-police');
    expect(social.token).toBe('xoxb-home');
    for (const call of [police, social]) {
      expect(buttons(call).map((b: any) => b.text.text)).toEqual(['Kvittera', 'På väg', 'Inte vår']);
      expect(call.params.metadata.event_type).toBe('samband_notification');
    }
    const incident = await app.db.prisma.incident.findUniqueOrThrow({ where: { requestKey: reg.trigger_id } });
    incidentRef = `INC-${incident.year}-${String(incident.number).padStart(4, '0')}`;
    expect(text(police)).toContain(incidentRef);
    const rows = await app.db.prisma.notification.findMany({ where: { incidentId: incident.id, kind: 'incident.new' } });
    expect(rows.map((r) => r.channel).sort()).toEqual(['C0POLICE', 'C0SOCIAL']);
    const policeRow = rows.find((r) => r.channel === 'C0POLICE')!;
    expect(police.params.metadata.event_payload).toEqual({ idempotency_key: policeRow.idempotencyKey, incident_ref: incidentRef });
    await expect.poll(async () => (await app.db.prisma.notification.findUniqueOrThrow({ where: { id: policeRow.id } })).platformMessageId)
      .toBe(`C0POLICE/${police.response.ts}`);
  });

  it('acknowledges for the presser\'s agency only and updates every copy of the message', async () => {
    const police = posts.C0POLICE;
    const updatesBefore = fake.of('chat.update').length;
    const pressed = await press('U0POLICE1', 'T0POLICE', police, button(police, 'Kvittera'));
    const reply = await fake.waitFor(() => fake.repliesTo(pressed.response_url)[0]);
    expect(reply.params.response_type).toBe('ephemeral');
    expect(text(reply)).toContain(`Polismyndigheten har kvitterat ${incidentRef}`);
    expect((await partOf('polisen')).state).toBe('acknowledged');
    expect((await partOf('socialtjansten')).state).toBe('notified');

    const updates = await fake.waitFor(() => {
      const found = fake.of('chat.update').slice(updatesBefore);
      return found.length >= 2 && found;
    });
    const policeUpdate = updates.find((u) => u.params.channel === 'C0POLICE')!;
    const socialUpdate = updates.find((u) => u.params.channel === 'C0SOCIAL')!;
    expect(policeUpdate.params.ts).toBe(police.response.ts);
    expect(policeUpdate.token).toBe('xoxb-police');
    expect(socialUpdate.params.ts).toBe(posts.C0SOCIAL.response.ts);
    // The police copy lost its Acknowledge button (and offers to take the lead); Social Services still has all three.
    expect(buttons(policeUpdate).map((b: any) => b.text.text)).toEqual(['På väg', 'Inte vår', 'Ta ledningen']);
    expect(buttons(socialUpdate).map((b: any) => b.text.text)).toEqual(['Kvittera', 'På väg', 'Inte vår']);
    expect(text(socialUpdate)).toMatch(/Polismyndigheten: Kvitterad \d\d:\d\d/);
    // The reporter hears about it in her DM.
    await fake.waitFor(() => fake.of('chat.postMessage').find((c) => c.params.channel === 'U0ANNA' && text(c).includes('kvitterat')));
  });

  it('changes nothing on a double click', async () => {
    const police = posts.C0POLICE;
    const pressed = await press('U0POLICE1', 'T0POLICE', police, button(police, 'Kvittera'));
    const reply = await fake.waitFor(() => fake.repliesTo(pressed.response_url)[0]);
    expect(text(reply)).toContain('har redan svarat');
    expect(await app.db.prisma.auditEvent.count({ where: { action: 'incident.acknowledged', subjectId: incidentRef } })).toBe(1);
  });

  it('refuses a police contact pressing Social Services\' button in a shared channel', async () => {
    const social = posts.C0SOCIAL;
    const pressed = await press('U0POLICE1', 'T0POLICE', social, button(social, 'Kvittera'), 'T0HOME');
    const reply = await fake.waitFor(() => fake.repliesTo(pressed.response_url)[0]);
    expect(text(reply)).toContain('Du får inte göra det');
    expect((await partOf('socialtjansten')).state).toBe('notified');
    expect(await app.db.prisma.auditEvent.count({ where: { action: 'access.denied', subjectId: incidentRef } })).toBe(1);
  });

  it('asks for a reason in a modal before "Not ours", then records it', async () => {
    const social = posts.C0SOCIAL;
    const pressed = await press('U0SOCIAL1', 'T0HOME', social, button(social, 'Inte vår'));
    const open = await fake.waitFor(() => fake.of('views.open').find((c) => c.params.trigger_id === pressed.trigger_id));
    const view = open.params.view;
    expect(view.callback_id).toBe('samband.reason');
    expect(view.title.text).toBe('Inte vår');
    expect(view.blocks[0].label.text).toBe('Varför är det inte ert?');
    expect((await partOf('socialtjansten')).state).toBe('notified');

    const submission = sample('view_submission.bolt-python.json');
    submission.team = { id: 'T0HOME', domain: 'home' };
    submission.user = { id: 'U0SOCIAL1', team_id: 'T0HOME' };
    submission.trigger_id = freshTrigger();
    submission.view = { ...submission.view, callback_id: view.callback_id, private_metadata: view.private_metadata, blocks: view.blocks,
      state: { values: { reason: { reason: { type: 'plain_text_input', value: 'Fel område, hör till Spånga' } } } } };
    expect((await post(interactiveBody(submission))).status).toBe(200);
    const reply = await fake.waitFor(() => fake.repliesTo(pressed.response_url)[0]);
    expect(text(reply)).toContain('Fel område, hör till Spånga');
    const part = await partOf('socialtjansten');
    expect(part).toMatchObject({ state: 'declined', declineReason: 'Fel område, hör till Spånga', acknowledgedBy: 'sara.berg' });
  });

  it('posts follow-ups in the thread of each original message', async () => {
    await slash('U0ANNA', 'T0HOME', `note ${incidentRef} polis på plats`);
    const threaded = await fake.waitFor(() => {
      const found = fake.of('chat.postMessage').filter((c) => c.params.thread_ts && text(c).includes('polis på plats'));
      return found.length >= 2 && found;
    });
    expect(threaded.map((c) => `${c.params.channel}/${c.params.thread_ts}`).sort())
      .toEqual([`C0POLICE/${posts.C0POLICE.response.ts}`, `C0SOCIAL/${posts.C0SOCIAL.response.ts}`]);
  });

  it('waits out a 429 with Retry-After and then delivers the message once', async () => {
    let limited = 0;
    fake.script('chat.postMessage', (call) => {
      if (call.params.channel !== 'C0SOCIAL' || !text(call).includes('Skärholmen') || limited > 0) return undefined;
      limited += 1;
      return { status: 429, headers: { 'retry-after': '1' }, body: { ok: false, error: 'ratelimited' } };
    });
    const reg = await slash('U0ANNA', 'T0HOME', 'Skärholmen 3 klotter på skolan');
    const attempts = await fake.waitFor(() => {
      const found = fake.of('chat.postMessage').filter((c) => c.params.channel === 'C0SOCIAL' && text(c).includes('Skärholmen'));
      return found.length >= 2 && found;
    }, 15_000);
    expect(attempts.map((a) => a.status)).toEqual([429, 200]);
    // Retry-After is a floor: however slow the machine, the retry never comes sooner.
    expect(attempts[1].at - attempts[0].at).toBeGreaterThanOrEqual(1000);
    const incident = await app.db.prisma.incident.findUniqueOrThrow({ where: { requestKey: reg.trigger_id } });
    const sentRow = () => app.db.prisma.notification.findFirstOrThrow({ where: { incidentId: incident.id, channel: 'C0SOCIAL' }, include: { deliveryAttempts: { orderBy: { id: 'asc' } } } });
    // Once the outcome is recorded the row is done: no worker claims it again, so the posts so far are all there are.
    await until('the delivery is recorded as sent', async () => (await sentRow()).status === 'sent');
    expect(fake.of('chat.postMessage').filter((c) => c.params.channel === 'C0SOCIAL' && text(c).includes('Skärholmen') && c.status === 200)).toHaveLength(1);
    const row = await sentRow();
    expect(row).toMatchObject({ status: 'sent', attempts: 2 });
    expect(row.deliveryAttempts.map((a) => [a.outcome, a.retryAfterMs])).toEqual([['retry', 1000], ['sent', null]]);
  });

  it('forgets a workspace\'s installation when the app is uninstalled there', async () => {
    const event = sample('event_callback.app_mention.http.bolt-python.json');
    event.team_id = 'T0POLICE';
    delete event.enterprise_id;
    event.event_id = `Ev${freshTrigger()}`;
    event.event = { type: 'app_uninstalled', event_ts: '1700000002.000100' };
    const response = await postToSlackEndpoint(app.url, JSON.stringify(event), { secret: SECRET, contentType: 'application/json' });
    expect(response.status).toBe(200);
    await expect.poll(() => app.db.prisma.slackInstallation.count({ where: { id: 'team:T0POLICE' } })).toBe(0);
    expect(await app.db.prisma.auditEvent.count({ where: { action: 'slack.uninstalled', subjectId: 'team:T0POLICE' } })).toBe(1);
  });
});
