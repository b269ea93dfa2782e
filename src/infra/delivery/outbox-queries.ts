import type { Database } from '../db/database.ts';
import type { Prisma } from '../db/generated/client.ts';
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
 */
export async function claimDue(db: Database, workerId: string, now: Date, leaseUntil: Date, limit: number): Promise<ClaimedNotification[]> {
  const rows = await db.prisma.$queryRaw<ClaimRow[]>`
    WITH due AS (
      SELECT n.id FROM notification n
      WHERE n.next_attempt_at <= ${now}
        AND (n.status = 'pending' OR (n.status = 'sending' AND n.claimed_until < ${now}))
        AND (n.updates_id IS NULL OR EXISTS (
              SELECT 1 FROM notification o WHERE o.id = n.updates_id AND o.status IN ('sent', 'dead')))
        AND (n.updates_id IS NULL OR NOT EXISTS (
              SELECT 1 FROM notification e WHERE e.updates_id = n.updates_id AND e.status IN ('pending', 'sending')
                AND (e.created_at, e.idempotency_key) < (n.created_at, n.idempotency_key)))
        AND (n.thread_of_id IS NULL OR EXISTS (
              SELECT 1 FROM notification o WHERE o.id = n.thread_of_id AND o.status IN ('sent', 'dead')))
      ORDER BY n.next_attempt_at
      LIMIT ${limit}
      FOR UPDATE OF n SKIP LOCKED
    )
    UPDATE notification n
       SET status = 'sending', claimed_by = ${workerId}, claimed_until = ${leaseUntil}, attempts = n.attempts + 1
      FROM due
     WHERE n.id = due.id
    RETURNING n.id, n.idempotency_key, n.kind, n.incident_id, n.platform, n.workspace, n.channel, n.user, n.message,
              n.attempts, n.updates_id, n.thread_of_id,
              (SELECT o.platform_message_id FROM notification o WHERE o.id = n.updates_id) AS updates_message_id,
              (SELECT o.platform_message_id FROM notification o WHERE o.id = n.thread_of_id) AS thread_message_id`;
  return rows.map((r) => ({
    id: r.id,
    idempotencyKey: r.idempotency_key,
    kind: r.kind,
    incidentId: r.incident_id,
    address: { platform: r.platform, workspace: r.workspace, channel: r.channel, user: r.user },
    message: r.message,
    attempts: r.attempts,
    isUpdate: r.updates_id !== null,
    updatesMessageId: r.updates_message_id,
    threadMessageId: r.thread_message_id,
  }));
}

/** Gives back claims this worker has not started on (graceful shutdown). */
export async function releaseClaims(db: Database, workerId: string, ids: string[]): Promise<void> {
  if (ids.length === 0) return;
  await db.prisma.notification.updateMany({
    where: { id: { in: ids }, claimedBy: workerId, status: 'sending' },
    data: { status: 'pending', claimedBy: null, claimedUntil: null, attempts: { decrement: 1 } },
  });
}

export type Outcome =
  | { kind: 'sent'; messageId: string }
  | { kind: 'retry'; error: string; nextAttemptAt: Date; retryAfterMs?: number }
  | { kind: 'dead'; error: string };

/** Records an attempt's outcome with its audit event, in one transaction. */
export async function recordOutcome(
  tx: Prisma.TransactionClient, workerId: string, claimed: ClaimedNotification, outcome: Outcome, at: Date,
): Promise<boolean> {
  const mine = { id: claimed.id, claimedBy: workerId, status: 'sending' as const };
  const data: Prisma.NotificationUpdateManyMutationInput =
    outcome.kind === 'sent'
      ? { status: 'sent', sentAt: at, platformMessageId: outcome.messageId, claimedBy: null, claimedUntil: null, lastError: null }
      : outcome.kind === 'retry'
        ? { status: 'pending', nextAttemptAt: outcome.nextAttemptAt, claimedBy: null, claimedUntil: null, lastError: outcome.error }
        : { status: 'dead', claimedBy: null, claimedUntil: null, lastError: outcome.error };
  const updated = await tx.notification.updateMany({ where: mine, data });
  await tx.deliveryAttempt.create({
    data: {
      notificationId: claimed.id,
      worker: workerId,
      at,
      outcome: updated.count === 1 ? outcome.kind : `${outcome.kind}-after-lease-lost`,
      error: outcome.kind === 'sent' ? null : outcome.error,
      retryAfterMs: outcome.kind === 'retry' ? outcome.retryAfterMs ?? null : null,
    },
  });
  return updated.count === 1;
}
