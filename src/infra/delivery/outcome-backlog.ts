import type { Logger } from '../log/logger.ts';
import type { RecordedOutcome } from './outbox-queries.ts';

export interface OutcomeBacklogOptions {
  /** Writes outcomes; resolves with the ids whose outcome counted (the claim was still this worker's). */
  write(items: RecordedOutcome[]): Promise<Set<string>>;
  log: Logger;
  /** First wait before writing again, doubled after each failure up to `maxDelayMs`. */
  firstDelayMs?: number;
  maxDelayMs?: number;
}

const CHUNK = 100;

/**
 * Outcomes the platform already gave (a message is out) but the database would not take (down, or erroring). They
 * are kept here and written again with backoff until the database takes them. While a row's outcome waits here the
 * worker does not claim it again, so a message that is out is never sent a second time by this process.
 */
export class OutcomeBacklog {
  private readonly items = new Map<string, RecordedOutcome>();
  private readonly firstDelayMs: number;
  private readonly maxDelayMs: number;
  private delayMs: number;
  private timer: NodeJS.Timeout | undefined;
  private writing: Promise<void> | undefined;
  /** Set by `close()`: no try is scheduled any more, until a new outcome is kept. */
  private closed = false;

  constructor(private readonly options: OutcomeBacklogOptions) {
    this.firstDelayMs = options.firstDelayMs ?? 100;
    this.maxDelayMs = options.maxDelayMs ?? 5_000;
    this.delayMs = this.firstDelayMs;
  }

  /** Notification ids whose outcome waits to be recorded. */
  get ids(): string[] {
    return [...this.items.keys()];
  }

  get size(): number {
    return this.items.size;
  }

  /** Keeps an outcome that could not be recorded, and schedules the next try. */
  keep(item: RecordedOutcome): void {
    this.closed = false;
    this.items.set(item.claimed.id, item);
    this.schedule();
  }

  /** One try at writing everything kept. Resolves when the try is over, written or not. */
  async flush(): Promise<void> {
    if (this.writing) return this.writing;
    this.writing = this.writeAll().finally(() => {
      this.writing = undefined;
      this.schedule();
    });
    return this.writing;
  }

  /**
   * Keeps trying for at most `budgetMs` (graceful stop), then gives up: resolves with the outcomes still unrecorded.
   * Their rows stay claimed; after the lease the next claim asks the platform before sending again. A write under way
   * when the budget ends is waited for (its result decides what is left), and nothing is tried after: an outcome said
   * to be unrecorded must not be written behind the stop's back (seen under load: a late write landed after another
   * worker had taken the row, as an attempt the stop had reported unrecorded).
   */
  async drain(budgetMs: number): Promise<RecordedOutcome[]> {
    const until = Date.now() + budgetMs;
    while (this.items.size > 0 && Date.now() < until) {
      await this.flush();
      if (this.items.size === 0) break;
      const wait = Math.min(this.delayMs, until - Date.now());
      if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
    }
    this.close();
    await this.writing;
    return [...this.items.values()];
  }

  /** Stops the scheduled tries (what is kept stays readable through `ids`). */
  close(): void {
    this.closed = true;
    clearTimeout(this.timer);
    this.timer = undefined;
  }

  private schedule(): void {
    if (this.closed || this.timer || this.writing || this.items.size === 0) return;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      void this.flush();
    }, this.delayMs);
    // A pending retry alone must not keep a process alive that is otherwise done (stop() drains explicitly).
    this.timer.unref();
  }

  private async writeAll(): Promise<void> {
    const batch = [...this.items.values()];
    try {
      for (let i = 0; i < batch.length; i += CHUNK) {
        const chunk = batch.slice(i, i + CHUNK);
        const counted = await this.options.write(chunk);
        for (const item of chunk) {
          // Only the version written: a newer outcome kept meanwhile for the same row stays for the next try.
          if (this.items.get(item.claimed.id) === item) this.items.delete(item.claimed.id);
          this.options.log.log('info', 'delivery.recorded_late', {
            notificationId: item.claimed.id, outcome: item.outcome.kind, leaseLost: !counted.has(item.claimed.id),
          });
        }
      }
      this.delayMs = this.firstDelayMs;
    } catch (error) {
      this.delayMs = Math.min(this.maxDelayMs, this.delayMs * 2);
      this.options.log.log('warn', 'delivery.record_retry_failed', { waiting: this.items.size, retryInMs: this.delayMs, error: (error as Error).message });
    }
  }
}
