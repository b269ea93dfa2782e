import { PlatformError } from '../../src/core/ports/chat-platform.port.ts';

export interface ChannelPacerOptions {
  /** Least time between two posts to one channel (Slack allows about one message per second per channel). */
  intervalMs?: number;
  /** Longest a send waits for its slot; beyond this it goes back to the outbox with a retry time instead. */
  maxWaitMs?: number;
  now?: () => number;
  sleep?: (ms: number) => Promise<void>;
}

/**
 * Keeps Slack's posting pace: posts to one channel are spaced `intervalMs` apart, and after a 429 the whole
 * workspace waits out `Retry-After` before trying again. A send that would wait too long throws a retryable
 * PlatformError, so the message stays queued in the outbox (never dropped) and no worker lane is held.
 */
export class ChannelPacer {
  private readonly next = new Map<string, number>();
  private readonly pausedUntil = new Map<string, number>();
  private readonly intervalMs: number;
  private readonly maxWaitMs: number;
  private readonly now: () => number;
  private readonly sleep: (ms: number) => Promise<void>;

  constructor(options: ChannelPacerOptions = {}) {
    this.intervalMs = options.intervalMs ?? 1000;
    this.maxWaitMs = options.maxWaitMs ?? 10_000;
    this.now = options.now ?? Date.now;
    this.sleep = options.sleep ?? ((ms) => new Promise((resolve) => setTimeout(resolve, ms)));
  }

  /** Waits until the workspace may be called again (after a 429), or throws when that is too far off. */
  async clear(workspace: string): Promise<void> {
    const wait = (this.pausedUntil.get(workspace) ?? 0) - this.now();
    if (wait <= 0) return;
    if (wait > this.maxWaitMs) throw new PlatformError(`slack rate limit: workspace paused for ${wait} ms`, true, wait);
    await this.sleep(wait);
  }

  /** Takes the next posting slot of a channel and waits for it. */
  async slot(workspace: string, channel: string): Promise<void> {
    await this.clear(workspace);
    const key = `${workspace}/${channel}`;
    const now = this.now();
    const at = Math.max(now, this.next.get(key) ?? 0);
    const wait = at - now;
    if (wait > this.maxWaitMs) throw new PlatformError(`slack pace: channel busy for ${wait} ms`, true, wait);
    this.next.set(key, at + this.intervalMs);
    this.prune(now);
    if (wait > 0) await this.sleep(wait);
  }

  /** Slack answered 429: nothing more goes to the workspace until `retryAfterMs` has passed. */
  pause(workspace: string, retryAfterMs: number): void {
    const until = this.now() + retryAfterMs;
    this.pausedUntil.set(workspace, Math.max(until, this.pausedUntil.get(workspace) ?? 0));
  }

  /** Drops slots long past, so the map does not grow with every channel ever posted to. */
  private prune(now: number): void {
    if (this.next.size < 1000) return;
    for (const [key, at] of this.next) if (at < now) this.next.delete(key);
    for (const [key, at] of this.pausedUntil) if (at < now) this.pausedUntil.delete(key);
  }
}
