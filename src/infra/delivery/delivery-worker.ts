import { randomUUID } from 'node:crypto';
import type { Database } from '../db/database.ts';
import type { ChatPlatform, SendOptions } from '../../core/ports/chat-platform.port.ts';
import { PlatformError } from '../../core/ports/chat-platform.port.ts';
import type { Clock } from '../../core/ports/clock.port.ts';
import type { PlatformName } from '../../core/shared/platform.types.ts';
import type { DeliveryWakeup } from '../../core/kernel/core-deps.ts';
import {
  claimDue, extendClaims, recordOutcomes, releaseClaims, type ClaimedNotification, type Outcome, type RecordedOutcome,
} from './outbox-queries.ts';
import { GroupCommit } from './group-commit.ts';
import { OutcomeBacklog } from './outcome-backlog.ts';
import { reconcileClaim } from './reconcile-claim.ts';
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
  /** On stop, how long to keep trying to record outcomes the database would not take (then they are logged). */
  stopFlushMs?: number;
  /** First wait before recording a refused outcome again (doubles up to 5 s). */
  recordRetryMs?: number;
  logger?: Logger;
}

/** An attempt that ends without an outcome to record: the claim passed to another worker before anything was sent. */
type NoOutcome = { leaseLost: true };
/** A send or look-up that threw; `stillUncertain` when an earlier attempt may still be on the platform. */
type Failed = { thrown: unknown; stillUncertain?: boolean };
type Attempted = Outcome | Failed | NoOutcome;

