import type { Database } from '../db/database.ts';
import type { Prisma } from '../db/generated/client.ts';
import type { EscalationDue } from '../../core/escalation/escalation-policy.ts';
import type {
  AgencyPatch, DueEscalation, EscalationTransaction, IncidentFilter, IncidentStore, NewIncident, RegistrationWrites,
} from '../../core/incident/incident.port.ts';
import type { AgencyState, Incident, IncidentNote, IncidentStatus, SituationReport } from '../../core/incident/incident.types.ts';
import type { NewNotification, QueuedNotification } from '../../core/notification/notification.types.ts';
import type { AuditEventInput } from '../../core/audit/audit.types.ts';
import type { Disclosure } from '../../core/access/disclosure.types.ts';
import { toAccessLogRow } from '../access/prisma-access-log.ts';
import { DuplicateRequestKeyError } from '../../core/incident/incident.errors.ts';
import { appendAuditEvents } from '../audit/audit-writer.ts';
import { INCIDENT_INCLUDE, toIncident } from './incident-mapper.ts';
import {
  claimDueParts, incidentIdByRequestKey, insertIncident, insertNotifications, isUniqueViolation, lockIncidentByNumber, type NotificationInsert,
  type SqlExecutor,
} from './incident-sql.ts';
import type { RequestKeyClaim } from '../../core/coordination/request-key.port.ts';
import { claimRequestKey } from '../request-key/request-key-sql.ts';
import { RegistrationTurns } from './registration-turns.ts';
import { asStored, writeRegistration, type RegisterUnderLock } from './registration-write.ts';

type Tx = Prisma.TransactionClient;
const withAgencies = INCIDENT_INCLUDE;

/** Transactions are short by design; these bound a stuck one instead of letting it hold the audit lock. */
const TX_OPTIONS = { maxWait: 10_000, timeout: 20_000 };

/** IncidentStore on Prisma: PGlite or PostgreSQL, the same SQL. */
export class PrismaIncidentStore implements IncidentStore {
  constructor(private readonly db: Database) {}

  /** Registration: one statement (registration-write.ts), or under the counter's lock when the number was taken. */
  async register(incident: NewIncident, complete: (incident: Incident) => Promise<RegistrationWrites>): Promise<{ incident: Incident; created: boolean }> {
    if (incident.requestKey) {
      // Nearly always absent: one indexed lookup, and the full read only for a real retry.
      const id = await incidentIdByRequestKey((sql, params) => this.db.sql.query(sql, params), incident.requestKey);
      const earlier = id ? await this.db.prisma.incident.findUnique({ where: { id }, include: withAgencies }) : null;
      if (earlier) return { incident: toIncident(earlier), created: false };
    }
    return { incident: await writeRegistration(this.db, this.registrationTurns, this.registerUnderLock, incident, complete), created: true };
  }

  /** Every other change: an interactive transaction. */
  transaction<T>(work: (tx: EscalationTransaction) => Promise<T>): Promise<T> {
    return this.db.prisma.$transaction((tx) => work(new PrismaIncidentTransaction(tx)), TX_OPTIONS);
  }

  private readonly registrationTurns = new RegistrationTurns();

  /** The number drawn by the insert's trigger under the counter's row lock (held to commit), then the rest. */
  private readonly registerUnderLock: RegisterUnderLock = (incident, complete) => this.db.prisma.$transaction(async (prismaTx) => {
    const tx = new PrismaIncidentTransaction(prismaTx);
    const created = await tx.create(incident);
    const writes = await complete(created);
    await tx.enqueue(writes.notifications);
    await tx.disclose(writes.disclosures);
    await tx.audit(writes.audit);
    return created;
  }, TX_OPTIONS);

  async auditOnly(events: AuditEventInput[]): Promise<void> {
    await this.db.prisma.$transaction((tx) => appendAuditEvents(tx, events), TX_OPTIONS);
  }

  async findByNumber(number: number): Promise<Incident | null> {
    const row = await this.db.prisma.incident.findUnique({ where: { number }, include: withAgencies });
    return row ? toIncident(row) : null;
  }

  async list(filter: IncidentFilter): Promise<Incident[]> {
    const rows = await this.db.prisma.incident.findMany({
      where: { status: filter.status, areaId: filter.areaIds ? { in: filter.areaIds } : undefined },
      include: withAgencies,
      orderBy: { number: 'desc' },
      take: filter.limit ?? 100,
    });
    return rows.map(toIncident);
  }

  async notes(incidentId: string): Promise<IncidentNote[]> {
    return this.db.prisma.incidentNote.findMany({ where: { incidentId }, orderBy: { createdAt: 'asc' } });
  }
}

class PrismaIncidentTransaction implements EscalationTransaction {
  private readonly run: SqlExecutor;

  constructor(private readonly tx: Tx) {
    this.run = (sql, params) => tx.$queryRawUnsafe(sql, ...params);
  }

  claimRequestKey(claim: RequestKeyClaim): Promise<boolean> {
    return claimRequestKey(this.run, claim);
  }

  async findByRequestKey(requestKey: string): Promise<Incident | null> {
    // Nearly always absent: one cheap lookup, and the full read only for a real retry.
    const id = await incidentIdByRequestKey(this.run, requestKey);
    if (!id) return null;
    const row = await this.tx.incident.findUnique({ where: { id }, include: withAgencies });
    return row ? toIncident(row) : null;
  }

  async create(incident: NewIncident): Promise<Incident> {
    let number: number;
    try {
      number = await insertIncident(this.run, incident);
    } catch (error) {
      if (incident.requestKey && isUniqueViolation(error)) throw new DuplicateRequestKeyError(incident.requestKey);
      throw error;
    }
    // What the database now holds, without reading it back: the inserted values and the column defaults.
    return asStored(incident, number);
  }

