import type { Database } from '../db/database.ts';
import type { AuditEventInput } from '../../core/audit/audit.types.ts';
import { auditInsertSql, auditRowsParam } from '../incident/audit-rows-sql.ts';
import type { ChatAddress } from '../../core/shared/platform.types.ts';
import type { OutboundMessage } from '../../core/messages/outbound.types.ts';

/** A claimed notification with what the worker needs to send it. */
export interface ClaimedNotification {
  id: string;
  idempotencyKey: string;
  kind: string;
  incidentId: string | null;
  address: ChatAddress;
  message: OutboundMessage;
  attempts: number;
  /** For updates: the platform id of the message to replace (null when the original never got through). */
  updatesMessageId: string | null;
  isUpdate: boolean;
  /** For follow-ups: the platform id of the message to thread under. */
  threadMessageId: string | null;
}

interface ClaimRow {
  id: string; idempotency_key: string; kind: string; incident_id: string | null; platform: ChatAddress['platform'];
  workspace: string; channel: string; user: string | null; message: OutboundMessage; attempts: number;
  updates_id: string | null; thread_of_id: string | null; updates_message_id: string | null; thread_message_id: string | null;
}

/**
 * Claims due notifications for this worker until `leaseUntil`. Rows another worker holds are skipped (SKIP LOCKED);
 * rows whose lease ran out (a crashed worker) are due again. An update waits until its original is through and
 * until earlier updates of the same message are, so the last state shown is the last state written.
 *
 * The outbox statements run on the plain SQL connection rather than through Prisma: they are the worker's whole hot
 * path, and Prisma's per-query overhead (milliseconds of CPU) dominated delivery time.
 */
export async function claimDue(db: Database, workerId: string, now: Date, leaseUntil: Date, limit: number): Promise<ClaimedNotification[]> {
  const rows = await db.sql.query<ClaimRow>(
    `WITH due AS (
      SELECT n.id FROM notification n
      WHERE n.next_attempt_at <= $1::timestamptz
        AND (n.status = 'pending' OR (n.status = 'sending' AND n.claimed_until < $1::timestamptz))
        AND (n.updates_id IS NULL OR EXISTS (
              SELECT 1 FROM notification o WHERE o.id = n.updates_id AND o.status IN ('sent', 'dead')))
        AND (n.updates_id IS NULL OR NOT EXISTS (
              SELECT 1 FROM notification e WHERE e.updates_id = n.updates_id AND e.status IN ('pending', 'sending')
                AND (e.created_at, e.idempotency_key) < (n.created_at, n.idempotency_key)))
        AND (n.thread_of_id IS NULL OR EXISTS (
              SELECT 1 FROM notification o WHERE o.id = n.thread_of_id AND o.status IN ('sent', 'dead')))
      ORDER BY n.next_attempt_at
      LIMIT $4::int
      FOR UPDATE OF n SKIP LOCKED
    )
    UPDATE notification n
       SET status = 'sending', claimed_by = $2, claimed_until = $3::timestamptz, attempts = n.attempts + 1
      FROM due
     WHERE n.id = due.id
    RETURNING n.id::text, n.idempotency_key, n.kind, n.incident_id::text, n.platform::text, n.workspace, n.channel, n.user,
              n.message, n.attempts, n.updates_id::text, n.thread_of_id::text,
              (SELECT o.platform_message_id FROM notification o WHERE o.id = n.updates_id) AS updates_message_id,
              (SELECT o.platform_message_id FROM notification o WHERE o.id = n.thread_of_id) AS thread_message_id`,
    [now.toISOString(), workerId, leaseUntil.toISOString(), limit],
  );
  return rows.map((r) => ({
    id: r.id,
    idempotencyKey: r.idempotency_key,
    kind: r.kind,
    incidentId: r.incident_id,
    address: { platform: r.platform, workspace: r.workspace, channel: r.channel, user: r.user },
    message: typeof r.message === 'string' ? JSON.parse(r.message) as OutboundMessage : r.message,
    attempts: Number(r.attempts),
    isUpdate: r.updates_id !== null,
    updatesMessageId: r.updates_message_id,
    threadMessageId: r.thread_message_id,
  }));
}

