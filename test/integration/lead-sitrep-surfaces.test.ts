import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import type { TestApp } from '../support/test-app.ts';
import { until } from '../support/until.ts';
import { lt } from '../../src/core/incident/lead-texts.i18n.ts';
import type { FakeSlack, SlackCall } from '../adapters/slack/support/fake-slack.ts';
import { buttonTitles, cardOf, cardText, type FakeBotConnector } from '../adapters/teams/support/fake-bot-connector.ts';
import { blockInternet } from '../adapters/teams/support/no-internet.ts';
import { REASON_INPUT_ID } from '../../adapters/teams/card-data.ts';
import { POLICE_CHANNEL } from '../adapters/teams/support/teams-activities.ts';
import {
  lastUpdate as lastUpdateOf, pressInSlack, pressInTeams, registerAndCollect, slackButtons, slackText, slash as slashOf, useChatRig, submitModal,
  type Copies,
} from './support/chat-harness.ts';

blockInternet();

/**
 * The lead agency and situation reports through the real Bolt and botbuilder stacks and the web console's store: the
 * police take the lead on their Teams card, post a situation report from the card's form, and every copy (Slack
 * channels through chat.update, the Teams channel through the Bot Connector's update, the web console's row) is
 * replaced to show it, each as its audience may see it.
 */
const CONFIG = fileURLToPath(new URL('../fixtures/lead/lead-deployment.yaml', import.meta.url));
const SECRET = 'lead-signing-secret';
const SITUATION = 'Lugnt vid torget sedan 21:00';
const ACTIONS = 'Polisen patrullerar till midnatt';
const NEEDS = 'Fältassistenter i morgon kväll';

