import type { Database } from '../db/database.ts';
import type { Prisma } from '../db/generated/client.ts';
import type { HandoverPatch, HandoverStore, HandoverTransaction } from '../../core/handover/handover.port.ts';
import type { Handover, HandoverIncident, HandoverNote, NewHandover } from '../../core/handover/handover.types.ts';
import { formatHandoverRef } from '../../core/handover/handover.types.ts';
import type { Incident, IncidentNote } from '../../core/incident/incident.types.ts';
import type { QueuedNotification } from '../../core/notification/notification.types.ts';
import { toIncident } from '../incident/incident-mapper.ts';
import { OutboxWriter } from '../shift/outbox-writer.ts';
import { claimScheduledSend, setScheduledSendCount, type ScheduledSendRow } from '../schedule/scheduled-sends.ts';

type Tx = Prisma.TransactionClient;
type Row = Prisma.HandoverGetPayload<object>;

const TX_OPTIONS = { maxWait: 10_000, timeout: 20_000 };
const dateText = (date: Date) => date.toISOString().slice(0, 10);
const asDate = (date: string) => new Date(`${date}T00:00:00Z`);

function toHandover(row: Row): Handover {
  return {
    id: row.id, number: row.number, ref: formatHandoverRef(row.number), rosterId: row.rosterId,
    from: { shiftId: row.fromShiftId, localDate: dateText(row.fromDate), start: row.fromStartsAt, end: row.fromEndsAt },
    to: { shiftId: row.toShiftId, localDate: dateText(row.toDate), start: row.toStartsAt, end: row.toEndsAt },
    authorId: row.authorId, summary: row.summary, note: row.note as unknown as HandoverNote, recipientIds: row.recipientIds,
    status: row.status, createdAt: row.createdAt, acceptDueAt: row.acceptDueAt, nextCheckAt: row.nextCheckAt,
    remindedAt: row.remindedAt, escalatedAt: row.escalatedAt, acceptedAt: row.acceptedAt, acceptedBy: row.acceptedBy,
    acceptedLate: row.acceptedLate, questions: row.questions,
  };
}

/** Handovers on Prisma: PGlite or PostgreSQL, the same SQL. */
export class PrismaHandoverStore implements HandoverStore {
  constructor(private readonly db: Database) {}

  async incidentsInScope(agencyIds: string[], areaIds: string[], closedSince: Date): Promise<Incident[]> {
    const rows = await this.db.prisma.incident.findMany({
      where: {
        areaId: { in: areaIds },
        agencies: { some: { agencyId: { in: agencyIds } } },
        OR: [{ status: 'open' }, { closedAt: { gte: closedSince } }],
      },
      include: { agencies: true },
      orderBy: { number: 'asc' },
      take: 200,
    });
    return rows.map(toIncident);
  }

  async notesBetween(incidentIds: string[], from: Date, to: Date): Promise<Array<IncidentNote & { incidentId: string }>> {
    if (incidentIds.length === 0) return [];
    return this.db.prisma.incidentNote.findMany({
      where: { incidentId: { in: incidentIds }, createdAt: { gte: from, lt: to } },
      orderBy: { createdAt: 'asc' },
      take: 200,
    });
  }

  async findByNumber(number: number): Promise<Handover | null> {
    const row = await this.db.prisma.handover.findUnique({ where: { number } });
    return row ? toHandover(row) : null;
  }

  async findForShifts(keys: Array<{ rosterId: string; shiftId: string; localDate: string }>): Promise<Handover[]> {
    if (keys.length === 0) return [];
    const rows = await this.db.prisma.handover.findMany({
      where: { OR: keys.map((k) => ({ rosterId: k.rosterId, fromShiftId: k.shiftId, fromDate: asDate(k.localDate) })) },
      orderBy: { number: 'asc' },
    });
    return rows.map(toHandover);
  }

  async forIncident(incidentId: string): Promise<Handover[]> {
    const rows = await this.db.prisma.handover.findMany({ where: { incidents: { some: { incidentId } } }, orderBy: { number: 'asc' } });
    return rows.map(toHandover);
  }

