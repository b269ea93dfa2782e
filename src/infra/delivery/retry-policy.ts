/** When to try again: exponential backoff with jitter, never sooner than the platform asked (Retry-After). */
export interface RetryPolicy {
  maxAttempts: number;
  delayMs(attempt: number, retryAfterMs?: number): number;
}

export function exponentialBackoff(options: { baseMs?: number; maxMs?: number; maxAttempts?: number } = {}): RetryPolicy {
  const base = options.baseMs ?? 1000;
  const max = options.maxMs ?? 5 * 60_000;
  return {
    maxAttempts: options.maxAttempts ?? 12,
    delayMs(attempt, retryAfterMs) {
      const backoff = Math.min(max, base * 2 ** Math.max(0, attempt - 1));
      const jittered = backoff / 2 + Math.random() * (backoff / 2);
      return Math.max(retryAfterMs ?? 0, Math.round(jittered));
    },
  };
}
