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
  /**
   * Set when an earlier claim may have reached the platform without its outcome on record (a crash, a lease that ran
   * out): since when. The platform is asked before the message is sent again.
   */
  uncertainSince: Date | null;
}

interface ClaimRow {
  id: string; idempotency_key: string; kind: string; incident_id: string | null; platform: ChatAddress['platform'];
  workspace: string; channel: string; user: string | null; message: OutboundMessage; attempts: number;
  updates_id: string | null; thread_of_id: string | null; updates_message_id: string | null; thread_message_id: string | null;
  uncertain_since: Date | string | null;
}

/**
 * Claims due notifications for this worker until `leaseUntil`. Rows another worker holds are skipped (SKIP LOCKED);
 * rows whose lease ran out (a crashed worker) are due again, except `exclude` (rows this process still has in hand:
 * a send under way, an outcome not yet recorded). An update waits until its original is through and until earlier
 * updates of the same message are, so the last state shown is the last state written.
 *
 * A claim stamps `sending_since` (unless an earlier uncertain claim already did): from here until an outcome is on
 * record, the message may be on the platform. A row claimed with the stamp already set comes back with
 * `uncertainSince`, so the worker asks the platform before it sends again.
 *
 * The outbox statements run on the plain SQL connection rather than through Prisma: they are the worker's whole hot
 * path, and Prisma's per-query overhead (milliseconds of CPU) dominated delivery time.
 */
export async function claimDue(
  db: Database, workerId: string, now: Date, leaseUntil: Date, limit: number, exclude: string[] = [],
): Promise<ClaimedNotification[]> {
  const rows = await db.sql.query<ClaimRow>(
    `WITH due AS (
      SELECT n.id, n.sending_since AS uncertain_since FROM notification n
      WHERE n.next_attempt_at <= $1::timestamptz
        AND (n.status = 'pending' OR (n.status = 'sending' AND n.claimed_until < $1::timestamptz))
        AND (n.updates_id IS NULL OR EXISTS (
              SELECT 1 FROM notification o WHERE o.id = n.updates_id AND o.status IN ('sent', 'dead')))
        AND (n.updates_id IS NULL OR NOT EXISTS (
              SELECT 1 FROM notification e WHERE e.updates_id = n.updates_id AND e.status IN ('pending', 'sending')
                AND (e.created_at, e.idempotency_key) < (n.created_at, n.idempotency_key)))
        AND (n.thread_of_id IS NULL OR EXISTS (
              SELECT 1 FROM notification o WHERE o.id = n.thread_of_id AND o.status IN ('sent', 'dead')))
        AND NOT (n.id = ANY($5::uuid[]))
      ORDER BY n.next_attempt_at
      LIMIT $4::int
      FOR UPDATE OF n SKIP LOCKED
    )
    UPDATE notification n
       SET status = 'sending', claimed_by = $2, claimed_until = $3::timestamptz, attempts = n.attempts + 1,
           sending_since = COALESCE(n.sending_since, $1::timestamptz)
      FROM due
     WHERE n.id = due.id
    RETURNING n.id::text, n.idempotency_key, n.kind, n.incident_id::text, n.platform::text, n.workspace, n.channel, n.user,
              n.message, n.attempts, n.updates_id::text, n.thread_of_id::text,
              (SELECT o.platform_message_id FROM notification o WHERE o.id = n.updates_id) AS updates_message_id,
              (SELECT o.platform_message_id FROM notification o WHERE o.id = n.thread_of_id) AS thread_message_id,
              due.uncertain_since`,
    [now.toISOString(), workerId, leaseUntil.toISOString(), limit, exclude],
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
    uncertainSince: r.uncertain_since === null ? null : new Date(r.uncertain_since),
  }));
}

/**
 * Gives back claims this worker has not started on (graceful shutdown). Nothing was sent under them, so a row that
 * was certain before its claim is certain again; one that was uncertain stays so.
 */
export async function releaseClaims(db: Database, workerId: string, claims: ClaimedNotification[]): Promise<void> {
  if (claims.length === 0) return;
  await db.sql.query(
    `UPDATE notification SET status = 'pending', claimed_by = NULL, claimed_until = NULL, attempts = attempts - 1,
            sending_since = CASE WHEN id = ANY($3::uuid[]) THEN NULL ELSE sending_since END
      WHERE id = ANY($1::uuid[]) AND claimed_by = $2 AND status = 'sending'`,
    [claims.map((c) => c.id), workerId, claims.filter((c) => c.uncertainSince === null).map((c) => c.id)],
  );
}

