import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../support/test-app.ts';
import { until } from '../support/until.ts';
import { wireSlack } from '../../src/cli/wire-slack.ts';
import { teamsWire } from '../../src/cli/wire-teams.ts';
import { wireWeb } from '../../src/cli/wire-web.ts';
import { formatIncidentRef } from '../../src/core/commands/incident-ref.ts';
import { at } from '../../src/core/action/action.i18n.ts';
import { lt } from '../../src/core/incident/lead-texts.i18n.ts';
import { FakeSlack, type SlackCall } from '../adapters/slack/support/fake-slack.ts';
import { formBody, freshTrigger, interactiveBody, postToSlackEndpoint, sample as slackSample } from '../adapters/slack/support/slack-requests.ts';
import { FakeBotConnector, buttonTitles, cardOf, cardText, type ConnectorCall } from '../adapters/teams/support/fake-bot-connector.ts';
import { blockInternet } from '../adapters/teams/support/no-internet.ts';
import { REASON_INPUT_ID } from '../../adapters/teams/card-data.ts';
import { POLICE_CHANNEL, TENANT_A, executeInvoke, postActivity, sample } from '../adapters/teams/support/teams-activities.ts';

blockInternet();

/**
 * "Propose action" on the incident card (issue 13): shown on the lead agency's copies and to supervisors; its form
 * field is read like a typed proposal (`<agency> <text> [due <date>]`), in the core. Driven through signed Slack
 * requests (the fake Slack records the modal), Bot Framework activities (the fake Bot Connector records the cards).
 */
const CONFIG = fileURLToPath(new URL('../fixtures/lead/lead-deployment.yaml', import.meta.url));
const SECRET = 'action-form-signing-secret';
const DAVE_AAD = '6b703ce3-6d14-4fe6-b90c-dc5f03657ae4';
const PROPOSE_SV = at('button.propose', 'sv');

const slackText = (call: SlackCall) => JSON.stringify(call.params.blocks ?? []) + String(call.params.text ?? '');
const slackButtons = (call: SlackCall) => ((call.params.blocks ?? []) as any[]).filter((b) => b.type === 'actions').flatMap((b) => b.elements);

