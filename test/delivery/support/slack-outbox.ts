import { randomUUID } from 'node:crypto';
import { webApi } from '@slack/bolt';
import type { Database } from '../../../src/infra/db/database.ts';
import { toNotificationRow } from '../../../src/infra/incident/prisma-incident-store.ts';
import { plainMessage } from '../../../src/core/messages/incident-message.ts';
import type { NewNotification } from '../../../src/core/notification/notification.types.ts';
import type { ChatAddress } from '../../../src/core/shared/platform.types.ts';
import { SlackPlatform } from '../../../adapters/slack/slack-platform.ts';
import { SlackAuth } from '../../../adapters/slack/slack-auth.ts';
import { ChannelPacer } from '../../../adapters/slack/channel-pacer.ts';
import type { FakeSlack } from '../../adapters/slack/support/fake-slack.ts';

/** The real Slack platform against the fake Slack, one workspace with a bot token, no pacing. */
export function slackPlatformOn(slack: FakeSlack, token: string): SlackPlatform {
  const client = (t: string) => new webApi.WebClient(t, { slackApiUrl: slack.apiUrl, retryConfig: { retries: 0 }, rejectRateLimitedCalls: true });
  const auth = new SlackAuth({ botToken: token, client, now: () => new Date(), logger: { log() {} } });
  return new SlackPlatform({ auth, client, pacer: new ChannelPacer({ intervalMs: 0 }) });
}

/** Queues notifications to `address` straight into the outbox, as the core would. */
export async function enqueueTo(db: Database, address: ChatAddress, count: number, notBefore: Date, extra: Partial<NewNotification> = {}): Promise<NewNotification[]> {
  const batch = randomUUID().slice(0, 8);
  const rows: NewNotification[] = Array.from({ length: count }, (_, i) => ({
    id: randomUUID(),
    idempotencyKey: `once:${batch}:${i}`,
    kind: 'ext.test',
    address,
    message: plainMessage('sv', 'info', `Meddelande ${i}`),
    notBefore,
    ...extra,
  }));
  await db.prisma.notification.createMany({ data: rows.map(toNotificationRow) });
  return rows;
}

/** Makes the database refuse every outcome write (a row leaving `sending`), as an outage of that one statement would. */
export async function refuseOutcomes(db: Database): Promise<void> {
  await db.sql.exec(`
    CREATE OR REPLACE FUNCTION test_refuse_outcome() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN RAISE EXCEPTION 'outcome refused (test)'; END $$;
    DROP TRIGGER IF EXISTS test_refuse_outcome ON notification;
    CREATE TRIGGER test_refuse_outcome BEFORE UPDATE ON notification FOR EACH ROW
      WHEN (OLD.status = 'sending' AND NEW.status <> 'sending') EXECUTE FUNCTION test_refuse_outcome();`);
}

export async function acceptOutcomes(db: Database): Promise<void> {
  await db.sql.exec('DROP TRIGGER IF EXISTS test_refuse_outcome ON notification');
}

export interface OutboxRow {
  id: string;
  status: string;
  attempts: number;
  claimed_by: string | null;
  claimed_until: Date | null;
  sending_since: Date | null;
  platform_message_id: string | null;
}

export async function outboxRows(db: Database, ids: string[]): Promise<OutboxRow[]> {
  return db.sql.query<OutboxRow>(
    `SELECT id::text, status::text AS status, attempts, claimed_by, claimed_until, sending_since, platform_message_id
       FROM notification WHERE id = ANY($1::uuid[]) ORDER BY idempotency_key`,
    [ids],
  );
}

/** Audit events of one action about these notifications, oldest first, with what they say. */
export async function auditOf(db: Database, action: string, ids: string[]): Promise<Array<{ subject_id: string; after: Record<string, unknown> }>> {
  return db.sql.query(
    'SELECT subject_id, after FROM audit_event WHERE action = $1 AND subject_id = ANY($2::text[]) ORDER BY seq',
    [action, ids],
  );
}
