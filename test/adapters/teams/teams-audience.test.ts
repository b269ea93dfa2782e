import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fileURLToPath } from 'node:url';
import { startTestApp, type TestApp } from '../../support/test-app.ts';
import { until } from '../../support/until.ts';
import { teamsWire } from '../../../src/cli/wire-teams.ts';
import { formatIncidentRef } from '../../../src/core/commands/incident-ref.ts';
import { FakeBotConnector, cardOf, cardText, type ConnectorCall } from './support/fake-bot-connector.ts';
import { blockInternet } from './support/no-internet.ts';
import {
  POLICE_CHANNEL, RIDO_AAD, RIDO_CHAT, SOCIAL_CHANNEL, TENANT_A, TENANT_B, TENANT_C,
  botAddedPersonal, executeInvoke, postActivity, sample,
} from './support/teams-activities.ts';
import { cardOnRecord } from './support/card-on-record.ts';

/**
 * Need to know in Teams, through real botbuilder over HTTP and the fake Bot Connector: the police channel is cleared
 * for confidential details until Teams reports it as a shared channel (channelData.channel.type); from then on its
 * copies, new and replaced, show only the minimum, and an answer asked there goes to the asker's personal chat.
 */
blockInternet();

const CONFIG = fileURLToPath(new URL('../../fixtures/teams/audience-config.yaml', import.meta.url));
const DAVE_AAD = '6b703ce3-6d14-4fe6-b90c-dc5f03657ae4';
const CONFIDENTIAL = 'pojken heter Kalle och bor på HVB';
const POINTER_EN = 'The answer was sent to you privately.';
let app: TestApp;
let connector: FakeBotConnector;
let message = 0;

const body = (call: ConnectorCall) => JSON.stringify(call.body);

/** Tien (social services) reports from the personal chat; resolves with the reference once every copy is sent. */
async function register(description: string): Promise<{ ref: string; police: ConnectorCall; rido: ConnectorCall }> {
  const activity = sample('message.personal.botbuilder-js-recording', connector.url);
  activity.id = `1571691300${String(++message).padStart(3, '0')}`;
  activity.text = `incident Rinkeby 2 ${description} sekretess: ${CONFIDENTIAL}`;
  expect((await postActivity(app.url, activity)).status).toBe(200);
  const incident = await app.db.prisma.incident.findFirstOrThrow({ where: { description }, orderBy: { number: 'desc' } });
  const ref = formatIncidentRef(incident.year, incident.number);
  const copyOf = (conversation: string) => connector.accepted('send', conversation).find((c) => body(c).includes(ref));
  const police = await connector.waitFor(() => copyOf(POLICE_CHANNEL));
  const rido = await connector.waitFor(() => copyOf(RIDO_CHAT));
  await connector.waitFor(() => copyOf(SOCIAL_CHANNEL));
  await cardOnRecord(app.db, rido);
  return { ref, police, rido };
}

/** Dave (police) mentions the bot in the police channel; Teams says what kind of channel it is. */
function inPoliceChannel(text: string, channelType: string) {
  const activity = sample('message.channel-mention.botbuilder-js-recording', connector.url);
  activity.id = `1571689600${String(++message).padStart(3, '0')}`;
  activity.text = `<at>Integration Bot</at> ${text}`;
  activity.from = { id: '29:dave-account', name: 'Dave Taniguchi', aadObjectId: DAVE_AAD };
  activity.conversation = { isGroup: true, conversationType: 'channel', tenantId: TENANT_A, id: `${POLICE_CHANNEL};messageid=${activity.id}` };
  activity.channelData = { channel: { id: POLICE_CHANNEL, type: channelType }, team: { id: POLICE_CHANNEL }, tenant: { id: TENANT_A } };
  return activity;
}

beforeAll(async () => {
  connector = await new FakeBotConnector().start();
  app = await startTestApp('postgres', {
    env: { SAMBAND_CONFIG: CONFIG, SAMBAND_TEAMS: 'on', TEAMS_ALLOWED_TENANTS: `${TENANT_A},${TENANT_B},${TENANT_C}` },
    wires: [teamsWire()],
  });
  // The bot is in the police channel (A), the social services channel (C) and Rido's personal chat (B).
  expect((await postActivity(app.url, sample('conversationUpdate.teamMemberAdded-user.botbuilder-js-recording', connector.url))).status).toBe(200);
  expect((await postActivity(app.url, sample('conversationUpdate.bot-added-to-team.msteams-docs', connector.url))).status).toBe(200);
  const rido = botAddedPersonal(connector.url, { tenant: TENANT_B, aad: RIDO_AAD, conversation: RIDO_CHAT, botId: '28:aabdbd62-bc97-4afb-83ee-575594577de5' });
  expect((await postActivity(app.url, rido)).status).toBe(200);
}, 180_000);

