/**
 * Polls `condition` (sync or async) until it holds, or fails naming `what` after `timeoutMs`. The one way tests wait
 * for something to happen: a condition, never a fixed sleep.
 */
export async function until(what: string, condition: () => boolean | Promise<boolean>, timeoutMs = 20_000, everyMs = 25): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, everyMs));
  }
}
