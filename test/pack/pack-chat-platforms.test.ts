import { randomUUID } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../support/test-app.ts';
import { wireSlack } from '../../src/cli/wire-slack.ts';
import { teamsWire } from '../../src/cli/wire-teams.ts';
import { isoWeekOf } from '../../src/core/pack/iso-week.ts';
import { localDateOf } from '../../src/core/shift/local-time.ts';
import { ManualClock } from '../../src/core/ports/clock.port.ts';
import { SLACK_LIMITS } from '../../adapters/slack/slack-limits.ts';
import { MAX_CARD_BYTES } from '../../adapters/teams/card-render.ts';
import { FakeSlack, type SlackCall } from '../adapters/slack/support/fake-slack.ts';
import { formBody, freshTrigger, postToSlackEndpoint, sample as slackSample } from '../adapters/slack/support/slack-requests.ts';
import { FakeBotConnector, cardOf, cardText } from '../adapters/teams/support/fake-bot-connector.ts';
import { blockInternet } from '../adapters/teams/support/no-internet.ts';
import { POLICE_CHANNEL, TENANT_A, postActivity, sample } from '../adapters/teams/support/teams-activities.ts';

// `pack` through the real Bolt and botbuilder stacks: a supervisor asks in a room shared with other organisations and
// gets the pack privately (Slack: ephemeral; Teams: in a personal chat, with a pointer in the channel), with the
// actions by agency, the link to the printable page, and within each platform's limits.
blockInternet();

const CONFIG = fileURLToPath(new URL('../fixtures/pack/pack-chat.yaml', import.meta.url));
const SECRET = 'pack-chat-signing-secret';
const DAVE_AAD = '6b703ce3-6d14-4fe6-b90c-dc5f03657ae4';
const PUBLIC_URL = 'https://samband.example.org';

const slackText = (call: SlackCall) => JSON.stringify(call.params.blocks ?? []) + String(call.params.text ?? '');