/**
 * Delivers the outbox: claims due notifications, sends them through their platform, records every attempt and its
 * outcome (with an audit event), and retries with backoff. Several workers, in one process or many, share the table
 * safely; a worker that dies leaves its claims to expire and be taken again.
 *
 * Effectively once: an outcome the database will not take is kept and recorded later, and its row is neither claimed
 * again by this worker nor left to another (its lease is extended while it waits). A claim whose earlier attempt
 * left no outcome (a crash) is reconciled first: the platform is asked for the message by idempotency key, and
 * where it cannot be asked the re-send says it may repeat an earlier message and is audited as a possible duplicate.
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
  private readonly backlog: OutcomeBacklog;
  private readonly leaseMs: number;
  private heartbeat: NodeJS.Timeout | undefined;
  /** The lease renewal under way, if any: a stop waits for it, so no query of this worker runs after the stop. */
  private extending: Promise<void> | undefined;
  /** Outcomes that finish together are recorded together (one statement, one commit, one turn of the audit lock). */
  private readonly recorder = new GroupCommit<RecordedOutcome, boolean>(async (items) => {
    const counted = await recordOutcomes(this.db, this.workerId, items);
    return items.map((i) => counted.has(i.claimed.id));
  });

  constructor(private readonly db: Database, private readonly options: DeliveryWorkerOptions) {
    this.workerId = options.workerId ?? `worker-${randomUUID().slice(0, 8)}`;
    this.retry = options.retry ?? exponentialBackoff();
    this.log = (options.logger ?? silentLogger).child({ component: 'delivery', workerId: this.workerId });
    this.leaseMs = options.leaseMs ?? 60_000;
    this.backlog = new OutcomeBacklog({
      write: (items) => recordOutcomes(this.db, this.workerId, items), log: this.log, firstDelayMs: options.recordRetryMs,
    });
  }

  start(): void {
    if (this.running) return;
    this.running = true;
    this.loop = this.run();
    // Three renewals per lease: a slow send or an outcome waiting in the backlog keeps its row.
    this.heartbeat = setInterval(() => {
      this.extending ??= this.extendLeases().finally(() => { this.extending = undefined; });
    }, Math.max(10, Math.floor(this.leaseMs / 3)));
    this.heartbeat.unref();
  }

  wake(): void {
    this.pendingWake = true;
    this.wakeUp?.();
  }

  /**
   * Stops claiming, lets sends under way finish and record, and hands back claims not started. Outcomes the database
   * would not take are tried for at most `stopFlushMs` more; any left are logged by notification id (their rows are
   * reconciled with the platform by the next claim).
   */
  async stop(): Promise<void> {
    this.running = false;
    this.wakeUp?.();
    await this.loop;
    const left = await this.backlog.drain(this.options.stopFlushMs ?? 10_000);
    clearInterval(this.heartbeat);
    await this.extending;
    if (left.length) {
      this.log.log('error', 'delivery.outcomes_unrecorded', { count: left.length, notificationIds: left.map((i) => i.claimed.id) });
    }
  }

  /** Outcomes waiting to be recorded (the database refused them), by notification id. */
  get unrecorded(): string[] {
    return this.backlog.ids;
  }

  /** One pass: claim a batch and deliver it. Returns how many were claimed. */
  async runOnce(): Promise<number> {
    const now = this.options.clock.now();
    const holding = [...this.inFlight, ...this.backlog.ids];
    const batch = await claimDue(this.db, this.workerId, now, new Date(now.getTime() + this.leaseMs), this.options.batchSize ?? 50, holding);
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
    await releaseClaims(this.db, this.workerId, queue);
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

  private async extendLeases(): Promise<void> {
    const ids = [...this.inFlight, ...this.backlog.ids];
    if (ids.length === 0) return;
    try {
      await extendClaims(this.db, this.workerId, ids, new Date(this.options.clock.now().getTime() + this.leaseMs));
    } catch (error) {
      this.log.log('warn', 'delivery.lease_extend_failed', { held: ids.length, error: (error as Error).message });
    }
  }

  private async deliver(claimed: ClaimedNotification): Promise<void> {
    this.inFlight.add(claimed.id);
    let item: RecordedOutcome | undefined;
    try {
      const result = await this.attempt(claimed);
      if ('leaseLost' in result) {
        this.log.log('warn', 'delivery.lease_lost', { notificationId: claimed.id, platform: claimed.address.platform });
        return;
      }
      // One time for the attempt on record and for the retry it schedules, so the gap between two recorded
      // attempts is never shorter than the Retry-After the platform asked for.
      const at = this.options.clock.now();
      const outcome = 'thrown' in result ? this.failure(claimed, result.thrown, at, result.stillUncertain) : result;
      item = { claimed, outcome, at, audit: {
        at,
        actorId: this.workerId,
        action: outcome.kind === 'sent' ? 'notification.delivered' : outcome.kind === 'retry' ? 'notification.retry_scheduled' : 'notification.failed',
        subjectType: 'notification',
        subjectId: claimed.id,
        after: {
          kind: claimed.kind, platform: claimed.address.platform, attempt: claimed.attempts, incidentRef: claimed.message.incidentRef ?? null,
          error: outcome.kind === 'sent' ? undefined : outcome.error,
          // Found on the platform after a crash: the message went out once, under the attempt that left no outcome.
          found: outcome.kind === 'sent' && outcome.found ? true : undefined,
        },
        platform: 'system',
      } };
      const counted = await this.recorder.add(item);
      this.log.log(outcome.kind === 'sent' ? 'debug' : 'warn', `delivery.${outcome.kind}`, {
        notificationId: claimed.id, platform: claimed.address.platform, attempt: claimed.attempts, leaseLost: !counted,
      });
    } catch (error) {
      // The outcome could not be recorded. The platform has answered, so sending again would be a guess: the outcome
      // is kept and recorded when the database takes it, and the row stays this worker's meanwhile.
      if (item) this.backlog.keep(item);
      this.log.log('error', 'delivery.record_failed', { notificationId: claimed.id, kept: !!item, error: (error as Error).message });
    } finally {
      this.inFlight.delete(claimed.id);
    }
  }

  private async attempt(claimed: ClaimedNotification): Promise<Attempted> {
    const platform = this.options.platforms.get(claimed.address.platform);
    if (!platform) return { thrown: new PlatformError(`platform ${claimed.address.platform} is not configured`, true), stillUncertain: !!claimed.uncertainSince };
    const options: SendOptions = { idempotencyKey: claimed.idempotencyKey, threadOf: claimed.threadMessageId ?? undefined };
    try {
      if (claimed.isUpdate && claimed.updatesMessageId) {
        // An update replaces a message with the same content however often it is applied: no look-up needed.
        await platform.update(claimed.address, claimed.updatesMessageId, claimed.message, options);
        return { kind: 'sent', messageId: claimed.updatesMessageId };
      }
      if (claimed.uncertainSince) {
        const reconciled = await reconcileClaim({ db: this.db, workerId: this.workerId, now: () => this.options.clock.now(), log: this.log }, platform, claimed);
        if ('found' in reconciled) return { kind: 'sent', messageId: reconciled.found, found: true };
        if ('leaseLost' in reconciled) return reconciled;
        if ('error' in reconciled) return { thrown: reconciled.error, stillUncertain: true };
        options.possibleRepeat = reconciled.possibleRepeat;
      }
      const sent = await platform.send(claimed.address, claimed.message, options);
      return { kind: 'sent', messageId: sent.messageId };
    } catch (error) {
      // A refused send proves only that this copy is not out; after an unanswerable look-up, an earlier one may be.
      return { thrown: error, stillUncertain: options.possibleRepeat === true };
    }
  }

  private failure(claimed: ClaimedNotification, error: unknown, at: Date, stillUncertain?: boolean): Outcome {
    const platformError = error instanceof PlatformError ? error : new PlatformError((error as Error)?.message ?? String(error), true);
    const message = platformError.message.slice(0, 500);
    if (!platformError.retryable || claimed.attempts >= this.retry.maxAttempts) return { kind: 'dead', error: message };
    const delay = this.retry.delayMs(claimed.attempts, platformError.retryAfterMs);
    return { kind: 'retry', error: message, retryAfterMs: platformError.retryAfterMs, nextAttemptAt: new Date(at.getTime() + delay), stillUncertain };
  }
}
