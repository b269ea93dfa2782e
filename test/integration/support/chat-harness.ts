import { afterAll, beforeAll, expect } from 'vitest';
import { startTestApp, type TestApp } from '../../support/test-app.ts';
import type { DatabaseKind } from '../../support/test-database.ts';
import { wireSlack } from '../../../src/cli/wire-slack.ts';
import { teamsWire } from '../../../src/cli/wire-teams.ts';
import { wireWeb } from '../../../src/cli/wire-web.ts';
import type { Clock } from '../../../src/core/ports/clock.port.ts';
import { formatIncidentRef } from '../../../src/core/commands/incident-ref.ts';
import { FakeSlack, type SlackCall } from '../../adapters/slack/support/fake-slack.ts';
import { formBody, freshTrigger, interactiveBody, postToSlackEndpoint, sample as slackSample } from '../../adapters/slack/support/slack-requests.ts';
import { FakeBotConnector, cardOf, cardText, type ConnectorCall } from '../../adapters/teams/support/fake-bot-connector.ts';
import { POLICE_CHANNEL, TENANT_A, executeInvoke, postActivity, sample, type Posted } from '../../adapters/teams/support/teams-activities.ts';
import { cardOnRecord } from '../../adapters/teams/support/card-on-record.ts';

/**
 * One app with both chat platforms faked: the fake Slack Web API (workspace T0HOME, bot token `xoxb-home`) and the
 * fake Bot Connector, the bot already in the police team. Tests drive it with signed Slack requests and Bot
 * Framework activities through the real Bolt and botbuilder stacks, and assert on what the fakes received.
 */
export interface ChatRig {
  app: TestApp;
  slack: FakeSlack;
  connector: FakeBotConnector;
  secret: string;
  /** Numbers the response URLs of the rig's requests, so each answer is found by its own URL. */
  next(): number;
  stop(): Promise<void>;
}

export interface ChatRigOptions {
  config: string;
  secret: string;
  clock?: Clock;
  /** Wires the web console too (its store holds a copy of every message). */
  web?: boolean;
  /** Slack users whose locale the fake reports as Swedish. */
  swedishUsers?: string[];
}

/** Dave of the police, as Teams names him in the recorded activities. */
export const DAVE = { id: '29:dave', name: 'Dave Taniguchi', aadObjectId: '6b703ce3-6d14-4fe6-b90c-dc5f03657ae4' };

/** Everything a Slack message shows: its blocks and its fallback text. */
export const slackText = (call: SlackCall) => JSON.stringify(call.params.blocks ?? []) + String(call.params.text ?? '');
/** The buttons of a Slack message's action blocks. */
export const slackButtons = (call: SlackCall) => ((call.params.blocks ?? []) as any[]).filter((b) => b.type === 'actions').flatMap((b) => b.elements);

/** Starts the fakes and the app on `kind`; the caller stops it in its `afterAll`. */
export async function startChatRig(kind: DatabaseKind, options: ChatRigOptions): Promise<ChatRig> {
  const slack = await new FakeSlack().start();
  slack.tokens.set('xoxb-home', { team: 'T0HOME', botUser: 'U0BOT', botId: 'B0BOT' });
  for (const user of options.swedishUsers ?? []) slack.users.set(user, { locale: 'sv-SE' });
  const connector = await new FakeBotConnector().start();
  let app: TestApp | undefined;
  const stop = async () => {
    await app?.stop();
    await connector.stop();
    await slack.stop();
  };
  try {
    app = await startTestApp(kind, {
      ...(options.clock ? { clock: options.clock } : {}),
      env: {
        SAMBAND_CONFIG: options.config,
        SLACK_SIGNING_SECRET: options.secret, SLACK_BOT_TOKEN: 'xoxb-home', SLACK_API_URL: slack.apiUrl,
        SAMBAND_TEAMS: 'on', TEAMS_ALLOWED_TENANTS: TENANT_A,
      },
      wires: options.web ? [wireWeb, wireSlack, teamsWire()] : [wireSlack, teamsWire()],
    });
    // The bot is in the police team (Teams told it so when a member was added to the channel).
    expect((await postActivity(app.url, sample('conversationUpdate.teamMemberAdded-user.botbuilder-js-recording', connector.url))).status).toBe(200);
  } catch (error) {
    await stop();
    throw error;
  }
  let n = 0;
  return { app, slack, connector, secret: options.secret, next: () => ++n, stop };
}

/**
 * Starts a rig before the describe block's tests and stops it after them; the rig returned is filled in once
 * `beforeAll` ran (hooks registered after this call see it complete).
 */
export function useChatRig(kind: DatabaseKind, options: ChatRigOptions): ChatRig {
  const rig = {} as ChatRig;
  beforeAll(async () => {
    Object.assign(rig, await startChatRig(kind, options));
  }, 180_000);
  afterAll(async () => {
    await rig.stop?.();
  });
  return rig;
}

