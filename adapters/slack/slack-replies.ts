import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import type { webApi } from '@slack/bolt';
import type { OutboundMessage } from '../../src/core/messages/outbound.types.ts';
import type { ReplyTarget } from './slack-inbound.ts';
import { renderMessageBlocks } from './render-message-blocks.ts';
import type { Logger } from '../../src/core/kernel/logger.port.ts';

export interface SlackRepliesOptions {
  client(token: string): webApi.WebClient;
  logger: Logger;
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
      const status = await postJson(target.url, { response_type: 'ephemeral', replace_original: false, ...rendered }, this.options.timeoutMs ?? 5000);
      if (status < 200 || status >= 300) throw new Error(`response_url answered ${status}`);
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

/**
 * POSTs JSON and resolves with the status. Plain node:http(s) rather than fetch: one of these goes out per request,
 * on the same event loop as the acks, and fetch costs several times the CPU.
 */
function postJson(url: string, body: unknown, timeoutMs: number): Promise<number> {
  const payload = Buffer.from(JSON.stringify(body));
  const send = url.startsWith('https:') ? httpsRequest : httpRequest;
  return new Promise((resolve, reject) => {
    const req = send(url, { method: 'POST', timeout: timeoutMs, headers: { 'content-type': 'application/json', 'content-length': payload.length } }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode ?? 0));
      res.on('error', reject);
    });
    req.on('timeout', () => req.destroy(new Error('response_url timed out')));
    req.on('error', reject);
    req.end(payload);
  });
}
