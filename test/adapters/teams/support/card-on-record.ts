import type { Database } from '../../../../src/infra/db/database.ts';
import { until } from '../../../support/until.ts';
import type { ConnectorCall } from './fake-bot-connector.ts';

/**
 * Waits until the outbox row of a Teams message has its Teams id: a press finds the card through that row. The
 * connector answers the send before the delivery worker records the answer's id on the row, so a test that presses
 * as soon as the connector has the card races the worker (seen under load: the press found no card and was answered
 * as a press on an unknown message, in the client's language instead of the card's).
 */
export async function cardOnRecord(db: Pick<Database, 'prisma'>, card: ConnectorCall): Promise<void> {
  await until(`the outbox row of Teams message ${card.createdId}`, async () =>
    (await db.prisma.notification.count({ where: { platform: 'teams', platformMessageId: card.createdId! } })) > 0);
}
