import type { Database } from '../db/database.ts';
import type { ChatPlatform } from '../../core/ports/chat-platform.port.ts';
import { PlatformError } from '../../core/ports/chat-platform.port.ts';
import type { Logger } from '../log/logger.ts';
import { recordPossibleDuplicate, type ClaimedNotification } from './outbox-queries.ts';

/** How far before the uncertain claim a found message may lie: our clock and the platform's need not agree. */
export const LOOK_BACK_MARGIN_MS = 2 * 60_000;

/** What to do with a claim whose earlier attempt may have reached the platform. */
export type Reconciled =
  /** The message is on the platform: record it as sent, do not send. */
  | { found: string }
  /** Send: not there (`possibleRepeat` false), or nobody can tell (true: the message says it may repeat one). */
  | { send: true; possibleRepeat: boolean }
  /** Could not find out now: try again later, still uncertain. */
  | { error: unknown }
  /** The claim passed to another worker meanwhile: do nothing. */
  | { leaseLost: true };

export interface ReconcileContext {
  db: Database;
  workerId: string;
  now: () => Date;
  log: Logger;
  lookBackMarginMs?: number;
}

/**
 * Before sending again a message whose earlier claim left no outcome (a crash, a lease that ran out), asks the
 * platform whether it is there (by idempotency key, since that claim). A platform that cannot be asked gets the
 * message again, marked as a possible repeat, and the re-send is put on record first (attempt and audit event in
 * one statement), so every copy that may be a duplicate is in the audit trail even if this process dies next.
 */
export async function reconcileClaim(ctx: ReconcileContext, platform: ChatPlatform, claimed: ClaimedNotification): Promise<Reconciled> {
  const since = claimed.uncertainSince!;
  if (platform.findDelivered) {
    try {
      const found = await platform.findDelivered(claimed.address, {
        idempotencyKey: claimed.idempotencyKey,
        since: new Date(since.getTime() - (ctx.lookBackMarginMs ?? LOOK_BACK_MARGIN_MS)),
        threadOf: claimed.threadMessageId ?? undefined,
      });
      ctx.log.log('info', 'delivery.reconciled', { notificationId: claimed.id, platform: claimed.address.platform, found: !!found });
      return found ? { found: found.messageId } : { send: true, possibleRepeat: false };
    } catch (error) {
      // A look-up that may work later (rate limit, outage) is tried again; one that cannot work here (a missing
      // scope, a channel the app cannot read) must not hold the message back for ever.
      if (!(error instanceof PlatformError) || error.retryable) return { error };
      ctx.log.log('warn', 'delivery.lookup_impossible', { notificationId: claimed.id, platform: claimed.address.platform, error: error.message.slice(0, 200) });
    }
  }
  const at = ctx.now();
  try {
    const mine = await recordPossibleDuplicate(ctx.db, ctx.workerId, claimed, {
      at,
      actorId: ctx.workerId,
      action: 'notification.possible_duplicate',
      subjectType: 'notification',
      subjectId: claimed.id,
      after: {
        kind: claimed.kind, platform: claimed.address.platform, attempt: claimed.attempts, incidentRef: claimed.message.incidentRef ?? null,
        uncertainSince: since.toISOString(),
      },
      platform: 'system',
    });
    return mine ? { send: true, possibleRepeat: true } : { leaseLost: true };
  } catch (error) {
    return { error };
  }
}
