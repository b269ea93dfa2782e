import type { Database } from '../db/database.ts';
import { appendAuditEvents } from '../audit/audit-writer.ts';
import type { SlackIdentityLink, SlackIdentityLinks } from '../../../adapters/slack/slack-storage.port.ts';

/**
 * Slack accounts linked to configured people by email, as `person_identity` rows (the table the configuration
 * fills), each with an `identity.linked` audit event. Loading a changed configuration file replaces all identities;
 * an account linked by email is then linked again on its next request.
 */
export class PrismaSlackIdentityLinks implements SlackIdentityLinks {
  constructor(private readonly db: Database) {}

  async link(link: SlackIdentityLink, at: Date): Promise<boolean> {
    return this.db.prisma.$transaction(async (tx) => {
      const key = { platform: 'slack' as const, workspace: link.workspace, userId: link.userId };
      const existing = await tx.personIdentity.findUnique({ where: { platform_workspace_userId: key } });
      if (existing) return false;
      await tx.personIdentity.create({ data: { ...key, personId: link.personId } });
      await appendAuditEvents(tx, [{
        at,
        actorId: 'slack',
        action: 'identity.linked',
        subjectType: 'person',
        subjectId: link.personId,
        after: { platform: 'slack', workspace: link.workspace, userId: link.userId, via: 'email' },
        platform: 'slack',
      }]);
      return true;
    }, { maxWait: 10_000, timeout: 20_000 });
  }
}
