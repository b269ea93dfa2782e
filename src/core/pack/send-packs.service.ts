import { randomUUID } from 'node:crypto';
import type { Disclosure } from '../access/disclosure.types.ts';
import type { DirectoryReader } from '../directory/directory.port.ts';
import type { Person } from '../directory/directory.types.ts';
import type { Clock } from '../ports/clock.port.ts';
import type { DeliveryWakeup } from '../kernel/core-deps.ts';
import type { NewNotification } from '../notification/notification.types.ts';
import type { DigestStore } from '../digest/digest.port.ts';
import type { DigestSubscription } from '../digest/digest.types.ts';
import { CATCH_UP_DAYS, LATE_AFTER_MS } from '../digest/send-digests.service.ts';
import type { RosterSource } from '../shift/shift.port.ts';
import { addLocalDays, isoWeekday, localDateOf, localDaysBetween, wallTime } from '../shift/local-time.ts';
import { buildWeeklyPack, isPackRefusal, lastWeek } from './build-weekly-pack.ts';
import type { IsoWeek } from './iso-week.ts';
import { mondayOf } from './iso-week.ts';
import type { PackReader } from './pack.port.ts';
import type { WeeklyPack } from './pack.types.ts';
import { packPageUrl, renderPackMessage } from './render-pack-message.ts';

export interface PackScheduleDeps {
  directory: DirectoryReader;
  clock: Clock;
  shifts: RosterSource;
  /** Subscriptions (kind `pack`) and the exactly-once record of scheduled sends: the digests' own. */
  digests: DigestStore;
  packs: PackReader;
  publicUrl?: string;
  delivery?: DeliveryWakeup;
}

interface DuePack {
  subscription: DigestSubscription;
  person: Person;
  /** The week the pack covers: the last whole week before the send. */
  week: IsoWeek;
  dueAt: Date;
  key: string;
}

/** Sends due for a weekly pack: each passed send time on its weekday since it was created (catch-up capped as for digests). */
export function duePackSends(subscription: DigestSubscription, person: Person, now: Date, timeZone: string): DuePack[] {
  const today = localDateOf(now, timeZone);
  const created = localDateOf(subscription.createdAt, timeZone);
  const earliest = addLocalDays(today, -CATCH_UP_DAYS);
  return localDaysBetween(created > earliest ? created : earliest, today).flatMap((sendDay) => {
    if (isoWeekday(sendDay) !== subscription.weekday) return [];
    const dueAt = wallTime(sendDay, subscription.localTime, timeZone);
    if (dueAt > now || dueAt < subscription.createdAt) return [];
    const week = lastWeek(dueAt, timeZone);
    return [{ subscription, person, week, dueAt, key: `pack:${subscription.id}:${week}` }];
  });
}

/**
 * Sends every weekly pack that is due and not yet sent: once per subscription and week, whichever replica gets there
 * first (the key is claimed in the transaction that queues the message, as for digests), and across restarts; a send
 * missed during downtime goes out late. The pack is computed before the claim (it only reads); a replica that loses
 * the claim drops its copy. Returns how many packs were sent.
 */
export async function sendDuePacks(deps: PackScheduleDeps): Promise<number> {
  const directory = await deps.directory.current();
  const tz = directory.settings.timeZone;
  const now = deps.clock.now();
  const due = (await deps.digests.activeSubscriptions()).filter((s) => s.kind === 'pack').flatMap((s) => {
    const person = directory.person(s.personId);
    return person ? duePackSends(s, person, now, tz) : [];
  });
  if (due.length === 0) return 0;
  const sent = await deps.digests.sentKeys(due.map((d) => d.key));
  const snapshot = await deps.shifts.snapshot();
  let count = 0;
  for (const { subscription, person, week, dueAt, key } of due.filter((d) => !sent.has(d.key))) {
    const late = now.getTime() - dueAt.getTime() > LATE_AFTER_MS;
    const areaId = subscription.areaIds[0] ?? person.areaIds[0] ?? '';
    let pack: WeeklyPack | undefined;
    let skipped: string | undefined;
    try {
      pack = await buildWeeklyPack({ reader: deps.digests.reader, packs: deps.packs, directory, snapshot, now }, person, areaId, week);
    } catch (error) {
      if (!isPackRefusal(error)) throw error;
      skipped = error.code;
    }
    const done = await deps.digests.transaction(async (tx) => {
      if (!(await tx.claimScheduled({ key, kind: 'pack', subjectId: subscription.id, localDate: mondayOf(week)!, dueAt, sentAt: now, late }))) return false;
      const base = { at: now, actorId: 'scheduler', subjectType: 'digest_subscription', subjectId: subscription.id, platform: 'system' as const };
      if (pack === undefined) {
        await tx.audit([{ ...base, action: 'pack.skipped', after: { week, reason: skipped ?? 'unknown' } }]);
        return true;
      }
      const message = renderPackMessage(directory, pack, { locale: subscription.locale, pageUrl: packPageUrl(deps.publicUrl, pack), late });
      const rows: NewNotification[] = directory.addressesOf('person', person.id).map((address) => ({
        id: randomUUID(), idempotencyKey: `${key}:${address.id}`, kind: 'pack.scheduled', personId: person.id, address, message, notBefore: now,
      }));
      await tx.enqueue(rows);
      await tx.setScheduledCount(key, rows.length);
      // The pack names the oldest open incidents (reference, area, time): a summary disclosure of each to the person.
      if (rows.length > 0) {
        await tx.disclose(pack.figures.stillOpen.oldest.map((o): Disclosure => ({
          at: now, personId: person.id, agencyId: person.agencyId, incidentId: o.id ?? null, incidentRef: o.ref, fields: ['summary'],
          confidential: false, surface: 'digest', ground: person.role === 'admin' ? 'admin' : 'supervisor', basis: null, requestId: `pack ${areaId} ${week}`,
        })));
      }
      await tx.audit([{
        ...base, action: 'pack.sent',
        after: { areaId, week, late, dueAt: dueAt.toISOString(), incidents: pack.current.newIncidents, notifications: rows.length },
      }]);
      return true;
    });
    if (done) count += 1;
  }
  if (count > 0) deps.delivery?.wake();
  return count;
}
