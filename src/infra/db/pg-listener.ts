import pg from 'pg';
import type { Logger } from '../log/logger.ts';

const RECONNECT_MS = [250, 1000, 5000];

/** A LISTEN kept open on its own connection; `close` ends it. */
export interface PgListener {
  close(): Promise<void>;
}

export interface PgListenOptions {
  /** PostgreSQL connection URL (LISTEN needs a server: PGlite has no other processes to hear from). */
  url: string;
  channel: string;
  logger: Logger;
  /** Called with each notification's payload ('' when none). */
  onPayload(payload: string): void;
  /**
   * Called after every successful (re)connect. What was announced while no connection listened is not replayed, so a
   * cache that relies on notifications should start again from the database here.
   */
  onConnected?(): void;
}

/**
 * Opens one connection that LISTENs on `channel`, and opens it again with backoff when it is lost. The first connect
 * must succeed (the caller learns at start-up that the server refuses); later ones are retried in the background.
 */
export async function listenOnPostgres(options: PgListenOptions): Promise<PgListener> {
  const { url, channel, logger } = options;
  let client: pg.Client | null = null;
  let stopped = false;
  const retry = (attempt: number) => {
    setTimeout(() => void connect(attempt).catch(() => undefined), RECONNECT_MS[Math.min(attempt - 1, RECONNECT_MS.length - 1)]).unref();
  };
  const connect = async (attempt: number): Promise<void> => {
    if (stopped) return;
    const next = new pg.Client({ connectionString: url });
    next.on('notification', (message) => {
      if (message.channel === channel) options.onPayload(message.payload ?? '');
    });
    next.on('error', (error) => {
      logger.log('warn', 'db.listen_connection_lost', { channel, error: error.message });
      void next.end().catch(() => undefined);
      if (client === next) client = null;
      retry(1);
    });
    try {
      await next.connect();
      await next.query(`LISTEN ${channel}`);
      if (stopped) {
        await next.end();
        return;
      }
      client = next;
      options.onConnected?.();
    } catch (error) {
      await next.end().catch(() => undefined);
      logger.log('warn', 'db.listen_connect_failed', { channel, error: (error as Error).message, attempt });
      if (attempt === 0) throw error;
      retry(attempt + 1);
    }
  };
  await connect(0);
  return {
    async close() {
      stopped = true;
      const open = client;
      client = null;
      await open?.end().catch(() => undefined);
    },
  };
}