describe('weekly pack in Slack and Teams (PGlite)', () => {
  let app: TestApp;
  let slack: FakeSlack;
  let connector: FakeBotConnector;
  let week: string;
  let n = 0;
  // Held at the test's start: incidents, actions and packs share one instant, whatever the wall clock does meanwhile
  // (Slack's request signatures are checked against it too, so it is the real time at the start).
  const clock = new ManualClock(new Date());

  beforeAll(async () => {
    slack = await new FakeSlack().start();
    slack.tokens.set('xoxb-home', { team: 'T0HOME', botUser: 'U0BOT', botId: 'B0BOT' });
    slack.users.set('U0MARIA', { locale: 'sv-SE' });
    slack.users.set('U0ANNA', { locale: 'sv-SE' });
    connector = await new FakeBotConnector().start();
    app = await startTestApp('postgres', {
      env: {
        SAMBAND_CONFIG: CONFIG, SAMBAND_PUBLIC_URL: PUBLIC_URL,
        SLACK_SIGNING_SECRET: SECRET, SLACK_BOT_TOKEN: 'xoxb-home', SLACK_API_URL: slack.apiUrl,
        SAMBAND_TEAMS: 'on', TEAMS_ALLOWED_TENANTS: TENANT_A,
      },
      wires: [wireSlack, teamsWire()],
      clock,
    });
    // The bot is in the police team.
    expect((await postActivity(app.url, sample('conversationUpdate.teamMemberAdded-user.botbuilder-js-recording', connector.url))).status).toBe(200);
    // Seven incidents in Rinkeby this week (more open ones than the pack names), two police actions, one overdue,
    // and one of Social Services (inserted as rows: the action commands are another helper's).
    for (let i = 0; i < 7; i += 1) {
      const outcome = await app.service.handle({ platform: 'slack', workspace: 'T0HOME', userId: 'U0ANNA', requestId: `reg-${i}`, input: { type: 'text', text: `incident Rinkeby 2 stenkastning ${i}` } });
      expect(outcome.replies[0].tone).toBe('success');
    }
    const incidents = await app.db.prisma.incident.findMany({ orderBy: { number: 'asc' } });
    week = isoWeekOf(localDateOf(incidents[0].createdAt, 'Europe/Stockholm'));
    const now = clock.now().getTime();
    const action = (seq: number, agencyId: string, due: Date | null) => ({
      id: randomUUID(), incidentId: incidents[0].id, seq, agencyId, text: 'hembesök', state: 'accepted' as const, proposedBy: 'maria.ekstrom',
      proposedAt: new Date(now - 10 * 60_000), answeredAt: new Date(now - 9 * 60_000), dueAt: due,
    });
    await app.db.prisma.agencyAction.createMany({ data: [action(1, 'polisen', new Date(now - 60_000)), action(2, 'polisen', null), action(3, 'socialtjansten', null)] });
  }, 180_000);

  afterAll(async () => {
    await app?.stop();
    await connector?.stop();
    await slack?.stop();
  });

  it('Slack: a supervisor asking in a shared room gets the pack ephemerally, with actions, link and within Block Kit limits', async () => {
    const command = {
      ...slackSample<Record<string, string | undefined>>('slash_command.bolt-python.json'),
      team_id: 'T0HOME', enterprise_id: undefined, enterprise_name: undefined, user_id: 'U0MARIA', channel_id: 'C0JOINT', command: '/incident',
      text: `veckopaket Järva ${week}`, trigger_id: freshTrigger(), response_url: slack.responseUrl(`pack-${++n}`),
    };
    expect((await postToSlackEndpoint(app.url, formBody(command), { secret: SECRET })).status).toBe(200);
    const reply = await slack.waitFor(() => slack.repliesTo(command.response_url)[0], 15_000);
    expect(reply.params.response_type).toBe('ephemeral');
    const shown = slackText(reply);
    expect(shown).toContain(`Veckopaket Järva, vecka ${week}`);
    expect(shown).toContain('Polismyndigheten: Öppna 2 · Försenade 1');
    expect(shown).toContain('Socialtjänsten: Öppna 1 · Försenade 0');
    // Slack's mrkdwn escaping of `&` (Slack shows it as `&`).
    expect(shown).toContain(`${PUBLIC_URL}/supervisor/pack?area=jarva&amp;week=${week}`);
    // Kept within Slack's limits: at most 50 blocks, every section's text and field within its maximum.
    const blocks = reply.params.blocks as Array<{ type: string; text?: { text: string }; fields?: Array<{ text: string }> }>;
    expect(blocks.length).toBeLessThanOrEqual(SLACK_LIMITS.messageBlocks);
    for (const block of blocks) {
      expect((block.text?.text ?? '').length).toBeLessThanOrEqual(SLACK_LIMITS.sectionText);
      for (const field of block.fields ?? []) expect(field.text.length).toBeLessThanOrEqual(SLACK_LIMITS.fieldText);
    }
    // Nothing of it was posted in the shared room for others to see.
    expect(slack.of('chat.postMessage').filter((c) => c.params.channel === 'C0JOINT' && slackText(c).includes('Veckopaket'))).toEqual([]);
  });

  it('Slack: a field worker is refused, and nothing is shown', async () => {
    const command = {
      ...slackSample<Record<string, string | undefined>>('slash_command.bolt-python.json'),
      team_id: 'T0HOME', enterprise_id: undefined, enterprise_name: undefined, user_id: 'U0ANNA', channel_id: 'C0SOCIAL', command: '/incident',
      text: 'pack Rinkeby', trigger_id: freshTrigger(), response_url: slack.responseUrl(`pack-${++n}`),
    };
    expect((await postToSlackEndpoint(app.url, formBody(command), { secret: SECRET })).status).toBe(200);
    const reply = await slack.waitFor(() => slack.repliesTo(command.response_url)[0], 15_000);
    expect(slackText(reply)).not.toContain('Veckopaket');
    expect(await app.db.prisma.auditEvent.count({ where: { action: 'access.denied', actorId: 'anna.lind' } })).toBe(1);
  });

  it('Teams: asked in a shared channel, the pack goes to the asker\'s personal chat as a card within the size limit', async () => {
    const activity = sample('message.channel-mention.botbuilder-js-recording', connector.url);
    activity.id = '1571689600999';
    activity.text = `<at>Integration Bot</at> pack Järva ${week.slice(-2)}`;
    activity.from = { id: '29:dave-account', name: 'Dave Taniguchi', aadObjectId: DAVE_AAD };
    activity.conversation = { isGroup: true, conversationType: 'channel', tenantId: TENANT_A, id: `${POLICE_CHANNEL};messageid=${activity.id}` };
    activity.channelData = { channel: { id: POLICE_CHANNEL, type: 'shared' }, team: { id: POLICE_CHANNEL }, tenant: { id: TENANT_A } };
    const createsBefore = connector.accepted('create').length;
    expect((await postActivity(app.url, activity)).status).toBe(200);
    const [inChannel] = connector.accepted('reply', POLICE_CHANNEL).filter((c) => c.activityId === activity.id);
    expect(cardText(cardOf(inChannel))).toBe('The answer was sent to you privately.');
    const create = await connector.waitFor(() => connector.accepted('create')[createsBefore]);
    expect(create.body).toMatchObject({ isGroup: false, tenantId: TENANT_A, members: [{ id: '29:dave-account' }] });
    const privately = await connector.waitFor(() => connector.accepted('send', create.createdId!)[0]);
    const text = cardText(cardOf(privately));
    expect(text).toContain(`Weekly pack Järva, week ${week}`);
    expect(text).toContain('Swedish Police Authority: Open 2 · Overdue 1');
    expect(text).toContain(`${PUBLIC_URL}/supervisor/pack?area=jarva&week=${week}`);
    expect(Buffer.byteLength(JSON.stringify(cardOf(privately)))).toBeLessThanOrEqual(MAX_CARD_BYTES);
    // The incidents the pack names are in the read log, as Dave's, on Teams.
    expect(await app.db.prisma.accessLog.count({ where: { personId: 'dave.taniguchi', surface: 'teams', fields: { equals: ['summary'] } } })).toBe(5);
  });
});