/**
 * Moves the lease of rows this worker still holds (a slow send, an outcome waiting to be recorded) to `until`, so no
 * other worker takes them meanwhile. Returns the ids still held.
 */
export async function extendClaims(db: Database, workerId: string, ids: string[], until: Date): Promise<Set<string>> {
  if (ids.length === 0) return new Set();
  const rows = await db.sql.query<{ id: string }>(
    `UPDATE notification SET claimed_until = GREATEST(claimed_until, $3::timestamptz)
      WHERE id = ANY($1::uuid[]) AND claimed_by = $2 AND status = 'sending'
     RETURNING id::text`,
    [ids, workerId, until.toISOString()],
  );
  return new Set(rows.map((r) => r.id));
}

/**
 * Puts on record, before it happens, that this worker is about to send again a message that may already be on the
 * platform (an earlier attempt left no outcome and the platform cannot be asked): a `resend-unverified` attempt and
 * its audit event (`notification.possible_duplicate`), in one statement. False when the claim is no longer this
 * worker's: then nothing is written and nothing may be sent.
 */
export async function recordPossibleDuplicate(db: Database, workerId: string, claimed: ClaimedNotification, audit: AuditEventInput): Promise<boolean> {
  const rows = await db.sql.query<{ id: string }>(
    `WITH mine AS (
       SELECT n.id FROM notification n WHERE n.id = $2::uuid AND n.claimed_by = $1 AND n.status = 'sending' FOR UPDATE
     ), attempt AS (
       INSERT INTO delivery_attempt (notification_id, worker, at, outcome)
       SELECT id, $1, $3::timestamptz, 'resend-unverified' FROM mine
     ), audit AS (
       ${auditInsertSql(4, 'EXISTS (SELECT 1 FROM mine)')}
     )
     SELECT id::text FROM mine`,
    [workerId, claimed.id, audit.at.toISOString(), await auditRowsParam([audit])],
  );
  return rows.length > 0;
}

export type Outcome =
  /** `found`: not sent now; an earlier attempt's message was found on the platform. */
  | { kind: 'sent'; messageId: string; found?: boolean }
  /** `stillUncertain`: the platform could not be asked whether an earlier attempt got through; ask again next time. */
  | { kind: 'retry'; error: string; nextAttemptAt: Date; retryAfterMs?: number; stillUncertain?: boolean }
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
 * another worker; `found` for a message found on the platform instead of sent), and the audit event of each outcome
 * that counted. Returns the ids whose outcome counted.
 */
export async function recordOutcomes(db: Database, workerId: string, items: RecordedOutcome[]): Promise<Set<string>> {
  if (items.length === 0) return new Set();
  const input = JSON.stringify(items.map(({ claimed, outcome, at }) => ({
    id: claimed.id,
    outcome: outcome.kind === 'sent' && outcome.found ? 'found' : outcome.kind,
    at,
    message_id: outcome.kind === 'sent' ? outcome.messageId : null,
    next_attempt_at: outcome.kind === 'retry' ? outcome.nextAttemptAt : null,
    error: outcome.kind === 'sent' ? null : outcome.error,
    retry_after_ms: outcome.kind === 'retry' ? outcome.retryAfterMs ?? null : null,
    uncertain: outcome.kind === 'retry' && outcome.stillUncertain === true,
  })));
  const rows = await db.sql.query<{ id: string }>(
    `WITH input AS (
       SELECT * FROM ROWS FROM (jsonb_to_recordset($2::jsonb) AS (id uuid, outcome text, at timestamptz, message_id text,
              next_attempt_at timestamptz, error text, retry_after_ms int, uncertain boolean)) WITH ORDINALITY
         AS i(id, outcome, at, message_id, next_attempt_at, error, retry_after_ms, uncertain, ord)
     ), mine AS (
       UPDATE notification n
          SET status = (CASE WHEN i.outcome IN ('sent', 'found') THEN 'sent' WHEN i.outcome = 'retry' THEN 'pending' ELSE 'dead' END)::"NotificationStatus",
              sent_at = CASE WHEN i.outcome IN ('sent', 'found') THEN i.at ELSE n.sent_at END,
              platform_message_id = CASE WHEN i.outcome IN ('sent', 'found') THEN i.message_id ELSE n.platform_message_id END,
              sending_since = CASE WHEN i.uncertain THEN n.sending_since ELSE NULL END,
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
