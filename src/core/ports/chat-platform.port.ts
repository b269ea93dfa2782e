import type { ChatAddress, PlatformName } from '../shared/platform.types.ts';
import type { OutboundMessage } from '../messages/outbound.types.ts';

/** What a platform returns for a posted message, to update it or thread under it later. */
export interface SentMessage {
  /** Slack `ts`, Teams activity id, web message id. */
  messageId: string;
}

export interface SendOptions {
  /** Stable per notification; sent along so a redelivery after a crash is recognisable. */
  idempotencyKey: string;
  /** Post as a reply in the thread of this earlier message. */
  threadOf?: string;
}

/**
 * A chat platform as the core sees it: post a message to an address, and replace one posted earlier. Adapters
 * render the neutral message into their own format and keep within their limits.
 *
 * Failures are thrown as PlatformError: `retryable` with an optional `retryAfterMs` (HTTP 429, 5xx, timeouts), or
 * permanent (unknown channel, revoked token) so the worker stops trying.
 */
export interface ChatPlatform {
  readonly name: PlatformName;
  /** Posts a message; resolves once the platform accepted it. */
  send(address: ChatAddress, message: OutboundMessage, options: SendOptions): Promise<SentMessage>;
  /** Replaces a message posted earlier, so everyone sees the new state. */
  update(address: ChatAddress, messageId: string, message: OutboundMessage, options: SendOptions): Promise<void>;
}

/** A failed send, with what the delivery worker needs to decide what comes next. */
export class PlatformError extends Error {
  constructor(message: string, readonly retryable: boolean, readonly retryAfterMs?: number) {
    super(message);
    this.name = 'PlatformError';
  }
}
