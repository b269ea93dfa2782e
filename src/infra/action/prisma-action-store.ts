import type { Database } from '../db/database.ts';
import type { Prisma } from '../db/generated/client.ts';
import type { ActionStore, ActionTransaction, DueAction } from '../../core/action/action.port.ts';
import type { ActionIncident, ActionPatch, AgencyAction, NewAction } from '../../core/action/action.types.ts';
import type { QueuedNotification } from '../../core/notification/notification.types.ts';
import { formatIncidentRef } from '../../core/commands/incident-ref.ts';
import { OutboxWriter } from '../shift/outbox-writer.ts';

type Tx = Prisma.TransactionClient;

const TX_OPTIONS = { maxWait: 10_000, timeout: 20_000 };
const incidentColumns = { id: true, number: true, year: true, areaId: true, severity: true, status: true, erasedAt: true, leadAgencyId: true } as const;

type IncidentRow = Prisma.IncidentGetPayload<{ select: typeof incidentColumns }>;

function toActionIncident(row: IncidentRow): ActionIncident {
  return {
    id: row.id, ref: formatIncidentRef(row.year, row.number), number: row.number, areaId: row.areaId, severity: row.severity,
    status: row.status, erasedAt: row.erasedAt, leadAgencyId: row.leadAgencyId,
  };
}

function toAction(row: Prisma.AgencyActionGetPayload<object>): AgencyAction {
  return { ...row };
}

/** Agency actions on Prisma: PGlite or PostgreSQL, the same SQL. */
export class PrismaActionStore implements ActionStore {
  constructor(private readonly db: Database) {}

  async forIncident(incidentId: string): Promise<AgencyAction[]> {
    const rows = await this.db.prisma.agencyAction.findMany({ where: { incidentId }, orderBy: { seq: 'asc' } });
    return rows.map(toAction);
  }

  transaction<T>(work: (tx: ActionTransaction) => Promise<T>): Promise<T> {
    return this.db.prisma.$transaction((tx) => work(new PrismaActionTransaction(tx)), TX_OPTIONS);
  }
}

class PrismaActionTransaction extends OutboxWriter implements ActionTransaction {
  constructor(private readonly tx: Tx) {
    super(tx);
  }

  async lockIncident(number: number): Promise<ActionIncident | null> {
    const locked = await this.tx.$queryRaw<Array<{ id: string }>>`SELECT id FROM incident WHERE number = ${number} FOR UPDATE`;
    if (locked.length === 0) return null;
    return toActionIncident(await this.tx.incident.findUniqueOrThrow({ where: { number }, select: incidentColumns }));
  }

  async insert(action: NewAction): Promise<AgencyAction> {
    // The incident row is locked by the caller, so the next number cannot be drawn twice.
    const last = await this.tx.agencyAction.aggregate({ where: { incidentId: action.incidentId }, _max: { seq: true } });
    const row = await this.tx.agencyAction.create({ data: { ...action, seq: (last._max.seq ?? 0) + 1, state: 'proposed' } });
    return toAction(row);
  }

  async lockAction(incidentId: string, seq: number): Promise<AgencyAction | null> {
    const locked = await this.tx.$queryRaw<Array<{ id: string }>>`
      SELECT id FROM agency_action WHERE incident_id = ${incidentId}::uuid AND seq = ${seq} FOR UPDATE`;
    if (locked.length === 0) return null;
    return toAction(await this.tx.agencyAction.findUniqueOrThrow({ where: { id: locked[0].id } }));
  }

  async update(id: string, patch: ActionPatch): Promise<void> {
    await this.tx.agencyAction.update({ where: { id }, data: patch });
  }

  async claimDue(dueBy: Date, limit: number): Promise<DueAction[]> {
    // Only the action rows are locked: an incident being changed meanwhile does not hold the pass up.
    const due = await this.tx.$queryRaw<Array<{ id: string }>>`
      SELECT a.id FROM agency_action a JOIN incident i ON i.id = a.incident_id
      WHERE a.next_escalation_at <= ${dueBy} AND a.state IN ('proposed', 'accepted') AND i.status = 'open' AND i.erased_at IS NULL
      ORDER BY a.next_escalation_at LIMIT ${limit}
      FOR UPDATE OF a SKIP LOCKED`;
    if (due.length === 0) return [];
    const rows = await this.tx.agencyAction.findMany({
      where: { id: { in: due.map((d) => d.id) } }, include: { incident: { select: incidentColumns } }, orderBy: { nextEscalationAt: 'asc' },
    });
    return rows.map(({ incident, ...action }) => ({ action: toAction(action), incident: toActionIncident(incident) }));
  }

  async proposalsOf(actionId: string): Promise<QueuedNotification[]> {
    const rows = await this.tx.notification.findMany({
      where: { kind: 'action.proposal', idempotencyKey: { startsWith: `action:${actionId}:proposal:` } },
      select: { id: true, kind: true, agencyId: true, personId: true, platform: true, workspace: true, channel: true, user: true },
      orderBy: { createdAt: 'asc' },
    });
    return rows.map((r) => ({
      id: r.id, kind: r.kind, agencyId: r.agencyId, personId: r.personId,
      address: { platform: r.platform, workspace: r.workspace, channel: r.channel, user: r.user },
    }));
  }
}
