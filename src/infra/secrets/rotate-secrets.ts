import type { Database } from '../db/database.ts';
import { appendAuditEvents } from '../audit/audit-writer.ts';
import { openInstallation, sealInstallation } from '../slack/prisma-slack-installation-store.ts';
import { isSealed, type SecretBox } from './secret-box.ts';

export interface RotationResult {
  /** Rows re-sealed with the current key (sealed before with a previous key, or stored in clear). */
  resealed: number;
  /** Rows already sealed with the current key. */
  current: number;
}

/**
 * Re-seals every stored secret with the current key, in one transaction with its audit event: afterwards the
 * previous keys can be dropped. Rows in clear (written without a key) are sealed too. Running it twice changes nothing.
 */
export async function rotateSecrets(db: Database, box: SecretBox, at: Date): Promise<RotationResult> {
  return db.prisma.$transaction(async (tx) => {
    // Locked, so an installation saved meanwhile waits for the rotation rather than being overwritten by it.
    const rows = await tx.$queryRawUnsafe<Array<{ id: string; installation: unknown }>>(
      'SELECT id, installation FROM slack_installation ORDER BY id FOR UPDATE');
    let resealed = 0;
    for (const row of rows) {
      const sealed = (row.installation as { sealed?: unknown } | null)?.sealed;
      if (isSealed(sealed) && box.keyIdOf(sealed) === box.currentKeyId) continue;
      const installation = openInstallation(box, row.id, row.installation);
      await tx.slackInstallation.update({ where: { id: row.id }, data: { installation: sealInstallation(box, row.id, installation) } });
      resealed += 1;
    }
    if (resealed > 0) {
      await appendAuditEvents(tx, [{
        at, actorId: 'cli', action: 'secrets.rotated', subjectType: 'secret_key', subjectId: box.currentKeyId,
        after: { table: 'slack_installation', resealed }, platform: 'cli',
      }]);
    }
    return { resealed, current: rows.length - resealed };
  }, { maxWait: 10_000, timeout: 60_000 });
}
