import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../../support/test-app.ts';
import { wireSlack } from '../../../src/cli/wire-slack.ts';
import { teamsWire } from '../../../src/cli/wire-teams.ts';
import { ManualClock } from '../../../src/core/ports/clock.port.ts';
import { formatIncidentRef } from '../../../src/core/commands/incident-ref.ts';
import { FakeSlack, type SlackCall } from '../slack/support/fake-slack.ts';
import { formBody, freshTrigger, interactiveBody, postToSlackEndpoint, sample as slackSample } from '../slack/support/slack-requests.ts';
import { FakeBotConnector, buttonTitles, cardOf, cardText, type ConnectorCall } from './support/fake-bot-connector.ts';
import { blockInternet, internetAttempts } from './support/no-internet.ts';
import { until } from '../../support/until.ts';
import { POLICE_CHANNEL, TENANT_A, executeInvoke, postActivity, sample } from './support/teams-activities.ts';

// Agency actions through the real Bolt and botbuilder stacks: signed Slack requests (the fake Slack Web API records
// what was sent) and Bot Framework activities (the fake Bot Connector records the cards). A supervisor proposes in
// Slack, the police answer in Teams, Social Services in Slack; the lead agency proposes from Teams; unanswered
// actions escalate on the injected clock, to the police's backup room first, then to the supervisor.

blockInternet();

const CONFIG = fileURLToPath(new URL('../../fixtures/actions/actions-chat.yaml', import.meta.url));
const SECRET = 'actions-signing-secret';
const DAVE = { id: '29:dave', name: 'Dave Taniguchi', aadObjectId: '6b703ce3-6d14-4fe6-b90c-dc5f03657ae4' };
const START = new Date('2026-11-26T09:00:00Z');

const slackText = (call: SlackCall) => JSON.stringify(call.params.blocks ?? []) + String(call.params.text ?? '');
const slackButtons = (call: SlackCall) => ((call.params.blocks ?? []) as any[]).filter((b) => b.type === 'actions').flatMap((b) => b.elements);

