import type { Database } from '../db/database.ts';
import type { Prisma } from '../db/generated/client.ts';
import type { OutboundMessage } from '../../core/messages/outbound.types.ts';
import type { WebMessageRecord, WebMessageStore } from '../../../adapters/web/web-message-store.port.ts';

interface Row { id: bigint; channel: string; messageId: string; message: unknown; createdAt: Date; updatedAt: Date }

const toRecord = (row: Row): WebMessageRecord => ({
  seq: row.id.toString(),
  channel: row.channel,
  messageId: row.messageId,
  message: row.message as OutboundMessage,
  createdAt: row.createdAt,
  updatedAt: row.updatedAt,
});

const asJson = (message: OutboundMessage) => JSON.parse(JSON.stringify(message)) as Prisma.InputJsonValue;

/** The web console's channel messages in the `web_message` table. */
export class PrismaWebMessageStore implements WebMessageStore {
  constructor(private readonly db: Database) {}

  async save(channel: string, messageId: string, message: OutboundMessage, at: Date): Promise<WebMessageRecord> {
    const row = await this.db.prisma.webMessage.upsert({
      where: { messageId },
      create: { channel, messageId, message: asJson(message), createdAt: at, updatedAt: at },
      update: { message: asJson(message), updatedAt: at },
    });
    return toRecord(row);
  }

  async replace(messageId: string, message: OutboundMessage, at: Date): Promise<WebMessageRecord | null> {
    const updated = await this.db.prisma.webMessage.updateMany({ where: { messageId }, data: { message: asJson(message), updatedAt: at } });
    if (updated.count === 0) return null;
    const row = await this.db.prisma.webMessage.findUnique({ where: { messageId } });
    return row ? toRecord(row) : null;
  }

  async find(messageId: string): Promise<WebMessageRecord | null> {
    const row = await this.db.prisma.webMessage.findUnique({ where: { messageId } });
    return row ? toRecord(row) : null;
  }

  async list(channels: string[], limit: number): Promise<WebMessageRecord[]> {
    if (channels.length === 0) return [];
    const perChannel = await Promise.all(channels.map((channel) => this.db.prisma.webMessage.findMany({
      where: { channel }, orderBy: { id: 'desc' }, take: limit,
    })));
    return perChannel.flat().sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0)).map(toRecord);
  }
}
