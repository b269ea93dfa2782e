import { createHash } from 'node:crypto';
import type { ChatPlatform, DeliveredLookup, SendOptions, SentMessage } from '../../src/core/ports/chat-platform.port.ts';
import { PlatformError } from '../../src/core/ports/chat-platform.port.ts';
import type { OutboundMessage } from '../../src/core/messages/outbound.types.ts';
import type { ChatAddress } from '../../src/core/shared/platform.types.ts';
import type { Clock } from '../../src/core/ports/clock.port.ts';
import type { WebMessageStore } from './web-message-store.port.ts';
import type { WebEventHub } from './web-event-hub.ts';

/**
 * The web console as a chat platform: a message sent to `{platform: 'web', channel}` is stored in that channel and
 * pushed to every open browser that shows it. The message id derives from the idempotency key, so a redelivery after
 * a crash replaces the first copy instead of posting a second one, and the copy can be looked up by that key.
 */
export class WebPlatform implements ChatPlatform {
  readonly name = 'web' as const;

  constructor(private readonly store: WebMessageStore, private readonly hub: WebEventHub, private readonly clock: Clock) {}

  async send(address: ChatAddress, message: OutboundMessage, options: SendOptions): Promise<SentMessage> {
    if (!address.channel) throw new PlatformError('web address without a channel', false);
    const messageId = webMessageId(options.idempotencyKey);
    const record = await this.store.save(address.channel, messageId, message, this.clock.now());
    this.hub.publish({ kind: 'posted', record });
    return { messageId };
  }

  /** The console's own store knows every message it shows: found when a message with that key is in the channel. */
  async findDelivered(address: ChatAddress, lookup: DeliveredLookup): Promise<SentMessage | null> {
    const record = await this.store.find(webMessageId(lookup.idempotencyKey));
    return record && record.channel === address.channel ? { messageId: record.messageId } : null;
  }

  async update(_address: ChatAddress, messageId: string, message: OutboundMessage): Promise<void> {
    const record = await this.store.replace(messageId, message, this.clock.now());
    if (!record) throw new PlatformError(`web message ${messageId} not found`, false);
    this.hub.publish({ kind: 'updated', record });
  }
}

function webMessageId(idempotencyKey: string): string {
  return `web-${createHash('sha256').update(idempotencyKey).digest('hex').slice(0, 32)}`;
}
