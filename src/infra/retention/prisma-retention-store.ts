import type { Database } from '../db/database.ts';
import type { Prisma } from '../db/generated/client.ts';
import type { Incident } from '../../core/incident/incident.types.ts';
import type { OutboundMessage } from '../../core/messages/outbound.types.ts';
import type { NewNotification, QueuedNotification } from '../../core/notification/notification.types.ts';
import type { AuditEventInput } from '../../core/audit/audit.types.ts';
import type { ErasedCounts, RetentionStore, RetentionTransaction } from '../../core/retention/retention.port.ts';
import { appendAuditEvents } from '../audit/audit-writer.ts';
import { toIncident } from '../incident/incident-mapper.ts';
import { toNotificationRow } from '../incident/prisma-incident-store.ts';

type Tx = Prisma.TransactionClient;

const withAgencies = { agencies: true } as const;
const TX_OPTIONS = { maxWait: 10_000, timeout: 30_000 };

/** The retention job's storage: candidates by closing time, and one erasure per transaction. */
export class PrismaRetentionStore implements RetentionStore {
  constructor(private readonly db: Database) {}

  async closedBy(closedBy: Date, limit: number): Promise<Incident[]> {
    const rows = await this.db.prisma.incident.findMany({
      where: { status: 'closed', erasedAt: null, closedAt: { lte: closedBy } },
      include: withAgencies,
      orderBy: { closedAt: 'asc' },
      take: limit,
    });
    return rows.map(toIncident);
  }

  transaction<T>(work: (tx: RetentionTransaction) => Promise<T>): Promise<T> {
    return this.db.prisma.$transaction((tx) => work(new PrismaRetentionTransaction(tx)), TX_OPTIONS);
  }
}

class PrismaRetentionTransaction implements RetentionTransaction {
  constructor(private readonly tx: Tx) {}

  async lockIncident(incidentId: string): Promise<Incident | null> {
    const locked = await this.tx.$queryRaw<Array<{ id: string }>>`SELECT id FROM incident WHERE id = ${incidentId}::uuid FOR UPDATE`;
    if (locked.length === 0) return null;
    const row = await this.tx.incident.findUnique({ where: { id: incidentId }, include: withAgencies });
    return row ? toIncident(row) : null;
  }

  async postedMessages(incidentId: string): Promise<QueuedNotification[]> {
    const rows = await this.tx.notification.findMany({
      where: { incidentId, updatesId: null, status: 'sent', platformMessageId: { not: null } },
      select: { id: true, kind: true, agencyId: true, personId: true, platform: true, workspace: true, channel: true, user: true },
      orderBy: { createdAt: 'asc' },
    });
    return rows.map((r) => ({
      id: r.id, kind: r.kind, agencyId: r.agencyId, personId: r.personId,
      address: { platform: r.platform, workspace: r.workspace, channel: r.channel, user: r.user },
    }));
  }

  async erase(incident: Incident, replacement: OutboundMessage, at: Date): Promise<ErasedCounts> {
    const tx = this.tx;
    const id = incident.id;
    const body = JSON.stringify(replacement);
    // Stored inbound requests about it: its registration (the incident's request key) and the commands that named it.
    const inboxRequests = await tx.$executeRaw`
      DELETE FROM inbox_request WHERE status <> 'pending' AND request_key IN (
        SELECT request_key FROM incident WHERE id = ${id}::uuid AND request_key IS NOT NULL
        UNION SELECT key FROM request_key WHERE subject = ${incident.ref})`;
    await tx.incident.update({
      where: { id },
      // The reporter is personal data; the reporting agency stays (statistics per agency).
      data: { description: '', sensitiveDetails: null, reporterId: '', requestKey: null, erasedAt: at },
    });
    await tx.incidentAgency.updateMany({ where: { incidentId: id }, data: { declineReason: null, acknowledgedBy: null } });
    const notes = (await tx.incidentNote.deleteMany({ where: { incidentId: id } })).count;
    // Situation reports keep their agency and time (statistics), not their text or author.
    const situationReports = (await tx.situationReport.updateMany({
      where: { incidentId: id }, data: { situation: '', actions: '', needs: '', authorId: '' },
    })).count;
    const notifications = await tx.$executeRaw`
      UPDATE notification SET message = ${body}::jsonb, last_error = NULL WHERE incident_id = ${id}::uuid`;
    const deliveryErrors = await tx.$executeRaw`
      UPDATE delivery_attempt SET error = NULL
      WHERE error IS NOT NULL AND notification_id IN (SELECT n.id FROM notification n WHERE n.incident_id = ${id}::uuid)`;
    const webMessages = await tx.$executeRaw`
      UPDATE web_message SET message = ${body}::jsonb, updated_at = ${at} WHERE message->>'incidentRef' = ${incident.ref}`;
    // Handover notes keep the incident's line (reference, area, states) but lose its description and its notes.
    const handovers = await tx.$executeRaw`
      UPDATE handover h SET note = jsonb_set(jsonb_set(h.note,
          '{incidents}', COALESCE((SELECT jsonb_agg(CASE WHEN e->>'incidentId' = ${id} THEN e || '{"description": ""}'::jsonb ELSE e END)
                                   FROM jsonb_array_elements(h.note->'incidents') e), '[]'::jsonb)),
          '{notes}', COALESCE((SELECT jsonb_agg(e) FROM jsonb_array_elements(h.note->'notes') e WHERE e->>'ref' <> ${incident.ref}), '[]'::jsonb))
      WHERE h.id IN (SELECT handover_id FROM handover_incident WHERE incident_id = ${id}::uuid)`;
    await tx.$executeRaw`
      UPDATE handover_incident SET state = state || '{"description": ""}'::jsonb
      WHERE incident_id = ${id}::uuid AND jsonb_typeof(state) = 'object' AND state->'description' IS NOT NULL`;
    // Agency actions (issue 13): their text, decline reason and done note go with the incident, and who answered;
    // agency, states and times stay for the figures.
    const actions = await tx.$executeRaw`
      UPDATE agency_action SET text = '', decline_reason = NULL, done_note = NULL, proposed_by = '', answered_by = NULL, done_by = NULL
      WHERE incident_id = ${id}::uuid`;
    return { notes, notifications, deliveryErrors, webMessages, inboxRequests, handovers, situationReports, actions };
  }

  async enqueue(notifications: NewNotification[]): Promise<void> {
    if (notifications.length === 0) return;
    await this.tx.notification.createMany({ data: notifications.map(toNotificationRow) });
  }

  audit(events: AuditEventInput[]): Promise<void> {
    return appendAuditEvents(this.tx, events);
  }
}