describe('lead agency and situation reports on every copy (Slack, Teams, web)', () => {
  const rig = useChatRig('postgres', { config: CONFIG, secret: SECRET, web: true, swedishUsers: ['U0ANNA', 'U0KARIN', 'U0MARIA'] });
  let app: TestApp;
  let slack: FakeSlack;
  let connector: FakeBotConnector;

  const slash = async (user: string, text: string) => slackText(await slashOf(rig, user, text));
  /** One incident of a test's own, with every room's first copy: Slack posts, the police Teams card, the web row. */
  async function register(description: string): Promise<Copies> {
    const copies = await registerAndCollect(rig, description);
    await until('the web copy', async () => (await webCopy(copies.ref)).includes(copies.ref));
    return copies;
  }
  /** The latest chat.update of the incident's message first posted in `channel`. */
  const lastUpdate = (copies: Copies, channel: string) => lastUpdateOf(rig, copies, channel);
  const webCopy = async (ref: string) => JSON.stringify((await app.db.prisma.webMessage.findMany({ where: { channel: 'agency:region-stockholm' } }))
    .find((m) => (m.message as { incidentRef?: string }).incidentRef === ref)?.message ?? null);
  const teamsUpdates = (copies: Copies) => connector.accepted('update', POLICE_CHANNEL).filter((u) => u.activityId === copies.policeCard.createdId);
  /** Dave presses a button of the police channel's card (Action.Execute), with what he typed in its form if any. */
  const press = (copies: Copies, data: Record<string, unknown>) => pressInTeams(rig, copies.policeCard, data);
  /** Dave acknowledges on the police card, then takes the lead with the button that brings; returns the card after. */
  async function daveTakesTheLead(copies: Copies): Promise<Record<string, any>> {
    // Not before the agency answered that it is on it.
    expect(buttonTitles(cardOf(copies.policeCard))).not.toContain(lt('button.take_lead', 'sv'));
    const acknowledged = await press(copies, cardOf(copies.policeCard)!.actions[0].data);
    const take = acknowledged.body.value.actions.find((a: { title: string }) => a.title === lt('button.take_lead', 'sv'));
    expect(take.data.payload).toEqual({ action: 'lead', incidentRef: copies.ref, agencyId: 'polisen' });
    return (await press(copies, take.data)).body.value;
  }
  const sitrepButtonOn = (update: SlackCall | undefined) => !!update && slackButtons(update).some((b: any) => b.text.text === lt('button.sitrep', 'sv'));

  beforeAll(() => {
    ({ app, slack, connector } = rig);
  });

  it('offers "Take the lead" once an agency acknowledged, and taking it shows the lead on every copy that may name agencies', async () => {
    const copies = await register('stenkastning mot buss');
    const { ref, number } = copies;
    const card = await daveTakesTheLead(copies);
    // The pressed card is replaced at once: the police now lead, so the button became the situation report form.
    expect(buttonTitles(card)).toContain(lt('button.sitrep', 'sv'));
    expect(buttonTitles(card)).not.toContain(lt('button.take_lead', 'sv'));
    expect((await app.db.prisma.incident.findUniqueOrThrow({ where: { number } })).leadAgencyId).toBe('polisen');
    const audit = await app.db.prisma.auditEvent.findFirstOrThrow({ where: { action: 'incident.lead_set', subjectId: ref } });
    expect(audit).toMatchObject({ actorId: 'dave.taniguchi', platform: 'teams', after: { agencyId: 'polisen' } });

    // Slack: Social Services' message and the by-reference fire brigade's are updated in place with the lead.
    const social = await slack.waitFor(() => { const u = lastUpdate(copies, 'C0SOCIAL'); return u && slackText(u).includes('Polismyndigheten') && u; }, 15_000);
    expect(slackText(social)).toContain(lt('fact.lead', 'sv'));
    const fire = await slack.waitFor(() => { const u = lastUpdate(copies, 'C0FIRE'); return u && slackText(u).includes(lt('fact.lead', 'sv')) && u; }, 15_000);
    expect(slackText(fire)).toContain('Polismyndigheten');
    // The shared room's copy is replaced too, but names no agency.
    const joint = await slack.waitFor(() => lastUpdate(copies, 'C0JOINT'), 15_000);
    expect(slackText(joint)).not.toContain('Polismyndigheten');
    // Teams: the police channel's card, through the Bot Connector's update.
    const teams = await connector.waitFor(() => teamsUpdates(copies).find((u) => cardText(cardOf(u)).includes(lt('fact.lead', 'sv'))), 15_000);
    expect(cardText(cardOf(teams))).toContain('Polismyndigheten');
    // Web: the console's stored copy.
    await until('the web copy shows the lead', async () => (await webCopy(ref)).includes(lt('fact.lead', 'sv')));
  });

  it('a situation report from the lead agency\'s card form updates every copy, each as its audience may see it', async () => {
    const copies = await register('bråk vid skolan');
    const { ref, number } = copies;
    const card = await daveTakesTheLead(copies);
    // The button opens a form inside the card; its send button carries the payload, Teams adds what was typed.
    const form = card.actions.find((a: { title: string }) => a.title === lt('button.sitrep', 'sv'));
    expect(form.type).toBe('Action.ShowCard');
    // "Not ours" has its own reason field on the same card: input ids differ, and the send button names its own.
    const input = form.card.body[0];
    expect(input).toMatchObject({ type: 'Input.Text', label: lt('sitrep.form.label', 'sv') });
    expect(input.id).not.toBe(REASON_INPUT_ID);
    const send = form.card.actions[0];
    expect(send.data.payload).toEqual({ action: 'sitrep', incidentRef: ref, agencyId: 'polisen' });
    // Teams merges every input of the card into the data: the empty "Not ours" field comes along.
    await press(copies, { ...send.data, [REASON_INPUT_ID]: '', [input.id]: `läge: ${SITUATION} åtgärder: ${ACTIONS} behov: ${NEEDS}` });

    const row = await app.db.prisma.situationReport.findFirstOrThrow({ where: { incident: { number } } });
    expect(row).toMatchObject({ agencyId: 'polisen', authorId: 'dave.taniguchi', situation: SITUATION, actions: ACTIONS, needs: NEEDS });
    const audit = await app.db.prisma.auditEvent.findFirstOrThrow({ where: { action: 'incident.sitrep', subjectId: ref } });
    expect(audit.after).toMatchObject({ reportId: row.id, agencyId: 'polisen' });
    // The trail keeps digests, never the text.
    expect(JSON.stringify(audit.after)).not.toContain(SITUATION);

    // Full copies show the three parts: Social Services in Slack, the police in Teams, health care on the web.
    await slack.waitFor(() => { const u = lastUpdate(copies, 'C0SOCIAL'); return u && [SITUATION, ACTIONS, NEEDS].every((s) => slackText(u).includes(s)); }, 15_000);
    await connector.waitFor(() => teamsUpdates(copies).find((u) => [SITUATION, ACTIONS, NEEDS].every((s) => cardText(cardOf(u)).includes(s))), 15_000);
    await until('the web copy shows the report', async () => {
      const web = await webCopy(ref);
      return [SITUATION, ACTIONS, NEEDS].every((s) => web.includes(s));
    });
    // Need to know: the shared room and the by-reference agency get only "situation report updated HH:MM".
    for (const channel of ['C0JOINT', 'C0FIRE']) {
      const update = await slack.waitFor(() => { const u = lastUpdate(copies, channel); return u && /lägesbild uppdaterad \d\d:\d\d/.test(slackText(u)) && u; }, 15_000);
      expect(slackText(update)).not.toContain(SITUATION);
      expect(slackText(update)).not.toContain(ACTIONS);
      expect(slackText(update)).not.toContain(NEEDS);
    }
  });

  it('status shows the latest situation report, and a later one replaces it', async () => {
    const copies = await register('klotter på skolan');
    const { ref, number } = copies;
    expect(await slash('U0MARIA', `lead ${number} polisen`)).toContain(lt('lead.done', 'sv', { agency: 'Polismyndigheten', ref }));
    expect(await slash('U0MARIA', `sitrep ${number} situation: Lugnt på eftermiddagen`)).toContain(lt('sitrep.done', 'sv', { ref }));
    expect(await slash('U0MARIA', `sitrep ${number} situation: Nytt bråk vid skolan needs: Mer polis`)).toContain(lt('sitrep.done', 'sv', { ref }));
    const status = await slash('U0ANNA', `status ${number}`);
    expect(status).toContain('Nytt bråk vid skolan');
    expect(status).toContain('Mer polis');
    expect(status).not.toContain('Lugnt på eftermiddagen');
    expect(status).toContain('Polismyndigheten');
    await slack.waitFor(() => { const u = lastUpdate(copies, 'C0SOCIAL'); return u && slackText(u).includes('Nytt bråk vid skolan') && u; }, 15_000);
  });

  it('bad input writes nothing: not the lead, an empty report, no such incident, an agency that takes no part, too long', async () => {
    const { ref, number } = await register('hot mot personal');
    expect(await slash('U0MARIA', `lead ${number} polisen`)).toContain('leder nu arbetet');
    await app.settled();
    const counts = async () => ({
      reports: await app.db.prisma.situationReport.count(),
      notifications: await app.db.prisma.notification.count(),
      audit: await app.db.prisma.auditEvent.count({ where: { action: { in: ['incident.sitrep', 'incident.lead_set'] } } }),
      lead: (await app.db.prisma.incident.findUniqueOrThrow({ where: { number } })).leadAgencyId,
    });
    const before = await counts();
    // Anna is field staff of Social Services, which does not lead; Karin is a contact of Social Services.
    expect(await slash('U0ANNA', `lägesbild ${number} läge: allt lugnt`)).toContain('Bara ledande myndigheten (Polismyndigheten) eller en arbetsledare');
    expect(await slash('U0KARIN', `lead ${number} socialtjänsten`)).toContain('Du får inte göra det');
    expect(await slash('U0MARIA', `sitrep ${number} situation: actions: needs:`)).toContain('Lägesbilden är tom');
    expect(await slash('U0MARIA', `sitrep 9999 situation: lugnt`)).toContain('Hittar ingen händelse 9999');
    expect(await slash('U0MARIA', `lead ${number} kriminalvården`)).toContain('Kriminalvården deltar inte i');
    expect(await slash('U0MARIA', `lead ${number} tullen`)).toContain('Okänd myndighet "tullen"');
    expect(await slash('U0MARIA', `sitrep ${number} situation: ${'x'.repeat(1001)}`)).toContain('Texten under Läge är för lång (1001 tecken, högst 1000)');
    await app.settled();
    expect(await counts()).toEqual(before);
    // The two refusals are on record as refusals, nothing else.
    expect(await app.db.prisma.auditEvent.count({ where: { action: 'access.denied', subjectId: ref } })).toBe(2);
  });

  it('a supervisor hands the lead over; the new lead\'s own copy offers the report form', async () => {
    const copies = await register('brand i soprum');
    const { ref, number } = copies;
    expect(await slash('U0MARIA', `lead ${number} polisen`)).toContain('leder nu arbetet');
    expect(await slash('U0MARIA', `leder ${number} socialtjänsten`)).toContain(lt('lead.done', 'sv', { agency: 'Socialtjänsten', ref }));
    const social = await slack.waitFor(() => { const u = lastUpdate(copies, 'C0SOCIAL'); return sitrepButtonOn(u) && u; }, 15_000);
    expect(slackText(social)).toContain('Socialtjänsten');
    // Karin, a contact of the new lead agency, may now post.
    expect(await slash('U0KARIN', `sitrep ${number} behov: Samtal med familjen`)).toContain(lt('sitrep.done', 'sv', { ref }));
    const audit = await app.db.prisma.auditEvent.findMany({ where: { action: 'incident.lead_set', subjectId: ref }, orderBy: { seq: 'asc' } });
    expect(audit.map((e) => [e.actorId, (e.before as { leadAgencyId: string | null }).leadAgencyId, (e.after as { agencyId: string }).agencyId]))
      .toEqual([['maria.ekstrom', null, 'polisen'], ['maria.ekstrom', 'polisen', 'socialtjansten']]);
  });

  it('the situation report button in Slack opens a modal, and its submission updates every copy', async () => {
    const copies = await register('stöld i butik');
    const { number } = copies;
    expect(await slash('U0MARIA', `lead ${number} socialtjänsten`)).toContain('leder nu arbetet');
    const social = await slack.waitFor(() => { const u = lastUpdate(copies, 'C0SOCIAL'); return sitrepButtonOn(u) && u; }, 15_000);
    const button = slackButtons(social).find((b: any) => b.text.text === lt('button.sitrep', 'sv'));
    const pressed = await pressInSlack(rig, 'U0KARIN', copies.posts.C0SOCIAL, button);
    const open = await slack.waitFor(() => slack.of('views.open').find((c) => c.params.trigger_id === pressed.trigger_id), 15_000);
    const view = open.params.view;
    expect(view.title.text).toBe(lt('button.sitrep', 'sv'));
    expect(view.blocks[0].label.text).toBe(lt('sitrep.form.label', 'sv'));

    await submitModal(rig, 'U0KARIN', view, 'Familjen har fått stöd. behov: Uppföljning på fredag');
    await slack.waitFor(() => slack.repliesTo(pressed.response_url)[0], 15_000);
    expect(await app.db.prisma.situationReport.findFirstOrThrow({ where: { incident: { number } } }))
      .toMatchObject({ agencyId: 'socialtjansten', authorId: 'karin.dahl', situation: 'Familjen har fått stöd.', actions: '', needs: 'Uppföljning på fredag' });
    await connector.waitFor(() => teamsUpdates(copies).find((u) => cardText(cardOf(u)).includes('Uppföljning på fredag')), 15_000);
    await until('the web copy shows the report', async () => (await webCopy(copies.ref)).includes('Uppföljning på fredag'));
  });
});