describe('"Propose action" button and form (Slack, Teams)', () => {
  let app: TestApp;
  let slack: FakeSlack;
  let connector: FakeBotConnector;
  let n = 0;

  interface Copies { ref: string; number: number; posts: Record<string, SlackCall>; policeCard: ConnectorCall }

  const slash = async (user: string, text: string) => {
    const body = {
      ...slackSample<Record<string, string | undefined>>('slash_command.bolt-python.json'),
      team_id: 'T0HOME', enterprise_id: undefined, enterprise_name: undefined, user_id: user, command: '/incident',
      text, trigger_id: freshTrigger(), response_url: slack.responseUrl(`form-${++n}`),
    };
    expect((await postToSlackEndpoint(app.url, formBody(body), { secret: SECRET })).status).toBe(200);
    return slackText(await slack.waitFor(() => slack.repliesTo(body.response_url)[0], 15_000));
  };
  /** One incident of the test's own, with the first Slack copies and the police channel's Teams card. */
  async function register(description: string): Promise<Copies> {
    await slash('U0ANNA', `Rinkeby 2 ${description}`);
    const incident = await app.db.prisma.incident.findFirstOrThrow({ where: { description }, orderBy: { number: 'desc' } });
    const ref = formatIncidentRef(incident.year, incident.number);
    const posts: Record<string, SlackCall> = {};
    for (const channel of ['C0SOCIAL', 'C0FIRE', 'C0JOINT']) {
      posts[channel] = await slack.waitFor(() => slack.of('chat.postMessage').find((c) => c.params.channel === channel && slackText(c).includes(ref)), 15_000);
    }
    const policeCard = await connector.waitFor(() => connector.accepted('send', POLICE_CHANNEL).find((c) => cardText(cardOf(c)).includes(ref)), 15_000);
    // The press finds the card through its outbox row: wait until the card's Teams id is on record.
    await until('the police card on record', async () =>
      (await app.db.prisma.notification.count({ where: { platform: 'teams', platformMessageId: policeCard.createdId! } })) > 0);
    return { ref, number: incident.number, posts, policeCard };
  }
  const lastUpdate = (copies: Copies, channel: string) => slack.of('chat.update')
    .filter((c) => c.params.channel === channel && c.params.ts === copies.posts[channel].response.ts).at(-1);
  const proposeOn = (update: SlackCall | undefined) => !!update && slackButtons(update).some((b: any) => b.text.text === PROPOSE_SV);
  /** Dave presses a button of the police channel's card (Action.Execute), with what he typed in its form if any. */
  const press = async (copies: Copies, data: Record<string, unknown>) => {
    const invoke = executeInvoke(connector.url, data, copies.policeCard.createdId!);
    invoke.from = { id: '29:dave', name: 'Dave Taniguchi', aadObjectId: DAVE_AAD };
    invoke.conversation = { id: `${POLICE_CHANNEL};messageid=${copies.policeCard.createdId}`, conversationType: 'channel', isGroup: true, tenantId: TENANT_A };
    invoke.channelData = { tenant: { id: TENANT_A }, channel: { id: POLICE_CHANNEL }, source: { name: 'message' } };
    const answer = await postActivity(app.url, invoke);
    expect(answer.status).toBe(200);
    return answer;
  };
  /** Dave acknowledges and takes the lead on the police card; returns the card after, with its propose form. */
  async function daveLeads(copies: Copies): Promise<Record<string, any>> {
    expect(buttonTitles(cardOf(copies.policeCard))).not.toContain(PROPOSE_SV);
    const acknowledged = await press(copies, cardOf(copies.policeCard)!.actions[0].data);
    const take = acknowledged.body.value.actions.find((a: { title: string }) => a.title === lt('button.take_lead', 'sv'));
    return (await press(copies, take.data)).body.value;
  }
  /** The propose form of a Teams card: the send button's data with `typed` in the form's own field. */
  function proposeData(card: Record<string, any>, typed: string): Record<string, unknown> {
    const form = card.actions.find((a: { title: string }) => a.title === PROPOSE_SV);
    expect(form.type).toBe('Action.ShowCard');
    const input = form.card.body[0];
    expect(input.type).toBe('Input.Text');
    expect(input.label).toMatch(/^Myndighet \(.*socialtjansten.*\), åtgärd och ev\. senast-datum$/);
    return { ...form.card.actions[0].data, [REASON_INPUT_ID]: '', [input.id]: typed };
  }

  beforeAll(async () => {
    slack = await new FakeSlack().start();
    slack.tokens.set('xoxb-home', { team: 'T0HOME', botUser: 'U0BOT', botId: 'B0BOT' });
    for (const user of ['U0ANNA', 'U0KARIN', 'U0MARIA']) slack.users.set(user, { locale: 'sv-SE' });
    connector = await new FakeBotConnector().start();
    app = await startTestApp('pglite', {
      env: {
        SAMBAND_CONFIG: CONFIG, SLACK_SIGNING_SECRET: SECRET, SLACK_BOT_TOKEN: 'xoxb-home', SLACK_API_URL: slack.apiUrl,
        SAMBAND_TEAMS: 'on', TEAMS_ALLOWED_TENANTS: TENANT_A,
      },
      wires: [wireWeb, wireSlack, teamsWire()],
    });
    expect((await postActivity(app.url, sample('conversationUpdate.teamMemberAdded-user.botbuilder-js-recording', connector.url))).status).toBe(200);
  }, 180_000);

  afterAll(async () => {
    await app?.stop();
    await connector?.stop();
    await slack?.stop();
  });

  it('Slack: the lead agency\'s copy offers "Föreslå åtgärd"; its modal\'s text becomes the proposal, and the police get it in Teams', async () => {
    const copies = await register('skadegörelse vid torget');
    const { ref, number } = copies;
    expect(slackButtons(copies.posts.C0SOCIAL).map((b: any) => b.text.text)).not.toContain(PROPOSE_SV);
    expect(await slash('U0MARIA', `lead ${number} socialtjänsten`)).toContain('leder nu arbetet');
    const social = await slack.waitFor(() => { const u = lastUpdate(copies, 'C0SOCIAL'); return proposeOn(u) && u; }, 15_000);
    // Only the lead agency's own copy: not the by-reference fire brigade's, not the shared room's.
    await slack.waitFor(() => lastUpdate(copies, 'C0FIRE') && lastUpdate(copies, 'C0JOINT'), 15_000);
    expect(proposeOn(lastUpdate(copies, 'C0FIRE'))).toBe(false);
    expect(proposeOn(lastUpdate(copies, 'C0JOINT'))).toBe(false);

    const button = slackButtons(social).find((b: any) => b.text.text === PROPOSE_SV);
    const pressed = slackSample<Record<string, any>>('block_actions.button.bolt-python.json');
    pressed.user = { id: 'U0KARIN', username: 'karin', name: 'karin', team_id: 'T0HOME' };
    pressed.team = { id: 'T0HOME', domain: 'home' };
    pressed.channel = { id: 'C0SOCIAL', name: 'social' };
    pressed.container = { type: 'message', message_ts: copies.posts.C0SOCIAL.response.ts, channel_id: 'C0SOCIAL', is_ephemeral: false };
    pressed.trigger_id = freshTrigger();
    pressed.response_url = slack.responseUrl('propose-button');
    pressed.actions = [{ ...button, block_id: 'samband.actions.0', type: 'button', action_ts: '1700000000.000001' }];
    expect((await postToSlackEndpoint(app.url, interactiveBody(pressed), { secret: SECRET })).status).toBe(200);
    const open = await slack.waitFor(() => slack.of('views.open').find((c) => c.params.trigger_id === pressed.trigger_id), 15_000);
    const view = open.params.view;
    // The field names the incident's agencies by id, as they are typed.
    expect(view.blocks[0].label.text).toMatch(/^Myndighet \(.*polisen.*\), åtgärd och ev\. senast-datum$/);
    expect(await app.db.prisma.agencyAction.count({ where: { incident: { number } } })).toBe(0);

    const submission = slackSample<Record<string, any>>('view_submission.bolt-python.json');
    submission.team = { id: 'T0HOME', domain: 'home' };
    submission.user = { id: 'U0KARIN', team_id: 'T0HOME' };
    submission.trigger_id = freshTrigger();
    submission.view = { ...submission.view, callback_id: view.callback_id, private_metadata: view.private_metadata, blocks: view.blocks,
      state: { values: { reason: { reason: { type: 'plain_text_input', value: 'polisen öka patrulleringen vid torget senast imorgon 18:00' } } } } };
    expect((await postToSlackEndpoint(app.url, interactiveBody(submission), { secret: SECRET })).status).toBe(200);
    const reply = await slack.waitFor(() => slack.repliesTo(pressed.response_url)[0], 15_000);
    expect(slackText(reply)).toContain(`Åtgärd ${ref}/1 föreslagen för Polismyndigheten`);
    const row = await app.db.prisma.agencyAction.findFirstOrThrow({ where: { incident: { number }, seq: 1 } });
    expect(row).toMatchObject({ agencyId: 'polisen', text: 'öka patrulleringen vid torget', proposedBy: 'karin.dahl', state: 'proposed' });
    expect(row.dueAt).not.toBeNull();
    // The police get the proposal on their Teams channel, with Accept and Decline.
    const card = await connector.waitFor(() => connector.accepted('send', POLICE_CHANNEL).find((c) => cardText(cardOf(c)).includes(`${ref}/1`)), 15_000);
    expect(cardText(cardOf(card))).toContain('öka patrulleringen vid torget');
    expect(buttonTitles(cardOf(card))).toEqual(['Acceptera', 'Avböj']);
  });

  it('Teams: the lead agency\'s card has the form; the proposal reaches Social Services in Slack', async () => {
    const copies = await register('hot mot butikspersonal');
    const { ref, number } = copies;
    const card = await daveLeads(copies);
    expect(buttonTitles(card)).toContain(PROPOSE_SV);
    // The pressed card comes back as it was (the proposal is a message of its own); the row is what changed.
    await press(copies, proposeData(card, 'socialtjänsten ring familjen'));
    const row = await app.db.prisma.agencyAction.findFirstOrThrow({ where: { incident: { number }, seq: 1 } });
    expect(row).toMatchObject({ agencyId: 'socialtjansten', text: 'ring familjen', proposedBy: 'dave.taniguchi', dueAt: null });
    const audit = await app.db.prisma.auditEvent.count({ where: { action: 'action.proposed', subjectId: ref } });
    expect(audit).toBe(1);
    const room = await slack.waitFor(() => slack.of('chat.postMessage').find((c) => c.params.channel === 'C0SOCIAL' && slackText(c).includes(`${ref}/1`)), 15_000);
    expect(slackText(room)).toContain('ring familjen');
  });

  it('bad input in the form (no agency, no text, a bad date, empty) gets a clear answer and writes nothing', async () => {
    const copies = await register('inbrott i förråd');
    const { number } = copies;
    const card = await daveLeads(copies);
    await app.settled();
    const counts = async () => ({
      actions: await app.db.prisma.agencyAction.count({ where: { incident: { number } } }),
      audit: await app.db.prisma.auditEvent.count({ where: { action: { startsWith: 'action.' } } }),
    });
    const before = await counts();
    const said = async (typed: string) => JSON.stringify((await press(copies, proposeData(card, typed))).body);
    expect(await said('brandkåren släck')).toContain('Okänd myndighet \\"brandkåren\\"');
    // The card escapes what it shows: the usage `<myndighet> <text> …` arrives as &lt;myndighet&gt; &lt;text&gt; ….
    const usage = 'Så här: &lt;myndighet&gt; &lt;text&gt;';
    expect(await said('polisen')).toContain(usage);
    expect(await said('')).toContain(usage);
    expect(await said('polisen bevaka senast 2026-02-30')).toContain('\\"2026-02-30\\" är inget datum');
    await app.settled();
    expect(await counts()).toEqual(before);
  });
});
