import { randomUUID } from 'node:crypto';
import type { InboxAcceptance, InboxAttempt, InboxEntry, InboxHandler, RequestInbox } from '../../core/ports/request-inbox.port.ts';
import type { PlatformName } from '../../core/shared/platform.types.ts';
import type { Logger } from '../log/logger.ts';
import type { InboxSpool } from './inbox-spool.ts';
import type { ClaimedRequest, InboxStore } from './inbox-store.ts';

export interface DurableInboxOptions {
  store: InboxStore;
  spool: InboxSpool;
  logger: Logger;
  /** How long a run may hold a request before another process may take it (its process is presumed dead). */
  leaseMs?: number;
  /** How long the door waits for the database before it spools the request instead (Slack waits 3 s in all). */
  acceptTimeoutMs?: number;
  /** Runs before a request counts as failed for good (the person is then told). */
  maxAttempts?: number;
  /** How long finished rows are kept (a retried delivery within it is recognised at the door). */
  keepFinishedMs?: number;
  /** Wait before a failed run is tried again (default 1 s, doubling, at most a minute). */
  retryDelayMs?: (attempt: number) => number;
}

const DEFAULTS = { leaseMs: 60_000, acceptTimeoutMs: 1500, maxAttempts: 8, keepFinishedMs: 60 * 60_000 };

/**
 * The durable inbox on the database, with the local spool for outages. Leases and backoff use the wall clock, not the
 * core's injectable clock: they are about processes being alive, not about incident time.
 */
export class DurableInbox implements RequestInbox {
  private readonly handlers = new Map<PlatformName, InboxHandler>();
  /** Requests this process stored and runs itself: key -> claim token. */
  private readonly held = new Map<string, string>();
  private readonly settings: typeof DEFAULTS;

  constructor(private readonly options: DurableInboxOptions) {
    this.settings = {
      leaseMs: options.leaseMs ?? DEFAULTS.leaseMs,
      acceptTimeoutMs: options.acceptTimeoutMs ?? DEFAULTS.acceptTimeoutMs,
      maxAttempts: options.maxAttempts ?? DEFAULTS.maxAttempts,
      keepFinishedMs: options.keepFinishedMs ?? DEFAULTS.keepFinishedMs,
    };
  }

  handle(platform: PlatformName, handler: InboxHandler): void {
    this.handlers.set(platform, handler);
  }

  async accept(entry: InboxEntry): Promise<InboxAcceptance> {
    const { store, spool, logger } = this.options;
    const receivedAt = new Date();
    const token = randomUUID();
    try {
      const inserted = await withTimeout(store.insert({
        ...entry, receivedAt, via: 'request', claim: { token, until: new Date(receivedAt.getTime() + this.settings.leaseMs) },
      }), this.settings.acceptTimeoutMs);
      if (!inserted) return 'duplicate';
      this.held.set(entry.key, token);
      return 'stored';
    } catch (error) {
      // The database could not take it in time: keep it on local disk. If the insert still lands later, the spool's
      // copy is skipped at replay (same request key) and the sweeper runs the row once its lease runs out.
      spool.append({ key: entry.key, platform: entry.platform, payload: entry.payload, receivedAt: receivedAt.toISOString() });
      logger.log('warn', 'inbox.spooled', { platform: entry.platform, error: (error as Error).message });
      return 'spooled';
    }
  }

  async run(key: string, work: (attempt: InboxAttempt) => Promise<void>): Promise<void> {
    const token = this.held.get(key);
    if (!token) return;
    this.held.delete(key);
    await this.runClaimed({ key, token, attempts: 1 }, work, false);
  }

  /**
   * One sweep: moves spooled requests into the database, then runs stored requests nobody holds (left by a process
   * that died, handed back after a failure, or replayed from the spool). Returns how many were run.
   */
  async sweep(limit = 20): Promise<number> {
    const { store, spool } = this.options;
    if (spool.hasWaiting()) {
      const moved = await spool.replay(async (requests) => {
        await store.insertMany(requests.map((r) => ({ key: r.key, platform: r.platform, payload: r.payload, receivedAt: new Date(r.receivedAt), via: 'spool' as const })));
      });
      if (moved) this.options.logger.log('info', 'inbox.spool_replayed', { requests: moved });
    }
    const now = new Date();
    const claimed = await store.claimDue(randomUUID(), now, new Date(now.getTime() + this.settings.leaseMs), limit);
    for (const request of claimed) await this.replay(request);
    return claimed.length;
  }

  /** Deletes finished rows older than the keeping time; returns how many. */
  prune(): Promise<number> {
    return this.options.store.prune(new Date(Date.now() - this.settings.keepFinishedMs));
  }

  /** True while requests wait in the local spool for the database. */
  spooled(): boolean {
    return this.options.spool.hasWaiting();
  }

  /** Frees every claim (the process that held them is known to be gone); returns how many. */
  releaseAll(): Promise<number> {
    return this.options.store.releaseAll();
  }

  private async replay(request: ClaimedRequest): Promise<void> {
    const handler = this.handlers.get(request.platform);
    if (!handler) {
      // The platform's adapter is not configured in this process (any more): nothing can run or answer it.
      this.options.logger.log('error', 'inbox.no_handler', { platform: request.platform });
      await this.options.store.finish(request.key, request.token, 'failed', new Date(), 'no adapter for this platform');
      return;
    }
    await this.runClaimed(request, (attempt) => handler(request.payload, attempt), true);
  }

  private async runClaimed(
    claim: Pick<ClaimedRequest, 'key' | 'token' | 'attempts'>, work: (attempt: InboxAttempt) => Promise<void>, replayed: boolean,
  ): Promise<void> {
    const { store, logger } = this.options;
    const last = claim.attempts >= this.settings.maxAttempts;
    try {
      await work({ number: claim.attempts, last, replayed });
    } catch (error) {
      const message = (error as Error).message?.slice(0, 300) ?? 'failed';
      logger.log('warn', 'inbox.run_failed', { attempt: claim.attempts, error: message });
      const retryAt = new Date(Date.now() + (this.options.retryDelayMs ?? backoffMs)(claim.attempts));
      // If even this fails (the database is down), the lease runs out and a sweeper takes the row then.
      await store.release(claim.key, claim.token, retryAt, message).catch(() => undefined);
      return;
    }
    // The core's request keys make a second run after a lost "finished" harmless.
    await store.finish(claim.key, claim.token, 'done', new Date()).catch((error: Error) => {
      logger.log('warn', 'inbox.finish_unrecorded', { error: error.message });
    });
  }
}

/** 1 s, 2 s, 4 s ... at most a minute. */
function backoffMs(attempt: number): number {
  return Math.min(60_000, 1000 * 2 ** Math.max(0, attempt - 1));
}

function withTimeout<T>(work: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`database did not answer within ${ms} ms`)), ms);
  });
  work.catch(() => undefined);
  return Promise.race([work, timeout]).finally(() => clearTimeout(timer));
}
