import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../../support/test-app.ts';
import { wireSlack } from '../../../src/cli/wire-slack.ts';
import { teamsWire } from '../../../src/cli/wire-teams.ts';
import { formatIncidentRef } from '../../../src/core/commands/incident-ref.ts';
import { t } from '../../../src/core/messages/i18n.ts';
import { lt } from '../../../src/core/incident/lead-texts.i18n.ts';
import { accessEntries } from '../../../src/infra/access/access-report.ts';
import { FakeSlack, type SlackCall } from '../slack/support/fake-slack.ts';
import { formBody, freshTrigger, postToSlackEndpoint, sample as slackSample } from '../slack/support/slack-requests.ts';
import { FakeBotConnector, buttonTitles, cardOf, cardText } from './support/fake-bot-connector.ts';
import { blockInternet, internetAttempts } from './support/no-internet.ts';
import { POLICE_CHANNEL, TENANT_A, executeInvoke, postActivity, sample } from './support/teams-activities.ts';
import { cardOnRecord } from './support/card-on-record.ts';
import { say } from '../../integration/support/harness.ts';

blockInternet();

const CONFIG = fileURLToPath(new URL('../../fixtures/teams/cross-platform.yaml', import.meta.url));
const SECRET = 'cross-platform-signing-secret';
const DAVE_AAD = '6b703ce3-6d14-4fe6-b90c-dc5f03657ae4';

const slackText = (call: SlackCall) => JSON.stringify(call.params.blocks ?? []) + String(call.params.text ?? '');

