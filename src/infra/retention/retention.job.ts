import type { Clock } from '../../core/ports/clock.port.ts';
import type { DirectoryReader } from '../../core/directory/directory.port.ts';
import type { DeliveryWakeup } from '../../core/kernel/core-deps.ts';
import type { RetentionPolicy } from '../../core/retention/retention-policy.ts';
import { runRetention } from '../../core/retention/run-retention.service.ts';
import type { DeploymentConfig } from '../config/config.schema.ts';
import type { Database } from '../db/database.ts';
import type { Logger } from '../log/logger.ts';
import { intervalJob, type IntervalJob } from '../schedule/interval-job.ts';
import { PrismaRetentionStore } from './prisma-retention-store.ts';

/** Hourly: retention periods are days long, so an hour late is nothing, and a pass with nothing due is one query. */
export const RETENTION_EVERY_MS = 3600_000;

/** The deployment file's retention periods; null when it sets none (then nothing is ever erased). */
export function retentionPolicyOf(config: Pick<DeploymentConfig, 'retention'>): RetentionPolicy | null {
  const r = config.retention;
  if (!r || (r.afterClosedDays === undefined && !Object.keys(r.categories ?? {}).length && !Object.keys(r.agencies ?? {}).length)) return null;
  return { afterClosedDays: r.afterClosedDays, categories: r.categories, agencies: r.agencies };
}

/** The scheduled retention run: erases what is due, once an hour (and at start); held incidents are left alone. */
export function retentionJob(
  db: Database, policy: RetentionPolicy, deps: { directory: DirectoryReader; clock: Clock; delivery?: DeliveryWakeup }, logger: Logger,
): IntervalJob {
  const store = new PrismaRetentionStore(db);
  return intervalJob('retention.run', RETENTION_EVERY_MS, async () => {
    const report = await runRetention({ store, ...deps }, policy);
    const held = report.due.filter((d) => d.held).length;
    if (held > 0) logger.log('info', 'retention.held', { held });
    return report.erased;
  }, logger);
}
