import type { Database } from '../db/database.ts';
import type { Clock } from '../../core/ports/clock.port.ts';
import type { Logger } from '../log/logger.ts';
import { intervalJob, type IntervalJob } from '../schedule/interval-job.ts';
import type { CheckpointConfig } from './checkpoint-settings.ts';
import { writeAuditCheckpoint } from './write-checkpoint.ts';

/**
 * The periodic checkpoint (every SAMBAND_CHECKPOINT_INTERVAL_MS, a minute by default). Null when checkpoints are not
 * configured; a folder without a signing key is logged once as refused, never written unsigned.
 */
export function auditCheckpointJob(db: Database, config: CheckpointConfig, clock: Clock, logger: Logger): IntervalJob | null {
  if (!config.folder) return null;
  if (!config.signer) {
    logger.log('warn', 'audit.checkpoint.refused', { reason: 'SAMBAND_AUDIT_KEY is not set: unsigned checkpoints are refused' });
    return null;
  }
  const settings = { folder: config.folder, signer: config.signer };
  return intervalJob('audit.checkpoint', config.intervalMs, async () => {
    const result = await writeAuditCheckpoint(db, settings, clock.now());
    return result.written ? 1 : 0;
  }, logger);
}

/** One last checkpoint at shutdown; a failure is logged, never stops the shutdown. */
export async function checkpointAtShutdown(db: Database, config: CheckpointConfig, clock: Clock, logger: Logger): Promise<void> {
  if (!config.folder || !config.signer) return;
  try {
    const result = await writeAuditCheckpoint(db, { folder: config.folder, signer: config.signer }, clock.now());
    if (result.written) logger.log('info', 'audit.checkpoint.at_shutdown', { seq: result.seq.toString() });
  } catch (error) {
    logger.log('error', 'audit.checkpoint.failed', { error: (error as Error).message, at: 'shutdown' });
  }
}
