import type { Logger } from '../log/logger.ts';
import { intervalJob, type IntervalJob } from '../schedule/interval-job.ts';

/**
 * Overdue agency actions, escalated as a periodic job like every other: a pass at start and then every
 * `intervalMs`, never two passes at once in this process; other replicas skip the rows a pass holds. `escalate` is
 * the core's use case (`escalateActions`), returning the steps taken.
 */
export function actionEscalationJob(escalate: () => Promise<number>, intervalMs: number, logger: Logger): IntervalJob {
  return intervalJob('action.escalation', intervalMs, escalate, logger);
}