  async recent(rosterIds: string[], limit: number): Promise<Handover[]> {
    const rows = await this.db.prisma.handover.findMany({ where: { rosterId: { in: rosterIds } }, orderBy: { number: 'desc' }, take: limit });
    return rows.map(toHandover);
  }

  transaction<T>(work: (tx: HandoverTransaction) => Promise<T>): Promise<T> {
    return this.db.prisma.$transaction((tx) => work(new PrismaHandoverTransaction(tx)), TX_OPTIONS);
  }
}

class PrismaHandoverTransaction extends OutboxWriter implements HandoverTransaction {
  constructor(private readonly tx: Tx) {
    super(tx);
  }

  async insert(h: NewHandover, incidents: HandoverIncident[]): Promise<Handover | null> {
    // ON CONFLICT DO NOTHING keeps the transaction usable when another person of the shift was first.
    const inserted = await this.tx.$queryRaw<Array<{ id: string }>>`
      INSERT INTO handover (id, roster_id, from_shift_id, from_date, from_starts_at, from_ends_at, to_shift_id, to_date,
        to_starts_at, to_ends_at, author_id, summary, note, recipient_ids, status, created_at, accept_due_at, next_check_at,
        escalated_at)
      VALUES (${h.id}::uuid, ${h.rosterId}, ${h.from.shiftId}, ${h.from.localDate}::date, ${h.from.start}, ${h.from.end},
        ${h.to.shiftId}, ${h.to.localDate}::date, ${h.to.start}, ${h.to.end}, ${h.authorId}, ${h.summary},
        ${JSON.stringify(h.note)}::jsonb, ${h.recipientIds}::text[], 'sent', ${h.createdAt}, ${h.acceptDueAt}, ${h.nextCheckAt},
        ${h.escalatedAt})
      ON CONFLICT (roster_id, from_shift_id, from_date) DO NOTHING
      RETURNING id`;
    if (inserted.length === 0) return null;
    if (incidents.length) {
      await this.tx.handoverIncident.createMany({
        data: incidents.map((i) => ({ handoverId: h.id, incidentId: i.incidentId, state: i as unknown as Prisma.InputJsonValue })),
      });
    }
    return toHandover(await this.tx.handover.findUniqueOrThrow({ where: { id: h.id } }));
  }

  async lockByNumber(number: number): Promise<Handover | null> {
    const locked = await this.tx.$queryRaw<Array<{ id: string }>>`SELECT id FROM handover WHERE number = ${number} FOR UPDATE`;
    if (locked.length === 0) return null;
    return toHandover(await this.tx.handover.findUniqueOrThrow({ where: { number } }));
  }

  async update(id: string, patch: HandoverPatch): Promise<void> {
    await this.tx.handover.update({ where: { id }, data: patch });
  }

  async claimDue(now: Date, limit: number): Promise<Handover[]> {
    const due = await this.tx.$queryRaw<Array<{ id: string }>>`
      SELECT id FROM handover WHERE status = 'sent' AND next_check_at <= ${now}
      ORDER BY next_check_at LIMIT ${limit} FOR UPDATE SKIP LOCKED`;
    if (due.length === 0) return [];
    const rows = await this.tx.handover.findMany({ where: { id: { in: due.map((d) => d.id) } }, orderBy: { number: 'asc' } });
    return rows.map(toHandover);
  }

  async notesOf(handoverId: string): Promise<QueuedNotification[]> {
    const rows = await this.tx.notification.findMany({
      where: { kind: 'ext.handover.note', idempotencyKey: { startsWith: `handover:${handoverId}:note:` } },
      select: { id: true, kind: true, agencyId: true, personId: true, platform: true, workspace: true, channel: true, user: true },
      orderBy: { createdAt: 'asc' },
    });
    return rows.map((r) => ({
      id: r.id, kind: r.kind, agencyId: r.agencyId, personId: r.personId,
      address: { platform: r.platform, workspace: r.workspace, channel: r.channel, user: r.user },
    }));
  }

  claimScheduled(send: ScheduledSendRow): Promise<boolean> {
    return claimScheduledSend(this.tx, send);
  }

  setScheduledCount(key: string, notifications: number): Promise<void> {
    return setScheduledSendCount(this.tx, key, notifications);
  }
}