describe('one incident across Slack and Teams (PostgreSQL)', () => {
  let app: TestApp;
  let slack: FakeSlack;
  let connector: FakeBotConnector;

  beforeAll(async () => {
    slack = await new FakeSlack().start();
    slack.tokens.set('xoxb-home', { team: 'T0HOME', botUser: 'U0BOT', botId: 'B0BOT' });
    slack.users.set('U0ANNA', { locale: 'sv-SE' });
    connector = await new FakeBotConnector().start();
    app = await startTestApp('postgres', {
      env: {
        SAMBAND_CONFIG: CONFIG,
        SLACK_SIGNING_SECRET: SECRET, SLACK_BOT_TOKEN: 'xoxb-home', SLACK_API_URL: slack.apiUrl,
        SAMBAND_TEAMS: 'on', TEAMS_ALLOWED_TENANTS: TENANT_A,
      },
      wires: [wireSlack, teamsWire()],
    });
  }, 180_000);

  afterAll(async () => {
    await app?.stop();
    await connector?.stop();
    await slack?.stop();
  });

  it('registered in Slack -> card in the Teams channel -> acknowledged in Teams -> the Slack message shows it', async () => {
    // Dave has no personal chat with the bot yet (another test may have stored one), and only calls from now on count.
    const daves = (await app.db.prisma.teamsConversation.findMany())
      .filter((c) => (c.reference as { user?: { aadObjectId?: string } }).user?.aadObjectId === DAVE_AAD);
    await app.db.prisma.teamsConversation.deleteMany({ where: { conversationId: { in: daves.map((c) => c.conversationId) } } });
    const incidentsBefore = await app.db.prisma.incident.count();
    const [slackFrom, teamsFrom] = [slack.calls.length, connector.calls.length];
    const slackOf = (method: string) => slack.of(method).filter((c) => slack.calls.indexOf(c) >= slackFrom);
    const accepted = (kind: Parameters<FakeBotConnector['accepted']>[0], conversationId?: string) =>
      connector.accepted(kind, conversationId).filter((c) => connector.calls.indexOf(c) >= teamsFrom);
    // The bot is in the police team (Teams told it so when a member was added to the channel).
    expect((await postActivity(app.url, sample('conversationUpdate.teamMemberAdded-user.botbuilder-js-recording', connector.url))).status).toBe(200);

    // 1. Anna registers with a signed slash command in Slack.
    const command = {
      ...slackSample<Record<string, string | undefined>>('slash_command.bolt-python.json'),
      team_id: 'T0HOME', enterprise_id: undefined, enterprise_name: undefined, user_id: 'U0ANNA', command: '/incident',
      text: 'Rinkeby 2 stenkastning mot buss', trigger_id: freshTrigger(), response_url: slack.responseUrl('cross-1'),
    };
    expect((await postToSlackEndpoint(app.url, formBody(command), { secret: SECRET })).status).toBe(200);
    // Slack gets its ack at once; the command runs right after it and answers through the response_url.
    await slack.waitFor(() => slack.repliesTo(command.response_url)[0], 15_000);
    const incident = await app.db.prisma.incident.findUniqueOrThrow({ where: { requestKey: command.trigger_id } });
    const ref = formatIncidentRef(incident.year, incident.number);
    expect(incident.sourcePlatform).toBe('slack');

    // 2. The police get an Adaptive Card in their Teams channel, and Dave one in a personal chat the bot opens.
    const card = await connector.waitFor(() => accepted('send', POLICE_CHANNEL)[0], 15_000);
    expect(cardText(cardOf(card))).toContain(ref);
    expect(buttonTitles(cardOf(card))).toEqual([t('button.ack', 'sv'), t('button.responding', 'sv'), t('button.decline', 'sv')]);
    const created = await connector.waitFor(() => accepted('create')[0], 15_000);
    expect(created.body).toMatchObject({ isGroup: false, tenantId: TENANT_A, members: [{ id: DAVE_AAD }] });
    const personal = await connector.waitFor(() => accepted('send', created.createdId)[0], 15_000);
    expect(buttonTitles(cardOf(personal))).toEqual([t('button.ack', 'en'), t('button.responding', 'en'), t('button.decline', 'en')]);
    expect(await app.db.prisma.teamsConversation.findUnique({ where: { conversationId: created.createdId } }))
      .toMatchObject({ tenantId: TENANT_A, reference: { user: { aadObjectId: DAVE_AAD }, conversation: { conversationType: 'personal' } } });
    // Social Services' Slack channel has its Block Kit copy.
    const socialPost = await slack.waitFor(() => slackOf('chat.postMessage').find((c) => c.params.channel === 'C0SOCIAL'), 15_000);

    // 3. Dave acknowledges on the channel card (Action.Execute, from the police channel's thread of that card).
    await cardOnRecord(app.db, card);
    const invoke = executeInvoke(connector.url, cardOf(card)!.actions[0].data, card.createdId!);
    invoke.from = { id: '29:dave', name: 'Dave Taniguchi', aadObjectId: DAVE_AAD };
    invoke.conversation = { id: `${POLICE_CHANNEL};messageid=${card.createdId}`, conversationType: 'channel', isGroup: true, tenantId: TENANT_A };
    invoke.channelData = { tenant: { id: TENANT_A }, channel: { id: POLICE_CHANNEL }, source: { name: 'message' } };
    const answer = await postActivity(app.url, invoke);
    expect(answer.status).toBe(200);
    expect(buttonTitles(answer.body.value)).toEqual([t('button.responding', 'sv'), t('button.decline', 'sv'), lt('button.take_lead', 'sv')]);

    // 4. Slack: the Social Services message is updated in place, and Anna hears about it in her DM.
    const update = await slack.waitFor(() => slackOf('chat.update').find((c) => c.params.channel === 'C0SOCIAL'), 15_000);
    expect(update.params.ts).toBe(socialPost.response.ts);
    expect(slackText(update)).toMatch(/Polismyndigheten: Kvitterad \d\d:\d\d/);
    await slack.waitFor(() => slackOf('chat.postMessage').find((c) => c.params.channel === 'U0ANNA' && slackText(c).includes(ref) && slackText(c).includes('kvitterat')), 15_000);
    // ...and every Teams copy is updated too.
    await connector.waitFor(() => accepted('update', POLICE_CHANNEL)[0] && accepted('update', created.createdId)[0], 15_000);

    // One incident, one timeline: the registration from Slack and the acknowledgement from Teams, in order.
    expect(await app.db.prisma.incident.count()).toBe(incidentsBefore + 1);
    const timeline = await app.db.prisma.auditEvent.findMany({ where: { subjectType: 'incident', subjectId: ref }, orderBy: { seq: 'asc' } });
    expect(timeline.map((e) => [e.action, e.platform, e.actorId])).toEqual([
      ['incident.registered', 'slack', 'anna.lind'],
      ['incident.acknowledged', 'teams', 'dave.taniguchi'],
    ]);
    expect(internetAttempts).toEqual([]);
  });

  it('a status read in Slack and one in Teams each leave an entry in the read log, with surface and ground', async () => {
    // An incident of its own, registered through the core by Anna; its notifications delivered before the reads.
    const registered = await say(app, 'anna.lind', 'incident Rinkeby 2 stenkastning mot buss');
    const incident = await app.db.prisma.incident.findUniqueOrThrow({ where: { id: registered.incident!.id } });
    const ref = formatIncidentRef(incident.year, incident.number);
    await expect.poll(() => app.db.prisma.notification.count({ where: { incidentId: incident.id, status: { in: ['pending', 'sending'] } } }), { timeout: 15_000 }).toBe(0);
    const since = new Date(Date.now() - 1000);
    // Anna, the reporter, asks in Slack.
    const command = {
      ...slackSample<Record<string, string | undefined>>('slash_command.bolt-python.json'),
      team_id: 'T0HOME', enterprise_id: undefined, enterprise_name: undefined, user_id: 'U0ANNA', command: '/incident',
      text: `status ${incident.number}`, trigger_id: freshTrigger(), response_url: slack.responseUrl('cross-status'),
    };
    expect((await postToSlackEndpoint(app.url, formBody(command), { secret: SECRET })).status).toBe(200);
    await slack.waitFor(() => slack.repliesTo(command.response_url)[0], 15_000);
    // Dave, of a notified agency, asks in his personal chat in Teams.
    const ask = sample('message.personal.botbuilder-js-recording', connector.url);
    ask.id = 'status-read-1';
    ask.text = `status ${incident.number}`;
    ask.from = { id: '29:dave', name: 'Dave Taniguchi', aadObjectId: DAVE_AAD };
    ask.channelData = { tenant: { id: TENANT_A } };
    ask.conversation = { ...ask.conversation, tenantId: TENANT_A };
    expect((await postActivity(app.url, ask)).status).toBe(200);

    const entries = await accessEntries(app.db, { from: since, to: new Date(Date.now() + 1000) });
    const reads = entries.filter((e) => e.incidentRef === ref && e.fields.includes('description'));
    expect(reads).toEqual(expect.arrayContaining([
      expect.objectContaining({ personId: 'anna.lind', surface: 'slack', ground: 'reporter' }),
      expect.objectContaining({ personId: 'dave.taniguchi', surface: 'teams', ground: 'agency' }),
    ]));
  });
});
