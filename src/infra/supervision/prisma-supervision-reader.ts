import type { Disclosure } from '../../core/access/disclosure.types.ts';
import type { Database } from '../db/database.ts';
import type { SupervisionReader, TimelineNotification } from '../../core/supervision/supervision.port.ts';
import type { AuditChainStatus } from '../../core/supervision/supervision.types.ts';
import type { Incident, IncidentNote, SituationReport } from '../../core/incident/incident.types.ts';
import type { StoredAuditEvent } from '../../core/audit/audit.types.ts';
import type { PlatformName } from '../../core/shared/platform.types.ts';
import { parseIncidentRef } from '../../core/commands/incident-ref.ts';
import { INCIDENT_INCLUDE, toIncident } from '../incident/incident-mapper.ts';
import { verifyAuditChain } from '../audit/verify-audit-chain.ts';
import { checkAuditLink } from '../../core/audit/audit-digest.ts';

export interface SupervisionReaderOptions {
  /** How often the whole audit trail is walked again (in the background); new events are checked on every call. */
  fullCheckMs?: number;
  now?: () => Date;
}

/** SupervisionReader on Prisma: incidents, their audit events, and the audit chain check. */
export class PrismaSupervisionReader implements SupervisionReader {
  private state: ChainState | undefined;
  private firstWalk: Promise<ChainState> | undefined;
  private walking: Promise<void> | undefined;

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
    const row = await this.db.prisma.incident.findUnique({ where: { number: selector.number }, include: INCIDENT_INCLUDE });
    return row ? toIncident(row) : null;
  }

  async incidentAudit(incident: Incident): Promise<{ events: StoredAuditEvent[]; notifications: TimelineNotification[]; confidentialReads: Disclosure[]; notes: IncidentNote[]; situationReports: SituationReport[] }> {
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
    const reads = await p.accessLog.findMany({ where: { incidentId: incident.id, confidential: true }, orderBy: { seq: 'asc' }, take: 500 });
    const confidentialReads = reads.map((r): Disclosure => ({
      at: r.at, personId: r.personId, agencyId: r.agencyId, incidentId: r.incidentId, incidentRef: r.incidentRef,
      fields: r.fields as Disclosure['fields'], confidential: r.confidential, surface: r.surface as Disclosure['surface'],
      ground: r.ground as Disclosure['ground'], basis: r.basis, requestId: r.requestId,
    }));
    const notes = await p.incidentNote.findMany({ where: { incidentId: incident.id }, orderBy: { createdAt: 'asc' } });
    const situationReports = await p.situationReport.findMany({
      where: { incidentId: incident.id }, orderBy: { createdAt: 'asc' },
      select: { id: true, agencyId: true, authorId: true, situation: true, actions: true, needs: true, createdAt: true },
    });
    return { events: rows.map(toStored), notifications, confidentialReads, notes, situationReports };
  }

  /**
   * The chain's state without re-reading the whole trail on every page view: events added since the last check are
   * verified against the last verified hash (the trigger draws `seq` under the chain lock, so `seq` order is chain
   * order), and the whole trail is walked again in the background at most every `fullCheckMs`, so a change to an
   * old event is found too. The first call waits for a full walk.
   */
  async auditChainStatus(): Promise<AuditChainStatus> {
    const now = this.now();
    if (!this.state) {
      this.firstWalk ??= this.fullWalk().finally(() => { this.firstWalk = undefined; });
      this.state = await this.firstWalk;
    } else if (Date.now() - this.state.fullAt >= (this.options.fullCheckMs ?? 60_000) && !this.walking) {
      this.walking = this.fullWalk()
        .then((state) => { this.state = state; })
        .catch(() => { /* the next call tries again; the tail check still runs */ })
        .finally(() => { this.walking = undefined; });
    }
    if (!this.state.brokenAt) this.state = await this.extendTail(this.state);
    const { checked, brokenAt } = this.state;
    return { checked, brokenAt, checkedAt: now };
  }

  private now(): Date {
    return this.options.now?.() ?? new Date();
  }

  private async fullWalk(): Promise<ChainState> {
    // Cadence in wall time: the app's clock may be a test's, standing still.
    const fullAt = Date.now();
    const p = this.db.prisma;
    const upTo = (await p.auditEvent.aggregate({ _max: { seq: true } }))._max.seq ?? 0n;
    const report = await verifyAuditChain(this.db);
    if (report.firstBreak) {
      const b = report.firstBreak;
      return { upTo, lastHash: '', checked: report.checked, fullAt, brokenAt: { seq: b.seq.toString(), action: b.action, at: b.at, reason: b.reason } };
    }
    // The walk may have gone past `upTo` (events added meanwhile); continue from `upTo`, which it found intact.
    const anchor = upTo > 0n ? await p.auditEvent.findUnique({ where: { seq: upTo }, select: { hash: true } }) : null;
    const checked = await p.auditEvent.count({ where: { seq: { lte: upTo } } });
    return { upTo, lastHash: anchor?.hash ?? '', checked, fullAt };
  }

  private async extendTail(state: ChainState): Promise<ChainState> {
    let { upTo, lastHash, checked } = state;
    for (;;) {
      const rows = await this.db.prisma.auditEvent.findMany({ where: { seq: { gt: upTo } }, orderBy: { seq: 'asc' }, take: TAIL_PAGE });
      for (const row of rows) {
        const broken = checkAuditLink(toStored(row), lastHash);
        if (broken) {
          return { ...state, upTo, lastHash, checked, brokenAt: { seq: broken.seq.toString(), action: row.action, at: row.at, reason: broken.reason } };
        }
        upTo = row.seq;
        lastHash = row.hash;
        checked += 1;
      }
      if (rows.length < TAIL_PAGE) return { ...state, upTo, lastHash, checked };
    }
  }
}

const TAIL_PAGE = 2000;

/** Where the chain check stands: verified up to `upTo` (whose hash is `lastHash`), or broken. */
interface ChainState {
  upTo: bigint;
  lastHash: string;
  checked: number;
  /** Date.now() of the last full walk. */
  fullAt: number;
  brokenAt?: AuditChainStatus['brokenAt'];
}

type AuditRow = Awaited<ReturnType<Database['prisma']['auditEvent']['findFirstOrThrow']>>;

function toStored(row: AuditRow): StoredAuditEvent {
  return {
    ...row,
    before: row.before ?? undefined,
    after: row.after ?? undefined,
    platform: row.platform as PlatformName,
    requestId: row.requestId ?? undefined,
  };
}
