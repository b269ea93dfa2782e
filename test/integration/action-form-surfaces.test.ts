import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import type { TestApp } from '../support/test-app.ts';
import { at } from '../../src/core/action/action.i18n.ts';
import { lt } from '../../src/core/incident/lead-texts.i18n.ts';
import type { FakeSlack, SlackCall } from '../adapters/slack/support/fake-slack.ts';
import { buttonTitles, cardOf, cardText, type FakeBotConnector } from '../adapters/teams/support/fake-bot-connector.ts';
import { blockInternet } from '../adapters/teams/support/no-internet.ts';
import { REASON_INPUT_ID } from '../../adapters/teams/card-data.ts';
import { POLICE_CHANNEL } from '../adapters/teams/support/teams-activities.ts';
import { cardOnRecord } from '../adapters/teams/support/card-on-record.ts';
import {
  lastUpdate as lastUpdateOf, pressInSlack, pressInTeams, registerAndCollect, slackButtons, slackText, slash as slashOf, useChatRig,
  submitModal, type Copies,
} from './support/chat-harness.ts';

blockInternet();

/**
 * "Propose action" on the incident card (issue 13): shown on the lead agency's copies and to supervisors; its form
 * field is read like a typed proposal (`<agency> <text> [due <date>]`), in the core. Driven through signed Slack
 * requests (the fake Slack records the modal), Bot Framework activities (the fake Bot Connector records the cards).
 */
const CONFIG = fileURLToPath(new URL('../fixtures/lead/lead-deployment.yaml', import.meta.url));
const SECRET = 'action-form-signing-secret';
const PROPOSE_SV = at('button.propose', 'sv');

describe('"Propose action" button and form (Slack, Teams)', () => {
  const rig = useChatRig('postgres', { config: CONFIG, secret: SECRET, web: true, swedishUsers: ['U0ANNA', 'U0KARIN', 'U0MARIA'] });
  let app: TestApp;
  let slack: FakeSlack;
  let connector: FakeBotConnector;

  const slash = async (user: string, text: string) => slackText(await slashOf(rig, user, text));
  /** One incident of the test's own, with the first Slack copies and the police channel's Teams card. */
  async function register(description: string): Promise<Copies> {
    const copies = await registerAndCollect(rig, description);
    // The press finds the card through its outbox row: wait until the card's Teams id is on record.
    await cardOnRecord(rig.app.db, copies.policeCard);
    return copies;
  }
  const lastUpdate = (copies: Copies, channel: string) => lastUpdateOf(rig, copies, channel);
  const proposeOn = (update: SlackCall | undefined) => !!update && slackButtons(update).some((b: any) => b.text.text === PROPOSE_SV);
  /** Dave presses a button of the police channel's card (Action.Execute), with what he typed in its form if any. */
  const press = (copies: Copies, data: Record<string, unknown>) => pressInTeams(rig, copies.policeCard, data);
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

  beforeAll(() => {
    ({ app, slack, connector } = rig);
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
    const pressed = await pressInSlack(rig, 'U0KARIN', copies.posts.C0SOCIAL, button);
    const open = await slack.waitFor(() => slack.of('views.open').find((c) => c.params.trigger_id === pressed.trigger_id), 15_000);
    const view = open.params.view;
    // The field names the incident's agencies by id, as they are typed.
    expect(view.blocks[0].label.text).toMatch(/^Myndighet \(.*polisen.*\), åtgärd och ev\. senast-datum$/);
    expect(await app.db.prisma.agencyAction.count({ where: { incident: { number } } })).toBe(0);

    await submitModal(rig, 'U0KARIN', view, 'polisen öka patrulleringen vid torget senast imorgon 18:00');
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
