import { createHash, randomUUID } from 'node:crypto';
import type { Prisma } from '../db/generated/client.ts';
import type { DeploymentConfig } from '../config/config.schema.ts';
import { WEEKDAY_NUMBERS, type DigestSubscriptionConfig } from './roster-config.schema.ts';

type Tx = Prisma.TransactionClient;

const asDate = (date: string) => new Date(`${date}T00:00:00Z`);

/** Stable id of a configured subscription: the person and what it covers, so reloading keeps its sends' keys. */
export function configSubscriptionId(digest: DigestSubscriptionConfig): string {
  const scope = `${[...digest.areas].sort().join(',')}|${[...digest.agencies].sort().join(',')}`;
  return `cfg:${digest.person}:${createHash('sha256').update(scope).digest('hex').slice(0, 10)}`;
}

/**
 * Makes the configured rosters and digest subscriptions say what the file says, inside the config loader's
 * transaction. Rows made by admins' commands (source `admin`) stay. Subscriptions keep their creation time (the
 * start of their catch-up window) across reloads; those that left the file become inactive.
 */
export async function writeRostersAndDigests(tx: Tx, config: DeploymentConfig, now: Date) {
  const rosters = config.rosters ?? [];
  const configured = await tx.roster.findMany({ where: { source: 'config' }, select: { id: true } });
  const oldIds = configured.map((r) => r.id);
  await tx.rosterShift.deleteMany({ where: { rosterId: { in: [...oldIds, ...rosters.map((r) => r.id)] } } });
  await tx.rosterAssignment.deleteMany({ where: { source: 'config' } });
  await tx.rosterOverride.deleteMany({ where: { source: 'config' } });
  await tx.roster.deleteMany({ where: { id: { in: [...oldIds, ...rosters.map((r) => r.id)] } } });
  if (rosters.length > 0) {
    await tx.roster.createMany({
      data: rosters.map((r) => ({
        id: r.id, nameSv: r.name?.sv ?? r.id, nameEn: r.name?.en ?? r.id, agencyIds: r.agencies, areaIds: r.areas,
        acceptMinutes: r.acceptMinutes, reminderMinutes: r.reminderMinutes, source: 'config',
      })),
    });
    await tx.rosterShift.createMany({
      data: rosters.flatMap((r) => r.shifts.map((s, position) => ({
        rosterId: r.id, id: s.id, nameSv: s.name?.sv ?? s.id, nameEn: s.name?.en ?? s.id, starts: s.starts, ends: s.ends, position,
      }))),
    });
    const assignments = rosters.flatMap((r) => r.assignments.flatMap((a, i) => a.people.map((personId) => ({
      id: `cfg:${r.id}:${i}:${personId}`, rosterId: r.id, shiftId: a.shift, personId,
      weekdays: (a.days ?? []).map((d) => WEEKDAY_NUMBERS[d]), validFrom: a.from ? asDate(a.from) : null,
      validUntil: a.until ? asDate(a.until) : null, source: 'config',
    }))));
    if (assignments.length) await tx.rosterAssignment.createMany({ data: assignments });
    const overrides = rosters.flatMap((r) => r.overrides.flatMap((o) => [
      ...o.remove.map((personId) => ({ personId, change: 'remove' })),
      ...o.add.map((personId) => ({ personId, change: 'add' })),
    ].map((c, i) => ({
      id: randomUUID(), rosterId: r.id, shiftId: o.shift, localDate: asDate(o.date), personId: c.personId, change: c.change,
      source: 'config', createdBy: 'config', createdAt: new Date(now.getTime() - 1000 + i),
    }))));
    if (overrides.length) await tx.rosterOverride.createMany({ data: overrides });
  }
  const digests = config.digests ?? [];
  const ids = digests.map(configSubscriptionId);
  const existing = new Map((await tx.digestSubscription.findMany({ where: { id: { in: ids } } })).map((s) => [s.id, s]));
  for (const [i, digest] of digests.entries()) {
    const id = ids[i];
    const fields = {
      personId: digest.person, areaIds: digest.areas, agencyIds: digest.agencies, localTime: digest.time,
      locale: digest.locale ?? config.people.find((p) => p.id === digest.person)?.locale ?? config.defaultLocale, active: true, source: 'config',
    };
    const before = existing.get(id);
    if (!before) await tx.digestSubscription.create({ data: { id, ...fields, createdAt: now } });
    else await tx.digestSubscription.update({ where: { id }, data: { ...fields, createdAt: before.active ? before.createdAt : now } });
  }
  const deactivated = await tx.digestSubscription.updateMany({ where: { source: 'config', active: true, id: { notIn: ids } }, data: { active: false } });
  return { rosters: rosters.length, subscriptions: digests.length, subscriptionsDeactivated: deactivated.count };
}