  async lockByNumber(number: number): Promise<Incident | null> {
    // Row lock first, so concurrent answers to the same incident queue instead of interleaving.
    if (!(await lockIncidentByNumber(this.run, number))) return null;
    const row = await this.tx.incident.findUnique({ where: { number }, include: withAgencies });
    return row ? toIncident(row) : null;
  }

  async transitionAgency(incidentId: string, agencyId: string, from: AgencyState[], patch: AgencyPatch): Promise<boolean> {
    const result = await this.tx.incidentAgency.updateMany({ where: { incidentId, agencyId, state: { in: from } }, data: patch });
    return result.count === 1;
  }

  async setStatus(incidentId: string, from: IncidentStatus, to: IncidentStatus, closedAt: Date | null): Promise<boolean> {
    const result = await this.tx.incident.updateMany({ where: { id: incidentId, status: from }, data: { status: to, closedAt } });
    return result.count === 1;
  }

  async setHold(incidentId: string, hold: { at: Date; by: string } | null): Promise<boolean> {
    const result = await this.tx.incident.updateMany({
      where: { id: incidentId, heldAt: hold ? null : { not: null } },
      data: { heldAt: hold?.at ?? null, heldBy: hold?.by ?? null },
    });
    return result.count === 1;
  }

  async addNote(incidentId: string, note: IncidentNote): Promise<void> {
    await this.tx.incidentNote.create({ data: { ...note, incidentId } });
  }

  async setLeadAgency(incidentId: string, agencyId: string | null): Promise<void> {
    await this.tx.incident.update({ where: { id: incidentId }, data: { leadAgencyId: agencyId } });
  }

  async addSituationReport(incidentId: string, report: SituationReport): Promise<void> {
    const { id, agencyId, authorId, situation, actions, needs, createdAt } = report;
    await this.tx.situationReport.create({ data: { id, incidentId, agencyId, authorId, situation, actions, needs, createdAt } });
  }

  async notificationsOf(incidentId: string, kinds: string[]): Promise<QueuedNotification[]> {
    const rows = await this.tx.notification.findMany({
      where: { incidentId, kind: { in: kinds } },
      select: { id: true, kind: true, agencyId: true, personId: true, platform: true, workspace: true, channel: true, user: true },
      orderBy: { createdAt: 'asc' },
    });
    return rows.map((r) => ({
      id: r.id, kind: r.kind, agencyId: r.agencyId, personId: r.personId,
      address: { platform: r.platform, workspace: r.workspace, channel: r.channel, user: r.user },
    }));
  }

  async enqueue(notifications: NewNotification[]): Promise<void> {
    if (notifications.length === 0) return;
    const rows = notifications.map((n) => ({ ...n, createdAt: n.notBefore }));
    await this.placeUpdatesAfterEarlierOnes(rows);
    await insertNotifications(this.run, rows);
  }

  /**
   * The worker applies updates of one message in created_at order. A use case reads its clock before it waits for
   * the incident's lock, so a later write can carry an earlier (or the same) time; under that lock, each new update
   * is placed just after the last one queued for the same message, so the state shown last is the state written last.
   */
  private async placeUpdatesAfterEarlierOnes(rows: NotificationInsert[]): Promise<void> {
    const originals = [...new Set(rows.flatMap((r) => (r.updatesId ? [r.updatesId] : [])))];
    if (originals.length === 0) return;
    const latest = await this.tx.notification.groupBy({ by: ['updatesId'], where: { updatesId: { in: originals } }, _max: { createdAt: true } });
    const after = new Map(latest.map((l) => [l.updatesId, l._max.createdAt?.getTime() ?? 0]));
    for (const row of rows) {
      if (!row.updatesId) continue;
      const at = Math.max(row.createdAt.getTime(), (after.get(row.updatesId) ?? 0) + 1);
      row.createdAt = new Date(at);
      after.set(row.updatesId, at);
    }
  }

  async disclose(disclosures: Disclosure[]): Promise<void> {
    if (disclosures.length === 0) return;
    await this.tx.accessLog.createMany({ data: disclosures.map(toAccessLogRow) });
  }

  audit(events: AuditEventInput[]): Promise<void> {
    return appendAuditEvents(this.tx, events);
  }

  async claimDueEscalations(policy: EscalationDue, limit: number): Promise<DueEscalation[]> {
    const due = await claimDueParts(this.run, policy, limit);
    if (due.length === 0) return [];
    const rows = await this.tx.incident.findMany({ where: { id: { in: [...new Set(due.map((d) => d.incident_id))] } }, include: withAgencies });
    const incidents = new Map(rows.map((row) => [row.id, toIncident(row)]));
    return due.map((d) => {
      const incident = incidents.get(d.incident_id)!;
      return { incident, part: incident.agencies.find((a) => a.agencyId === d.agency_id)! };
    });
  }
}

/** The outbox row for a notification, as a Prisma model input (tests and tools that queue rows directly). */
export function toNotificationRow(n: NewNotification): Prisma.NotificationCreateManyInput {
  return {
    id: n.id,
    idempotencyKey: n.idempotencyKey,
    kind: n.kind,
    incidentId: n.incidentId ?? null,
    agencyId: n.agencyId ?? null,
    personId: n.personId ?? null,
    platform: n.address.platform,
    workspace: n.address.workspace,
    channel: n.address.channel,
    user: n.address.user ?? null,
    message: n.message as unknown as Prisma.InputJsonValue,
    updatesId: n.updatesId ?? null,
    threadOfId: n.threadOfId ?? null,
    nextAttemptAt: n.notBefore,
    createdAt: n.notBefore,
  };
}
