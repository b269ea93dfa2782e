import type { Disclosure } from '../../core/access/disclosure.types.ts';
import { toAccessLogRow } from '../access/prisma-access-log.ts';
import type { NewIncident } from '../../core/incident/incident.port.ts';
import type { NewNotification } from '../../core/notification/notification.types.ts';
import type { AuditEventInput } from '../../core/audit/audit.types.ts';
import { auditInsertSql, auditRowsParam } from './audit-rows-sql.ts';
import type { EscalationDue } from '../../core/escalation/escalation-policy.ts';

// The incident store's raw SQL, all of it, in this one module (prisma-incident-store.ts and registration-write.ts call
// it; everything else there is Prisma's model API).
//
// Registration is the hot path. Prisma's query compiler costs about a millisecond of CPU per row of nested or bulk
// input (more for a rendered message's JSON), which made one registration (an incident, ~6 agency rows, ~18
// notifications, the audit event) CPU-bound at ~50 ms. These statements take each batch as one JSON parameter; the
// SQL is plain PostgreSQL, the same on PGlite and on a server, and runs either inside a Prisma transaction
// ($queryRawUnsafe) or on its own as one atomic statement (see registration-write.ts).

/** Something that runs one parameterised statement: a Prisma transaction client or the database's SQL runner. */
export type SqlExecutor = <T>(sql: string, params: unknown[]) => Promise<T[]>;

/**
 * An incident to insert; `number` when it was read beforehand (see `peekIncidentNumber`), else the database's trigger
 * draws it from the counter in the inserting transaction.
 */
export type IncidentInsert = NewIncident & { number?: number };

/** An outbox row; `createdAt` may be later than `notBefore` (updates are placed after earlier ones). */
export type NotificationInsert = NewNotification & { createdAt: Date };

/** Everything a group of writes adds, written by `writeAll` in one statement. */
export interface PendingWrites {
  incidents: IncidentInsert[];
  notifications: NotificationInsert[];
  audit: AuditEventInput[];
  /** Read-log entries (personal notifications queued), chained by the access_log trigger. */
  disclosures?: Disclosure[];
}

const INCIDENTS_CTE = (param: number) => `INSERT INTO incident (id, number, year, area_id, category_id, severity, description, sensitive_details,
                          reporter_id, reporter_agency_id, source_platform, request_key, created_at)
     SELECT r.id, r.number, r.year, r.area_id, r.category_id,
            r.severity, r.description, r.sensitive_details, r.reporter_id, r.reporter_agency_id, r.source_platform, r.request_key,
            r.created_at
       FROM jsonb_to_recordset($${param}::jsonb) AS r(id uuid, number int, year int, area_id text, category_id text, severity int,
            description text, sensitive_details text, reporter_id text, reporter_agency_id text, source_platform "Platform",
            request_key text, created_at timestamptz)
     RETURNING id, number`;

const AGENCIES_CTE = (param: number) => `INSERT INTO incident_agency (incident_id, agency_id, can_see_sensitive, sensitive_basis, deadline_at, next_escalation_at)
     SELECT r.incident_id, r.agency_id, r.can_see_sensitive, r.sensitive_basis, r.deadline_at, r.next_escalation_at
       FROM jsonb_to_recordset($${param}::jsonb)
         AS r(incident_id uuid, agency_id text, can_see_sensitive boolean, sensitive_basis text, deadline_at timestamptz, next_escalation_at timestamptz)`;

const NOTIFICATIONS_CTE = (param: number) => `INSERT INTO notification (id, idempotency_key, kind, incident_id, agency_id, person_id, platform, workspace,
                              channel, "user", message, updates_id, thread_of_id, next_attempt_at, created_at)
     SELECT r.id, r.idempotency_key, r.kind, r.incident_id, r.agency_id, r.person_id, r.platform, r.workspace, r.channel, r."user",
            r.message, r.updates_id, r.thread_of_id, r.next_attempt_at, r.created_at
       FROM jsonb_to_recordset($${param}::jsonb) AS r(id uuid, idempotency_key text, kind text, incident_id uuid, agency_id text,
            person_id text, platform "Platform", workspace text, channel text, "user" text, message jsonb, updates_id uuid,
            thread_of_id uuid, next_attempt_at timestamptz, created_at timestamptz)`;

