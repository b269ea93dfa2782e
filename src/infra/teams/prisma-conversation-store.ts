import type { Database } from '../db/database.ts';
import type { Prisma } from '../db/generated/client.ts';
import type { Clock } from '../../core/ports/clock.port.ts';
import type { ConversationStore, StoredReference } from '../../../adapters/teams/teams.port.ts';

/**
 * Teams conversation references in `teams_conversation`: one row per conversation the bot is in (channel without its
 * thread part, group chat, personal chat), refreshed on every activity so the newest Bot Connector URL is kept.
 */
export class PrismaConversationStore implements ConversationStore {
  constructor(private readonly db: Database, private readonly clock: Clock) {}

  async save(tenantId: string, reference: StoredReference): Promise<void> {
    const data = { tenantId: tenantId || null, reference: reference as unknown as Prisma.InputJsonValue, updatedAt: this.clock.now() };
    await this.db.prisma.teamsConversation.upsert({
      where: { conversationId: reference.conversation.id },
      create: { conversationId: reference.conversation.id, ...data },
      update: data,
    });
  }

  async remove(conversationId: string): Promise<void> {
    await this.db.prisma.teamsConversation.deleteMany({ where: { conversationId } });
  }

  async find(conversationId: string): Promise<StoredReference | null> {
    const row = await this.db.prisma.teamsConversation.findUnique({ where: { conversationId } });
    return row ? (row.reference as unknown as StoredReference) : null;
  }

  async findPersonal(tenantId: string, aadObjectId: string): Promise<StoredReference | null> {
    const row = await this.db.prisma.teamsConversation.findFirst({
      where: {
        tenantId,
        AND: [
          { reference: { path: ['conversation', 'conversationType'], equals: 'personal' } },
          { reference: { path: ['user', 'aadObjectId'], equals: aadObjectId } },
        ],
      },
      orderBy: { updatedAt: 'desc' },
    });
    return row ? (row.reference as unknown as StoredReference) : null;
  }

  async findAnyInTenant(tenantId: string): Promise<StoredReference | null> {
    if (!tenantId) return null;
    const row = await this.db.prisma.teamsConversation.findFirst({ where: { tenantId }, orderBy: { updatedAt: 'desc' } });
    return row ? (row.reference as unknown as StoredReference) : null;
  }
}