afterAll(async () => {
  await app?.stop();
  await connector?.stop();
});

describe('Teams: what each conversation may see', () => {
  let first: Awaited<ReturnType<typeof register>>;

  it('a cleared standard channel and a permitted person get the confidential details; an uncleared channel does not', async () => {
    expect((await postActivity(app.url, inPoliceChannel('help', 'standard'))).status).toBe(200);
    first = await register('stenkastning mot buss');
    expect(body(first.police)).toContain(CONFIDENTIAL);
    expect(body(first.police)).toContain('stenkastning mot buss');
    expect(body(first.rido)).toContain(CONFIDENTIAL);
    const social = connector.accepted('send', SOCIAL_CHANNEL).find((c) => body(c).includes(first.ref))!;
    expect(body(social)).not.toContain(CONFIDENTIAL);
    expect(await app.db.prisma.roomAudience.findFirst({ where: { channel: POLICE_CHANNEL } })).toMatchObject({ shared: false });
  });

  it('a channel Teams reports as shared is recorded once, audited, and its status answer goes to the asker alone', async () => {
    const ask = inPoliceChannel(`status ${first.ref}`, 'shared');
    const createsBefore = connector.accepted('create').length;
    expect((await postActivity(app.url, ask)).status).toBe(200);
    expect(await app.db.prisma.roomAudience.findFirst({ where: { channel: POLICE_CHANNEL } })).toMatchObject({ shared: true, workspace: TENANT_A });
    const audits = await app.db.prisma.auditEvent.findMany({ where: { action: 'room.audience_changed' } });
    expect(audits).toHaveLength(1);
    expect(audits[0]!.after).toMatchObject({ shared: true, source: 'teams.channel_type' });

    const [inChannel] = connector.accepted('reply', POLICE_CHANNEL).filter((c) => c.activityId === ask.id);
    expect(cardText(cardOf(inChannel))).toBe(POINTER_EN);
    expect(body(inChannel)).not.toContain(CONFIDENTIAL);
    const [create] = connector.accepted('create').slice(createsBefore);
    const privately = await connector.waitFor(() => connector.accepted('send', create!.createdId!)[0]);
    expect(cardText(cardOf(privately))).toContain(CONFIDENTIAL);

    // Every later activity in the channel says the same: nothing more is written or audited.
    expect((await postActivity(app.url, inPoliceChannel('help', 'shared'))).status).toBe(200);
    expect(await app.db.prisma.auditEvent.count({ where: { action: 'room.audience_changed' } })).toBe(1);
  });

  it('from then on the shared channel gets the minimum: new incidents and replaced cards alike', async () => {
    const next = await register('hot mot personal vid entré');
    for (const leak of [CONFIDENTIAL, 'hot mot personal', 'Tien Suwandy']) expect(body(next.police)).not.toContain(leak);
    for (const fact of ['Rinkeby', next.ref]) expect(cardText(cardOf(next.police))).toContain(fact);
    expect(body(next.rido)).toContain(CONFIDENTIAL);

    // Rido acknowledges the first incident from his personal chat: every copy is replaced, the channel's minimally.
    const invoke = executeInvoke(connector.url, { samband: 'action', payload: { action: 'ack', incidentRef: first.ref, agencyId: 'polisen' } }, first.rido.createdId!);
    expect((await postActivity(app.url, invoke)).status).toBe(200);
    await until('the police channel card replaced', () => connector.accepted('update', POLICE_CHANNEL).some((c) => c.activityId === first.police.createdId));
    const replaced = connector.accepted('update', POLICE_CHANNEL).filter((c) => c.activityId === first.police.createdId).at(-1)!;
    expect(body(replaced)).not.toContain(CONFIDENTIAL);
    expect(body(replaced)).not.toContain('stenkastning mot buss');
  });

  it('no Teams channel ever received the confidential details after it became shared', () => {
    const sharedSince = connector.calls.findIndex((c) => c.kind === 'reply' && c.conversationId.startsWith(POLICE_CHANNEL) && body(c).includes(POINTER_EN));
    const later = connector.calls.slice(sharedSince).filter((c) => c.conversationId.startsWith(POLICE_CHANNEL) || c.conversationId.startsWith(SOCIAL_CHANNEL));
    expect(later.length).toBeGreaterThan(0);
    for (const call of later) expect(body(call)).not.toContain(CONFIDENTIAL);
  });
});
