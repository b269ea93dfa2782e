import type { Logger } from '../log/logger.ts';
import { intervalJob, type IntervalJob } from './interval-job.ts';

/**
 * Escalation as a periodic job like every other: a pass at start and then every `intervalMs`, never two passes at
 * once in this process (a slow pass on a large backlog is not started again behind itself; other replicas skip the
 * rows it holds). `escalate` is the core's use case (`CoordinationService.escalateDue`), returning the steps taken.
 */
export function escalationJob(escalate: () => Promise<number>, intervalMs: number, logger: Logger): IntervalJob {
  return intervalJob('escalation', intervalMs, escalate, logger);
}
