import { randomUUID } from 'node:crypto';
import pg from 'pg';
import type { Database } from '../db/database.ts';
import type { Logger } from '../log/logger.ts';
import type { WebEventRelay, WebRelayedEvent } from '../../../adapters/web/web-event-relay.port.ts';

const CHANNEL = 'samband_web_events';
const RECONNECT_MS = [250, 1000, 5000];

/**
 * Live console updates between replicas on one PostgreSQL: each process announces what it posted with NOTIFY (the
 * message id, not the message: a notification holds at most 8000 bytes, and the message is in `web_message`), and
 * keeps one connection that LISTENs for the others' announcements. A LISTEN connection lost is opened again; what was
 * announced meanwhile is not replayed, but every browser reloads its channel when its stream reconnects.
 */
export class PgWebEventRelay implements WebEventRelay {
  readonly origin = randomUUID();
  private client: pg.Client | null = null;
  private stopped = false;

  constructor(private readonly db: Database, private readonly logger: Logger) {}

  async announce(event: WebRelayedEvent): Promise<void> {
    await this.db.sql.query('SELECT pg_notify($1, $2)', [CHANNEL, JSON.stringify({ ...event, origin: this.origin })]);
  }

  async listen(onEvent: (event: WebRelayedEvent) => void): Promise<void> {
    const url = this.db.connectionUrl;
    if (!url) throw new Error('LISTEN needs a PostgreSQL server');
    const connect = async (attempt: number): Promise<void> => {
      if (this.stopped) return;
      const client = new pg.Client({ connectionString: url });
      client.on('notification', (message) => {
        if (message.channel !== CHANNEL || !message.payload) return;
        try {
          const parsed = JSON.parse(message.payload) as WebRelayedEvent & { origin?: string };
          if (parsed.origin === this.origin) return;
          if ((parsed.kind === 'posted' || parsed.kind === 'updated') && typeof parsed.messageId === 'string') onEvent({ kind: parsed.kind, messageId: parsed.messageId });
        } catch {
          this.logger.log('warn', 'web.relay_bad_payload', {});
        }
      });
      client.on('error', (error) => {
        this.logger.log('warn', 'web.relay_connection_lost', { error: error.message });
        void client.end().catch(() => undefined);
        if (this.client === client) this.client = null;
        setTimeout(() => void connect(1).catch(() => undefined), RECONNECT_MS[0]).unref();
      });
      try {
        await client.connect();
        await client.query(`LISTEN ${CHANNEL}`);
        if (this.stopped) {
          await client.end();
          return;
        }
        this.client = client;
      } catch (error) {
        await client.end().catch(() => undefined);
        this.logger.log('warn', 'web.relay_connect_failed', { error: (error as Error).message, attempt });
        if (attempt === 0) throw error;
        setTimeout(() => void connect(attempt + 1).catch(() => undefined), RECONNECT_MS[Math.min(attempt, RECONNECT_MS.length - 1)]).unref();
      }
    };
    await connect(0);
  }

  async close(): Promise<void> {
    this.stopped = true;
    const client = this.client;
    this.client = null;
    await client?.end().catch(() => undefined);
  }
}
