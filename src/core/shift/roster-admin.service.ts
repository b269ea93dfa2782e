import { randomUUID } from 'node:crypto';
import type { Actor } from '../kernel/actor.ts';
import type { CoordinationDeps } from '../kernel/core-deps.ts';
import type { CommandOutcome } from '../kernel/command-outcome.ts';
import type { Person } from '../directory/directory.types.ts';
import { refuse } from '../access/refuse.ts';
import { plainMessage } from '../messages/incident-message.ts';
import type { Roster, RosterOverride } from './shift.types.ts';
import type { ShiftStore } from './shift.port.ts';
import { st } from './shift.i18n.ts';
import { requireRoster, requireShift, weekdaysText } from './shift-args.ts';
import type { ShiftCommand } from '../commands/command.types.ts';
import { onlyOnce } from '../coordination/request-once.ts';
import { CoreError } from '../shared/core-error.ts';

type RosterEditCommand = Extract<ShiftCommand, { kind: 'shift.override' | 'shift.assign' | 'shift.unassign' }>;

function requireMember(roster: Roster, person: Person): void {
  if (!person.agencyId || !roster.agencyIds.includes(person.agencyId)) {
    throw new CoreError('not_in_roster', { person: person.name, roster: roster.id });
  }
}

/**
 * Admin changes to rosters, each audited in its own transaction: one day's swap, addition or removal (overrides), or
 * a change to who works a shift by default (assignments). Others are refused and the attempt is audited.
 */
export async function editRoster(deps: CoordinationDeps, store: ShiftStore, actor: Actor, command: RosterEditCommand): Promise<CommandOutcome> {
  const verb = command.kind === 'shift.override' ? command.edit : command.kind === 'shift.assign' ? 'assign' : 'unassign';
  if (actor.person.role !== 'admin') return refuse(deps, actor, `shift.${verb}`, 'roster', command.roster);
  const { directory, locale } = actor;
  const now = deps.clock.now();
  const snapshot = await store.fresh();
  const roster = requireRoster(snapshot.rosters, command.roster);
  const named = (id: string) => directory.person(id)!;
  const base = { at: now, actorId: actor.person.id, subjectType: 'roster', subjectId: roster.id, platform: actor.platform, requestId: actor.requestId };

  if (command.kind === 'shift.assign' || command.kind === 'shift.unassign') {
    const shift = requireShift(roster, command.shift);
    const worker = named(command.personId);
    requireMember(roster, worker);
    if (command.kind === 'shift.assign') {
      const { weekdays } = command;
      await store.transaction(async (tx) => {
        await onlyOnce(tx, actor, 'roster.assign', roster.id, now);
        await tx.addAssignment(roster.id, { id: `admin:${randomUUID()}`, shiftId: shift.id, personId: worker.id, weekdays, validFrom: null, validUntil: null, source: 'admin' });
        await tx.audit([{ ...base, action: 'roster.assigned', after: { shiftId: shift.id, personId: worker.id, weekdays } }]);
      });
      const text = st('assign.done', locale, { person: worker.name, roster: roster.name[locale], shift: shift.name[locale], days: weekdaysText(weekdays, locale) });
      return { replies: [plainMessage(locale, 'success', text)], changed: true };
    }
    const count = await store.transaction(async (tx) => {
      await onlyOnce(tx, actor, 'roster.unassign', roster.id, now);
      const removed = await tx.removeAssignments(roster.id, shift.id, worker.id);
      if (removed > 0) await tx.audit([{ ...base, action: 'roster.unassigned', after: { shiftId: shift.id, personId: worker.id, removed } }]);
      return removed;
    });
    const text = st('unassign.done', locale, { person: worker.name, roster: roster.name[locale], shift: shift.name[locale], count });
    return { replies: [plainMessage(locale, count ? 'success' : 'info', text)], changed: count > 0 };
  }

  const { date, edit } = command;
  const shift = requireShift(roster, command.shift);
  const first = named(command.personId);
  const second = command.incomingId ? named(command.incomingId) : undefined;
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
