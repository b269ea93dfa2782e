import type { Logger } from '../../src/core/kernel/logger.port.ts';

export interface AfterAckQueueOptions {
  /**
   * Work items running at once; the rest wait in memory (the ack has long been sent). Kept small: each item is a
   * database transaction whose callbacks share the event loop with the acks of the requests still coming in.
   */
  concurrency?: number;
  /**
   * True while requests are coming in (some await their ack, or one arrived a moment ago). Then work runs one item
   * at a time and starts at most every `busyGapMs` (100 ms): acks come first (Slack's 3 seconds), work still moves,
   * and it catches up at full width once the burst is over.
   */
  busy?: () => boolean;
  busyGapMs?: number;
  /** How long a request key is remembered to drop Slack's retries and duplicate deliveries. */
  rememberMs?: number;
  /** Most keys remembered. */
  maxKeys?: number;
  logger: Logger;
}

/**
 * The work Slack requests cause, run after their ack. The ack never waits for it: Slack's 3-second limit holds
 * however slow the database or the Web API is. A request key (trigger_id, event_id) seen recently is dropped, so
 * a retried delivery (X-Slack-Retry-Num) or the same event over two transports runs once; the core's own
 * request-key check covers a retry that reaches another replica.
 */
export class AfterAckQueue {
  private readonly waiting: Array<() => Promise<void>> = [];
  private readonly seen = new Map<string, number>();
  private running = 0;
  private idle: Array<() => void> = [];
  private lastStart = 0;
  private timer: NodeJS.Timeout | undefined;

  constructor(private readonly options: AfterAckQueueOptions) {}

  /**
   * Queues `work` unless `key` was seen within `rememberMs`; returns false for a duplicate. `urgent` work (opening a
   * modal, whose trigger_id expires in 3 seconds) starts at once instead of waiting its turn.
   */
  submit(key: string | undefined, work: () => Promise<void>, urgent = false): boolean {
    if (key) {
      const now = Date.now();
      const at = this.seen.get(key);
      if (at !== undefined && now - at < (this.options.rememberMs ?? 15 * 60_000)) return false;
      this.seen.set(key, now);
      this.forgetOld(now);
    }
    if (urgent) this.start(work);
    else this.waiting.push(work);
    this.pump();
    return true;
  }

  /** Resolves once nothing is running or waiting (shutdown, tests, benchmarks). */
  drain(): Promise<void> {
    if (this.running === 0 && this.waiting.length === 0) return Promise.resolve();
    return new Promise((resolve) => this.idle.push(resolve));
  }

  get pending(): number {
    return this.running + this.waiting.length;
  }

  /** Starts waiting work if lanes are free (call when acks have gone out). */
  pump(): void {
    if (!this.options.busy?.()) {
      while (this.running < (this.options.concurrency ?? 4) && this.waiting.length > 0) this.start(this.waiting.shift()!);
      return;
    }
    if (this.running > 0 || this.waiting.length === 0) return;
    const wait = this.lastStart + (this.options.busyGapMs ?? 100) - Date.now();
    if (wait <= 0) this.start(this.waiting.shift()!);
    // Also how a quiet moment is noticed: the next look finds the burst over and opens all lanes.
    else this.timer ??= setTimeout(() => { this.timer = undefined; this.pump(); }, wait).unref();
  }

  private start(work: () => Promise<void>): void {
    this.running += 1;
    this.lastStart = Date.now();
    // setImmediate: the ack's HTTP response goes out before any of the work starts.
    new Promise<void>((resolve) => setImmediate(resolve))
      .then(work)
      .catch((error: Error) => this.options.logger.log('error', 'slack.work_failed', { error: error.message }))
      .finally(() => {
        this.running -= 1;
        this.pump();
        if (this.running === 0 && this.waiting.length === 0) this.idle.splice(0).forEach((resolve) => resolve());
      });
  }

  private forgetOld(now: number): void {
    const max = this.options.maxKeys ?? 50_000;
    if (this.seen.size <= max) return;
    const horizon = now - (this.options.rememberMs ?? 15 * 60_000);
    for (const [key, at] of this.seen) {
      if (at >= horizon && this.seen.size <= max) break;
      this.seen.delete(key);
    }
  }
}
