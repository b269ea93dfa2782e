import type { Prisma } from '../db/generated/client.ts';

export interface ScheduledSendRow {
  key: string;
  kind: string;
  subjectId: string;
  localDate: string;
  dueAt: Date;
  sentAt: Date;
  late: boolean;
}

/**
 * The exactly-once gate of scheduled sends: inserts the key with ON CONFLICT DO NOTHING inside the transaction that
 * queues the messages. A second replica's insert waits on the first one's uncommitted row and then finds it (no
 * send), or, if the first rolled back, inserts and sends itself. So each key sends once, across replicas and
 * restarts, and never zero times once its transaction committed.
 */
export async function claimScheduledSend(tx: Prisma.TransactionClient, send: ScheduledSendRow): Promise<boolean> {
  const inserted = await tx.$executeRaw`
    INSERT INTO scheduled_send (key, kind, subject_id, local_date, due_at, sent_at, late)
    VALUES (${send.key}, ${send.kind}, ${send.subjectId}, ${send.localDate}::date, ${send.dueAt}, ${send.sentAt}, ${send.late})
    ON CONFLICT (key) DO NOTHING`;
  return inserted === 1;
}

/** Records how many messages a claimed send queued. */
export async function setScheduledSendCount(tx: Prisma.TransactionClient, key: string, notifications: number): Promise<void> {
  await tx.scheduledSend.update({ where: { key }, data: { notifications } });
}
