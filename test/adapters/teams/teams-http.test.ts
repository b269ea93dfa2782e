import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../../support/test-app.ts';
import { teamsWire, type TeamsWireOptions } from '../../../src/cli/wire-teams.ts';
import { DEFAULT_INVOKE_BUDGET_MS } from '../../../adapters/teams/index.ts';
import type { DatabaseKind } from '../../support/test-database.ts';
import { t } from '../../../src/core/messages/i18n.ts';
import { lt } from '../../../src/core/incident/lead-texts.i18n.ts';
import { formatIncidentRef } from '../../../src/core/commands/incident-ref.ts';
import { FakeBotConnector, buttonTitles, cardOf, cardText, type ConnectorCall } from './support/fake-bot-connector.ts';
import { blockInternet, internetAttempts } from './support/no-internet.ts';
import { allowInbox, refuseInbox } from '../../support/refuse-inbox.ts';
import { press, say } from '../../integration/support/harness.ts';
import {
  POLICE_CHANNEL, RIDO_AAD, RIDO_CHAT, SOCIAL_CHANNEL, TEAMS_CONFIG, TENANT_A, TENANT_B, TENANT_C, TIEN_CHAT,
  botAddedPersonal, executeInvoke, postActivity, sample,
} from './support/teams-activities.ts';
import { cardOnRecord } from './support/card-on-record.ts';

blockInternet();

let app: TestApp;
let connector: FakeBotConnector;

/** The invoke budget of the busy-database case. */
const BUSY_BUDGET_MS = 1500;

/** What a channel or group chat sees in place of an answer with incident details. */
const POINTER_EN = 'The answer was sent to you privately.';
const POINTER_SV = 'Svaret har skickats till dig privat.';

/** Audit events of changes people made (the delivery worker records its sends in the background). */
const changes = () => app.db.prisma.auditEvent.count({ where: { subjectType: { not: 'notification' } } });

const stateOf = async (incidentId: string, agencyId: string) => (await app.db.prisma.incidentAgency.findFirst({
  where: { agencyId, incidentId },
}))!;

/** Where the conversations the tests send to are installed: the team channels, Rido's and Tien's personal chats. */
const install = async () => {
  for (const activity of [
    sample('conversationUpdate.bot-added-to-team.msteams-docs', connector.url),
    sample('conversationUpdate.teamMemberAdded-user.botbuilder-js-recording', connector.url),
    botAddedPersonal(connector.url, { tenant: TENANT_B, aad: RIDO_AAD, conversation: RIDO_CHAT, botId: '28:aabdbd62-bc97-4afb-83ee-575594577de5' }),
    Object.assign(sample('message.personal.botbuilder-js-recording', connector.url), { id: 'f:install-tien', text: 'help' }),
  ]) expect((await postActivity(app.url, activity)).status).toBe(200);
};

/**
 * An incident of the test's own, registered through the core by Tien (the test is not about registration), once its
 * cards reached the police channel, Rido's personal chat and the social services' channel, and the first two can be
 * pressed (their Teams ids are on record).
 */
const registered = async (text = 'incident Rinkeby 2 stenkastning mot buss') => {
  const outcome = await say(app, 'tien.suwandy', text);
  const incident = await app.db.prisma.incident.findUniqueOrThrow({ where: { id: outcome.incident!.id } });
  const ref = formatIncidentRef(incident.year, incident.number);
  const cardIn = (conversation: string) => connector.waitFor(() => connector.accepted('send', conversation).find((c) => cardText(cardOf(c)).includes(ref)));
  const [police, rido] = [await cardIn(POLICE_CHANNEL), await cardIn(RIDO_CHAT), await cardIn(SOCIAL_CHANNEL)];
  await cardOnRecord(app.db, police);
  await cardOnRecord(app.db, rido);
  return { incident, ref, policeCardId: police.createdId!, ridoCardId: rido.createdId! };
};

/** The connector's calls from now on. */
const mark = () => {
  const from = connector.calls.length;
  return { accepted: (kind: ConnectorCall['kind'], conversationId?: string) => connector.accepted(kind, conversationId).filter((c) => connector.calls.indexOf(c) >= from) };
};