/** A signed `/incident <text>` from a Slack user; resolves with the ephemeral answer. */
export async function slash(rig: ChatRig, user: string, text: string): Promise<SlackCall> {
  const body = {
    ...slackSample<Record<string, string | undefined>>('slash_command.bolt-python.json'),
    team_id: 'T0HOME', enterprise_id: undefined, enterprise_name: undefined, user_id: user, command: '/incident',
    text, trigger_id: freshTrigger(), response_url: rig.slack.responseUrl(`slash-${rig.next()}`),
  };
  expect((await postToSlackEndpoint(rig.app.url, formBody(body), { secret: rig.secret })).status).toBe(200);
  return rig.slack.waitFor(() => rig.slack.repliesTo(body.response_url)[0], 15_000, `the answer to "${text}"`);
}

/** Slack's block_actions sample, as if `user` pressed `button` on `message`; resolves with the request body. */
export async function pressInSlack(rig: ChatRig, user: string, message: SlackCall, button: any): Promise<Record<string, any>> {
  const body = slackSample<Record<string, any>>('block_actions.button.bolt-python.json');
  body.user = { id: user, username: user, name: user, team_id: 'T0HOME' };
  body.team = { id: 'T0HOME', domain: 'home' };
  body.channel = { id: message.params.channel, name: 'agency' };
  body.container = { type: 'message', message_ts: message.response.ts, channel_id: message.params.channel, is_ephemeral: false };
  body.trigger_id = freshTrigger();
  body.response_url = rig.slack.responseUrl(`press-${rig.next()}`);
  body.actions = [{ ...button, block_id: 'samband.actions.0', type: 'button', action_ts: '1700000000.000001' }];
  expect((await postToSlackEndpoint(rig.app.url, interactiveBody(body), { secret: rig.secret })).status).toBe(200);
  return body;
}

/** The police channel's conversation of a card posted there. */
export const channelOf = (card: ConnectorCall) => ({ id: `${POLICE_CHANNEL};messageid=${card.createdId}`, conversationType: 'channel' });

/**
 * Dave presses `data` on `card` (Action.Execute) in the conversation the card is in (the police channel unless
 * given), with what he typed in its form if any; resolves with the answer (its body holds the card after).
 */
export async function pressInTeams(
  rig: ChatRig, card: ConnectorCall, data: unknown, conversation: { id: string; conversationType: string } = channelOf(card),
): Promise<Posted> {
  await cardOnRecord(rig.app.db, card);
  const invoke = executeInvoke(rig.connector.url, data, card.createdId!);
  invoke.from = DAVE;
  invoke.conversation = { ...conversation, isGroup: conversation.conversationType === 'channel', tenantId: TENANT_A };
  invoke.channelData = { tenant: { id: TENANT_A }, ...(conversation.conversationType === 'channel' ? { channel: { id: POLICE_CHANNEL } } : {}), source: { name: 'message' } };
  const answer = await postActivity(rig.app.url, invoke);
  expect(answer.status).toBe(200);
  return answer;
}

/** One incident of a test's own, with the first Slack copies and the police channel's Teams card. */
export interface Copies { ref: string; number: number; posts: Record<string, SlackCall>; policeCard: ConnectorCall }

/** Anna registers `Rinkeby 2 <description>` in Slack; resolves once the first copies reached `channels` and the police. */
export async function registerAndCollect(rig: ChatRig, description: string, channels = ['C0SOCIAL', 'C0FIRE', 'C0JOINT']): Promise<Copies> {
  const { app, slack, connector } = rig;
  await slash(rig, 'U0ANNA', `Rinkeby 2 ${description}`);
  const incident = await app.db.prisma.incident.findFirstOrThrow({ where: { description }, orderBy: { number: 'desc' } });
  const ref = formatIncidentRef(incident.year, incident.number);
  const posts: Record<string, SlackCall> = {};
  for (const channel of channels) {
    posts[channel] = await slack.waitFor(() => slack.of('chat.postMessage').find((c) => c.params.channel === channel && slackText(c).includes(ref)), 15_000);
  }
  const policeCard = await connector.waitFor(() => connector.accepted('send', POLICE_CHANNEL).find((c) => cardText(cardOf(c)).includes(ref)), 15_000);
  return { ref, number: incident.number, posts, policeCard };
}

/** The latest chat.update of the incident's message first posted in `channel`. */
export const lastUpdate = (rig: ChatRig, copies: Copies, channel: string) => rig.slack.of('chat.update')
  .filter((c) => c.params.channel === channel && c.params.ts === copies.posts[channel].response.ts).at(-1);

/** Slack's view_submission sample: `user` sends the modal `view` with `value` typed in its one text field. */
export async function submitModal(rig: ChatRig, user: string, view: Record<string, any>, value: string): Promise<void> {
  const submission = slackSample<Record<string, any>>('view_submission.bolt-python.json');
  submission.team = { id: 'T0HOME', domain: 'home' };
  submission.user = { id: user, team_id: 'T0HOME' };
  submission.trigger_id = freshTrigger();
  submission.view = { ...submission.view, callback_id: view.callback_id, private_metadata: view.private_metadata, blocks: view.blocks,
    state: { values: { reason: { reason: { type: 'plain_text_input', value } } } } };
  expect((await postToSlackEndpoint(rig.app.url, interactiveBody(submission), { secret: rig.secret })).status).toBe(200);
}
