import type { Prisma } from '../db/generated/client.ts';
import type { OutboxTransaction } from '../../core/shift/shift.port.ts';
import type { NewNotification } from '../../core/notification/notification.types.ts';
import type { AuditEventInput } from '../../core/audit/audit.types.ts';
import { appendAuditEvents } from '../audit/audit-writer.ts';
import { toNotificationRow } from '../incident/prisma-incident-store.ts';
import type { RequestKeyClaim } from '../../core/coordination/request-key.port.ts';
import { claimRequestKey } from '../request-key/request-key-sql.ts';

/** The outbox, the audit trail and request keys inside a transaction: shared by the shift, handover and digest stores. */
export class OutboxWriter implements OutboxTransaction {
  constructor(private readonly client: Prisma.TransactionClient) {}

  async enqueue(notifications: NewNotification[]): Promise<void> {
    if (notifications.length === 0) return;
    await this.client.notification.createMany({ data: notifications.map(toNotificationRow) });
  }

  audit(events: AuditEventInput[]): Promise<void> {
    return appendAuditEvents(this.client, events);
  }

  claimRequestKey(claim: RequestKeyClaim): Promise<boolean> {
    return claimRequestKey((sql, params) => this.client.$queryRawUnsafe(sql, ...params), claim);
  }
}