/** Gives back claims this worker has not started on (graceful shutdown). */
export async function releaseClaims(db: Database, workerId: string, ids: string[]): Promise<void> {
  if (ids.length === 0) return;
  await db.sql.query(
    `UPDATE notification SET status = 'pending', claimed_by = NULL, claimed_until = NULL, attempts = attempts - 1
      WHERE id = ANY($1::uuid[]) AND claimed_by = $2 AND status = 'sending'`,
    [ids, workerId],
  );
}

export type Outcome =
  | { kind: 'sent'; messageId: string }
  | { kind: 'retry'; error: string; nextAttemptAt: Date; retryAfterMs?: number }
  | { kind: 'dead'; error: string };

/** One attempt's outcome to record, with the audit event that goes with it when the claim was still this worker's. */
export interface RecordedOutcome {
  claimed: ClaimedNotification;
  outcome: Outcome;
  at: Date;
  audit: AuditEventInput;
}

/**
 * Records attempts' outcomes in one statement (so one commit): each notification's new state if this worker still
 * holds its claim, every attempt in delivery_attempt (`<outcome>-after-lease-lost` when the claim had passed to
 * another worker), and the audit event of each outcome that counted. Returns the ids whose outcome counted.
 */
export async function recordOutcomes(db: Database, workerId: string, items: RecordedOutcome[]): Promise<Set<string>> {
  if (items.length === 0) return new Set();
  const input = JSON.stringify(items.map(({ claimed, outcome, at }) => ({
    id: claimed.id,
    outcome: outcome.kind,
    at,
    message_id: outcome.kind === 'sent' ? outcome.messageId : null,
    next_attempt_at: outcome.kind === 'retry' ? outcome.nextAttemptAt : null,
    error: outcome.kind === 'sent' ? null : outcome.error,
    retry_after_ms: outcome.kind === 'retry' ? outcome.retryAfterMs ?? null : null,
  })));
  const rows = await db.sql.query<{ id: string }>(
    `WITH input AS (
       SELECT * FROM ROWS FROM (jsonb_to_recordset($2::jsonb) AS (id uuid, outcome text, at timestamptz, message_id text,
              next_attempt_at timestamptz, error text, retry_after_ms int)) WITH ORDINALITY
         AS i(id, outcome, at, message_id, next_attempt_at, error, retry_after_ms, ord)
     ), mine AS (
       UPDATE notification n
          SET status = (CASE i.outcome WHEN 'sent' THEN 'sent' WHEN 'retry' THEN 'pending' ELSE 'dead' END)::"NotificationStatus",
              sent_at = CASE WHEN i.outcome = 'sent' THEN i.at ELSE n.sent_at END,
              platform_message_id = CASE WHEN i.outcome = 'sent' THEN i.message_id ELSE n.platform_message_id END,
              next_attempt_at = CASE WHEN i.outcome = 'retry' THEN i.next_attempt_at ELSE n.next_attempt_at END,
              last_error = i.error, claimed_by = NULL, claimed_until = NULL
         FROM input i
        WHERE n.id = i.id AND n.claimed_by = $1 AND n.status = 'sending'
       RETURNING n.id
     ), attempts AS (
       INSERT INTO delivery_attempt (notification_id, worker, at, outcome, error, retry_after_ms)
       SELECT i.id, $1, i.at, CASE WHEN i.id IN (SELECT id FROM mine) THEN i.outcome ELSE i.outcome || '-after-lease-lost' END,
              i.error, i.retry_after_ms
         FROM input i ORDER BY i.ord
     ), audit AS (
       ${auditInsertSql(3, 'a.subject_id IN (SELECT id::text FROM mine)')}
     )
     SELECT id::text FROM mine`,
    [workerId, input, await auditRowsParam(items.map((i) => i.audit))],
  );
  return new Set(rows.map((r) => r.id));
}
