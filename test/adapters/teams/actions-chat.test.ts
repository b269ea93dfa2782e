import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { outboxSettled, type TestApp } from '../../support/test-app.ts';
import { ManualClock } from '../../../src/core/ports/clock.port.ts';
import { formatIncidentRef } from '../../../src/core/commands/incident-ref.ts';
import type { FakeSlack, SlackCall } from '../slack/support/fake-slack.ts';
import { buttonTitles, cardOf, cardText, type ConnectorCall, type FakeBotConnector } from './support/fake-bot-connector.ts';
import { blockInternet, internetAttempts } from './support/no-internet.ts';
import { POLICE_CHANNEL, TENANT_A, postActivity, sample } from './support/teams-activities.ts';
import {
  DAVE, channelOf, pressInSlack as pressInSlackOf, pressInTeams as pressInTeamsOf, slackButtons, slackText, slash as slashOf, useChatRig, submitModal,
} from '../../integration/support/chat-harness.ts';

// Agency actions through the real Bolt and botbuilder stacks: signed Slack requests (the fake Slack Web API records
// what was sent) and Bot Framework activities (the fake Bot Connector records the cards). A supervisor proposes in
// Slack, the police answer in Teams, Social Services in Slack; the lead agency proposes from Teams; unanswered
// actions escalate on the injected clock, to the police's backup room first, then to the supervisor.

blockInternet();

const CONFIG = fileURLToPath(new URL('../../fixtures/actions/actions-chat.yaml', import.meta.url));
const SECRET = 'actions-signing-secret';
const START = new Date('2026-11-26T09:00:00Z');

describe('agency actions in Slack and Teams (PostgreSQL)', () => {
  const clock = new ManualClock(START);
  const rig = useChatRig('postgres', { config: CONFIG, secret: SECRET, clock });
  let app: TestApp;
  let slack: FakeSlack;
  let connector: FakeBotConnector;
  let number = 0;
  let ref = '';
  let n = 0;

  beforeAll(() => {
    ({ app, slack, connector } = rig);
  });

  const slash = (user: string, text: string) => slashOf(rig, user, text);
  const pressInSlack = (user: string, message: SlackCall, button: any) => pressInSlackOf(rig, user, message, button);
  const pressInTeams = (card: ConnectorCall, data: unknown, conversation?: { id: string; conversationType: string }) =>
    pressInTeamsOf(rig, card, data, conversation);

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
    const conversation = channelOf(card);
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
    await submitModal(rig, 'U0EVA', view, 'skolan har redan ringt');
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
    // The earlier tests' messages are delivered first: each delivery is an audit entry of its own.
    await outboxSettled(app);
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
