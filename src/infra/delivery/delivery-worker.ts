import { randomUUID } from 'node:crypto';
import type { Database } from '../db/database.ts';
import type { ChatPlatform } from '../../core/ports/chat-platform.port.ts';
import { PlatformError } from '../../core/ports/chat-platform.port.ts';
import type { Clock } from '../../core/ports/clock.port.ts';
import type { PlatformName } from '../../core/shared/platform.types.ts';
import type { DeliveryWakeup } from '../../core/coordination/coordination.deps.ts';
import { claimDue, recordOutcomes, releaseClaims, type ClaimedNotification, type Outcome, type RecordedOutcome } from './outbox-queries.ts';
import { GroupCommit } from './group-commit.ts';
import { exponentialBackoff, type RetryPolicy } from './retry-policy.ts';
import type { Logger } from '../log/logger.ts';
import { silentLogger } from '../log/logger.ts';

export interface DeliveryWorkerOptions {
  workerId?: string;
  clock: Clock;
  platforms: Map<PlatformName, ChatPlatform>;
  retry?: RetryPolicy;
  batchSize?: number;
  /** Parallel sends within a batch. */
  concurrency?: number;
  /** How long a claim holds before another worker may take the row (a crashed worker's rows come back after it). */
  leaseMs?: number;
  /** Poll interval when idle; `wake()` cuts it short. */
  pollMs?: number;
  logger?: Logger;
}

/**
 * Delivers the outbox: claims due notifications, sends them through their platform, records every attempt and its
 * outcome (with an audit event), and retries with backoff. Several workers, in one process or many, share the table
 * safely; a worker that dies leaves its claims to expire and be taken again.
 */
export class DeliveryWorker implements DeliveryWakeup {
  readonly workerId: string;
  private readonly retry: RetryPolicy;
  private running = false;
  private loop: Promise<void> | undefined;
  private wakeUp: (() => void) | undefined;
  private pendingWake = false;
  private readonly inFlight = new Set<string>();
  private readonly log: Logger;
  /** Outcomes that finish together are recorded together (one statement, one commit, one turn of the audit lock). */
  private readonly recorder = new GroupCommit<RecordedOutcome, boolean>(async (items) => {
    const counted = await recordOutcomes(this.db, this.workerId, items);
    return items.map((i) => counted.has(i.claimed.id));
  });

  constructor(private readonly db: Database, private readonly options: DeliveryWorkerOptions) {
    this.workerId = options.workerId ?? `worker-${randomUUID().slice(0, 8)}`;
    this.retry = options.retry ?? exponentialBackoff();
    this.log = (options.logger ?? silentLogger).child({ component: 'delivery', workerId: this.workerId });
  }

  start(): void {
    if (this.running) return;
    this.running = true;
    this.loop = this.run();
  }

  wake(): void {
    this.pendingWake = true;
    this.wakeUp?.();
  }

  /** Stops claiming, lets sends under way finish and record, and hands back claims not started. */
  async stop(): Promise<void> {
    this.running = false;
    this.wakeUp?.();
    await this.loop;
  }

  /** One pass: claim a batch and deliver it. Returns how many were claimed. */
  async runOnce(): Promise<number> {
    const now = this.options.clock.now();
    const batch = await claimDue(this.db, this.workerId, now, new Date(now.getTime() + (this.options.leaseMs ?? 60_000)), this.options.batchSize ?? 50);
    if (batch.length === 0) return 0;
    const queue = [...batch];
    const lanes = Array.from({ length: Math.min(this.options.concurrency ?? 10, queue.length) }, async () => {
      for (let next = queue.shift(); next; next = queue.shift()) {
        if (!this.running && this.loop) {
          queue.unshift(next);
          return;
        }
        await this.deliver(next);
      }
    });
    await Promise.all(lanes);
    await releaseClaims(this.db, this.workerId, queue.map((n) => n.id));
    return batch.length;
  }

  private async run(): Promise<void> {
    while (this.running) {
      let claimed = 0;
      try {
        this.pendingWake = false;
        claimed = await this.runOnce();
      } catch (error) {
        this.log.log('error', 'delivery.pass_failed', { error: (error as Error).message });
      }
      if (claimed === 0 && this.running && !this.pendingWake) await this.sleep(this.options.pollMs ?? 500);
    }
  }

  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(done, ms);
      function done() {
        clearTimeout(timer);
        resolve();
      }
      this.wakeUp = done;
    });
  }

  private async deliver(claimed: ClaimedNotification): Promise<void> {
    this.inFlight.add(claimed.id);
    try {
      const result = await this.attempt(claimed);
      // One time for the attempt on record and for the retry it schedules, so the gap between two recorded
      // attempts is never shorter than the Retry-After the platform asked for.
      const at = this.options.clock.now();
      const outcome = 'error' in result ? this.failure(claimed, result.error, at) : result;
      const counted = await this.recorder.add({ claimed, outcome, at, audit: {
        at,
        actorId: this.workerId,
        action: outcome.kind === 'sent' ? 'notification.delivered' : outcome.kind === 'retry' ? 'notification.retry_scheduled' : 'notification.failed',
        subjectType: 'notification',
        subjectId: claimed.id,
        after: {
          kind: claimed.kind, platform: claimed.address.platform, attempt: claimed.attempts, incidentRef: claimed.message.incidentRef ?? null,
          error: outcome.kind === 'sent' ? undefined : outcome.error,
        },
        platform: 'system',
      } });
      this.log.log(outcome.kind === 'sent' ? 'debug' : 'warn', `delivery.${outcome.kind}`, {
        notificationId: claimed.id, platform: claimed.address.platform, attempt: claimed.attempts, leaseLost: !counted,
      });
    } catch (error) {
      // The outcome could not be recorded: the claim stays until its lease ends and the row is tried again (the
      // platform sees the same idempotency key). Other sends of the batch go on.
      this.log.log('error', 'delivery.record_failed', { notificationId: claimed.id, error: (error as Error).message });
    } finally {
      this.inFlight.delete(claimed.id);
    }
  }

  private async attempt(claimed: ClaimedNotification): Promise<Outcome | { error: unknown }> {
    const platform = this.options.platforms.get(claimed.address.platform);
    if (!platform) return { error: new PlatformError(`platform ${claimed.address.platform} is not configured`, true) };
    const options = { idempotencyKey: claimed.idempotencyKey, threadOf: claimed.threadMessageId ?? undefined };
    try {
      if (claimed.isUpdate && claimed.updatesMessageId) {
        await platform.update(claimed.address, claimed.updatesMessageId, claimed.message, options);
        return { kind: 'sent', messageId: claimed.updatesMessageId };
      }
      const sent = await platform.send(claimed.address, claimed.message, options);
      return { kind: 'sent', messageId: sent.messageId };
    } catch (error) {
      return { error };
    }
  }

  private failure(claimed: ClaimedNotification, error: unknown, at: Date): Outcome {
    const platformError = error instanceof PlatformError ? error : new PlatformError((error as Error)?.message ?? String(error), true);
    const message = platformError.message.slice(0, 500);
    if (!platformError.retryable || claimed.attempts >= this.retry.maxAttempts) return { kind: 'dead', error: message };
    const delay = this.retry.delayMs(claimed.attempts, platformError.retryAfterMs);
    return { kind: 'retry', error: message, retryAfterMs: platformError.retryAfterMs, nextAttemptAt: new Date(at.getTime() + delay) };
  }
}
