import type { Locale } from '../shared/platform.types.ts';
import type { Roster, RosterShift, ShiftInstance } from './shift.types.ts';
import { addLocalDays, localClockOf, localDateOf, wallTime, type LocalDate } from './local-time.ts';

/** The shift as it falls on one local date, DST included (a 23-07 night is 7 or 9 hours on change nights). */
export function shiftInstance(roster: Pick<Roster, 'id'>, shift: RosterShift, localDate: LocalDate, timeZone: string): ShiftInstance {
  const start = wallTime(localDate, shift.starts, timeZone);
  const endDate = shift.ends <= shift.starts ? addLocalDays(localDate, 1) : localDate;
  return { rosterId: roster.id, shift, localDate, start, end: wallTime(endDate, shift.ends, timeZone) };
}

/** Every shift of the roster that overlaps [from, to), in start order. */
export function instancesBetween(roster: Roster, from: Date, to: Date, timeZone: string): ShiftInstance[] {
  const found: ShiftInstance[] = [];
  const last = localDateOf(to, timeZone);
  for (let day = addLocalDays(localDateOf(from, timeZone), -1); day <= last; day = addLocalDays(day, 1)) {
    for (const shift of roster.shifts) {
      const instance = shiftInstance(roster, shift, day, timeZone);
      if (instance.start < to && instance.end > from) found.push(instance);
    }
  }
  return found.sort((a, b) => a.start.getTime() - b.start.getTime());
}

/** The roster's shifts running at `at` (one for a plain pattern; more when shifts overlap). */
export function instancesAt(roster: Roster, at: Date, timeZone: string): ShiftInstance[] {
  return instancesBetween(roster, at, new Date(at.getTime() + 1), timeZone);
}

/** The shift that takes over from `after`: the first one starting at or after its end (else the next to start). */
export function nextInstance(roster: Roster, after: ShiftInstance, timeZone: string): ShiftInstance | undefined {
  const horizon = new Date(after.end.getTime() + 2 * 24 * 3600_000);
  const later = instancesBetween(roster, after.start, horizon, timeZone).filter((i) => i.start > after.start);
  return later.find((i) => i.start >= after.end) ?? later[0];
}

/** The instance of a roster's shift on a date, if the roster has that shift. */
export function findInstance(roster: Roster, shiftId: string, localDate: LocalDate, timeZone: string): ShiftInstance | undefined {
  const shift = roster.shifts.find((s) => s.id === shiftId);
  return shift ? shiftInstance(roster, shift, localDate, timeZone) : undefined;
}

/** `Dag 07:00–15:00` */
export function shiftLabel(shift: RosterShift, locale: Locale): string {
  return `${shift.name[locale]} ${shift.starts}–${shift.ends}`;
}

/** `Polisen Järva · Dag 2026-03-28 07:00–15:00`, with the real clock times (they differ from the pattern on DST nights only in length). */
export function instanceLabel(roster: Roster, instance: ShiftInstance, locale: Locale, timeZone: string): string {
  return `${roster.name[locale]} · ${instance.shift.name[locale]} ${instance.localDate} ${localClockOf(instance.start, timeZone)}–${localClockOf(instance.end, timeZone)}`;
}
