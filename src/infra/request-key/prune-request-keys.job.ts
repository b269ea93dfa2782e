import type { Database } from '../db/database.ts';
import type { Clock } from '../../core/ports/clock.port.ts';
import type { Logger } from '../log/logger.ts';
import { intervalJob, type IntervalJob } from '../schedule/interval-job.ts';
import { pruneRequestKeys } from './request-key-sql.ts';
import { vacuumAfterBulk } from '../db/vacuum-tables.job.ts';

/**
 * How long a request key is remembered. A key must outlive every second delivery of its request: platform retries
 * come within minutes, and the inbox and the outage spool run a request again after a restart or when the database
 * returns. Seven days covers an outage over a long weekend with margin, while the table stays at about a week of
 * state-changing commands (small: one short row each). A request replayed later than that would be applied again.
 */
export const REQUEST_KEY_RETENTION_MS = 7 * 24 * 3600_000;

const PRUNE_EVERY_MS = 3600_000;

/** Deletes request keys older than the retention window, once an hour (and at start). */
export function requestKeyPruneJob(db: Database, clock: Clock, logger: Logger, retentionMs = REQUEST_KEY_RETENTION_MS): IntervalJob {
  const run = (sql: string, params: unknown[]) => db.sql.query(sql, params) as Promise<never[]>;
  const prune = () => pruneRequestKeys(run, new Date(clock.now().getTime() - retentionMs));
  return intervalJob('request_keys.prune', PRUNE_EVERY_MS, vacuumAfterBulk(db, 'request_key', logger, prune), logger);
}
