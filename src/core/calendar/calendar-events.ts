import type { Directory } from '../directory/directory.ts';
import type { Locale } from '../shared/platform.types.ts';
import type { Roster, RosterSnapshot, ShiftInstance } from '../shift/shift.types.ts';
import { instancesBetween } from '../shift/shift-instances.ts';
import { rosteredPeople } from '../shift/resolve-on-duty.ts';
import type { CalendarEvent, CalendarSubjectType } from './calendar.types.ts';

const texts = {
  changed: { sv: 'Ändrat från grundschemat', en: 'Changed from the plan' },
  working: { sv: 'I tjänst: {people}', en: 'On duty: {people}' },
  nobody: { sv: 'Ingen schemalagd', en: 'Nobody rostered' },
} as const;

const say = (key: keyof typeof texts, locale: Locale, people = '') => texts[key][locale].replace('{people}', people);

/** Whether an override changed who works this shift on its day. */
function overridden(snapshot: RosterSnapshot, roster: Roster, instance: ShiftInstance): boolean {
  return snapshot.overrides.some((o) => o.rosterId === roster.id && o.shiftId === instance.shift.id && o.localDate === instance.localDate);
}

/**
 * The shifts a feed shows in [from, to): for a person, every shift instance any roster puts them on (default
 * assignments and that day's overrides, as on-duty resolution counts them); for a roster, each of its shift instances
 * someone works, naming who. Duty started or ended outside the plan (`/shift on|off`) is not a shift and is left out.
 */
export function calendarEvents(
  snapshot: RosterSnapshot, directory: Directory, subject: { type: CalendarSubjectType; id: string },
  from: Date, to: Date, locale: Locale,
): CalendarEvent[] {
  const tz = directory.settings.timeZone;
  const rosters = subject.type === 'roster' ? snapshot.rosters.filter((r) => r.id === subject.id) : snapshot.rosters;
  const events: CalendarEvent[] = [];
  for (const roster of rosters) {
    for (const instance of instancesBetween(roster, from, to, tz)) {
      const people = rosteredPeople(snapshot, roster, instance);
      if (subject.type === 'person' ? !people.includes(subject.id) : people.length === 0) continue;
      const changed = overridden(snapshot, roster, instance);
      const names = people.map((id) => directory.person(id)?.name ?? id).sort((a, b) => a.localeCompare(b, 'sv'));
      events.push({
        uid: `${roster.id}.${instance.shift.id}.${instance.localDate}${subject.type === 'person' ? `.${subject.id}` : ''}@samband`,
        start: instance.start,
        end: instance.end,
        summary: `${instance.shift.name[locale]} – ${roster.name[locale]}`,
        description: [names.length ? say('working', locale, names.join(', ')) : say('nobody', locale), ...(changed ? [say('changed', locale)] : [])],
        changed,
      });
    }
  }
  return events.sort((a, b) => a.start.getTime() - b.start.getTime() || a.uid.localeCompare(b.uid));
}
