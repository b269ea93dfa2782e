import { webApi } from '@slack/bolt';
import type { ChatPlatform, DeliveredLookup, SendOptions, SentMessage } from '../../src/core/ports/chat-platform.port.ts';
import { PlatformError } from '../../src/core/ports/chat-platform.port.ts';
import type { OutboundMessage } from '../../src/core/messages/outbound.types.ts';
import type { ChatAddress } from '../../src/core/shared/platform.types.ts';
import type { SlackAuth } from './slack-auth.ts';
import type { ChannelPacer } from './channel-pacer.ts';
import { renderMessageBlocks, type RenderedMessage } from './render-message-blocks.ts';
import { SLACK_LIMITS } from './slack-limits.ts';
import { slackText } from './slack-texts.ts';

/** The `event_type` of the metadata every notification carries (its idempotency key, to recognise a redelivery). */
export const NOTIFICATION_METADATA_TYPE = 'samband_notification';

/** Pages of history read at most per look-up (200 messages each): a crash is recent, the window is short. */
const LOOKUP_PAGES = 5;

/** Slack errors that will not go away by trying again: the outbox stops at once. */
const PERMANENT = new Set([
  'channel_not_found', 'not_in_channel', 'is_archived', 'invalid_auth', 'not_authed', 'account_inactive', 'token_revoked',
  'token_expired', 'no_permission', 'missing_scope', 'msg_too_long', 'invalid_blocks', 'invalid_blocks_format',
  'message_not_found', 'cant_update_message', 'edit_window_closed', 'restricted_action', 'team_access_not_granted',
  'user_not_found', 'cannot_dm_bot', 'invalid_arguments', 'invalid_metadata_format', 'invalid_metadata_schema',
  'ekm_access_denied', 'channel_type_not_supported', 'org_login_required',
]);

/**
 * A platform message id: the channel Slack actually posted in (a DM's D… id when the address was a user) and the
 * message's `ts`. chat.update and thread replies need both.
 */
export function slackMessageId(channel: string, ts: string): string {
  return `${channel}/${ts}`;
}

export function parseSlackMessageId(messageId: string, fallbackChannel: string): { channel: string; ts: string } {
  const at = messageId.indexOf('/');
  return at > 0 ? { channel: messageId.slice(0, at), ts: messageId.slice(at + 1) } : { channel: fallbackChannel, ts: messageId };
}

/** Slack's answer as the delivery worker needs it: retry (when, after a 429) or give up. */
export function toPlatformError(error: unknown): PlatformError {
  if (error instanceof PlatformError) return error;
  if (error instanceof webApi.WebAPIRateLimitedError) return new PlatformError('slack: rate limited', true, error.retryAfter * 1000);
  if (error instanceof webApi.WebAPIPlatformError) {
    const code = String(error.data.error);
    return new PlatformError(`slack: ${code}`, !PERMANENT.has(code));
  }
  if (error instanceof webApi.WebAPIHTTPError) return new PlatformError(`slack: http ${error.statusCode}`, error.statusCode >= 500 || error.statusCode === 408);
  return new PlatformError(`slack: ${(error as Error)?.message ?? String(error)}`, true);
}

export interface SlackPlatformOptions {
  auth: SlackAuth;
  /** A Web API client without retries or rate-limit waits of its own: the outbox owns retrying. */
  client(token: string): webApi.WebClient;
  pacer: ChannelPacer;
}

/**
 * Delivers the outbox's messages to Slack: Block Kit through chat.postMessage (threaded under the original with
 * `thread_ts` for follow-ups) and chat.update for state changes, with the workspace's own token. It keeps Slack's
 * per-channel pace and turns 429s into retryable errors carrying `Retry-After`. After a crash it finds a message sent
 * earlier by the idempotency key in its metadata (conversations.history / conversations.replies).
 */
export class SlackPlatform implements ChatPlatform {
  readonly name = 'slack' as const;

  constructor(private readonly options: SlackPlatformOptions) {}

  async send(address: ChatAddress, message: OutboundMessage, options: SendOptions): Promise<SentMessage> {
    const client = await this.clientFor(address);
    const thread = options.threadOf ? parseSlackMessageId(options.threadOf, address.channel) : undefined;
    const channel = thread?.channel ?? address.channel;
    const rendered = withRepeatNote(renderMessageBlocks(message), message, options);
    await this.options.pacer.slot(address.workspace, channel);
    const result = await this.call(address, () => client.chat.postMessage({
      channel,
      text: rendered.text,
      blocks: rendered.blocks,
      thread_ts: thread?.ts,
      unfurl_links: false,
      unfurl_media: false,
      metadata: metadata(message, options),
    }));
    if (!result.ts) throw new PlatformError('slack: chat.postMessage returned no ts', true);
    return { messageId: slackMessageId(result.channel ?? channel, result.ts) };
  }

