import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../../support/test-app.ts';
import { teamsWire } from '../../../src/cli/wire-teams.ts';
import { t } from '../../../src/core/messages/i18n.ts';
import { formatIncidentRef } from '../../../src/core/commands/incident-ref.ts';
import { FakeBotConnector, buttonTitles, cardOf, cardText, type ConnectorCall } from './support/fake-bot-connector.ts';
import { blockInternet, internetAttempts } from './support/no-internet.ts';
import {
  POLICE_CHANNEL, RIDO_AAD, RIDO_CHAT, SOCIAL_CHANNEL, TEAMS_CONFIG, TENANT_A, TENANT_B, TENANT_C, TIEN_CHAT,
  botAddedPersonal, executeInvoke, postActivity, sample,
} from './support/teams-activities.ts';

blockInternet();

let app: TestApp;
let connector: FakeBotConnector;
let incidentRef = '';
let policeCardId = '';
let ridoCardId = '';

const stateOf = async (agencyId: string) => (await app.db.prisma.incidentAgency.findFirst({
  where: { agencyId, incident: { number: Number(incidentRef.split('-').pop()) } },
}))!;

describe('Teams adapter over HTTP (CloudAdapter, auth off, fake Bot Connector)', () => {
  beforeAll(async () => {
    connector = await new FakeBotConnector().start();
    app = await startTestApp('pglite', {
      env: { SAMBAND_CONFIG: TEAMS_CONFIG, SAMBAND_TEAMS: 'on', TEAMS_ALLOWED_TENANTS: `${TENANT_A}, ${TENANT_B},${TENANT_C}` },
      wires: [teamsWire()],
    });
  });

  afterAll(async () => {
    await app?.stop();
    await connector?.stop();
  });

  it('stores a team channel when the bot is added, and says hello there with the id to configure', async () => {
    const posted = await postActivity(app.url, sample('conversationUpdate.bot-added-to-team.msteams-docs', connector.url));
    expect(posted.status).toBe(200);
    const row = await app.db.prisma.teamsConversation.findUnique({ where: { conversationId: SOCIAL_CHANNEL } });
    expect(row?.tenantId).toBe(TENANT_C);
    expect(row?.reference).toMatchObject({ serviceUrl: connector.url, conversation: { id: SOCIAL_CHANNEL, conversationType: 'channel' } });
    expect((row?.reference as Record<string, unknown>).user).toBeUndefined();
    const [hello] = connector.accepted('reply', SOCIAL_CHANNEL);
    expect(hello.activityId).toBe('f:0b9079f4-d4d3-3d8e-b883-798298053c7e');
    expect(cardText(cardOf(hello))).toContain(SOCIAL_CHANNEL);
  });

  it('stores the channel of any activity it gets (a member added), without a greeting', async () => {
    const before = connector.calls.length;
    const posted = await postActivity(app.url, sample('conversationUpdate.teamMemberAdded-user.botbuilder-js-recording', connector.url));
    expect(posted.status).toBe(200);
    expect(await app.db.prisma.teamsConversation.findUnique({ where: { conversationId: POLICE_CHANNEL } })).not.toBeNull();
    expect(connector.calls.length).toBe(before);
  });

  it('stores the personal chat of a configured person who installs the bot', async () => {
    const activity = botAddedPersonal(connector.url, { tenant: TENANT_B, aad: RIDO_AAD, conversation: RIDO_CHAT, botId: '28:aabdbd62-bc97-4afb-83ee-575594577de5' });
    expect((await postActivity(app.url, activity)).status).toBe(200);
    const row = await app.db.prisma.teamsConversation.findUnique({ where: { conversationId: RIDO_CHAT } });
    expect(row?.reference).toMatchObject({ conversation: { conversationType: 'personal' }, user: { aadObjectId: RIDO_AAD } });
  });

  it('registers an incident from a personal message and notifies agency channels and people proactively', async () => {
    const activity = sample('message.personal.botbuilder-js-recording', connector.url);
    activity.text = 'incident Rinkeby 2 stenkastning mot buss';
    const posted = await postActivity(app.url, activity);
    expect(posted.status).toBe(200);

    const incident = await app.db.prisma.incident.findFirst({ orderBy: { number: 'desc' } });
    expect(incident).toMatchObject({ areaId: 'rinkeby', severity: 2, reporterId: 'tien.suwandy', sourcePlatform: 'teams' });
    incidentRef = formatIncidentRef(incident!.year, incident!.number);

    // The reply answers the message, in the language Teams reports (en-US), as an Adaptive Card.
    const [reply] = connector.accepted('reply', TIEN_CHAT);
    expect(reply.activityId).toBe('1571691217375');
    expect(cardOf(reply)).toMatchObject({ type: 'AdaptiveCard', version: '1.5' });
    expect(cardText(cardOf(reply))).toContain(t('title.registered', 'en', { ref: incidentRef }));
    expect(await app.db.prisma.teamsConversation.findUnique({ where: { conversationId: TIEN_CHAT } })).not.toBeNull();

    // Proactive notifications: the police channel (tenant A), Rido's personal chat (tenant B), social services (tenant C).
    const police = await connector.waitFor(() => connector.accepted('send', POLICE_CHANNEL)[0]);
    const rido = await connector.waitFor(() => connector.accepted('send', RIDO_CHAT)[0]);
    const social = await connector.waitFor(() => connector.accepted('send', SOCIAL_CHANNEL)[0]);
    policeCardId = police.createdId!;
    ridoCardId = rido.createdId!;
    for (const call of [police, rido, social]) {
      expect(buttonTitles(cardOf(call))).toEqual([t('button.ack', 'sv'), t('button.responding', 'sv'), t('button.decline', 'sv')]);
      expect(call.authorization).toBeUndefined();
    }
    expect(cardOf(police)!.actions[0]).toMatchObject({ type: 'Action.Execute', data: { samband: 'action', payload: { action: 'ack', incidentRef, agencyId: 'polisen' } } });
    const rows = await app.db.prisma.notification.findMany({ where: { incidentId: incident!.id, kind: 'incident.new' } });
    const policeRow = rows.find((r) => r.channel === POLICE_CHANNEL)!;
    expect(police.body.channelData).toMatchObject({ samband: { idempotencyKey: policeRow.idempotencyKey } });
  });
});

export type { ConnectorCall };
