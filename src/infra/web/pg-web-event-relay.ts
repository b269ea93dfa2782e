import { randomUUID } from 'node:crypto';
import type { Database } from '../db/database.ts';
import { listenOnPostgres, type PgListener } from '../db/pg-listener.ts';
import type { Logger } from '../log/logger.ts';
import type { WebEventRelay, WebRelayedEvent } from '../../../adapters/web/web-event-relay.port.ts';

const CHANNEL = 'samband_web_events';

/**
 * Live console updates between replicas on one PostgreSQL: each process announces what it posted with NOTIFY (the
 * message id, not the message: a notification holds at most 8000 bytes, and the message is in `web_message`), and
 * keeps one connection that LISTENs for the others' announcements. A LISTEN connection lost is opened again; what was
 * announced meanwhile is not replayed, but every browser reloads its channel when its stream reconnects.
 */
export class PgWebEventRelay implements WebEventRelay {
  readonly origin = randomUUID();
  private listener: PgListener | null = null;
  private stopped = false;

  constructor(private readonly db: Database, private readonly logger: Logger) {}

  async announce(event: WebRelayedEvent): Promise<void> {
    await this.db.sql.query('SELECT pg_notify($1, $2)', [CHANNEL, JSON.stringify({ ...event, origin: this.origin })]);
  }

  async listen(onEvent: (event: WebRelayedEvent) => void): Promise<void> {
    const url = this.db.connectionUrl;
    if (!url) throw new Error('LISTEN needs a PostgreSQL server');
    const listener = await listenOnPostgres({
      url,
      channel: CHANNEL,
      logger: this.logger,
      onPayload: (payload) => {
        try {
          const parsed = JSON.parse(payload) as WebRelayedEvent & { origin?: string };
          if (parsed.origin === this.origin) return;
          if ((parsed.kind === 'posted' || parsed.kind === 'updated') && typeof parsed.messageId === 'string') onEvent({ kind: parsed.kind, messageId: parsed.messageId });
        } catch {
          this.logger.log('warn', 'web.relay_bad_payload', {});
        }
      },
    });
    if (this.stopped) await listener.close();
    else this.listener = listener;
  }

  async close(): Promise<void> {
    this.stopped = true;
    const listener = this.listener;
    this.listener = null;
    await listener?.close();
  }
}
