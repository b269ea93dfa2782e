import type { Logger } from '../log/logger.ts';

/**
 * Errors of one socket or stream (a client that went away mid-answer). They leave no shared state half-changed, so
 * the process may go on serving everyone else.
 */
const CONNECTION_ERROR_CODES = new Set([
  'ECONNRESET', 'EPIPE', 'ECONNABORTED', 'ETIMEDOUT', 'ECANCELED',
  'ERR_STREAM_DESTROYED', 'ERR_STREAM_WRITE_AFTER_END', 'ERR_STREAM_PREMATURE_CLOSE', 'ERR_HTTP_HEADERS_SENT',
]);

export interface ProcessGuardOptions {
  logger: Logger;
  /** Graceful stop (server, worker, database) before a fatal exit. */
  close: () => Promise<void>;
  /** How long `close` may take before the process exits anyway. */
  closeTimeoutMs?: number;
  /** Ends the process; tests replace it. */
  exit?: (code: number) => void;
}

/** What a log line may say about an error: its kind and message (cut short) and the code frames, no more. */
export function describeError(error: unknown): Record<string, unknown> {
  if (!(error instanceof Error)) return { errorType: typeof error, error: String(error).slice(0, 300) };
  const code = (error as { code?: unknown }).code;
  return {
    errorName: error.name,
    ...(typeof code === 'string' ? { code } : {}),
    error: error.message.slice(0, 300),
    // Frames only: the first line of a stack repeats the message, which is already cut to size above.
    stack: (error.stack ?? '').split('\n').filter((line) => line.trimStart().startsWith('at ')).slice(0, 12).map((line) => line.trim()),
  };
}

/** True for an uncaught exception the process can safely survive (see CONNECTION_ERROR_CODES). */
export function isSurvivable(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' && CONNECTION_ERROR_CODES.has(code);
}

/**
 * Makes `samband start` outlive what a single request can throw at it.
 *
 * - An unhandled promise rejection is logged as one JSON line and the process keeps running: a rejected promise
 *   has already unwound; nothing was left half-done by the throw itself, and one lost request must not take Slack,
 *   Teams, the web console and the delivery worker down with it (Node's default since v15 is to exit).
 * - An uncaught exception is logged as one JSON line. If it is a connection error of one socket (a client went
 *   away), the process keeps running. Anything else was thrown synchronously from somewhere no one expected, and
 *   Node documents the process state as undefined after that: the process stops gracefully (bounded by a timeout)
 *   and exits with code 1, so the supervisor (systemd, Kubernetes) starts a clean one. Exiting is safe for reports:
 *   a request is stored before it is acknowledged.
 *
 * Returns a function that removes the guards (tests).
 */
export function installProcessGuards(options: ProcessGuardOptions): () => void {
  const { logger } = options;
  const exit = options.exit ?? ((code: number) => process.exit(code));
  let stopping = false;
  const onRejection = (reason: unknown) => {
    logger.log('error', 'process.unhandled_rejection', { ...describeError(reason), action: 'continue' });
  };
  const onException = (error: Error, origin: string) => {
    if (isSurvivable(error)) {
      logger.log('warn', 'process.uncaught_exception', { ...describeError(error), origin, action: 'continue' });
      return;
    }
    logger.log('error', 'process.uncaught_exception', { ...describeError(error), origin, action: 'exit' });
    if (stopping) return;
    stopping = true;
    const deadline = new Promise<void>((resolve) => setTimeout(resolve, options.closeTimeoutMs ?? 10_000).unref());
    void Promise.race([options.close().catch(() => undefined), deadline]).finally(() => exit(1));
  };
  process.on('unhandledRejection', onRejection);
  process.on('uncaughtException', onException);
  return () => {
    process.off('unhandledRejection', onRejection);
    process.off('uncaughtException', onException);
  };
}
