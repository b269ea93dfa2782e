import type { OutboundMessage } from '../../src/core/messages/outbound.types.ts';

/** A message shown in a console channel. */
export interface WebMessageRecord {
  /** Increasing with insertion: the order messages appear in. */
  seq: string;
  channel: string;
  messageId: string;
  message: OutboundMessage;
  createdAt: Date;
  updatedAt: Date;
}

/** Where the web console keeps channel messages (the web "chat server"). Implemented on Prisma in src/infra/web. */
export interface WebMessageStore {
  /**
   * Stores a message under `messageId`. Saving the same id again (a redelivery after a crash) replaces its content
   * and keeps its place, so nobody sees it twice.
   */
  save(channel: string, messageId: string, message: OutboundMessage, at: Date): Promise<WebMessageRecord>;
  /** Replaces the content of a stored message; null when there is no such message. */
  replace(messageId: string, message: OutboundMessage, at: Date): Promise<WebMessageRecord | null>;
  /** The message stored under `messageId`, or null (a delivery asking whether its earlier attempt got through). */
  find(messageId: string): Promise<WebMessageRecord | null>;
  /** The newest `limit` messages of each channel, oldest first. */
  list(channels: string[], limit: number): Promise<WebMessageRecord[]>;
}
