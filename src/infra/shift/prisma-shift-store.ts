import type { Database } from '../db/database.ts';
import type { Prisma } from '../db/generated/client.ts';
import type { Clock } from '../../core/ports/clock.port.ts';
import type { ShiftStore, ShiftTransaction } from '../../core/shift/shift.port.ts';
import type { DutySession, RosterAssignment, RosterOverride, RosterSnapshot } from '../../core/shift/shift.types.ts';
import { OutboxWriter } from './outbox-writer.ts';

type Tx = Prisma.TransactionClient;

const TX_OPTIONS = { maxWait: 10_000, timeout: 20_000 };
/** How far back overrides and duty sessions are kept in the snapshot. */
const HISTORY_MS = 14 * 24 * 3600_000;

const dateText = (date: Date) => date.toISOString().slice(0, 10);
const asDate = (date: string) => new Date(`${date}T00:00:00Z`);

/**
 * Rosters on Prisma with a cached snapshot. Embedded PGlite serves one process, so the cache is refreshed after each
 * change and otherwise kept (it must be: on-duty resolution runs inside the registration transaction, and PGlite has
 * one connection). On a PostgreSQL server, other replicas change rosters too, so a snapshot older than a few seconds
 * is re-read in the background.
 */
export class PrismaShiftStore implements ShiftStore {
  private current: RosterSnapshot | undefined;
  private loadedAt = 0;
  private started = 0;
  private applied = 0;
  private first: Promise<RosterSnapshot> | undefined;
  private revalidating: Promise<unknown> | undefined;
  private readonly maxAgeMs: number;

  constructor(private readonly db: Database, private readonly clock: Clock, maxAgeMs?: number) {
    this.maxAgeMs = maxAgeMs ?? (db.kind === 'pglite' ? Number.POSITIVE_INFINITY : 5_000);
  }

  /**
   * The last snapshot loaded. Once one exists this never waits for storage: a stale one is served while a newer one
   * loads (a registration transaction must not wait on a read that queues behind it on PGlite's one connection).
   */
  snapshot(): Promise<RosterSnapshot> {
    if (!this.current) {
      this.first ??= this.startLoad().finally(() => { this.first = undefined; });
      return this.first;
    }
    if (Date.now() - this.loadedAt > this.maxAgeMs) {
      this.revalidating ??= this.startLoad().catch(() => undefined).finally(() => { this.revalidating = undefined; });
    }
    return Promise.resolve(this.current);
  }

  /** Reads storage now; the result is at least as new as this call. */
  fresh(): Promise<RosterSnapshot> {
    return this.startLoad();
  }

  /** Loads; the newest load started wins, so a slow older load never replaces a newer snapshot. */
  private async startLoad(): Promise<RosterSnapshot> {
    const mine = ++this.started;
    const snapshot = await this.load();
    if (mine > this.applied) {
      this.applied = mine;
      this.current = snapshot;
      this.loadedAt = Date.now();
    }
    return snapshot;
  }

  /** Runs `work` in one transaction, then reloads, so the change counts at once in this process. */
  async transaction<T>(work: (tx: ShiftTransaction) => Promise<T>): Promise<T> {
    const result = await this.db.prisma.$transaction((tx) => work(new PrismaShiftTransaction(tx)), TX_OPTIONS);
    await this.fresh();
    return result;
  }

  private async load(): Promise<RosterSnapshot> {
    const since = new Date(this.clock.now().getTime() - HISTORY_MS);
    const p = this.db.prisma;
    const [rosters, shifts, assignments, overrides, sessions] = await Promise.all([
      p.roster.findMany({ where: { active: true }, orderBy: { id: 'asc' } }),
      p.rosterShift.findMany({ orderBy: [{ rosterId: 'asc' }, { position: 'asc' }] }),
      p.rosterAssignment.findMany({ orderBy: { id: 'asc' } }),
      p.rosterOverride.findMany({ where: { localDate: { gte: asDate(dateText(since)) } }, orderBy: { createdAt: 'asc' } }),
      p.dutySession.findMany({ where: { endsAt: { gt: since } }, orderBy: { startsAt: 'asc' } }),
    ]);
    return {
      rosters: rosters.map((r) => ({
        id: r.id, name: { sv: r.nameSv, en: r.nameEn }, agencyIds: r.agencyIds, areaIds: r.areaIds,
        acceptMinutes: r.acceptMinutes, reminderMinutes: r.reminderMinutes, source: r.source as 'config' | 'admin',
        shifts: shifts.filter((s) => s.rosterId === r.id).map((s) => ({ id: s.id, name: { sv: s.nameSv, en: s.nameEn }, starts: s.starts, ends: s.ends })),
        assignments: assignments.filter((a) => a.rosterId === r.id).map((a): RosterAssignment => ({
          id: a.id, shiftId: a.shiftId, personId: a.personId, weekdays: a.weekdays,
          validFrom: a.validFrom ? dateText(a.validFrom) : null, validUntil: a.validUntil ? dateText(a.validUntil) : null,
          source: a.source as 'config' | 'admin',
        })),
      })),
      overrides: overrides.map((o): RosterOverride => ({
        id: o.id, rosterId: o.rosterId, shiftId: o.shiftId, localDate: dateText(o.localDate), personId: o.personId,
        change: o.change as 'add' | 'remove', createdAt: o.createdAt,
      })),
      sessions: sessions.map((s): DutySession => ({
        id: s.id, personId: s.personId, state: s.state as 'on' | 'off', areaIds: s.areaIds, startsAt: s.startsAt, endsAt: s.endsAt,
      })),
    };
  }
}

class PrismaShiftTransaction extends OutboxWriter implements ShiftTransaction {
  constructor(private readonly tx: Tx) {
    super(tx);
  }

  async addOverrides(overrides: Array<RosterOverride & { createdBy: string }>): Promise<void> {
    await this.tx.rosterOverride.createMany({
      data: overrides.map((o) => ({
        id: o.id, rosterId: o.rosterId, shiftId: o.shiftId, localDate: asDate(o.localDate), personId: o.personId,
        change: o.change, source: 'admin', createdBy: o.createdBy, createdAt: o.createdAt,
      })),
    });
  }

  async addSession(s: DutySession & { createdBy: string; createdAt: Date }): Promise<void> {
    await this.tx.dutySession.create({
      data: { id: s.id, personId: s.personId, state: s.state, areaIds: s.areaIds, startsAt: s.startsAt, endsAt: s.endsAt, createdBy: s.createdBy, createdAt: s.createdAt },
    });
  }

  async endSessions(personId: string, state: DutySession['state'], at: Date): Promise<number> {
    const result = await this.tx.dutySession.updateMany({
      where: { personId, state, startsAt: { lte: at }, endsAt: { gt: at } },
      data: { endsAt: at },
    });
    return result.count;
  }

  async addAssignment(rosterId: string, a: RosterAssignment): Promise<void> {
    await this.tx.rosterAssignment.create({
      data: {
        id: a.id, rosterId, shiftId: a.shiftId, personId: a.personId, weekdays: a.weekdays,
        validFrom: a.validFrom ? asDate(a.validFrom) : null, validUntil: a.validUntil ? asDate(a.validUntil) : null, source: a.source,
      },
    });
  }

  async removeAssignments(rosterId: string, shiftId: string, personId: string): Promise<number> {
    return (await this.tx.rosterAssignment.deleteMany({ where: { rosterId, shiftId, personId } })).count;
  }
}