  async update(address: ChatAddress, messageId: string, message: OutboundMessage, options: SendOptions): Promise<void> {
    const client = await this.clientFor(address);
    const { channel, ts } = parseSlackMessageId(messageId, address.channel);
    const rendered = renderMessageBlocks(message);
    await this.options.pacer.clear(address.workspace);
    await this.call(address, () => client.chat.update({ channel, ts, text: rendered.text, blocks: rendered.blocks, metadata: metadata(message, options) }));
  }

  /**
   * Reads the conversation (or the thread, for a reply) from `since` on, with message metadata, for the message
   * carrying this idempotency key. Needs the history scope of the conversation's kind; conversations.history is
   * Tier 3 for an internal app (about 50 calls a minute), and a look-up runs only for a claim a crash left behind.
   */
  async findDelivered(address: ChatAddress, lookup: DeliveredLookup): Promise<SentMessage | null> {
    const client = await this.clientFor(address);
    const thread = lookup.threadOf ? parseSlackMessageId(lookup.threadOf, address.channel) : undefined;
    const channel = thread?.channel ?? await this.conversationOf(client, address.channel);
    const oldest = (lookup.since.getTime() / 1000).toFixed(6);
    let cursor: string | undefined;
    for (let page = 0; page < LOOKUP_PAGES; page += 1) {
      const result = await this.lookup(() => thread
        ? client.conversations.replies({ channel, ts: thread.ts, oldest, include_all_metadata: true, limit: 200, cursor })
        : client.conversations.history({ channel, oldest, include_all_metadata: true, limit: 200, cursor }));
      const match = (result.messages ?? []).find((m) => m.metadata?.event_type === NOTIFICATION_METADATA_TYPE
        && (m.metadata.event_payload as Record<string, unknown> | undefined)?.idempotency_key === lookup.idempotencyKey);
      if (match?.ts) return { messageId: slackMessageId(channel, match.ts) };
      cursor = result.response_metadata?.next_cursor || undefined;
      if (!cursor) return null;
    }
    // Not seen, but not all read either: "not there" would be a guess, so the re-send is marked instead.
    throw new PlatformError(`slack: more than ${LOOKUP_PAGES * 200} messages since the claim, look-up stopped`, false);
  }

  /** A user id (a DM address) names no conversation to read; the DM's own id does (im:write opens it). */
  private async conversationOf(client: webApi.WebClient, channel: string): Promise<string> {
    if (!/^[UW]/.test(channel)) return channel;
    const opened = await this.lookup(() => client.conversations.open({ users: channel }));
    const id = opened.channel?.id;
    if (!id) throw new PlatformError('slack: conversations.open returned no channel', true);
    return id;
  }

  /** A look-up's failure, without pausing the channel's posts: Slack limits each method on its own. */
  private async lookup<T>(work: () => Promise<T>): Promise<T> {
    try {
      return await work();
    } catch (error) {
      throw toPlatformError(error);
    }
  }

  private async clientFor(address: ChatAddress): Promise<webApi.WebClient> {
    const auth = await this.options.auth.forWorkspace(address.workspace || undefined);
    // Retryable: the workspace may be installed (OAuth) after the notification was queued.
    if (!auth) throw new PlatformError(`slack: Samband is not installed in workspace ${address.workspace}`, true, 60_000);
    return this.options.client(auth.botToken);
  }

  private async call<T>(address: ChatAddress, work: () => Promise<T>): Promise<T> {
    try {
      return await work();
    } catch (error) {
      const failure = toPlatformError(error);
      if (failure.retryAfterMs) this.options.pacer.pause(address.workspace, failure.retryAfterMs);
      throw failure;
    }
  }
}

/** A re-send Slack could not be asked about says so on top (Slack counts blocks, so only when one is free). */
function withRepeatNote(rendered: RenderedMessage, message: OutboundMessage, options: SendOptions): RenderedMessage {
  if (!options.possibleRepeat || rendered.blocks.length >= SLACK_LIMITS.messageBlocks) return rendered;
  const note = slackText('send.possible_repeat', message.locale);
  return { ...rendered, blocks: [{ type: 'context', elements: [{ type: 'mrkdwn', text: note }] }, ...rendered.blocks] };
}

function metadata(message: OutboundMessage, options: SendOptions) {
  return {
    event_type: NOTIFICATION_METADATA_TYPE,
    event_payload: { idempotency_key: options.idempotencyKey, incident_ref: message.incidentRef ?? '' },
  };
}
