import type { Directory } from '../directory/directory.ts';
import type { Person } from '../directory/directory.types.ts';
import type { DutySession, Roster, RosterSnapshot, ShiftInstance } from './shift.types.ts';
import { instancesAt } from './shift-instances.ts';
import { isoWeekday } from './local-time.ts';

/** Person ids working one shift instance: the default assignments of that weekday, then that day's overrides in order. */
export function rosteredPeople(snapshot: RosterSnapshot, roster: Roster, instance: ShiftInstance): string[] {
  const date = instance.localDate;
  const weekday = isoWeekday(date);
  const people = new Set(roster.assignments
    .filter((a) => a.shiftId === instance.shift.id
      && (a.weekdays.length === 0 || a.weekdays.includes(weekday))
      && (!a.validFrom || a.validFrom <= date)
      && (!a.validUntil || date <= a.validUntil))
    .map((a) => a.personId));
  const overrides = snapshot.overrides
    .filter((o) => o.rosterId === roster.id && o.shiftId === instance.shift.id && o.localDate === date)
    .sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime());
  for (const o of overrides) {
    if (o.change === 'add') people.add(o.personId);
    else people.delete(o.personId);
  }
  return [...people];
}

/** Sessions of a person running at `at`. */
export function sessionsAt(snapshot: RosterSnapshot, at: Date, state?: DutySession['state']): DutySession[] {
  return snapshot.sessions.filter((s) => s.startsAt <= at && at < s.endsAt && (!state || s.state === state));
}

/** Rosters of an agency, and when an area is given, those whose areas contain it. */
export function rostersCovering(snapshot: RosterSnapshot, directory: Directory, agencyId: string, areaId?: string): Roster[] {
  return snapshot.rosters.filter((r) => r.agencyIds.includes(agencyId)
    && (!areaId || r.areaIds.some((scope) => directory.areaWithin(areaId, scope))));
}

export interface OnDutyResult {
  /** True when a roster covers the agency (in the area): then an empty list means nobody is on duty. */
  covered: boolean;
  people: Person[];
  /** Who is on by `/shift on`, outside the plan (a subset of people). */
  outsidePlan: string[];
}

/**
 * The agency's people on duty at `at` for an area: everyone the covering rosters put on the running shifts, plus
 * those who started duty outside the plan, minus those who ended it. Without a covering roster, the directory's
 * on-duty flags decide (deployments without rosters behave as before), still adjusted by `/shift on` and `off`.
 */
export function onDutyAt(snapshot: RosterSnapshot, directory: Directory, agencyId: string, at: Date, areaId?: string): OnDutyResult {
  const rosters = rostersCovering(snapshot, directory, agencyId, areaId);
  const off = new Set(sessionsAt(snapshot, at, 'off').map((s) => s.personId));
  const ids = new Set<string>();
  if (rosters.length > 0) {
    const tz = directory.settings.timeZone;
    for (const roster of rosters) {
      for (const instance of instancesAt(roster, at, tz)) rosteredPeople(snapshot, roster, instance).forEach((id) => ids.add(id));
    }
  } else {
    directory.onDutyContacts(agencyId).forEach((p) => ids.add(p.id));
  }
  const outsidePlan: string[] = [];
  for (const session of sessionsAt(snapshot, at, 'on')) {
    const inArea = !areaId || session.areaIds.length === 0 || session.areaIds.some((scope) => directory.areaWithin(areaId, scope));
    if (inArea && !ids.has(session.personId)) {
      ids.add(session.personId);
      outsidePlan.push(session.personId);
    }
  }
  const people = [...ids]
    .filter((id) => !off.has(id))
    .map((id) => directory.person(id))
    .filter((p): p is Person => p !== undefined && p.agencyId === agencyId)
    .sort((a, b) => a.name.localeCompare(b.name, 'sv'));
  return { covered: rosters.length > 0, people, outsidePlan: outsidePlan.filter((id) => people.some((p) => p.id === id)) };
}
