import type { Database } from '../db/database.ts';
import type { Clock } from '../../core/ports/clock.port.ts';
import type { OnDutyResolver } from '../../core/notification/plan-notifications.ts';
import { RosterOnDutyResolver } from '../../core/shift/roster-on-duty.resolver.ts';
import { PrismaShiftStore } from './prisma-shift-store.ts';

const stores = new WeakMap<Database, PrismaShiftStore>();

/** The one roster store of a database in this process, so the on-duty resolver and the commands share its cache. */
export function shiftStoreFor(db: Database, clock: Clock): PrismaShiftStore {
  let store = stores.get(db);
  if (!store) {
    store = new PrismaShiftStore(db, clock);
    stores.set(db, store);
    // Load now, before any registration transaction needs it (PGlite cannot read while one is open).
    store.snapshot().catch(() => undefined);
  }
  return store;
}

/** On duty by roster (the composition root's OnDutyResolver); see RosterOnDutyResolver. */
export function rosterOnDuty(db: Database, clock: Clock): OnDutyResolver {
  return new RosterOnDutyResolver(shiftStoreFor(db, clock));
}