/** The app with Teams on, on `kind`, and a fake Bot Connector; the conversations the tests send to installed. */
async function startTeamsApp(kind: DatabaseKind, options: TeamsWireOptions = {}): Promise<void> {
  connector = await new FakeBotConnector().start();
  app = await startTestApp(kind, {
    env: { SAMBAND_CONFIG: TEAMS_CONFIG, SAMBAND_TEAMS: 'on', TEAMS_ALLOWED_TENANTS: `${TENANT_A}, ${TENANT_B},${TENANT_C}` },
    wires: [teamsWire(options)],
  });
  await install();
}

async function stopTeamsApp(): Promise<void> {
  await app?.stop();
  await connector?.stop();
}

describe('Teams adapter over HTTP (CloudAdapter, auth off, fake Bot Connector)', () => {
  beforeAll(() => startTeamsApp('postgres'), 180_000); // A fresh database and the whole app: slow to start on a busy machine.
  afterAll(stopTeamsApp);

  it('stores a team channel when the bot is added, and says hello there with the id to configure', async () => {
    await app.db.prisma.teamsConversation.deleteMany({ where: { conversationId: SOCIAL_CHANNEL } });
    const calls = mark();
    const posted = await postActivity(app.url, sample('conversationUpdate.bot-added-to-team.msteams-docs', connector.url));
    expect(posted.status).toBe(200);
    const row = await app.db.prisma.teamsConversation.findUnique({ where: { conversationId: SOCIAL_CHANNEL } });
    expect(row?.tenantId).toBe(TENANT_C);
    expect(row?.reference).toMatchObject({ serviceUrl: connector.url, conversation: { id: SOCIAL_CHANNEL, conversationType: 'channel' } });
    expect((row?.reference as Record<string, unknown>).user).toBeUndefined();
    const [hello] = calls.accepted('reply', SOCIAL_CHANNEL);
    expect(hello.activityId).toBe('f:0b9079f4-d4d3-3d8e-b883-798298053c7e');
    expect(cardText(cardOf(hello))).toContain(SOCIAL_CHANNEL);
  });

  it('stores the channel of any activity it gets (a member added), without a greeting', async () => {
    await app.db.prisma.teamsConversation.deleteMany({ where: { conversationId: POLICE_CHANNEL } });
    const from = connector.calls.length;
    const posted = await postActivity(app.url, sample('conversationUpdate.teamMemberAdded-user.botbuilder-js-recording', connector.url));
    expect(posted.status).toBe(200);
    expect(await app.db.prisma.teamsConversation.findUnique({ where: { conversationId: POLICE_CHANNEL } })).not.toBeNull();
    expect(connector.calls.slice(from).filter((c) => c.conversationId.startsWith(POLICE_CHANNEL))).toEqual([]);
  });

  it('stores the personal chat of a configured person who installs the bot', async () => {
    await app.db.prisma.teamsConversation.deleteMany({ where: { conversationId: RIDO_CHAT } });
    const activity = botAddedPersonal(connector.url, { tenant: TENANT_B, aad: RIDO_AAD, conversation: RIDO_CHAT, botId: '28:aabdbd62-bc97-4afb-83ee-575594577de5' });
    expect((await postActivity(app.url, activity)).status).toBe(200);
    const row = await app.db.prisma.teamsConversation.findUnique({ where: { conversationId: RIDO_CHAT } });
    expect(row?.reference).toMatchObject({ conversation: { conversationType: 'personal' }, user: { aadObjectId: RIDO_AAD } });
  });

  it('registers an incident from a personal message and notifies agency channels and people proactively', async () => {
    const activity = sample('message.personal.botbuilder-js-recording', connector.url);
    activity.text = 'incident Rinkeby 2 stenkastning mot buss';
    await app.db.prisma.teamsConversation.deleteMany({ where: { conversationId: TIEN_CHAT } });
    const calls = mark();
    const posted = await postActivity(app.url, activity);
    expect(posted.status).toBe(200);

    const incident = await app.db.prisma.incident.findFirst({ orderBy: { number: 'desc' } });
    expect(incident).toMatchObject({ areaId: 'rinkeby', severity: 2, reporterId: 'tien.suwandy', sourcePlatform: 'teams' });
    const incidentRef = formatIncidentRef(incident!.year, incident!.number);

    // The reply answers the message, in the language Teams reports (en-US), as an Adaptive Card.
    const [reply] = calls.accepted('reply', TIEN_CHAT);
    expect(reply.activityId).toBe('1571691217375');
    expect(cardOf(reply)).toMatchObject({ type: 'AdaptiveCard', version: '1.5' });
    expect(cardText(cardOf(reply))).toContain(t('title.registered', 'en', { ref: incidentRef }));
    expect(await app.db.prisma.teamsConversation.findUnique({ where: { conversationId: TIEN_CHAT } })).not.toBeNull();

    // Proactive notifications: the police channel (tenant A), Rido's personal chat (tenant B), social services (tenant C).
    const cardIn = (conversation: string) => connector.waitFor(() => calls.accepted('send', conversation).find((c) => cardText(cardOf(c)).includes(incidentRef)));
    const [police, rido, social] = [await cardIn(POLICE_CHANNEL), await cardIn(RIDO_CHAT), await cardIn(SOCIAL_CHANNEL)];
    for (const call of [police, rido, social]) {
      expect(buttonTitles(cardOf(call))).toEqual([t('button.ack', 'sv'), t('button.responding', 'sv'), t('button.decline', 'sv')]);
      expect(call.authorization).toBeUndefined();
    }
    expect(cardOf(police)!.actions[0]).toMatchObject({ type: 'Action.Execute', data: { samband: 'action', payload: { action: 'ack', incidentRef, agencyId: 'polisen' } } });
    const rows = await app.db.prisma.notification.findMany({ where: { incidentId: incident!.id, kind: 'incident.new' } });
    const policeRow = rows.find((r) => r.channel === POLICE_CHANNEL)!;
    expect(police.body.channelData).toMatchObject({ samband: { idempotencyKey: policeRow.idempotencyKey } });
  });

  it('answers Action.Execute (adaptiveCard/action) with the refreshed card; the presser\'s result stays after the update, in the card\'s language', async () => {
    const { incident, ref: incidentRef, policeCardId, ridoCardId } = await registered();
    const calls = mark();
    const invoke = executeInvoke(connector.url, { samband: 'action', payload: { action: 'ack', incidentRef, agencyId: 'polisen' } }, ridoCardId);
    // The refreshed card (not the "card will update" fallback) means the answer came within the invoke budget.
    const posted = await postActivity(app.url, invoke);
    expect(posted.status).toBe(200);
    expect(posted.body).toMatchObject({ statusCode: 200, type: 'application/vnd.microsoft.card.adaptive' });
    const card = posted.body.value;
    expect(card.version).toBe('1.5');
    // Rido's card is in Swedish (his setting), shows the new state, and the Acknowledge button is gone.
    expect(cardText(card)).toContain(t('state.acknowledged', 'sv'));
    expect(buttonTitles(card)).toEqual([t('button.responding', 'sv'), t('button.decline', 'sv'), lt('button.take_lead', 'sv')]);
    // The presser's result is a message of its own under the card, in the card's language (Swedish, although the
    // client says en-US), so one card never mixes two languages and no update of the card can take it away.
    const done = t('text.ack.done', 'sv', { agency: 'Polismyndigheten', ref: incidentRef });
    const [notice] = calls.accepted('reply', RIDO_CHAT).filter((c) => c.activityId === invoke.id);
    expect(cardText(cardOf(notice))).toContain(done);
    expect(cardText(cardOf(notice))).not.toContain('Swedish Police Authority');
    expect(cardText(card)).not.toContain('Swedish Police Authority');

    const part = await stateOf(incident.id, 'polisen');
    expect(part).toMatchObject({ state: 'acknowledged', acknowledgedBy: 'rido' });
    const updates = await connector.waitFor(() => {
      const found = [calls.accepted('update', POLICE_CHANNEL)[0], calls.accepted('update', RIDO_CHAT)[0]];
      return found.every(Boolean) ? found : undefined;
    });
    expect(updates.map((u) => u.activityId)).toEqual([policeCardId, ridoCardId]);
    for (const update of updates) {
      expect(buttonTitles(cardOf(update))).toEqual([t('button.responding', 'sv'), t('button.decline', 'sv'), lt('button.take_lead', 'sv')]);
      expect(cardText(cardOf(update))).toContain(t('state.acknowledged', 'sv'));
    }
    // Nothing replaces or removes the presser's notice.
    expect(connector.calls.filter((c) => c.kind === 'update' && c.activityId === notice.createdId)).toEqual([]);
  });

  it('handles Action.Submit from a card in a channel: answers in the thread, the change reaches every copy', async () => {
    const { incident, ref: incidentRef, policeCardId, ridoCardId } = await registered();
    // Rido (police) acknowledged it first, and his card shows it.
    await press(app, 'rido', { action: 'ack', incidentRef, agencyId: 'polisen' });
    await connector.waitFor(() => connector.accepted('update', RIDO_CHAT).find((c) => c.activityId === ridoCardId && cardText(cardOf(c)).includes(t('state.acknowledged', 'sv'))));
    const activity = sample('message.action-submit-value.botbuilder-js-recording', connector.url);
    activity.conversation.id = `${POLICE_CHANNEL};messageid=${policeCardId}`;
    activity.replyToId = policeCardId;
    activity.value = { samband: 'action', payload: { action: 'responding', incidentRef, agencyId: 'polisen' } };
    const updatesBefore = connector.accepted('update', RIDO_CHAT).length;
    expect((await postActivity(app.url, activity)).status).toBe(200);

    expect(await stateOf(incident.id, 'polisen')).toMatchObject({ state: 'responding', acknowledgedBy: 'dave.taniguchi' });
    const [answer] = connector.accepted('reply', POLICE_CHANNEL).filter((c) => c.activityId === activity.id);
    expect(answer.conversationId).toBe(`${POLICE_CHANNEL};messageid=${policeCardId}`);
    // In the card's language (the police channel's cards are Swedish), not the client's (en-US).
    expect(cardText(cardOf(answer))).toContain(t('text.responding.done', 'sv', { agency: 'Polismyndigheten', ref: incidentRef }));
    const update = await connector.waitFor(() => connector.accepted('update', RIDO_CHAT)[updatesBefore]);
    expect(cardText(cardOf(update))).toContain(t('state.responding', 'sv'));
    // No answer is left to give; the police may still take the lead.
    expect(buttonTitles(cardOf(update))).toEqual([lt('button.take_lead', 'sv')]);
  });

  it('a button press the core refuses changes nothing and the card says why', async () => {
    const { incident, ref: incidentRef, ridoCardId } = await registered();
    await press(app, 'rido', { action: 'responding', incidentRef, agencyId: 'polisen' });
    const audits = await changes();
    const invoke = executeInvoke(connector.url, { samband: 'action', payload: { action: 'decline', incidentRef, agencyId: 'polisen' } }, ridoCardId);
    const posted = await postActivity(app.url, invoke);
    expect(posted.status).toBe(200);
    expect(cardText(posted.body.value)).toContain(t('state.responding', 'sv'));
    expect(posted.body.value.body[0]).toMatchObject({ type: 'Container', style: 'attention' });
    expect(await stateOf(incident.id, 'polisen')).toMatchObject({ state: 'responding' });
    expect(await changes()).toBe(audits);
  });

  it('takes commands in a channel when the bot is mentioned, with the mention stripped', async () => {
    const { ref: incidentRef } = await registered();
    const calls = mark();
    const activity = sample('message.channel-mention.botbuilder-js-recording', connector.url);
    activity.text = '<at>Integration Bot</at> list';
    expect((await postActivity(app.url, activity)).status).toBe(200);
    const channel = '19:6993d8cb4fc244c388b08a7b33172fe9@thread.skype';
    const [answer] = calls.accepted('reply', channel);
    expect(answer.conversationId).toBe(`${channel};messageid=1571689431275`);
    expect(answer.activityId).toBe('1571689431275');
    // The list shows descriptions: it goes to Tien's personal chat, the channel gets a pointer and nothing else.
    expect(cardText(cardOf(answer))).toBe(POINTER_EN);
    expect(cardText(cardOf(answer))).not.toContain(incidentRef);
    const privately = await connector.waitFor(() => calls.accepted('send', TIEN_CHAT).find((c) => cardText(cardOf(c)).includes(t('title.list', 'en'))));
    expect(cardText(cardOf(privately))).toContain(incidentRef);
    expect(await app.db.prisma.teamsConversation.findUnique({ where: { conversationId: channel } })).not.toBeNull();

    // Without a mention (resource-specific consent delivers all channel messages) nothing is answered.
    const chatter = sample('message.channel-mention.botbuilder-js-recording', connector.url);
    chatter.id = '1571689431299';
    chatter.text = 'list';
    chatter.entities = chatter.entities.filter((e: { type: string }) => e.type !== 'mention');
    expect((await postActivity(app.url, chatter)).status).toBe(200);
    expect(connector.calls.filter((c) => c.activityId === chatter.id)).toEqual([]);
  });

  it('"incident" alone sends the form card; submitting it (Action.Execute) registers and replaces the form', async () => {
    const ask = sample('message.personal.botbuilder-js-recording', connector.url);
    ask.id = '1571691219999';
    ask.text = 'incident';
    expect((await postActivity(app.url, ask)).status).toBe(200);
    const [formCall] = connector.accepted('reply', TIEN_CHAT).filter((c) => c.activityId === ask.id);
    const form = cardOf(formCall)!;
    const inputs = (form.body as Array<{ type: string; id?: string }>).filter((e) => e.id).map((e) => `${e.type}:${e.id}`);
    expect(inputs).toEqual(['Input.ChoiceSet:area', 'Input.ChoiceSet:category', 'Input.ChoiceSet:severity', 'Input.Text:description', 'Input.Text:sensitiveDetails']);
    expect(form.actions).toEqual([expect.objectContaining({ type: 'Action.Execute', verb: 'samband.form', data: { samband: 'form' } })]);

    // Tien submits it from her personal chat (the teams.net invoke, moved to her conversation).
    const submit = (data: Record<string, string>, id: string) => {
      const invoke = executeInvoke(connector.url, { samband: 'form', ...data }, formCall.createdId!, id);
      invoke.from = ask.from;
      invoke.conversation = ask.conversation;
      invoke.channelData = ask.channelData;
      invoke.recipient = ask.recipient;
      return postActivity(app.url, invoke);
    };
    const count = await app.db.prisma.incident.count();
    const incomplete = await submit({ area: 'tensta', category: 'violence', severity: '1' }, 'f:form-1');
    expect(incomplete.body.value.body[0]).toMatchObject({ type: 'Container', style: 'attention' });
    expect(incomplete.body.value.body.find((e: { id?: string }) => e.id === 'area')).toMatchObject({ value: 'tensta' });
    expect(await app.db.prisma.incident.count()).toBe(count);

    const done = await submit({ area: 'tensta', category: 'violence', severity: '1', description: 'brand i soprum' }, 'f:form-2');
    expect(done.status).toBe(200);
    const created = await app.db.prisma.incident.findFirst({ orderBy: { number: 'desc' } });
    expect(created).toMatchObject({ areaId: 'tensta', categoryId: 'violence', severity: 1, description: 'brand i soprum', reporterId: 'tien.suwandy' });
    expect(cardText(done.body.value)).toContain(t('title.registered', 'en', { ref: formatIncidentRef(created!.year, created!.number) }));
    // Teams retries an invoke it got no answer for: the same activity id registers nothing new.
    await submit({ area: 'tensta', category: 'violence', severity: '1', description: 'brand i soprum' }, 'f:form-2');
    expect(await app.db.prisma.incident.count()).toBe(count + 1);
  });

  it('answers in Swedish when the activity names no locale (the person\'s setting)', async () => {
    const activity = sample('message.personal.botbuilder-js-recording', connector.url);
    activity.id = '1571691220001';
    activity.text = 'help';
    delete activity.locale;
    activity.entities = [];
    expect((await postActivity(app.url, activity)).status).toBe(200);
    const [answer] = connector.accepted('reply', TIEN_CHAT).filter((c) => c.activityId === activity.id);
    expect(cardText(cardOf(answer))).toContain(t('title.help', 'sv'));
  });

  it('an unknown Teams user gets a clear message and nothing changes (not even a stored chat)', async () => {
    const before = { incidents: await app.db.prisma.incident.count(), audits: await changes(), chats: await app.db.prisma.teamsConversation.count() };
    const activity = sample('message.personal.msteams-docs', connector.url);
    activity.text = 'incident Rinkeby 1 bil i brand';
    expect((await postActivity(app.url, activity)).status).toBe(200);
    const [answer] = connector.accepted('reply', activity.conversation.id);
    expect(cardText(cardOf(answer))).toContain('You are not registered in Samband yet');
    expect({ incidents: await app.db.prisma.incident.count(), audits: await changes(), chats: await app.db.prisma.teamsConversation.count() }).toEqual(before);
  });

  it('rejects an activity from a tenant not on TEAMS_ALLOWED_TENANTS with 403, storing and answering nothing', async () => {
    const activity = sample('message.channel-mention-thread.teams-net', connector.url);
    activity.text = '<at>ridotest</at> incident Rinkeby 2 test';
    const posted = await postActivity(app.url, activity);
    expect(posted.status).toBe(403);
    expect(await app.db.prisma.teamsConversation.findUnique({ where: { conversationId: '19:6848757105754c8981c67612732d9aa7@thread.tacv2' } })).toBeNull();
    expect(connector.calls.filter((c) => c.conversationId.startsWith('19:6848757105754c8981c67612732d9aa7'))).toEqual([]);
  });

  it('a 429 from the Bot Connector is retried by the outbox after Retry-After, and delivered once', async () => {
    connector.failNext((c) => c.kind === 'send' && c.conversationId === SOCIAL_CHANNEL, 429, { 'Retry-After': '1' });
    const incident = (await say(app, 'tien.suwandy', 'incident Tensta 3 klotter på skolan')).incident;
    const row = await app.db.prisma.notification.findFirstOrThrow({ where: { incidentId: incident!.id, channel: SOCIAL_CHANNEL } });
    const calls = () => connector.calls.filter((c) => c.kind === 'send' && (c.body.channelData as { samband?: { idempotencyKey?: string } } | undefined)?.samband?.idempotencyKey === row.idempotencyKey);
    await connector.waitFor(() => calls().some((c) => c.status === 200), 15_000);
    const [throttled, delivered, ...more] = calls();
    expect(throttled.status).toBe(429);
    expect(delivered.status).toBe(200);
    expect(more).toEqual([]);
    expect(delivered.at - throttled.at).toBeGreaterThanOrEqual(950);
    // The worker records the outcome right after the connector answered.
    await expect.poll(async () => (await app.db.prisma.notification.findUniqueOrThrow({ where: { id: row.id } })).status, { timeout: 10_000 }).toBe('sent');
    const attempts = await app.db.prisma.deliveryAttempt.findMany({ where: { notificationId: row.id }, orderBy: { id: 'asc' } });
    expect(attempts.map((a) => [a.outcome, a.retryAfterMs])).toEqual([['retry', 1000], ['sent', null]]);
    expect(await app.db.prisma.notification.findUnique({ where: { id: row.id } })).toMatchObject({ status: 'sent', attempts: 2, platformMessageId: delivered.createdId });
  });

  it('status in a channel: the details go to the asker\'s personal chat, created for them; the channel gets a pointer', async () => {
    // An incident with confidential details, from Tien's personal chat (the form, as Teams submits it).
    const form = executeInvoke(connector.url, {
      samband: 'form', area: 'tensta', category: 'violence', severity: '2', description: 'hot mot personal vid entré', sensitiveDetails: 'skyddad identitet, kodnamn Falken',
    }, 'f:no-card', 'f:form-private');
    const personal = sample('message.personal.botbuilder-js-recording', connector.url);
    Object.assign(form, { from: personal.from, conversation: personal.conversation, channelData: personal.channelData, recipient: personal.recipient });
    expect((await postActivity(app.url, form)).status).toBe(200);
    const created = await app.db.prisma.incident.findFirstOrThrow({ where: { description: 'hot mot personal vid entré' } });
    const ref = formatIncidentRef(created.year, created.number);

    // Dave (police, English) has never written to the bot himself: he asks in the police channel.
    const ask = sample('message.action-submit-value.botbuilder-js-recording', connector.url);
    ask.id = '1571539239999';
    delete ask.value;
    ask.text = `<at>Samband</at> status ${created.number}`;
    ask.entities = [{ type: 'mention', text: '<at>Samband</at>', mentioned: { id: ask.recipient.id, name: 'Samband' } }];
    const createsBefore = connector.accepted('create').length;
    expect((await postActivity(app.url, ask)).status).toBe(200);

    const [inChannel] = connector.accepted('reply', POLICE_CHANNEL).filter((c) => c.activityId === ask.id);
    expect(cardText(cardOf(inChannel))).toBe(POINTER_EN);
    const channelBody = JSON.stringify(inChannel.body);
    for (const secret of ['hot mot personal', 'Falken', 'Tien Suwandy']) expect(channelBody).not.toContain(secret);

    // A personal chat was created for Dave, and the status with its confidential details went there.
    const [create] = connector.accepted('create').slice(createsBefore);
    // Created with Dave's Teams account id from his message (the form every Bot Connector accepts).
    expect(create.body).toMatchObject({ isGroup: false, members: [{ id: ask.from.id }], tenantId: TENANT_A });
    const status = await connector.waitFor(() => connector.accepted('send', create.createdId!)[0]);
    const text = cardText(cardOf(status));
    expect(text).toContain(t('title.status', 'en', { ref }));
    expect(text).toContain('hot mot personal vid entré');
    expect(text).toContain('skyddad identitet, kodnamn Falken');
    expect(await app.db.prisma.teamsConversation.findUnique({ where: { conversationId: create.createdId! } })).toMatchObject({ tenantId: TENANT_A });

    // Teams repeats the activity (no answer in time): the private answer is not sent twice.
    expect((await postActivity(app.url, ask)).status).toBe(200);
    expect(connector.accepted('send', create.createdId!)).toHaveLength(1);

    // The form submitted in the channel turns into the pointer for everyone there; the confirmation goes to Dave.
    const submit = executeInvoke(connector.url, {
      samband: 'form', area: 'rinkeby', category: 'violence', severity: '3', description: 'klotter på skolan', sensitiveDetails: 'vittne: granne',
    }, 'f:channel-form', 'f:form-channel');
    Object.assign(submit, { from: ask.from, conversation: ask.conversation, channelData: ask.channelData, recipient: ask.recipient });
    const answered = await postActivity(app.url, submit);
    expect(cardText(answered.body.value)).toBe(POINTER_EN);
    expect(JSON.stringify(answered.body)).not.toContain('klotter');
    const confirmation = await connector.waitFor(() => connector.accepted('send', create.createdId!)[1]);
    expect(cardText(cardOf(confirmation))).toContain('vittne: granne');
  });

  it('status in a group chat goes to the asker\'s existing personal chat; help stays in the chat', async () => {
    const { ref: incidentRef } = await registered();
    const GROUP = '19:meeting-jarva-samverkan@thread.v2';
    const inGroup = (id: string, text: string) => {
      const activity = sample('message.channel-mention.botbuilder-js-recording', connector.url);
      activity.id = id;
      activity.text = `<at>Integration Bot</at> ${text}`;
      activity.locale = 'sv-SE';
      activity.conversation = { isGroup: true, conversationType: 'groupChat', tenantId: TENANT_A, id: GROUP };
      activity.channelData = { tenant: { id: TENANT_A } };
      return activity;
    };
    const privateBefore = connector.accepted('send', TIEN_CHAT).length;
    expect((await postActivity(app.url, inGroup('1571689500001', `status ${incidentRef}`))).status).toBe(200);
    const [pointer] = connector.accepted('reply', GROUP).filter((c) => c.activityId === '1571689500001');
    expect(cardText(cardOf(pointer))).toBe(POINTER_SV);
    const status = await connector.waitFor(() => connector.accepted('send', TIEN_CHAT)[privateBefore]);
    expect(cardText(cardOf(status))).toContain(t('title.status', 'sv', { ref: incidentRef }));
    expect(cardText(cardOf(status))).toContain('stenkastning mot buss');

    // Help carries no incident data: it is answered where it was asked.
    expect((await postActivity(app.url, inGroup('1571689500002', 'help'))).status).toBe(200);
    const [help] = connector.accepted('reply', GROUP).filter((c) => c.activityId === '1571689500002');
    expect(cardText(cardOf(help))).toContain(t('title.help', 'sv'));
    expect(connector.accepted('send', TIEN_CHAT)).toHaveLength(privateBefore + 1);
  });

  it('a status asked in a group chat while the database is away is answered privately once it runs', async () => {
    const { ref: incidentRef } = await registered();
    const GROUP = '19:meeting-jarva-samverkan@thread.v2';
    const ask = sample('message.channel-mention.botbuilder-js-recording', connector.url);
    ask.id = '1571689500101';
    ask.text = `<at>Integration Bot</at> status ${incidentRef}`;
    ask.locale = 'sv-SE';
    ask.conversation = { isGroup: true, conversationType: 'groupChat', tenantId: TENANT_A, id: GROUP };
    ask.channelData = { tenant: { id: TENANT_A } };
    const privateBefore = connector.accepted('send', TIEN_CHAT).length;
    const groupBefore = connector.accepted('send', GROUP).length;
    await refuseInbox(app.testDb);
    try {
      expect((await postActivity(app.url, ask)).status).toBe(200);
      const [received] = connector.accepted('reply', GROUP).filter((c) => c.activityId === ask.id);
      expect(JSON.stringify(received.body)).toContain('Mottaget. Det registreras när databasen är tillbaka');
    } finally {
      await allowInbox(app.testDb);
    }
    // Run from the spool later, as a proactive message: the details still go to Tien alone, the group gets a pointer.
    const status = await connector.waitFor(() => connector.accepted('send', TIEN_CHAT)[privateBefore], 20_000);
    expect(cardText(cardOf(status))).toContain(t('title.status', 'sv', { ref: incidentRef }));
    const pointer = await connector.waitFor(() => connector.accepted('send', GROUP)[groupBefore], 20_000);
    expect(cardText(cardOf(pointer))).toBe(POINTER_SV);
    expect(JSON.stringify(connector.accepted('send', GROUP).slice(groupBefore).map((c) => c.body))).not.toContain('stenkastning');
  });
});

