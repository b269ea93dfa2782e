import { randomUUID } from 'node:crypto';
import type { Actor, CoordinationDeps } from '../coordination/coordination.deps.ts';
import type { CommandOutcome } from '../coordination/command-outcome.ts';
import type { Person } from '../directory/directory.types.ts';
import { refuse } from '../access/refuse.ts';
import { plainMessage } from '../messages/incident-message.ts';
import type { Roster, RosterOverride } from './shift.types.ts';
import type { ShiftStore } from './shift.port.ts';
import { ExtensionError } from './texts.ts';
import { st } from './shift.i18n.ts';
import { parseWeekdays, requireDate, requirePerson, requireRoster, requireShift, usageError, weekdaysText } from './shift-args.ts';
import { onlyOnce } from '../coordination/request-once.ts';

export type RosterEdit = 'swap' | 'add' | 'remove' | 'assign' | 'unassign';

const USAGE: Record<RosterEdit, string> = {
  swap: 'shift swap <roster> <date> <shift> <out> <in>',
  add: 'shift add <roster> <date> <shift> <person>',
  remove: 'shift remove <roster> <date> <shift> <person>',
  assign: 'shift assign <roster> <shift> <person> [mon-fri]',
  unassign: 'shift unassign <roster> <shift> <person>',
};

function requireMember(roster: Roster, person: Person): void {
  if (!person.agencyId || !roster.agencyIds.includes(person.agencyId)) {
    throw new ExtensionError('not_in_roster', (l) => st('error.not_in_roster', l, { person: person.name, roster: roster.id }));
  }
}

/**
 * Admin changes to rosters, each audited in its own transaction: one day's swap, addition or removal (overrides), or
 * a change to who works a shift by default (assignments). Others are refused and the attempt is audited.
 */
export async function editRoster(deps: CoordinationDeps, store: ShiftStore, actor: Actor, edit: RosterEdit, args: string[]): Promise<CommandOutcome> {
  if (actor.person.role !== 'admin') return refuse(deps, actor, `shift.${edit}`, 'roster', args[0] ?? '-');
  const { directory, locale } = actor;
  const tz = directory.settings.timeZone;
  const now = deps.clock.now();
  const usage = USAGE[edit];
  const snapshot = await store.fresh();
  const roster = requireRoster(snapshot.rosters, args[0], usage);
  const base = { at: now, actorId: actor.person.id, subjectType: 'roster', subjectId: roster.id, platform: actor.platform, requestId: actor.requestId };

  if (edit === 'assign' || edit === 'unassign') {
    const shift = requireShift(roster, args[1], usage);
    const person = requirePerson(directory, actor, args[2], usage);
    requireMember(roster, person);
    if (edit === 'assign') {
      const weekdays = args[3] ? parseWeekdays(args.slice(3).join('')) : [];
      await store.transaction(async (tx) => {
        await onlyOnce(tx, actor, 'roster.assign', roster.id, now);
        await tx.addAssignment(roster.id, { id: `admin:${randomUUID()}`, shiftId: shift.id, personId: person.id, weekdays, validFrom: null, validUntil: null, source: 'admin' });
        await tx.audit([{ ...base, action: 'roster.assigned', after: { shiftId: shift.id, personId: person.id, weekdays } }]);
      });
      const text = st('assign.done', locale, { person: person.name, roster: roster.name[locale], shift: shift.name[locale], days: weekdaysText(weekdays, locale) });
      return { replies: [plainMessage(locale, 'success', text)], changed: true };
    }
    const count = await store.transaction(async (tx) => {
      await onlyOnce(tx, actor, 'roster.unassign', roster.id, now);
      const removed = await tx.removeAssignments(roster.id, shift.id, person.id);
      if (removed > 0) await tx.audit([{ ...base, action: 'roster.unassigned', after: { shiftId: shift.id, personId: person.id, removed } }]);
      return removed;
    });
    const text = st('unassign.done', locale, { person: person.name, roster: roster.name[locale], shift: shift.name[locale], count });
    return { replies: [plainMessage(locale, count ? 'success' : 'info', text)], changed: count > 0 };
  }

  const date = requireDate(args[1], now, tz, usage);
  const shift = requireShift(roster, args[2], usage);
  const first = requirePerson(directory, actor, args[3], usage);
  const second = edit === 'swap' ? requirePerson(directory, actor, args[4], usage) : undefined;
  if (edit === 'swap' && !second) throw usageError(usage);
  const incoming = edit === 'swap' ? second! : first;
  if (edit !== 'remove') requireMember(roster, incoming);
  const row = (personId: string, change: RosterOverride['change'], offset: number) => ({
    id: randomUUID(), rosterId: roster.id, shiftId: shift.id, localDate: date, personId, change,
    createdAt: new Date(now.getTime() + offset), createdBy: actor.person.id,
  });
  const rows = edit === 'swap' ? [row(first.id, 'remove', 0), row(second!.id, 'add', 1)] : [row(first.id, edit, 0)];
  await store.transaction(async (tx) => {
    await onlyOnce(tx, actor, `roster.${edit}`, roster.id, now);
    await tx.addOverrides(rows);
    await tx.audit([{ ...base, action: edit === 'swap' ? 'roster.swapped' : `roster.${edit === 'add' ? 'person_added' : 'person_removed'}`,
      after: { shiftId: shift.id, date, changes: rows.map((r) => ({ personId: r.personId, change: r.change })) } }]);
  });
  const params = { roster: roster.name[locale], shift: shift.name[locale], date, person: first.name, out: first.name, in: second?.name ?? '' };
  return { replies: [plainMessage(locale, 'success', st(`${edit}.done` as 'swap.done', locale, params))], changed: true };
}
