import { randomUUID } from 'node:crypto';
import type pg from 'pg';
import { addMinutes } from 'date-fns';
import { TZDate } from '@date-fns/tz';
import type { Directory } from '../../src/core/directory/directory.ts';
import type { Person } from '../../src/core/directory/directory.types.ts';
import type { Incident } from '../../src/core/incident/incident.types.ts';
import { routeIncident } from '../../src/core/routing/route-incident.ts';
import { directoryOnDuty, planIncidentNotifications } from '../../src/core/notification/plan-notifications.ts';
import { formatIncidentRef } from '../../src/core/commands/incident-ref.ts';
import { auditPayloadDigest } from '../../src/core/audit/audit-digest.ts';
import type { AuditEventInput } from '../../src/core/audit/audit.types.ts';

export interface RawRegistration {
  areaId: string;
  categoryId: string;
  severity: number;
  description: string;
}

/** `$1, $2, ...` placeholders for `rows` rows of `width` values each. */
function valuesList(rows: number, width: number, casts: string[] = []): string {
  return Array.from({ length: rows }, (_, r) => `(${Array.from({ length: width }, (_, c) => `$${r * width + c + 1}${casts[c] ?? ''}`).join(', ')})`).join(', ');
}

/**
 * The baseline: the same rows registerIncident writes (incident, its agency rows, one notification per address, the
 * audit event through the same chaining trigger), with plain `pg` in one transaction and no ORM. The rows are planned
 * with the same pure core functions (routing, rendering, audit digest), so the difference to the real path is the
 * storage layer and command handling, not the content.
 */
export async function registerRaw(pool: pg.Pool, directory: Directory, reporter: Person, input: RawRegistration, requestKey: string): Promise<string> {
  const now = new Date();
  const severity = directory.severity(input.severity);
  const deadlineAt = addMinutes(now, severity?.ackDeadlineMinutes ?? 60);
  const routed = routeIncident(directory, input.areaId, input.categoryId, input.severity);
  const id = randomUUID();
  const year = new TZDate(now.getTime(), directory.settings.timeZone).getFullYear();
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    const inserted = await client.query<{ number: number }>(
      `INSERT INTO incident (id, year, area_id, category_id, severity, description, sensitive_details, reporter_id, reporter_agency_id, source_platform, request_key, created_at)
       VALUES ($1, $2, $3, $4, $5, $6, NULL, $7, $8, 'web', $9, $10) RETURNING number`,
      [id, year, input.areaId, input.categoryId, input.severity, input.description, reporter.id, reporter.agencyId, requestKey, now],
    );
    const number = inserted.rows[0].number;
    await client.query(
      `INSERT INTO incident_agency (incident_id, agency_id, can_see_sensitive, deadline_at, next_escalation_at) VALUES ${valuesList(routed.length, 5)}`,
      routed.flatMap((r) => [id, r.agencyId, r.canSeeSensitive, deadlineAt, deadlineAt]),
    );
    const incident: Incident = {
      id, ref: formatIncidentRef(year, number), number, year, areaId: input.areaId, categoryId: input.categoryId, severity: input.severity,
      description: input.description, sensitiveDetails: null, status: 'open', reporterId: reporter.id, reporterAgencyId: reporter.agencyId,
      sourcePlatform: 'web', createdAt: now, closedAt: null,
      agencies: routed.map((r) => ({
        agencyId: r.agencyId, state: 'notified' as const, canSeeSensitive: r.canSeeSensitive, deadlineAt, acknowledgedAt: null, acknowledgedBy: null,
        respondingAt: null, declinedAt: null, declineReason: null, escalationLevel: 0, nextEscalationAt: deadlineAt,
      })).sort((a, b) => a.agencyId.localeCompare(b.agencyId)),
    };
    const notifications = await planIncidentNotifications(directory, incident, directoryOnDuty, now);
    await client.query(
      `INSERT INTO notification (id, idempotency_key, kind, incident_id, agency_id, person_id, platform, workspace, channel, "user", message, next_attempt_at, created_at)
       VALUES ${valuesList(notifications.length, 13, ['', '', '', '', '', '', '::"Platform"', '', '', '', '::jsonb'])}`,
      notifications.flatMap((n) => [
        n.id, n.idempotencyKey, n.kind, id, n.agencyId ?? null, n.personId ?? null, n.address.platform, n.address.workspace, n.address.channel,
        n.address.user ?? null, JSON.stringify(n.message), now, now,
      ]),
    );
    const event: AuditEventInput = {
      at: now, actorId: reporter.id, action: 'incident.registered', subjectType: 'incident', subjectId: incident.ref,
      after: {
        areaId: incident.areaId, categoryId: incident.categoryId, severity: incident.severity, agencies: routed,
        notifications: notifications.length, hasSensitiveDetails: false,
      },
      platform: 'web', requestId: requestKey,
    };
    await client.query(
      `INSERT INTO audit_event (at, actor_id, action, subject_type, subject_id, after, platform, request_id, payload_digest)
       VALUES ($1, $2, $3, $4, $5, $6::jsonb, $7, $8, $9)`,
      [event.at, event.actorId, event.action, event.subjectType, event.subjectId, JSON.stringify(event.after), event.platform, event.requestId, auditPayloadDigest(event)],
    );
    await client.query('COMMIT');
    return incident.ref;
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw error;
  } finally {
    client.release();
  }
}
