import type { Database } from '../db/database.ts';
import type { SupervisionReader, TimelineNotification } from '../../core/supervision/supervision.port.ts';
import type { AuditChainStatus } from '../../core/supervision/supervision.types.ts';
import type { Incident } from '../../core/incident/incident.types.ts';
import type { StoredAuditEvent } from '../../core/audit/audit.types.ts';
import type { PlatformName } from '../../core/shared/platform.types.ts';
import { parseIncidentRef } from '../../core/commands/incident-ref.ts';
import { toIncident } from '../incident/incident-mapper.ts';
import { verifyAuditChain } from '../audit/verify-audit-chain.ts';

export interface SupervisionReaderOptions {
  /** How long a chain check result is reused; a full walk reads the whole trail. */
  chainCacheMs?: number;
  now?: () => Date;
}

/** SupervisionReader on Prisma: incidents, their audit events, and the audit chain check. */
export class PrismaSupervisionReader implements SupervisionReader {
  private chain: { at: number; maxSeq: bigint; result: Promise<AuditChainStatus> } | undefined;

  constructor(private readonly db: Database, private readonly options: SupervisionReaderOptions = {}) {}

  async incidents(since: Date, limit: number): Promise<Incident[]> {
    const rows = await this.db.prisma.incident.findMany({
      where: { OR: [{ status: 'open' }, { createdAt: { gte: since } }] },
      include: { agencies: true },
      orderBy: { number: 'desc' },
      take: limit,
    });
    return rows.map(toIncident);
  }

  async incidentByRef(ref: string): Promise<Incident | null> {
    const selector = parseIncidentRef(ref);
    if (!selector) return null;
    const row = await this.db.prisma.incident.findUnique({ where: { number: selector.number }, include: { agencies: true } });
    return row ? toIncident(row) : null;
  }

  async incidentAudit(incident: Incident): Promise<{ events: StoredAuditEvent[]; notifications: TimelineNotification[] }> {
    const p = this.db.prisma;
    const notifications = await p.notification.findMany({
      where: { incidentId: incident.id },
      select: { id: true, kind: true, channel: true, platform: true },
    });
    // Both look-ups use the (subject_type, subject_id) index; the trail is never scanned.
    const rows = await p.auditEvent.findMany({
      where: {
        OR: [
          { subjectType: 'incident', subjectId: incident.ref },
          ...(notifications.length ? [{ subjectType: 'notification', subjectId: { in: notifications.map((n) => n.id) } }] : []),
        ],
      },
      orderBy: { seq: 'asc' },
      take: 2000,
    });
    const events = rows.map((row): StoredAuditEvent => ({
      ...row,
      before: row.before ?? undefined,
      after: row.after ?? undefined,
      platform: row.platform as PlatformName,
      requestId: row.requestId ?? undefined,
    }));
    return { events, notifications };
  }

  /**
   * Walks the whole chain, reusing the last result while no event was added and it is younger than the cache age:
   * a page refresh every few seconds must not re-read a long trail each time.
   */
  async auditChainStatus(): Promise<AuditChainStatus> {
    const now = this.options.now?.() ?? new Date();
    const maxSeq = (await this.db.prisma.auditEvent.aggregate({ _max: { seq: true } }))._max.seq ?? 0n;
    const fresh = this.chain && this.chain.maxSeq === maxSeq && now.getTime() - this.chain.at < (this.options.chainCacheMs ?? 30_000);
    if (!fresh) {
      const result = verifyAuditChain(this.db).then((report): AuditChainStatus => ({
        checked: report.checked,
        checkedAt: now,
        brokenAt: report.firstBreak
          ? { seq: report.firstBreak.seq.toString(), action: report.firstBreak.action, at: report.firstBreak.at, reason: report.firstBreak.reason }
          : undefined,
      }));
      this.chain = { at: now.getTime(), maxSeq, result };
      result.catch(() => { this.chain = undefined; });
    }
    return this.chain!.result;
  }
}