function incidentRows(incidents: IncidentInsert[]): string {
  return JSON.stringify(incidents.map((i) => ({
    id: i.id, number: i.number ?? null, year: i.year, area_id: i.areaId, category_id: i.categoryId, severity: i.severity,
    description: i.description, sensitive_details: i.sensitiveDetails, reporter_id: i.reporterId, reporter_agency_id: i.reporterAgencyId,
    source_platform: i.sourcePlatform, request_key: i.requestKey, created_at: i.createdAt,
  })));
}

function agencyRows(incidents: IncidentInsert[]): string {
  return JSON.stringify(incidents.flatMap((i) => i.agencies.map((a) => ({
    incident_id: i.id, agency_id: a.agencyId, can_see_sensitive: a.canSeeSensitive, sensitive_basis: a.sensitiveBasis ?? null, deadline_at: a.deadlineAt, next_escalation_at: a.nextEscalationAt,
  }))));
}

function notificationRows(rows: NotificationInsert[]): string {
  return JSON.stringify(rows.map((n) => ({
    id: n.id, idempotency_key: n.idempotencyKey, kind: n.kind, incident_id: n.incidentId ?? null, agency_id: n.agencyId ?? null,
    person_id: n.personId ?? null, platform: n.address.platform, workspace: n.address.workspace, channel: n.address.channel,
    user: n.address.user ?? null, message: n.message, updates_id: n.updatesId ?? null, thread_of_id: n.threadOfId ?? null,
    next_attempt_at: n.notBefore, created_at: n.createdAt,
  })));
}

/** Inserts the incident and its agency rows in one statement; returns its number (drawn by the trigger if not given). */
export async function insertIncident(run: SqlExecutor, incident: IncidentInsert): Promise<number> {
  const rows = await run<{ number: number }>(
    `WITH inserted AS (${INCIDENTS_CTE(1)}), parts AS (${AGENCIES_CTE(2)}) SELECT number FROM inserted`,
    [incidentRows([incident]), agencyRows([incident])],
  );
  return Number(rows[0].number);
}

/** Outbox rows, all in one statement. */
export async function insertNotifications(run: SqlExecutor, rows: NotificationInsert[]): Promise<void> {
  if (rows.length === 0) return;
  await run(`WITH inserted AS (${NOTIFICATIONS_CTE(1)}) SELECT 1`, [notificationRows(rows)]);
}

/**
 * Writes incidents (with their agency rows), notifications and audit events in one statement: on its own it is one
 * atomic transaction and one commit. The audit events are chained by the trigger as usual.
 */
export async function writeAll(run: SqlExecutor, writes: PendingWrites): Promise<void> {
  const disclosures = writes.disclosures ?? [];
  if (writes.incidents.length + writes.notifications.length + writes.audit.length + disclosures.length === 0) return;
  await run(
    `WITH incidents AS (${INCIDENTS_CTE(1)}),
          parts AS (${AGENCIES_CTE(2)}),
          notifications AS (${NOTIFICATIONS_CTE(3)}),
          audit AS (${auditInsertSql(4)}),
          access AS (${ACCESS_LOG_CTE(5)})
     SELECT count(*) FROM incidents`,
    [incidentRows(writes.incidents), agencyRows(writes.incidents), notificationRows(writes.notifications), await auditRowsParam(writes.audit),
      disclosureRows(disclosures)],
  );
}

/** `INSERT INTO access_log ... SELECT` from the JSON parameter `$n`, in order; the chaining trigger fills seq and hashes. */
const ACCESS_LOG_CTE = (param: number) => `INSERT INTO access_log (at, person_id, agency_id, incident_id, incident_ref, fields, confidential,
       surface, ground, basis, request_id, payload_digest)
     SELECT d.at, d.person_id, d.agency_id, d.incident_id::uuid, d.incident_ref, d.fields, d.confidential, d.surface, d.ground, d.basis,
            d.request_id, d.payload_digest
       FROM ROWS FROM (jsonb_to_recordset($${param}::jsonb) AS (at timestamptz, person_id text, agency_id text, incident_id text,
              incident_ref text, fields text[], confidential boolean, surface text, ground text, basis text, request_id text,
              payload_digest text)) WITH ORDINALITY
         AS d(at, person_id, agency_id, incident_id, incident_ref, fields, confidential, surface, ground, basis, request_id, payload_digest, ord)
      ORDER BY d.ord`;

