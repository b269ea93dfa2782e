import type { webApi } from '@slack/bolt';
import type { OutboundMessage } from '../../src/core/messages/outbound.types.ts';
import type { ReplyTarget } from './slack-inbound.ts';
import { renderMessageBlocks } from './render-message-blocks.ts';
import type { AdapterLogger } from './adapter-logger.ts';

export interface SlackRepliesOptions {
  client(token: string): webApi.WebClient;
  logger: AdapterLogger;
  /** Time allowed for one response_url post. */
  timeoutMs?: number;
}

/**
 * Answers the person who asked, where only they see it: through the request's response_url (ephemeral), as an
 * ephemeral message in the channel, in a DM with the app they wrote in, or else as a direct message. If the first
 * way fails (an expired response_url, a channel the app is not in) the answer goes to the person's DM instead of
 * being lost.
 */
export class SlackReplies {
  constructor(private readonly options: SlackRepliesOptions) {}

  async send(target: ReplyTarget, botToken: string | undefined, messages: OutboundMessage[]): Promise<void> {
    for (const message of messages) {
      const rendered = renderMessageBlocks(message);
      try {
        await this.deliver(target, botToken, rendered);
      } catch (error) {
        this.options.logger.log('warn', 'slack.reply_failed', { via: target.kind, error: (error as Error).message });
        const user = 'user' in target ? target.user : undefined;
        if (!botToken || !user || target.kind === 'dm') continue;
        await this.deliver({ kind: 'dm', user }, botToken, rendered).catch((again: Error) => {
          this.options.logger.log('error', 'slack.reply_lost', { error: again.message });
        });
      }
    }
  }

  private async deliver(target: ReplyTarget, botToken: string | undefined, rendered: ReturnType<typeof renderMessageBlocks>): Promise<void> {
    if (target.kind === 'response_url') {
      const response = await fetch(target.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ response_type: 'ephemeral', replace_original: false, ...rendered }),
        signal: AbortSignal.timeout(this.options.timeoutMs ?? 5000),
      });
      if (!response.ok) throw new Error(`response_url answered ${response.status}`);
      return;
    }
    if (!botToken) throw new Error('no bot token for this workspace');
    const client = this.options.client(botToken);
    if (target.kind === 'ephemeral') {
      await client.chat.postEphemeral({ channel: target.channel, user: target.user, thread_ts: target.threadTs, ...rendered });
    } else if (target.kind === 'channel') {
      await client.chat.postMessage({ channel: target.channel, thread_ts: target.threadTs, ...rendered });
    } else {
      await client.chat.postMessage({ channel: target.user, ...rendered });
    }
  }
}
