import type { Disclosure } from '../access/disclosure.types.ts';
import { randomUUID } from 'node:crypto';
import type { DirectoryReader } from '../directory/directory.port.ts';
import type { Clock } from '../ports/clock.port.ts';
import type { DeliveryWakeup } from '../kernel/core-deps.ts';
import type { NewNotification } from '../notification/notification.types.ts';
import type { Person } from '../directory/directory.types.ts';
import { addLocalDays, localDateOf, localDaysBetween, wallTime, type LocalDate } from '../shift/local-time.ts';
import type { DigestSubscription } from './digest.types.ts';
import type { DigestContext } from './digest.service.ts';
import { buildDigest } from './build-digest.ts';
import { digestScope, scopeName } from './digest-scope.ts';
import { renderDigest } from './render-digest.ts';
import { isCoreError } from '../shared/core-error.ts';

export interface DigestScheduleDeps extends DigestContext {
  directory: DirectoryReader;
  clock: Clock;
  delivery?: DeliveryWakeup;
}

/** Days missed during downtime are caught up, at most this many (older ones are not news any more). */
export const CATCH_UP_DAYS = 7;
/** A send more than this after its time is marked late (the job runs every minute). */
export const LATE_AFTER_MS = 10 * 60_000;

interface DueDigest {
  subscription: DigestSubscription;
  person: Person;
  /** The day the digest covers: the day before the send day. */
  day: LocalDate;
  dueAt: Date;
  key: string;
}

/** Sends due for a subscription: each local day's send time that passed since it was created (catch-up capped). */
export function dueSends(subscription: DigestSubscription, person: Person, now: Date, timeZone: string): DueDigest[] {
  const today = localDateOf(now, timeZone);
  const created = localDateOf(subscription.createdAt, timeZone);
  const earliest = addLocalDays(today, -CATCH_UP_DAYS);
  return localDaysBetween(created > earliest ? created : earliest, today).flatMap((sendDay) => {
    const dueAt = wallTime(sendDay, subscription.localTime, timeZone);
    if (dueAt > now || dueAt < subscription.createdAt) return [];
    const day = addLocalDays(sendDay, -1);
    return [{ subscription, person, day, dueAt, key: `digest:${subscription.id}:${day}` }];
  });
}

/**
 * Sends every digest that is due and not yet sent: exactly once per subscription and day, whichever replica gets
 * there first (the key is claimed in the transaction that queues the message), and across restarts. A send missed
 * during downtime goes out when the server is back, marked late. Returns how many digests were sent.
 */
export async function sendDueDigests(deps: DigestScheduleDeps): Promise<number> {
  const directory = await deps.directory.current();
  const tz = directory.settings.timeZone;
  const now = deps.clock.now();
  const due = (await deps.digests.activeSubscriptions()).filter((s) => s.kind === 'digest').flatMap((s) => {
    const person = directory.person(s.personId);
    return person ? dueSends(s, person, now, tz) : [];
  });
  if (due.length === 0) return 0;
  const sent = await deps.digests.sentKeys(due.map((d) => d.key));
  const snapshot = await deps.shifts.snapshot();
  let count = 0;
  for (const item of due.filter((d) => !sent.has(d.key))) {
    const { subscription, person, day, dueAt, key } = item;
    const late = now.getTime() - dueAt.getTime() > LATE_AFTER_MS;
    const done = await deps.digests.transaction(async (tx) => {
      if (!(await tx.claimScheduled({ key, kind: 'digest', subjectId: subscription.id, localDate: day, dueAt, sentAt: now, late }))) return false;
      const base = { at: now, actorId: 'scheduler', subjectType: 'digest_subscription', subjectId: subscription.id, platform: 'system' as const };
      let scope;
      try {
        scope = digestScope(directory, snapshot, person, subscription.areaIds, subscription.agencyIds);
      } catch (error) {
        if (!isCoreError(error)) throw error;
        await tx.audit([{ ...base, action: 'digest.skipped', after: { date: day, reason: error.code } }]);
        return true;
      }
      const data = await buildDigest(tx.reader, snapshot, scope, day, tz, now);
      const areas = subscription.areaIds.length ? subscription.areaIds : person.areaIds;
      const message = renderDigest(directory, data, {
        locale: subscription.locale,
        scopeName: scopeName(directory, areas, subscription.agencyIds, subscription.locale),
        late: late ? { dueAt, sentAt: now } : undefined,
      });
      const rows: NewNotification[] = directory.addressesOf('person', person.id).map((address) => ({
        id: randomUUID(), idempotencyKey: `${key}:${address.id}`, kind: 'ext.digest', personId: person.id, address, message, notBefore: now,
      }));
      await tx.enqueue(rows);
      await tx.setScheduledCount(key, rows.length);
      // The digest names the oldest open incidents (reference, area, time): a summary disclosure of each to the person.
      if (rows.length > 0) {
        await tx.disclose(data.figures.stillOpen.oldest.map((o): Disclosure => ({
          at: now, personId: person.id, agencyId: person.agencyId, incidentId: o.id ?? null, incidentRef: o.ref, fields: ['summary'],
          confidential: false, surface: 'digest', ground: person.role === 'admin' ? 'admin' : 'supervisor', basis: null, requestId: null,
        })));
      }
      await tx.audit([{
        ...base, action: 'digest.sent',
        after: { date: day, late, dueAt: dueAt.toISOString(), incidents: data.figures.incidents, stillOpen: data.figures.stillOpen.count, notifications: rows.length },
      }]);
      return true;
    });
    if (done) count += 1;
  }
  if (count > 0) deps.delivery?.wake();
  return count;
}
