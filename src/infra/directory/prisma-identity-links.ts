import type { Database } from '../db/database.ts';
import { appendAuditEvents } from '../audit/audit-writer.ts';
import type { IdentityLinks } from '../../core/directory/identity-links.port.ts';
import type { PersonIdentity } from '../../core/directory/directory.types.ts';

/**
 * Chat accounts linked to configured people by email, as `person_identity` rows (the table the configuration
 * fills), each with an `identity.linked` audit event. Loading a changed configuration file replaces all identities;
 * an account linked by email is then linked again on its next request.
 */
export class PrismaIdentityLinks implements IdentityLinks {
  constructor(private readonly db: Database) {}

  async link(identity: PersonIdentity, at: Date): Promise<boolean> {
    return this.db.prisma.$transaction(async (tx) => {
      const key = { platform: identity.platform, workspace: identity.workspace, userId: identity.userId };
      const existing = await tx.personIdentity.findUnique({ where: { platform_workspace_userId: key } });
      if (existing) return false;
      await tx.personIdentity.create({ data: { ...key, personId: identity.personId } });
      await appendAuditEvents(tx, [{
        at,
        actorId: identity.platform,
        action: 'identity.linked',
        subjectType: 'person',
        subjectId: identity.personId,
        after: { platform: identity.platform, workspace: identity.workspace, userId: identity.userId, via: 'email' },
        platform: identity.platform,
      }]);
      return true;
    }, { maxWait: 10_000, timeout: 20_000 });
  }
}
