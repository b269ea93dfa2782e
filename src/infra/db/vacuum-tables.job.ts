import type { Database } from './database.ts';
import type { Logger } from '../log/logger.ts';
import { intervalJob, type IntervalJob } from '../schedule/interval-job.ts';

/**
 * Tables whose rows are updated or deleted as Samband runs (each change leaves a dead row version behind until a
 * VACUUM), plus the insert-only tables the hot queries read (ANALYZE keeps their statistics true, VACUUM their
 * visibility map). Busiest first: a pass that is cut short (shutdown) has done the ones that matter.
 */
export const CHURNING_TABLES = [
  'notification', // status pending -> sending -> sent on every delivery: the claim query's table
  'inbox_request', // inserted, claimed, finished, deleted an hour later
  'request_key', // inserted per command, pruned after a week
  'counter', // one row updated by every registration and audit event
  'incident_agency', // acknowledgement and escalation state
  'incident', // status, closed_at
  'delivery_attempt', // insert-only, read by the delivery worker's reconciliation
  'web_message', // upserted and updated by the web console
  'scheduled_send', // inserted then updated with the number of messages
  'handover', // reminder and escalation stamps
  'duty_session',
  'teams_conversation',
  'slack_installation',
  'audit_event', // insert-only; statistics for the digest and audit reads
] as const;

/**
 * Every minute: a VACUUM costs in proportion to what changed since the last one (about 0.5 s per 80 000 dead row
 * versions of the outbox, whatever its size), so frequent passes hold PGlite's one connection briefly where a rare
 * pass over a large backlog would hold it for seconds (figures in bench/README.md).
 */
export const VACUUM_EVERY_MS = 60_000;

/**
 * Statistics every tenth pass (and at the first): ANALYZE samples a fixed number of rows, so it costs about the same
 * (0.3-0.4 s on a 300 MB outbox) whatever changed, while VACUUM costs what changed since the last pass. The shape of
 * the data (how many rows are pending, per incident) moves slowly; ten minutes old statistics plan as well.
 */
export const ANALYZE_EVERY_PASSES = 10;

/** What one pass did, table by table. */
export interface VacuumReport {
  table: string;
  ms: number;
}

/**
 * `VACUUM` (with `ANALYZE` unless told otherwise) of each table in turn, each its own statement. PGlite is one connection, so a request waits for
 * at most one table's vacuum, never for the whole pass; between tables the pass yields so queued requests go first.
 * A table that fails (dropped by a later version, a lock) is logged and the pass goes on.
 */
export async function vacuumTables(db: Database, tables: readonly string[], logger: Logger, options: { analyze?: boolean } = {}): Promise<VacuumReport[]> {
  const done: VacuumReport[] = [];
  const command = options.analyze === false ? 'VACUUM' : 'VACUUM (ANALYZE)';
  for (const table of tables) {
    const started = performance.now();
    try {
      await db.sql.exec(`${command} "${table.replace(/"/g, '')}"`);
      const ms = performance.now() - started;
      done.push({ table, ms });
      // Only slow ones are worth a line: a pass a minute would otherwise fill the log.
      if (ms >= 100) logger.log('info', 'db.vacuum.slow_table', { table, ms: Math.round(ms) });
    } catch (error) {
      logger.log('warn', 'db.vacuum.failed', { table, error: (error as Error).message });
    }
    await new Promise((resolve) => setImmediate(resolve));
  }
  return done;
}

/**
 * Whether this database needs Samband to vacuum it: always on PGlite (it has no background workers, so no
 * autovacuum); on a PostgreSQL server only when its autovacuum is off (`autovacuum = off`, as on some development
 * servers), which is said once in the log, since a server without it slows down with history the same way.
 */
export async function needsOwnVacuum(db: Database, logger: Logger): Promise<boolean> {
  if (db.kind === 'pglite') return true;
  const [row] = await db.sql.query<{ autovacuum: string }>('SHOW autovacuum');
  if (row?.autovacuum === 'on') return false;
  logger.log('warn', 'db.autovacuum_off', { message: 'the PostgreSQL server runs without autovacuum: Samband vacuums its busy tables itself; turn autovacuum on' });
  return true;
}

/**
 * Keeps the database healthy by itself where nothing else does (see needsOwnVacuum): without it every status change
 * of a notification leaves a dead row version in the table and its indexes, and the delivery claim slows down with
 * history. Where the server's autovacuum runs, a pass does nothing: autovacuum knows more (per-table dead-row
 * counts, cost-based pauses) and a second vacuum would only get in its way.
 */
export function vacuumJob(db: Database, logger: Logger, options: { intervalMs?: number; tables?: readonly string[] } = {}): IntervalJob {
  const tables = options.tables ?? CHURNING_TABLES;
  const log = logger.child({ component: 'maintenance' });
  let needed: Promise<boolean> | undefined;
  let passes = 0;
  return intervalJob('db.vacuum', options.intervalMs ?? VACUUM_EVERY_MS, async () => {
    // Asked once; a failed question (the database away) is asked again at the next pass.
    needed ??= needsOwnVacuum(db, log).catch((error) => { needed = undefined; throw error; });
    if (!(await needed)) return 0;
    const analyze = passes++ % ANALYZE_EVERY_PASSES === 0;
    const report = await vacuumTables(db, tables, log, { analyze });
    return report.length;
  }, log);
}

/** Rows deleted at once from which a prune vacuums its table at once instead of waiting for the next pass. */
export const BULK_ROWS = 1000;

/**
 * Wraps a pass that deletes or rewrites rows in bulk (the prunes): where Samband vacuums itself (needsOwnVacuum), when
 * it touched BULK_ROWS or more, the
 * table is vacuumed right after, so the dead rows do not sit in the claim's and the prune's index until the next pass.
 */
export function vacuumAfterBulk(db: Database, table: string, logger: Logger, pass: () => Promise<number>): () => Promise<number> {
  let needed: Promise<boolean> | undefined;
  return async () => {
    const count = await pass();
    if (count < BULK_ROWS) return count;
    needed ??= needsOwnVacuum(db, logger).catch(() => { needed = undefined; return false; });
    if (await needed) await vacuumTables(db, [table], logger);
    return count;
  };
}
