import type { Database } from '../db/database.ts';
import type { OutboundMessage } from '../../core/messages/outbound.types.ts';
import type { CardLookup } from '../../../adapters/teams/teams.port.ts';

/**
 * Finds what a Teams card shows now from the outbox: the notification whose message got this Teams activity id, and
 * its newest queued update (written in the same transaction as the change a button press made). So the answer to a
 * press is exactly the card the core rendered for that audience, before the update has even been delivered.
 */
export class PrismaCardLookup implements CardLookup {
  constructor(private readonly db: Database) {}

  async currentMessage(tenantId: string, activityId: string): Promise<OutboundMessage | undefined> {
    const original = await this.db.prisma.notification.findFirst({
      where: { platform: 'teams', workspace: tenantId, platformMessageId: activityId, updatesId: null },
      orderBy: { createdAt: 'desc' },
      select: { id: true, message: true },
    });
    if (!original) return undefined;
    const newest = await this.db.prisma.notification.findFirst({
      where: { updatesId: original.id },
      orderBy: [{ createdAt: 'desc' }, { idempotencyKey: 'desc' }],
      select: { message: true },
    });
    return (newest ?? original).message as unknown as OutboundMessage;
  }
}
