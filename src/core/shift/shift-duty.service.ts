import { randomUUID } from 'node:crypto';
import type { Actor } from '../kernel/actor.ts';
import type { CoordinationDeps } from '../kernel/core-deps.ts';
import type { CommandOutcome } from '../kernel/command-outcome.ts';
import type { Person } from '../directory/directory.types.ts';
import { refuse } from '../access/refuse.ts';
import { plainMessage } from '../messages/incident-message.ts';
import { formatLocalTime } from '../messages/format-time.ts';
import type { RosterSnapshot } from './shift.types.ts';
import type { ShiftStore } from './shift.port.ts';
import { instancesAt } from './shift-instances.ts';
import { onDutyAt, rosteredPeople, sessionsAt } from './resolve-on-duty.ts';
import { addLocalDays, localDateOf, wallTime } from './local-time.ts';
import { st } from './shift.i18n.ts';
import { onlyOnce } from '../coordination/request-once.ts';
import { CoreError } from '../shared/core-error.ts';

const DEFAULT_ON_HOURS = 8;
const MAX_ON_HOURS = 24;

/** Another person's duty may be changed by admins and supervisors; one's own by anyone with an agency. */
function mayChangeDuty(actor: Actor, person: Person): boolean {
  if (actor.person.role === 'admin' || actor.person.role === 'supervisor') return true;
  return person.id === actor.person.id;
}

/** The person a duty command names (the parser checked they exist and belong to an agency). */
function personOf(actor: Actor, personId: string): Person {
  const person = actor.directory.person(personId);
  if (!person?.agencyId) throw new CoreError('no_agency', { person: person?.name ?? personId });
  return person;
}

/** The areas a person covers outside the plan: those of the rosters they work on, else their agency's rosters'. */
function dutyAreas(snapshot: RosterSnapshot, person: Person): string[] {
  const own = snapshot.rosters.filter((r) => r.assignments.some((a) => a.personId === person.id));
  const rosters = own.length ? own : snapshot.rosters.filter((r) => person.agencyId && r.agencyIds.includes(person.agencyId));
  return [...new Set(rosters.flatMap((r) => r.areaIds))];
}

/** `/shift on [person] [until HH:MM]`: starts duty outside the plan, for 8 hours unless an end is given. */
export async function startDuty(deps: CoordinationDeps, store: ShiftStore, actor: Actor, command: { personId: string; until?: string }): Promise<CommandOutcome> {
  const person = personOf(actor, command.personId);
  const { until } = command;
  if (!mayChangeDuty(actor, person)) return refuse(deps, actor, 'shift.on', 'person', person.id);
  const now = deps.clock.now();
  const tz = actor.directory.settings.timeZone;
  let endsAt = new Date(now.getTime() + DEFAULT_ON_HOURS * 3600_000);
  if (until) {
    endsAt = wallTime(localDateOf(now, tz), until, tz);
    if (endsAt <= now) endsAt = wallTime(addLocalDays(localDateOf(now, tz), 1), until, tz);
    endsAt = new Date(Math.min(endsAt.getTime(), now.getTime() + MAX_ON_HOURS * 3600_000));
  }
  const snapshot = await store.fresh();
  const areaIds = dutyAreas(snapshot, person);
  await store.transaction(async (tx) => {
    await onlyOnce(tx, actor, 'shift.on', person.id, now);
    await tx.endSessions(person.id, 'off', now);
    await tx.endSessions(person.id, 'on', now);
    await tx.addSession({ id: randomUUID(), personId: person.id, state: 'on', areaIds, startsAt: now, endsAt, createdBy: actor.person.id, createdAt: now });
    await tx.audit([{
      at: now, actorId: actor.person.id, action: 'shift.duty_started', subjectType: 'person', subjectId: person.id,
      after: { agencyId: person.agencyId, areaIds, endsAt: endsAt.toISOString(), outsidePlan: true }, platform: actor.platform, requestId: actor.requestId,
    }]);
  });
  const text = st('on.done', actor.locale, { person: person.name, until: formatLocalTime(endsAt, tz) });
  return { replies: [plainMessage(actor.locale, 'success', text)], changed: true };
}

/**
 * `/shift off [person]`: ends duty now. Duty started outside the plan ends; a rostered shift running now stops
 * counting for this person until it ends (so notifications go to the others, or to the backup address).
 */
export async function endDuty(deps: CoordinationDeps, store: ShiftStore, actor: Actor, command: { personId: string }): Promise<CommandOutcome> {
  const person = personOf(actor, command.personId);
  if (!mayChangeDuty(actor, person)) return refuse(deps, actor, 'shift.off', 'person', person.id);
  const now = deps.clock.now();
  const { directory } = actor;
  const tz = directory.settings.timeZone;
  const snapshot = await store.fresh();
  const rosteredUntil = snapshot.rosters
    .flatMap((r) => instancesAt(r, now, tz).filter((i) => rosteredPeople(snapshot, r, i).includes(person.id)))
    .reduce<Date | undefined>((end, i) => (!end || i.end > end ? i.end : end), undefined);
  const countedNow = onDutyAt(snapshot, directory, person.agencyId!, now).people.some((p) => p.id === person.id);
  const alreadyOff = sessionsAt(snapshot, now, 'off').some((s) => s.personId === person.id);
  // On by the directory's flag (no roster): off for half a day, after which the flag counts again.
  const offUntil = rosteredUntil ?? (countedNow ? new Date(now.getTime() + 12 * 3600_000) : undefined);
  const changed = await store.transaction(async (tx) => {
    await onlyOnce(tx, actor, 'shift.off', person.id, now);
    const ended = await tx.endSessions(person.id, 'on', now);
    const addOff = offUntil !== undefined && !alreadyOff;
    if (addOff) {
      await tx.addSession({ id: randomUUID(), personId: person.id, state: 'off', areaIds: [], startsAt: now, endsAt: offUntil, createdBy: actor.person.id, createdAt: now });
    }
    if (ended === 0 && !addOff) return false;
    await tx.audit([{
      at: now, actorId: actor.person.id, action: 'shift.duty_ended', subjectType: 'person', subjectId: person.id,
      after: { agencyId: person.agencyId, endedOutsidePlan: ended, offUntil: addOff ? offUntil!.toISOString() : null },
      platform: actor.platform, requestId: actor.requestId,
    }]);
    return true;
  });
  if (!changed) return { replies: [plainMessage(actor.locale, 'info', st('off.nothing', actor.locale, { person: person.name }))], changed: false };
  const until = rosteredUntil ? st('off.until', actor.locale, { until: formatLocalTime(rosteredUntil, tz) }) : '';
  return { replies: [plainMessage(actor.locale, 'success', st('off.done', actor.locale, { person: person.name, until }))], changed: true };
}
