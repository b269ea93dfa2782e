import type { Database } from '../db/database.ts';
import type { StoredAuditEvent } from '../../core/audit/audit.types.ts';
import type { PlatformName } from '../../core/shared/platform.types.ts';

interface AuditRow {
  seq: bigint; at: Date; actorId: string; action: string; subjectType: string; subjectId: string; before: unknown; after: unknown;
  platform: string; requestId: string | null; payloadDigest: string; prevHash: string; hash: string;
}

function toStored(row: AuditRow): StoredAuditEvent {
  return {
    ...row,
    before: row.before ?? undefined,
    after: row.after ?? undefined,
    platform: row.platform as PlatformName,
    requestId: row.requestId ?? undefined,
  };
}

/** Audit events in chain order, a page at a time, optionally within [from, to). Keeps memory flat for big exports. */
export async function* readAuditEvents(db: Database, range: { from?: Date; to?: Date } = {}, pageSize = 2000): AsyncGenerator<StoredAuditEvent> {
  let after = -1n;
  for (;;) {
    const rows = await db.prisma.auditEvent.findMany({
      where: { seq: { gt: after }, at: { gte: range.from, lt: range.to } },
      orderBy: { seq: 'asc' },
      take: pageSize,
    });
    for (const row of rows) yield toStored(row);
    if (rows.length < pageSize) return;
    after = rows[rows.length - 1].seq;
  }
}

export async function countAuditEvents(db: Database, range: { from?: Date; to?: Date } = {}): Promise<number> {
  return db.prisma.auditEvent.count({ where: { at: { gte: range.from, lt: range.to } } });
}
