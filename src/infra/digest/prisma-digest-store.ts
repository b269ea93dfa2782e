import type { Disclosure } from '../../core/access/disclosure.types.ts';
import { toAccessLogRow } from '../access/prisma-access-log.ts';
import type { Database } from '../db/database.ts';
import type { Prisma } from '../db/generated/client.ts';
import type { DigestStore, DigestTransaction } from '../../core/digest/digest.port.ts';
import type { DigestSubscription } from '../../core/digest/digest.types.ts';
import { OutboxWriter } from '../shift/outbox-writer.ts';
import { claimScheduledSend, setScheduledSendCount, type ScheduledSendRow } from '../schedule/scheduled-sends.ts';
import { SqlDigestReader } from './digest-figures-sql.ts';

type Tx = Prisma.TransactionClient;
type Row = Prisma.DigestSubscriptionGetPayload<object>;

/** A digest transaction computes while it holds the send's key; allow it time on a large database. */
const TX_OPTIONS = { maxWait: 10_000, timeout: 60_000 };

const toSubscription = (row: Row): DigestSubscription => ({
  id: row.id, personId: row.personId, areaIds: row.areaIds, agencyIds: row.agencyIds, localTime: row.localTime,
  locale: row.locale === 'en' ? 'en' : 'sv', active: row.active, source: row.source === 'config' ? 'config' : 'admin', createdAt: row.createdAt,
  kind: row.kind === 'pack' ? 'pack' : 'digest', weekday: row.weekday,
});

/** Digests on Prisma: subscriptions, the record of scheduled sends, and the SQL that computes the numbers. */
export class PrismaDigestStore implements DigestStore {
  readonly reader: SqlDigestReader;

  constructor(private readonly db: Database) {
    this.reader = new SqlDigestReader(db.prisma);
  }

  async activeSubscriptions(): Promise<DigestSubscription[]> {
    return (await this.db.prisma.digestSubscription.findMany({ where: { active: true }, orderBy: { id: 'asc' } })).map(toSubscription);
  }

  async subscriptionsOf(personId: string): Promise<DigestSubscription[]> {
    return (await this.db.prisma.digestSubscription.findMany({ where: { personId }, orderBy: { createdAt: 'asc' } })).map(toSubscription);
  }

  async sentKeys(keys: string[]): Promise<Set<string>> {
    if (keys.length === 0) return new Set();
    const rows = await this.db.prisma.scheduledSend.findMany({ where: { key: { in: keys } }, select: { key: true } });
    return new Set(rows.map((r) => r.key));
  }

  transaction<T>(work: (tx: DigestTransaction) => Promise<T>): Promise<T> {
    return this.db.prisma.$transaction((tx) => work(new PrismaDigestTransaction(tx)), TX_OPTIONS);
  }
}

class PrismaDigestTransaction extends OutboxWriter implements DigestTransaction {
  readonly reader: SqlDigestReader;

  constructor(private readonly tx: Tx) {
    super(tx);
    this.reader = new SqlDigestReader(tx);
  }

  claimScheduled(send: ScheduledSendRow): Promise<boolean> {
    return claimScheduledSend(this.tx, send);
  }

  setScheduledCount(key: string, notifications: number): Promise<void> {
    return setScheduledSendCount(this.tx, key, notifications);
  }

  async disclose(disclosures: Disclosure[]): Promise<void> {
    if (disclosures.length === 0) return;
    await this.tx.accessLog.createMany({ data: disclosures.map(toAccessLogRow) });
  }

  async addSubscription(s: DigestSubscription): Promise<void> {
    await this.tx.digestSubscription.create({
      data: { id: s.id, personId: s.personId, areaIds: s.areaIds, agencyIds: s.agencyIds, localTime: s.localTime, locale: s.locale, active: true, source: s.source, createdAt: s.createdAt, kind: s.kind, weekday: s.weekday },
    });
  }

  async deactivate(personId: string, id?: string, kind: DigestSubscription['kind'] = 'digest'): Promise<number> {
    return (await this.tx.digestSubscription.updateMany({ where: { personId, active: true, kind, ...(id ? { id } : {}) }, data: { active: false } })).count;
  }
}