function disclosureRows(disclosures: Disclosure[]): string {
  return JSON.stringify(disclosures.map(toAccessLogRow).map((r) => ({
    at: r.at.toISOString(), person_id: r.personId, agency_id: r.agencyId, incident_id: r.incidentId, incident_ref: r.incidentRef,
    fields: r.fields, confidential: r.confidential, surface: r.surface, ground: r.ground, basis: r.basis, request_id: r.requestId,
    payload_digest: r.payloadDigest,
  })));
}

/**
 * The number the next registration will get if no other commits first. Reading it takes no lock, so a registration
 * can be prepared (its messages name its reference) and written in one statement; the trigger then checks the number
 * is still the next one (else `isIncidentNumberTaken`), so numbers stay gapless and unique.
 */
export async function peekIncidentNumber(run: SqlExecutor): Promise<number> {
  const rows = await run<{ number: string | number }>(`SELECT value + 1 AS number FROM counter WHERE name = 'incident.number'`, []);
  if (rows.length === 0) throw new Error('counter incident.number is missing: run the migrations');
  return Number(rows[0].number);
}

/** True when the error is the trigger's refusal of a number another registration took meanwhile: draw again. */
export function isIncidentNumberTaken(error: unknown): boolean {
  let detail = '';
  try { detail = JSON.stringify(error) ?? ''; } catch { /* not serialisable: the message will do */ }
  return /incident_number_taken/.test(`${(error as Error)?.message ?? ''} ${detail}`);
}

/** Id of the incident a request key created, if any: one indexed lookup. */
export async function incidentIdByRequestKey(run: SqlExecutor, requestKey: string): Promise<string | null> {
  const rows = await run<{ id: string }>('SELECT id::text AS id FROM incident WHERE request_key = $1', [requestKey]);
  return rows[0]?.id ?? null;
}

/** True when the error is PostgreSQL's unique violation, as pg, PGlite or Prisma (model or raw query) report it. */
export function isUniqueViolation(error: unknown): boolean {
  const e = error as { code?: string; meta?: { code?: string; driverAdapterError?: { cause?: { kind?: string; code?: string } } } };
  // The pg adapter names the kind; the PGlite adapter passes PostgreSQL's own code through (kind "postgres").
  const cause = e?.meta?.driverAdapterError?.cause;
  return e?.code === '23505' || e?.code === 'P2002' || e?.meta?.code === '23505'
    || cause?.kind === 'UniqueConstraintViolation' || cause?.code === '23505';
}

/** Takes the incident's row lock (to commit), so concurrent answers to one incident queue; false when there is none. */
export async function lockIncidentByNumber(run: SqlExecutor, number: number): Promise<boolean> {
  return (await run<{ id: string }>('SELECT id FROM incident WHERE number = $1 FOR UPDATE', [number])).length > 0;
}

/**
 * Claims agency parts due for escalation by the core's rule (`escalationPolicy.due` gives the parameters), earliest
 * first, locking them to commit and skipping those another replica holds.
 */
export function claimDueParts(run: SqlExecutor, due: EscalationDue, limit: number): Promise<Array<{ incident_id: string; agency_id: string }>> {
  return run(
    `SELECT ia.incident_id::text AS incident_id, ia.agency_id FROM incident_agency ia JOIN incident i ON i.id = ia.incident_id
      WHERE ia.state::text = ANY($1::text[]) AND ia.next_escalation_at <= $2 AND i.status::text = $3
      ORDER BY ia.next_escalation_at LIMIT $4 FOR UPDATE OF ia SKIP LOCKED`,
    [due.waitingStates, due.dueBy, due.incidentStatus, limit],
  );
}