describe('agency actions in Slack and Teams (PostgreSQL)', () => {
  let app: TestApp;
  let slack: FakeSlack;
  let connector: FakeBotConnector;
  const clock = new ManualClock(START);
  let number = 0;
  let ref = '';
  let n = 0;

  beforeAll(async () => {
    slack = await new FakeSlack().start();
    slack.tokens.set('xoxb-home', { team: 'T0HOME', botUser: 'U0BOT', botId: 'B0BOT' });
    connector = await new FakeBotConnector().start();
    app = await startTestApp('postgres', {
      clock,
      env: {
        SAMBAND_CONFIG: CONFIG,
        SLACK_SIGNING_SECRET: SECRET, SLACK_BOT_TOKEN: 'xoxb-home', SLACK_API_URL: slack.apiUrl,
        SAMBAND_TEAMS: 'on', TEAMS_ALLOWED_TENANTS: TENANT_A,
      },
      wires: [wireSlack, teamsWire()],
    });
    // The bot is in the police team (Teams told it so when a member was added to the channel).
    expect((await postActivity(app.url, sample('conversationUpdate.teamMemberAdded-user.botbuilder-js-recording', connector.url))).status).toBe(200);
  }, 180_000);

  afterAll(async () => {
    await app?.stop();
    await connector?.stop();
    await slack?.stop();
  });

  /** A signed `/incident <text>` from a Slack user; resolves with the ephemeral answer. */
  async function slash(user: string, text: string): Promise<SlackCall> {
    const body = {
      ...slackSample<Record<string, string | undefined>>('slash_command.bolt-python.json'),
      team_id: 'T0HOME', enterprise_id: undefined, enterprise_name: undefined, user_id: user, command: '/incident',
      text, trigger_id: freshTrigger(), response_url: slack.responseUrl(`actions-${++n}`),
    };
    expect((await postToSlackEndpoint(app.url, formBody(body), { secret: SECRET })).status).toBe(200);
    return slack.waitFor(() => slack.repliesTo(body.response_url)[0], 15_000, `the answer to "${text}"`);
  }

  /** Slack's block_actions sample, as if `user` pressed `button` on `message`; resolves with the request body. */
  async function pressInSlack(user: string, message: SlackCall, button: any) {
    const body = slackSample<Record<string, any>>('block_actions.button.bolt-python.json');
    body.user = { id: user, username: user, name: user, team_id: 'T0HOME' };
    body.team = { id: 'T0HOME', domain: 'home' };
    body.channel = { id: message.params.channel, name: 'agency' };
    body.container = { type: 'message', message_ts: message.response.ts, channel_id: message.params.channel, is_ephemeral: false };
    body.trigger_id = freshTrigger();
    body.response_url = slack.responseUrl(`press-${++n}`);
    body.actions = [{ ...button, block_id: 'samband.actions.0', type: 'button', action_ts: '1700000000.000001' }];
    expect((await postToSlackEndpoint(app.url, interactiveBody(body), { secret: SECRET })).status).toBe(200);
    return body;
  }

  /** Dave presses `data` on the card `card` (Action.Execute) in the conversation the card is in. */
  async function pressInTeams(card: ConnectorCall, data: unknown, conversation: { id: string; conversationType: string }) {
    // The connector answers the send before the worker records the answer's id on the outbox row; the press finds
    // the card through that row, so wait until it is on record (pressing earlier is the race that made this flaky).
    await until(`the outbox row of Teams message ${card.createdId}`, async () =>
      (await app.db.prisma.notification.count({ where: { platform: 'teams', platformMessageId: card.createdId! } })) > 0);
    const invoke = executeInvoke(connector.url, data, card.createdId!);
    invoke.from = DAVE;
    invoke.conversation = { ...conversation, isGroup: conversation.conversationType === 'channel', tenantId: TENANT_A };
    invoke.channelData = { tenant: { id: TENANT_A }, ...(conversation.conversationType === 'channel' ? { channel: { id: POLICE_CHANNEL } } : {}), source: { name: 'message' } };
    const answer = await postActivity(app.url, invoke);
    expect(answer.status).toBe(200);
    return answer;
  }

  const action = (seq: number) => app.db.prisma.agencyAction.findFirstOrThrow({ where: { incident: { number }, seq } });
  const posted = (channel: string, needle: string) => slack.waitFor(
    () => slack.of('chat.postMessage').find((c) => c.params.channel === channel && slackText(c).includes(needle)), 15_000, `a post in ${channel} with "${needle}"`,
  );

  it('a supervisor proposes in Slack; the police get a card with Accept and Decline in their channel and on-duty chat', async () => {
    await slash('U0ANNA', 'Rinkeby 2 stenkastning mot buss');
    const incident = await app.db.prisma.incident.findFirstOrThrow();
    number = incident.number;
    ref = formatIncidentRef(incident.year, incident.number);

    const answer = await slash('U0MARIA', `åtgärd ${number} polisen öka patrulleringen vid torget senast imorgon 18:00`);
    expect(slackText(answer)).toContain(`Åtgärd ${ref}/1 föreslagen för Polismyndigheten`);
    const card = await connector.waitFor(() => connector.accepted('send', POLICE_CHANNEL).find((c) => cardText(cardOf(c)).includes(`${ref}/1`)), 15_000);
    expect(cardText(cardOf(card))).toContain('öka patrulleringen vid torget');
    expect(buttonTitles(cardOf(card))).toEqual(['Acceptera', 'Avböj']);
    // Dave is on duty: his personal chat gets it too, in English.
    const created = await connector.waitFor(() => connector.accepted('create')[0], 15_000);
    const personal = await connector.waitFor(() => connector.accepted('send', created.createdId).find((c) => cardText(cardOf(c)).includes(`${ref}/1`)), 15_000);
    expect(buttonTitles(cardOf(personal))).toEqual(['Accept', 'Decline']);
  });

  it('Dave accepts in Teams; the card turns to Done, Maria hears in Slack; then Dave marks it done', async () => {
    const card = connector.accepted('send', POLICE_CHANNEL).find((c) => cardText(cardOf(c)).includes(`${ref}/1`))!;
    const conversation = { id: `${POLICE_CHANNEL};messageid=${card.createdId}`, conversationType: 'channel' };
    const accepted = await pressInTeams(card, cardOf(card)!.actions[0].data, conversation);
    expect(buttonTitles(accepted.body.value)).toEqual(['Klar']);
    expect(cardText(accepted.body.value)).toMatch(/Accepterad av Dave Taniguchi/);
    expect(await action(1)).toMatchObject({ state: 'accepted', answeredBy: 'dave.taniguchi' });
    await posted('U0MARIA', `Polismyndigheten har accepterat åtgärd ${ref}/1 (Dave Taniguchi)`);
    await connector.waitFor(() => connector.accepted('update', POLICE_CHANNEL).find((c) => cardText(cardOf(c)).includes('Accepterad av')), 15_000);

    const done = await pressInTeams(card, accepted.body.value.actions[0].data, conversation);
    expect(buttonTitles(done.body.value)).toEqual([]);
    expect(await action(1)).toMatchObject({ state: 'done', doneBy: 'dave.taniguchi' });
    await posted('U0MARIA', `Polismyndigheten har gjort klart åtgärd ${ref}/1`);
  });

  it('Social Services decline in Slack with a reason in a modal; the shared room never shows the text', async () => {
    await slash('U0MARIA', `action ${number} socialtjänsten ring vårdnadshavarna`);
    const room = await posted('C0SOCIAL', `${ref}/2`);
    expect(slackText(room)).toContain('ring vårdnadshavarna');
    expect(slackButtons(room).map((b: any) => b.text.text)).toEqual(['Acceptera', 'Avböj']);
    const shared = await posted('C0JOINT', `${ref}/2`);
    expect(slackText(shared)).not.toContain('vårdnadshavarna');
    expect(slackText(shared)).toContain('Texten visas inte här');

    const pressed = await pressInSlack('U0EVA', room, slackButtons(room).find((b: any) => b.text.text === 'Avböj'));
    const open = await slack.waitFor(() => slack.of('views.open').find((c) => c.params.trigger_id === pressed.trigger_id), 15_000);
    const view = open.params.view;
    expect(view.blocks[0].label.text).toBe('Varför avböjer ni?');
    expect((await action(2)).state).toBe('proposed');
    const submission = slackSample<Record<string, any>>('view_submission.bolt-python.json');
    submission.team = { id: 'T0HOME', domain: 'home' };
    submission.user = { id: 'U0EVA', team_id: 'T0HOME' };
    submission.trigger_id = freshTrigger();
    submission.view = { ...submission.view, callback_id: view.callback_id, private_metadata: view.private_metadata, blocks: view.blocks,
      state: { values: { reason: { reason: { type: 'plain_text_input', value: 'skolan har redan ringt' } } } } };
    expect((await postToSlackEndpoint(app.url, interactiveBody(submission), { secret: SECRET })).status).toBe(200);
    const reply = await slack.waitFor(() => slack.repliesTo(pressed.response_url)[0], 15_000);
    expect(slackText(reply)).toContain(`Åtgärd ${ref}/2 är avböjd för Socialtjänsten`);
    expect(await action(2)).toMatchObject({ state: 'declined', declineReason: 'skolan har redan ringt', answeredBy: 'eva.lundqvist' });
    await posted('U0MARIA', 'skolan har redan ringt');
    // Every copy is replaced: no buttons left, and the shared room still shows no reason.
    const updates = await slack.waitFor(() => {
      const found = slack.of('chat.update').filter((c) => slackText(c).includes(`${ref}/2`));
      return found.length >= 2 && found;
    }, 15_000);
    expect(updates.every((u) => slackButtons(u).length === 0)).toBe(true);
    expect(slackText(updates.find((u) => u.params.channel === 'C0JOINT')!)).not.toContain('skolan');
  });

  it('the lead agency proposes from Teams; Social Services accept and finish it typed in Slack; Dave declines with a reason on his card', async () => {
    const typed = (text: string) => {
      const ask = sample('message.personal.botbuilder-js-recording', connector.url);
      ask.id = `typed-${++n}`;
      ask.text = text;
      ask.from = DAVE;
      ask.channelData = { tenant: { id: TENANT_A } };
      ask.conversation = { ...ask.conversation, tenantId: TENANT_A };
      return ask;
    };
    // Not lead agency yet: refused.
    expect((await postActivity(app.url, typed(`action ${number} socialtjansten kontakta fritidsgården`))).status).toBe(200);
    await app.settled();
    expect(await app.db.prisma.agencyAction.count()).toBe(2);
    await app.db.prisma.incident.update({ where: { number }, data: { leadAgencyId: 'polisen' } });
    expect((await postActivity(app.url, typed(`action ${number} socialtjansten kontakta fritidsgården`))).status).toBe(200);
    await app.settled();
    const room = await posted('C0SOCIAL', `${ref}/3`);
    expect(slackText(room)).toContain('Föreslagen av Dave Taniguchi');
    expect(slackText(await slash('U0EVA', `åtgärd acceptera ${number}/3`))).toContain('accepterad');
    expect(slackText(await slash('U0EVA', `åtgärd klar ${number}/3 pratat med personalen`))).toContain('klar');
    expect(await action(3)).toMatchObject({ state: 'done', doneNote: 'pratat med personalen' });

    await slash('U0MARIA', `action ${number} polisen bevaka skolgården`);
    const created = connector.accepted('create')[0];
    const personal = await connector.waitFor(() => connector.accepted('send', created.createdId).find((c) => cardText(cardOf(c)).includes(`${ref}/4`)), 15_000);
    const decline = cardOf(personal)!.actions.find((a: any) => a.title === 'Decline');
    expect(decline.type).toBe('Action.ShowCard');
    const submit = decline.card.actions[0];
    await pressInTeams(personal, { ...submit.data, sambandReason: 'no patrol free tonight' }, { id: created.createdId!, conversationType: 'personal' });
    expect(await action(4)).toMatchObject({ state: 'declined', declineReason: 'no patrol free tonight', answeredBy: 'dave.taniguchi' });
    await posted('U0MARIA', 'no patrol free tonight');
  });

  it('escalates unanswered actions on the clock: the police\'s backup room first, then the supervisor; by-reference rooms see no text', async () => {
    await slash('U0MARIA', `action ${number} polisen dörrknacka i trapphusen`);
    await slash('U0MARIA', `action ${number} skolan informera föräldrarna`);
    const school = await posted('C0SCHOOL', `${ref}/6`);
    expect(slackText(school)).not.toContain('föräldrarna');
    const job = app.jobs.find((j) => j.name === 'action.escalation')!;

    clock.advanceMinutes(14);
    expect(await job.runOnce()).toBe(0);
    clock.advanceMinutes(2);
    // The police action to its backup room; the schools have no backup, so their action goes to the supervisor.
    expect(await job.runOnce()).toBe(2);
    const backup = await posted('C0POLBACKUP', `${ref}/5`);
    expect(slackText(backup)).toContain('Försenad åtgärd');
    expect(slackText(backup)).toContain('dörrknacka i trapphusen');
    expect(slackButtons(backup).map((b: any) => b.text.text)).toEqual(['Acceptera', 'Avböj']);
    await posted('U0MARIA', `Försenad åtgärd ${ref}/6`);
    expect(await action(5)).toMatchObject({ escalationLevel: 1 });

    clock.advanceMinutes(16);
    expect(await job.runOnce()).toBe(1);
    const supervisor = await posted('U0MARIA', `Försenad åtgärd ${ref}/5`);
    expect(slackText(supervisor)).toContain(`Polismyndigheten har inte svarat på åtgärd ${ref}/5`);
    expect(await action(5)).toMatchObject({ escalationLevel: 2, nextEscalationAt: null });
    clock.advanceMinutes(60);
    expect(await job.runOnce()).toBe(0);
    const escalated = await app.db.prisma.auditEvent.findMany({ where: { action: 'action.escalated', subjectId: ref }, orderBy: { seq: 'asc' } });
    expect(escalated.map((e) => [(e.after as any).actionRef, (e.after as any).escalationLevel])).toEqual([
      [`${ref}/5`, 1], [`${ref}/6`, 2], [`${ref}/5`, 2],
    ]);
    expect(internetAttempts).toEqual([]);
  });

  it('bad input in Slack and Teams gets a clear answer and writes nothing', async () => {
    const before = await app.db.prisma.agencyAction.count();
    const audit = await app.db.prisma.auditEvent.count();
    expect(slackText(await slash('U0MARIA', `action ${number} brandkåren släck`))).toContain('Okänd myndighet "brandkåren"');
    expect(slackText(await slash('U0MARIA', 'action accept 42/x'))).toContain('"42/x" är ingen åtgärd');
    expect(slackText(await slash('U0MARIA', `action ${number} polisen x senast 2026-02-30`))).toContain('"2026-02-30" är inget datum');
    const ask = sample('message.personal.botbuilder-js-recording', connector.url);
    ask.id = `bad-${++n}`;
    ask.text = 'action done 7/y';
    ask.from = DAVE;
    ask.channelData = { tenant: { id: TENANT_A } };
    ask.conversation = { ...ask.conversation, tenantId: TENANT_A };
    expect((await postActivity(app.url, ask)).status).toBe(200);
    const answer = await connector.waitFor(() => connector.accepted('reply', ask.conversation.id).find((c) => JSON.stringify(c.body).includes('7/y')), 15_000);
    expect(JSON.stringify(answer.body)).toContain('is not an action');
    await app.settled();
    expect(await app.db.prisma.agencyAction.count()).toBe(before);
    expect(await app.db.prisma.auditEvent.count()).toBe(audit);
  });
});