describe('Teams adapter over HTTP while the embedded database is busy', () => {
  // PGlite is one connection: a transaction held open holds every other statement back, as a long job would in a
  // small deployment. A shorter invoke budget than production's (DEFAULT_INVOKE_BUDGET_MS) so the test waits less.
  beforeAll(() => startTeamsApp('pglite', { invokeBudgetMs: BUSY_BUDGET_MS }), 180_000);
  afterAll(stopTeamsApp);

  it('answers an Action.Execute within Teams\' 5 s even when the database is busy; the change follows', async () => {
    const { incident, ref, ridoCardId } = await registered();
    const card = connector.accepted('send', RIDO_CHAT).find((c) => c.createdId === ridoCardId)!;
    // Something else holds the (single) PGlite connection for a while.
    let release: () => void = () => undefined;
    const holding = new Promise<void>((resolve) => { release = resolve; });
    let started!: () => void;
    const begun = new Promise<void>((resolve) => { started = resolve; });
    const held = app.db.prisma.$transaction(async (tx) => {
      await tx.$queryRaw`SELECT 1`;
      started();
      await holding;
    }, { timeout: 30_000, maxWait: 30_000 });
    await begun;
    const at = Date.now();
    const posted = await postActivity(app.url, executeInvoke(connector.url, { samband: 'action', payload: { action: 'ack', incidentRef: ref, agencyId: 'polisen' } }, card.createdId!));
    const elapsed = Date.now() - at;
    // The answer came while the database was still held (it is released only now): it did not wait for the change,
    // only for the invoke budget (here 1.5 s; 4 s in production, under Teams' 5 s), a floor however busy the machine is.
    release();
    await held;
    expect(elapsed).toBeGreaterThanOrEqual(BUSY_BUDGET_MS - 100);
    expect(posted.body).toEqual({ statusCode: 200, type: 'application/vnd.microsoft.activity.message', value: 'Received. The card will update in a moment.' });
    // The press was not lost: once the database is free it is recorded and the card is replaced.
    await expect.poll(async () => (await app.db.prisma.incidentAgency.findFirstOrThrow({ where: { incidentId: incident.id, agencyId: 'polisen' } })).state, { timeout: 15_000 })
      .toBe('acknowledged');
    const update = await connector.waitFor(() => connector.accepted('update', RIDO_CHAT).find((c) => c.activityId === card.createdId), 15_000);
    expect(cardText(cardOf(update))).toContain(t('state.acknowledged', 'sv'));
  });

  it('the production budget stays under Teams\' 5 s', () => {
    expect(DEFAULT_INVOKE_BUDGET_MS).toBeLessThan(5000);
  });

  it('never reached for the Internet (no token or OpenID fetch with auth off)', async () => {
    // Calls of its own: an incident, with its cards sent to channels and personal chats.
    await registered();
    expect(internetAttempts).toEqual([]);
    expect(connector.calls.every((c) => c.authorization === undefined)).toBe(true);
  });
});
