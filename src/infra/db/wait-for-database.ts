import type { Logger } from '../log/logger.ts';

/** Error codes of a database that is not there yet or not taking connections (as opposed to a wrong setting). */
const UNAVAILABLE_CODES = new Set([
  'ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENETUNREACH', 'EAI_AGAIN', 'ENOTFOUND', 'EPIPE',
  '57P03', // the database system is starting up / shutting down
  '53300', // too many connections
]);

/** True when `error` says the database cannot be reached now, so trying again later makes sense. */
export function isDatabaseUnavailable(error: unknown): boolean {
  const { code, message } = (error ?? {}) as { code?: string; message?: string };
  if (code && (UNAVAILABLE_CODES.has(code) || code.startsWith('08'))) return true;
  return /Connection terminated|connect ECONNREFUSED|timeout exceeded when trying to connect|Client has encountered a connection error/i
    .test(message ?? '');
}

export interface WaitOptions {
  logger: Logger;
  /** First wait; doubles up to `maxDelayMs`. */
  firstDelayMs?: number;
  maxDelayMs?: number;
}

/**
 * Runs `work` (opening and migrating the database at start) until it succeeds, waiting with backoff while the
 * database is unreachable: a server started before its database, or during a database restart, comes up once the
 * database does instead of exiting. Any other error (a wrong password, an edited migration) is thrown at once.
 */
export async function waitForDatabase<T>(work: () => Promise<T>, options: WaitOptions): Promise<T> {
  let delay = options.firstDelayMs ?? 500;
  for (let attempt = 1; ; attempt += 1) {
    try {
      return await work();
    } catch (error) {
      if (!isDatabaseUnavailable(error)) throw error;
      options.logger.log('warn', 'db.waiting', { attempt, retryInMs: delay, error: (error as Error).message });
      await new Promise((resolve) => setTimeout(resolve, delay));
      delay = Math.min(delay * 2, options.maxDelayMs ?? 10_000);
    }
  }
}
