import type { Database } from '../db/database.ts';
import type { Prisma } from '../db/generated/client.ts';
import { appendAuditEvents } from '../audit/audit-writer.ts';
import type {
  RevokeReason, SignInRequestRecord, WebSessionRecord, WebSessionStore,
} from '../../../adapters/web/sign-in/web-session-store.port.ts';

/** Console sessions in `web_session`, with their audit events in the same transaction. */
export class PrismaWebSessionStore implements WebSessionStore {
  constructor(private readonly db: Database) {}

  async create(session: Omit<WebSessionRecord, 'revokedAt'>): Promise<void> {
    await this.db.prisma.$transaction(async (tx) => {
      await tx.webSession.create({ data: session });
      await appendAuditEvents(tx, [{
        at: session.createdAt, actorId: session.personId, action: 'web.signed_in', subjectType: 'web_session',
        subjectId: session.id, after: { issuer: session.issuer, expiresAt: session.expiresAt.toISOString() }, platform: 'web',
      }]);
    });
  }

  async find(id: string): Promise<WebSessionRecord | null> {
    return this.db.prisma.webSession.findUnique({ where: { id } });
  }

  async touch(id: string, at: Date): Promise<void> {
    await this.db.prisma.webSession.updateMany({ where: { id, revokedAt: null }, data: { lastSeenAt: at } });
  }

  async revoke(target: { id: string } | { personId: string } | { all: true }, reason: RevokeReason, actorId: string, at: Date): Promise<number> {
    const where: Prisma.WebSessionWhereInput = { revokedAt: null, expiresAt: { gt: at } };
    if ('id' in target) where.id = target.id;
    if ('personId' in target) where.personId = target.personId;
    return this.db.prisma.$transaction(async (tx) => {
      const sessions = await tx.webSession.findMany({ where, select: { id: true, personId: true } });
      if (sessions.length === 0) return 0;
      await tx.webSession.updateMany({ where: { id: { in: sessions.map((s) => s.id) } }, data: { revokedAt: at, revokedReason: reason } });
      await appendAuditEvents(tx, sessions.map((s) => ({
        at, actorId, action: reason === 'signed_out' ? 'web.signed_out' : 'web.session_revoked', subjectType: 'web_session',
        subjectId: s.id, before: { personId: s.personId }, after: { reason }, platform: 'web' as const,
      })));
      return sessions.length;
    });
  }

  async saveRequest(request: SignInRequestRecord): Promise<void> {
    await this.db.prisma.webSignInRequest.create({ data: request });
  }

  async takeRequest(state: string): Promise<SignInRequestRecord | null> {
    const found = await this.db.prisma.webSignInRequest.findUnique({ where: { state } });
    if (!found) return null;
    // Only the caller whose delete succeeds finishes the sign-in: a replayed callback finds nothing.
    const { count } = await this.db.prisma.webSignInRequest.deleteMany({ where: { state } });
    return count === 1 ? found : null;
  }

  async recordFailure(keys: string[], reason: string, at: Date): Promise<void> {
    await this.db.prisma.webSignInFailure.createMany({ data: keys.map((key) => ({ key, reason, at })) });
  }

  async failuresSince(key: string, since: Date): Promise<number> {
    return this.db.prisma.webSignInFailure.count({ where: { key, at: { gte: since } } });
  }

  async prune(cutoffs: { sessions: Date; requests: Date; failures: Date }): Promise<void> {
    await this.db.prisma.webSession.deleteMany({ where: { expiresAt: { lt: cutoffs.sessions } } });
    await this.db.prisma.webSignInRequest.deleteMany({ where: { createdAt: { lt: cutoffs.requests } } });
    await this.db.prisma.webSignInFailure.deleteMany({ where: { at: { lt: cutoffs.failures } } });
  }
}
