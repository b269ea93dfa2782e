import { z } from 'zod';

/**
 * The optional `rosters` and `digests` sections of the deployment file. Checked for shape here and for references
 * (agencies, areas, people) in `checkRosterReferences`, which the deployment schema calls.
 */

const slug = z.string().regex(/^[a-z0-9][a-z0-9._-]*$/, 'must be a lowercase id (a-z, 0-9, ".", "_", "-")');
const text = z.string().trim().min(1, 'must not be empty');
const clock = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'must be a time of day, HH:MM (e.g. "07:00")');
const localDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date, YYYY-MM-DD');
const weekday = z.enum(['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun']);
const name = z.strictObject({ sv: text, en: text });

const shiftSchema = z.strictObject({
  id: slug,
  name: name.optional(),
  starts: clock,
  ends: clock,
});

const assignmentSchema = z.strictObject({
  shift: slug,
  people: z.array(slug).min(1),
  /** Weekdays the people work this shift; all days when left out. */
  days: z.array(weekday).optional(),
  from: localDate.optional(),
  until: localDate.optional(),
});

const overrideSchema = z.strictObject({
  date: localDate,
  shift: slug,
  add: z.array(slug).default([]),
  remove: z.array(slug).default([]),
});

export const rosterSchema = z.strictObject({
  id: slug,
  name: name.optional(),
  /** One agency, or several for a joint group; each person counts for their own agency. */
  agencies: z.array(slug).min(1),
  areas: z.array(slug).min(1),
  acceptMinutes: z.int().min(1).max(24 * 60).default(30),
  reminderMinutes: z.int().min(0).max(24 * 60).default(30),
  shifts: z.array(shiftSchema).min(1),
  assignments: z.array(assignmentSchema).default([]),
  overrides: z.array(overrideSchema).default([]),
});

export const digestSubscriptionSchema = z.strictObject({
  person: slug,
  areas: z.array(slug).default([]),
  agencies: z.array(slug).default([]),
  time: clock.default('07:00'),
  locale: z.enum(['sv', 'en']).optional(),
});

export type RosterConfig = z.infer<typeof rosterSchema>;
export type DigestSubscriptionConfig = z.infer<typeof digestSubscriptionSchema>;
export const WEEKDAY_NUMBERS: Record<z.infer<typeof weekday>, number> = { mon: 1, tue: 2, wed: 3, thu: 4, fri: 5, sat: 6, sun: 7 };

type Report = (path: (string | number)[], message: string) => void;

interface Known {
  areas: Set<string | number>;
  agencies: Set<string | number>;
  people: Map<string, { agency?: string; role: string }>;
}

/** Cross-references of rosters and digest subscriptions; every problem names the node it is about. */
export function checkRosterReferences(
  rosters: RosterConfig[] | undefined, digests: DigestSubscriptionConfig[] | undefined, known: Known, report: Report,
): void {
  const ids = new Set<string>();
  (rosters ?? []).forEach((roster, i) => {
    if (ids.has(roster.id)) report(['rosters', i, 'id'], `duplicate id "${roster.id}"`);
    ids.add(roster.id);
    roster.agencies.forEach((id, j) => known.agencies.has(id) || report(['rosters', i, 'agencies', j], `unknown agency "${id}"`));
    roster.areas.forEach((id, j) => known.areas.has(id) || report(['rosters', i, 'areas', j], `unknown area "${id}"`));
    const shifts = new Set<string>();
    roster.shifts.forEach((shift, j) => {
      if (shifts.has(shift.id)) report(['rosters', i, 'shifts', j, 'id'], `duplicate shift "${shift.id}"`);
      shifts.add(shift.id);
    });
    const person = (id: string, path: (string | number)[]) => {
      const found = known.people.get(id);
      if (!found) report(path, `unknown person "${id}"`);
      else if (!found.agency || !roster.agencies.includes(found.agency)) report(path, `"${id}" belongs to no agency of this roster`);
    };
    roster.assignments.forEach((a, j) => {
      if (!shifts.has(a.shift)) report(['rosters', i, 'assignments', j, 'shift'], `unknown shift "${a.shift}"`);
      a.people.forEach((id, k) => person(id, ['rosters', i, 'assignments', j, 'people', k]));
      if (a.from && a.until && a.from > a.until) report(['rosters', i, 'assignments', j, 'until'], 'ends before it starts');
    });
    roster.overrides.forEach((o, j) => {
      if (!shifts.has(o.shift)) report(['rosters', i, 'overrides', j, 'shift'], `unknown shift "${o.shift}"`);
      o.add.forEach((id, k) => person(id, ['rosters', i, 'overrides', j, 'add', k]));
      o.remove.forEach((id, k) => known.people.has(id) || report(['rosters', i, 'overrides', j, 'remove', k], `unknown person "${id}"`));
    });
  });
  (digests ?? []).forEach((digest, i) => {
    const found = known.people.get(digest.person);
    if (!found) report(['digests', i, 'person'], `unknown person "${digest.person}"`);
    else if (found.role !== 'supervisor' && found.role !== 'admin') report(['digests', i, 'person'], `"${digest.person}" is not a supervisor or admin`);
    digest.areas.forEach((id, j) => known.areas.has(id) || report(['digests', i, 'areas', j], `unknown area "${id}"`));
    digest.agencies.forEach((id, j) => known.agencies.has(id) || report(['digests', i, 'agencies', j], `unknown agency "${id}"`));
  });
}
