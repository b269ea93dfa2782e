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
  /**
   * This message may already have been posted once: an earlier attempt may have reached the platform before the
   * process died, and the platform cannot be asked. The platform shows a short line saying it may repeat an earlier
   * message, so a reader who sees two knows why.
   */
  possibleRepeat?: boolean;
}

/** What to look for when asking a platform whether a message went out already. */
export interface DeliveredLookup {
  /** The key the message was sent with (SendOptions.idempotencyKey). */
  idempotencyKey: string;
  /** The message cannot have been posted before this time (the first claim that may have sent it, minus a margin). */
  since: Date;
  /** The message was a reply in this thread (SendOptions.threadOf). */
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
  /**
   * Whether a message sent with this idempotency key to this address already exists on the platform, for the
   * delivery worker to call before it sends again a message whose earlier attempt left no outcome (a crash).
   * Resolves with the message's id when found, null when the platform was asked and has no such message. Throws
   * PlatformError when it could not be asked: retryable (try the look-up again later) or permanent (the look-up is
   * not possible here; the worker then sends with `possibleRepeat`). Platforms that cannot look up leave it out.
   */
  findDelivered?(address: ChatAddress, lookup: DeliveredLookup): Promise<SentMessage | null>;
}

/** A failed send, with what the delivery worker needs to decide what comes next. */
export class PlatformError extends Error {
  constructor(message: string, readonly retryable: boolean, readonly retryAfterMs?: number) {
    super(message);
    this.name = 'PlatformError';
  }
}
