import { auditPayloadDigest } from '../../core/audit/audit-digest.ts';
import type { AuditEventInput } from '../../core/audit/audit.types.ts';
import type { Prisma } from '../db/generated/client.ts';

type AuditClient = { auditEvent: { createMany(args: { data: Prisma.AuditEventCreateManyInput[] }): Promise<unknown> } };

/**
 * Appends events inside the caller's transaction; the database trigger chains them. Call it last in a transaction:
 * the chain lock is held from here to commit.
 */
export async function appendAuditEvents(tx: AuditClient, events: AuditEventInput[]): Promise<void> {
  if (events.length === 0) return;
  await tx.auditEvent.createMany({ data: events.map(toRow) });
}

function toRow(event: AuditEventInput): Prisma.AuditEventCreateManyInput {
  return {
    at: event.at,
    actorId: event.actorId,
    action: event.action,
    subjectType: event.subjectType,
    subjectId: event.subjectId,
    before: jsonOrNull(event.before),
    after: jsonOrNull(event.after),
    platform: event.platform,
    requestId: event.requestId ?? null,
    payloadDigest: auditPayloadDigest(event),
  };
}

// Prisma wants its DbNull sentinel for SQL NULL in Json columns; a round trip through JSON also drops undefined.
function jsonOrNull(value: unknown): Prisma.InputJsonValue | undefined {
  if (value === undefined || value === null) return undefined;
  return JSON.parse(JSON.stringify(value)) as Prisma.InputJsonValue;
}
