import type { Logger } from '../log/logger.ts';

/** A periodic job: `start` runs a pass at once and then every `intervalMs`; passes never overlap. */
export interface IntervalJob {
  name: string;
  start(): NodeJS.Timeout;
  runOnce(): Promise<number>;
}

/**
 * Wraps a pass (a function returning how much it did) as a job. A pass still running when the next tick comes is
 * not started twice; a failing pass is logged and retried at the next tick (the passes are idempotent).
 */
export function intervalJob(name: string, intervalMs: number, pass: () => Promise<number>, logger: Logger): IntervalJob {
  let running: Promise<number> | undefined;
  const runOnce = () => {
    running ??= pass().finally(() => { running = undefined; });
    return running;
  };
  const tick = () => {
    runOnce().then(
      (count) => { if (count > 0) logger.log('info', `${name}.done`, { count }); },
      (error) => logger.log('error', `${name}.failed`, { error: (error as Error).message }),
    );
  };
  return {
    name,
    runOnce,
    start() {
      tick();
      const timer = setInterval(tick, intervalMs);
      timer.unref?.();
      return timer;
    },
  };
}
