import type { Database } from '../db/database.ts';
import type { Prisma } from '../db/generated/client.ts';
import { appendAuditEvents } from '../audit/audit-writer.ts';
import type { SlackInstallationRecord, SlackInstallationRepository } from '../../../adapters/slack/slack-storage.port.ts';
import { isSealed, type SecretBox } from '../secrets/secret-box.ts';

/** How a sealed installation sits in the JSON column: only the envelope, nothing of the installation in clear. */
type SealedColumn = { sealed: string };

/** Seals an installation for its row (the id is bound into the seal); in clear without a box (development). */
export function sealInstallation(box: SecretBox | null, id: string, installation: unknown): Prisma.InputJsonValue {
  const json = JSON.stringify(installation);
  if (!box) return JSON.parse(json) as Prisma.InputJsonValue;
  return { sealed: box.seal(json, `slack_installation:${id}`) } satisfies SealedColumn;
}

/** The installation as Bolt gave it, from a sealed or (older, or development) clear column. */
export function openInstallation(box: SecretBox | null, id: string, column: unknown): unknown {
  const sealed = (column as Partial<SealedColumn> | null)?.sealed;
  if (!isSealed(sealed)) return column;
  if (!box) throw new Error(`Slack installation ${id} is encrypted and SAMBAND_SECRET_KEY is not set`);
  return JSON.parse(box.open(sealed, `slack_installation:${id}`));
}

/**
 * Slack OAuth installations in the `slack_installation` table, encrypted (AES-256-GCM) when a secret box is given.
 * Each save and removal writes its audit event in the same transaction; the audit records the workspace and the
 * scopes, never a token.
 */
export class PrismaSlackInstallationStore implements SlackInstallationRepository {
  constructor(private readonly db: Database, private readonly box: SecretBox | null = null) {}

  async save(record: SlackInstallationRecord, at: Date): Promise<void> {
    const installation = sealInstallation(this.box, record.id, record.installation);
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
    return row ? { id: row.id, teamId: row.teamId, enterpriseId: row.enterpriseId, installation: openInstallation(this.box, row.id, row.installation) } : null;
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
