import type { Database } from '../db/database.ts';
import type { Prisma } from '../db/generated/client.ts';
import type { CalendarTokenStore, CalendarTokenTransaction } from '../../core/calendar/calendar.port.ts';
import type { CalendarToken } from '../../core/calendar/calendar.types.ts';
import type { AuditEventInput } from '../../core/audit/audit.types.ts';
import { appendAuditEvents } from '../audit/audit-writer.ts';

type Row = Prisma.CalendarTokenGetPayload<object>;

const toToken = (row: Row): CalendarToken => ({
  id: row.id, tokenHash: row.tokenHash, subjectType: row.subjectType === 'roster' ? 'roster' : 'person', subjectId: row.subjectId,
  holderId: row.holderId, createdBy: row.createdBy, createdAt: row.createdAt, revokedAt: row.revokedAt, revokedBy: row.revokedBy,
});

/** Calendar feed tokens in `calendar_token` (hashes only). */
export class PrismaCalendarTokenStore implements CalendarTokenStore {
  constructor(private readonly db: Database) {}

  async byHash(tokenHash: string): Promise<CalendarToken | null> {
    const row = await this.db.prisma.calendarToken.findUnique({ where: { tokenHash } });
    return row ? toToken(row) : null;
  }

  async byId(id: string): Promise<CalendarToken | null> {
    const row = await this.db.prisma.calendarToken.findUnique({ where: { id } });
    return row ? toToken(row) : null;
  }

  async list(): Promise<CalendarToken[]> {
    return (await this.db.prisma.calendarToken.findMany({ orderBy: { createdAt: 'desc' } })).map(toToken);
  }

  transaction<T>(work: (tx: CalendarTokenTransaction) => Promise<T>): Promise<T> {
    return this.db.prisma.$transaction((tx) => work(new PrismaCalendarTokenTransaction(tx)), { maxWait: 10_000, timeout: 20_000 });
  }
}

class PrismaCalendarTokenTransaction implements CalendarTokenTransaction {
  constructor(private readonly tx: Prisma.TransactionClient) {}

  async insert(t: CalendarToken): Promise<void> {
    await this.tx.calendarToken.create({
      data: {
        id: t.id, tokenHash: t.tokenHash, subjectType: t.subjectType, subjectId: t.subjectId, holderId: t.holderId,
        createdBy: t.createdBy, createdAt: t.createdAt, revokedAt: t.revokedAt, revokedBy: t.revokedBy,
      },
    });
  }

  async revoke(id: string, at: Date, by: string): Promise<boolean> {
    const result = await this.tx.calendarToken.updateMany({ where: { id, revokedAt: null }, data: { revokedAt: at, revokedBy: by } });
    return result.count === 1;
  }

  audit(events: AuditEventInput[]): Promise<void> {
    return appendAuditEvents(this.tx, events);
  }
}
