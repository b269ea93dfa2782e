import type { AuditEventInput } from '../../core/audit/audit.types.ts';
import type { Prisma } from '../db/generated/client.ts';
import { appendAuditEvents } from '../audit/audit-writer.ts';

/**
 * Audit events as one JSON parameter for `auditInsertSql`, mapped by the audit writer itself (payload digest, JSON
 * normalisation), so a statement that writes them directly stores exactly what `appendAuditEvents` would.
 */
export async function auditRowsParam(events: AuditEventInput[]): Promise<string> {
  const rows: Prisma.AuditEventCreateManyInput[] = [];
  await appendAuditEvents({ auditEvent: { createMany: async ({ data }) => { rows.push(...data); } } }, events);
  return JSON.stringify(rows.map((r) => ({
    at: r.at, actor_id: r.actorId, action: r.action, subject_type: r.subjectType, subject_id: r.subjectId,
    before: r.before ?? null, after: r.after ?? null, platform: r.platform, request_id: r.requestId ?? null,
    payload_digest: r.payloadDigest,
  })));
}

/**
 * `INSERT INTO audit_event ... SELECT` from the JSON parameter `$n`, in the given order; the chaining trigger fills
 * seq, prev_hash and hash. `where` filters on the record `a` (e.g. only events of rows a CTE changed).
 */
export function auditInsertSql(param: number, where = 'true'): string {
  return `INSERT INTO audit_event (at, actor_id, action, subject_type, subject_id, before, after, platform, request_id, payload_digest)
     SELECT a.at, a.actor_id, a.action, a.subject_type, a.subject_id, a.before, a.after, a.platform, a.request_id, a.payload_digest
       FROM ROWS FROM (jsonb_to_recordset($${param}::jsonb) AS (at timestamptz, actor_id text, action text, subject_type text,
              subject_id text, before jsonb, after jsonb, platform text, request_id text, payload_digest text)) WITH ORDINALITY
         AS a(at, actor_id, action, subject_type, subject_id, before, after, platform, request_id, payload_digest, ord)
      WHERE ${where}
      ORDER BY a.ord`;
}
