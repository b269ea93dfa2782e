import type { Directory } from '../directory/directory.ts';
import { normalizeName } from '../directory/directory.ts';
import type { Person } from '../directory/directory.types.ts';
import type { Roster, RosterShift } from './shift.types.ts';
import { addLocalDays, localDateOf, parseClock, parseLocalDate, type LocalDate } from './local-time.ts';
import { st } from './shift.i18n.ts';
import { usageError } from '../commands/parse-context.ts';
import { CoreError } from '../shared/core-error.ts';

const TODAY = new Set(['today', 'idag', 'i-dag']);
const TOMORROW = new Set(['tomorrow', 'imorgon', 'i-morgon']);
const YESTERDAY = new Set(['yesterday', 'igar', 'i-gar']);
const SELF = new Set(['me', 'jag', 'mig', 'self']);

/** `2026-03-29`, `today`/`idag`, `tomorrow`/`imorgon`, `yesterday`/`igår` as a local date. */
export function parseDateWord(text: string, now: Date, timeZone: string): LocalDate | undefined {
  const word = normalizeName(text);
  const today = localDateOf(now, timeZone);
  if (TODAY.has(word)) return today;
  if (TOMORROW.has(word)) return addLocalDays(today, 1);
  if (YESTERDAY.has(word)) return addLocalDays(today, -1);
  return parseLocalDate(text);
}

/** A date argument: `usage` when absent, `bad_date` when it is not one. */
export function requireDate(text: string | undefined, now: Date, timeZone: string, usage: string): LocalDate {
  if (!text) throw usageError(usage);
  const date = parseDateWord(text, now, timeZone);
  if (!date) throw new CoreError('bad_date', { date: text.slice(0, 40) });
  return date;
}

export function requireClock(text: string): string {
  const clock = parseClock(text);
  if (!clock) throw new CoreError('bad_time', { time: text.slice(0, 20) });
  return clock;
}

/** A person by id (`karin.dahl`), or the sender (`selfId`) for `me`/`jag`. */
export function findPerson(directory: Directory, selfId: string, text: string): Person | undefined {
  const word = normalizeName(text);
  if (SELF.has(word)) return directory.person(selfId);
  return directory.person(text.toLowerCase()) ?? directory.allPeople().find((p) => normalizeName(p.id) === word);
}

/** A person argument: `usage` when absent, `unknown_named_person` when nobody has that id. */
export function requirePerson(directory: Directory, selfId: string, text: string | undefined, usage: string): Person {
  if (!text) throw usageError(usage);
  const person = findPerson(directory, selfId, text);
  if (!person) throw new CoreError('unknown_named_person', { person: text.slice(0, 60) });
  return person;
}

/** A roster by id or by its Swedish or English name written as one word. */
export function findRoster(rosters: Roster[], text: string): Roster | undefined {
  const word = normalizeName(text);
  return rosters.find((r) => r.id === word || normalizeName(r.name.sv).replace(/ /g, '-') === word || normalizeName(r.name.en).replace(/ /g, '-') === word);
}

/** A roster named in a command (the parser checked it was given): `unknown_roster` when none has that name. */
export function requireRoster(rosters: Roster[], text: string): Roster {
  const roster = findRoster(rosters, text);
  if (!roster) {
    throw new CoreError('unknown_roster', { roster: text.slice(0, 60), rosters: rosters.map((r) => r.id).join(', ') || '-' });
  }
  return roster;
}

/** A shift of the roster named in a command: `unknown_shift` when the roster has none by that name. */
export function requireShift(roster: Roster, text: string): RosterShift {
  const word = normalizeName(text);
  const shift = roster.shifts.find((s) => s.id === word || normalizeName(s.name.sv) === word || normalizeName(s.name.en) === word);
  if (!shift) {
    throw new CoreError('unknown_shift', { roster: roster.id, shift: text.slice(0, 40), shifts: roster.shifts.map((s) => s.id).join(', ') });
  }
  return shift;
}

const DAY_NAMES: Record<string, number> = {
  mon: 1, man: 1, monday: 1, mandag: 1, tue: 2, tis: 2, tuesday: 2, tisdag: 2, wed: 3, ons: 3, wednesday: 3, onsdag: 3,
  thu: 4, tor: 4, thursday: 4, torsdag: 4, fri: 5, fre: 5, friday: 5, fredag: 5, sat: 6, lor: 6, saturday: 6, lordag: 6,
  sun: 7, son: 7, sunday: 7, sondag: 7,
};
const DAY_SETS: Record<string, number[]> = {
  all: [], alla: [], daily: [], weekdays: [1, 2, 3, 4, 5], vardagar: [1, 2, 3, 4, 5], weekend: [6, 7], helg: [6, 7], helger: [6, 7],
};

/** `mon-fri`, `mån,ons`, `vardagar`, `helg`, `all` -> ISO weekdays (empty = every day). */
export function parseWeekdays(text: string): number[] {
  const word = normalizeName(text);
  if (word in DAY_SETS) return DAY_SETS[word];
  const days = new Set<number>();
  for (const part of word.split(',')) {
    const [from, to] = part.split('-');
    const a = DAY_NAMES[from];
    const b = to === undefined ? a : DAY_NAMES[to];
    if (!a || !b) throw new CoreError('bad_days', { days: text.slice(0, 40) });
    for (let d = a; ; d = (d % 7) + 1) {
      days.add(d);
      if (d === b) break;
    }
  }
  return [...days].sort();
}

/** `1,2,3,4,5` -> `mån–fre` style text for replies. */
export function weekdaysText(weekdays: number[], locale: 'sv' | 'en'): string {
  if (weekdays.length === 0) return st('days.all', locale);
  const names = locale === 'sv' ? ['mån', 'tis', 'ons', 'tor', 'fre', 'lör', 'sön'] : ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'];
  return weekdays.map((d) => names[d - 1]).join(', ');
}
