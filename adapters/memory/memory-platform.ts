import type { ChatPlatform, DeliveredLookup, SendOptions, SentMessage } from '../../src/core/ports/chat-platform.port.ts';
import { PlatformError } from '../../src/core/ports/chat-platform.port.ts';
import type { OutboundMessage } from '../../src/core/messages/outbound.types.ts';
import type { ChatAddress } from '../../src/core/shared/platform.types.ts';

export interface RecordedMessage {
  kind: 'send' | 'update';
  address: ChatAddress;
  message: OutboundMessage;
  messageId: string;
  idempotencyKey: string;
  threadOf?: string;
  /** Sent marked as possibly repeating an earlier message. */
  possibleRepeat?: boolean;
  at: Date;
}

export interface MemoryPlatformOptions {
  /** Time each send takes, to model a slow platform. */
  latencyMs?: number;
  /** Decides per call whether to fail; return a PlatformError to throw it. */
  failWith?: (call: number, address: ChatAddress) => PlatformError | undefined;
}

/**
 * A chat platform that keeps what it is sent in memory. It is a real adapter, used by tests, benchmarks and
 * `samband say`, in the role Hubot's DummyAdapter plays.
 */
export class MemoryPlatform implements ChatPlatform {
  readonly name = 'memory' as const;
  readonly sent: RecordedMessage[] = [];
  private calls = 0;
  private nextId = 1;

  constructor(private readonly options: MemoryPlatformOptions = {}) {}

  async send(address: ChatAddress, message: OutboundMessage, options: SendOptions): Promise<SentMessage> {
    await this.beforeCall(address);
    const messageId = `mem-${this.nextId++}`;
    this.sent.push({
      kind: 'send', address, message, messageId, idempotencyKey: options.idempotencyKey, threadOf: options.threadOf,
      ...(options.possibleRepeat ? { possibleRepeat: true } : {}), at: new Date(),
    });
    return { messageId };
  }

  /** What this process was sent is all it knows: found when a send with that key reached that channel. */
  async findDelivered(address: ChatAddress, lookup: DeliveredLookup): Promise<SentMessage | null> {
    const found = this.sent.find((m) => m.kind === 'send' && m.idempotencyKey === lookup.idempotencyKey && m.address.channel === address.channel);
    return found ? { messageId: found.messageId } : null;
  }

  async update(address: ChatAddress, messageId: string, message: OutboundMessage, options: SendOptions): Promise<void> {
    await this.beforeCall(address);
    this.sent.push({ kind: 'update', address, message, messageId, idempotencyKey: options.idempotencyKey, at: new Date() });
  }

  /** Messages that reached one channel. */
  inChannel(channel: string): RecordedMessage[] {
    return this.sent.filter((m) => m.address.channel === channel);
  }

  private async beforeCall(address: ChatAddress): Promise<void> {
    this.calls += 1;
    if (this.options.latencyMs) await new Promise((resolve) => setTimeout(resolve, this.options.latencyMs));
    const failure = this.options.failWith?.(this.calls, address);
    if (failure) throw failure;
  }
}

/** A platform that accepts messages under another platform's name (web, slack...) and records them, for tests. */
export function memoryPlatformAs(name: ChatPlatform['name'], inner = new MemoryPlatform()): ChatPlatform & { inner: MemoryPlatform } {
  return {
    name,
    inner,
    send: (address, message, options) => inner.send(address, message, options),
    update: (address, id, message, options) => inner.update(address, id, message, options),
    findDelivered: (address, lookup) => inner.findDelivered(address, lookup),
  };
}
