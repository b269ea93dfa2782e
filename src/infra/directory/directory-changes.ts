import type { DirectoryReader } from '../../core/directory/directory.port.ts';
import type { Database } from '../db/database.ts';
import { listenOnPostgres, type PgListener } from '../db/pg-listener.ts';
import type { Logger } from '../log/logger.ts';

const CHANNEL = 'samband_directory';

/** Anything that can run SQL in the changing transaction (a Prisma transaction client). */
interface RawRunner {
  $executeRawUnsafe(sql: string, ...values: unknown[]): Promise<number>;
}

/**
 * Tells the other replicas that the directory changed (a room found shared, say). Call it inside the transaction that
 * makes the change: PostgreSQL delivers the notification at commit, and never for a change that rolled back.
 */
export async function announceDirectoryChange(tx: RawRunner): Promise<void> {
  await tx.$executeRawUnsafe('SELECT pg_notify($1, $2)', CHANNEL, '');
}

/**
 * Keeps this process's cached directory in step with changes other replicas made: drops the cache at every
 * announcement, and at every (re)connect, since what was announced while no connection listened is not replayed.
 * Without it a replica would keep sending a room that became shared the details only a cleared room may see, until it
 * restarted. Null on PGlite: one folder has one process, which invalidates its own cache.
 */
export async function followDirectoryChanges(db: Database, directory: DirectoryReader, logger: Logger): Promise<PgListener | null> {
  if (db.kind !== 'postgres' || !db.connectionUrl) return null;
  return listenOnPostgres({
    url: db.connectionUrl,
    channel: CHANNEL,
    logger,
    onPayload: () => directory.invalidate(),
    onConnected: () => directory.invalidate(),
  });
}
