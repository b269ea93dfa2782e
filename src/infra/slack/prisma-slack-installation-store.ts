import type { Database } from '../db/database.ts';
import type { Prisma } from '../db/generated/client.ts';
import { appendAuditEvents } from '../audit/audit-writer.ts';
import type { SlackInstallationRecord, SlackInstallationRepository } from '../../../adapters/slack/slack-storage.port.ts';

/**
 * Slack OAuth installations in the `slack_installation` table. Each save and removal writes its audit event in the
 * same transaction; the audit records the workspace and the scopes, never a token.
 */
export class PrismaSlackInstallationStore implements SlackInstallationRepository {
  constructor(private readonly db: Database) {}

  async save(record: SlackInstallationRecord, at: Date): Promise<void> {
    const installation = JSON.parse(JSON.stringify(record.installation)) as Prisma.InputJsonValue;
    await this.db.prisma.$transaction(async (tx) => {
      const before = await tx.slackInstallation.findUnique({ where: { id: record.id }, select: { id: true } });
      await tx.slackInstallation.upsert({
        where: { id: record.id },
        create: { id: record.id, teamId: record.teamId, enterpriseId: record.enterpriseId, installation, updatedAt: at },
        update: { teamId: record.teamId, enterpriseId: record.enterpriseId, installation, updatedAt: at },
      });
      await appendAuditEvents(tx, [{
        at,
        actorId: 'slack',
        action: before ? 'slack.reinstalled' : 'slack.installed',
        subjectType: 'slack_installation',
        subjectId: record.id,
        after: { teamId: record.teamId, enterpriseId: record.enterpriseId, scopes: scopesOf(record.installation) },
        platform: 'slack',
      }]);
    }, { maxWait: 10_000, timeout: 20_000 });
  }

  async find(id: string): Promise<SlackInstallationRecord | null> {
    const row = await this.db.prisma.slackInstallation.findUnique({ where: { id } });
    return row ? { id: row.id, teamId: row.teamId, enterpriseId: row.enterpriseId, installation: row.installation } : null;
  }

  async remove(id: string, at: Date, reason: string): Promise<boolean> {
    return this.db.prisma.$transaction(async (tx) => {
      const { count } = await tx.slackInstallation.deleteMany({ where: { id } });
      if (count === 0) return false;
      await appendAuditEvents(tx, [{
        at, actorId: 'slack', action: 'slack.uninstalled', subjectType: 'slack_installation', subjectId: id, after: { reason }, platform: 'slack',
      }]);
      return true;
    }, { maxWait: 10_000, timeout: 20_000 });
  }
}

function scopesOf(installation: unknown): string[] {
  const scopes = (installation as { bot?: { scopes?: unknown } })?.bot?.scopes;
  return Array.isArray(scopes) ? scopes.filter((s): s is string => typeof s === 'string') : [];
}
