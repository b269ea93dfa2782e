import type { Actor } from '../kernel/actor.ts';
import type { CommandOutcome } from '../kernel/command-outcome.ts';
import type { Directory } from '../directory/directory.ts';
import { agencyName, plainMessage } from '../messages/incident-message.ts';
import type { MessageFact } from '../messages/outbound.types.ts';
import type { Roster, RosterSnapshot } from './shift.types.ts';
import { instancesAt, shiftInstance, shiftLabel } from './shift-instances.ts';
import { onDutyAt, rosteredPeople, rostersCovering, sessionsAt } from './resolve-on-duty.ts';
import { st } from './shift.i18n.ts';
import { requireRoster } from './shift-args.ts';
import type { ShiftCommand } from '../commands/command.types.ts';
import { localDateOf } from './local-time.ts';

type WhoCommand = Extract<ShiftCommand, { kind: 'shift.who' }>;
type PlanCommand = Extract<ShiftCommand, { kind: 'shift.plan' }>;

type Target = { agencyIds: string[]; areaId?: string };

/** What `/shift who` looks at: an area (every rostered agency there), an agency, or by default the actor's own agency. */
function resolveTarget(directory: Directory, actor: Actor, snapshot: RosterSnapshot, target: WhoCommand['target']): Target {
  const rostered = [...new Set(snapshot.rosters.flatMap((r) => r.agencyIds))];
  if (!target) return { agencyIds: actor.person.agencyId ? [actor.person.agencyId] : rostered };
  if ('agencyId' in target) return { agencyIds: [target.agencyId] };
  const agencyIds = rostered.filter((id) => rostersCovering(snapshot, directory, id, target.areaId).length > 0);
  return { agencyIds, areaId: target.areaId };
}

/** `/shift who [area|agency]`: per agency, the running shift of each covering roster and who is on it. Writes nothing. */
export function whoIsOnDuty(actor: Actor, snapshot: RosterSnapshot, command: WhoCommand, now: Date): CommandOutcome {
  const { directory, locale } = actor;
  const tz = directory.settings.timeZone;
  const target = resolveTarget(directory, actor, snapshot, command.target);
  const off = new Set(sessionsAt(snapshot, now, 'off').map((s) => s.personId));
  const name = (id: string) => directory.person(id)?.name ?? id;
  const facts: MessageFact[] = [];
  const agencyIds = [...target.agencyIds].sort((a, b) => agencyName(directory, a, locale).localeCompare(agencyName(directory, b, locale), locale));
  for (const agencyId of agencyIds) {
    const result = onDutyAt(snapshot, directory, agencyId, now, target.areaId);
    const lines: string[] = [];
    for (const roster of rostersCovering(snapshot, directory, agencyId, target.areaId)) {
      for (const instance of instancesAt(roster, now, tz)) {
        const people = rosteredPeople(snapshot, roster, instance)
          .filter((id) => directory.person(id)?.agencyId === agencyId && !off.has(id)).map(name);
        lines.push(`${shiftLabel(instance.shift, locale)} (${roster.name[locale]}): ${people.join(', ') || st('plan.nobody', locale)}`);
      }
    }
    if (!result.covered) lines.push(`${st('who.directory', locale)}: ${result.people.filter((p) => !result.outsidePlan.includes(p.id)).map((p) => p.name).join(', ') || st('plan.nobody', locale)}`);
    if (result.outsidePlan.length) lines.push(`${st('who.outside', locale)}: ${result.outsidePlan.map(name).join(', ')}`);
    if (result.covered && result.people.length === 0) lines.push(`⚠ ${st('who.nobody', locale)}`);
    facts.push({ label: agencyName(directory, agencyId, locale), value: lines.join('\n') });
  }
  const area = target.areaId ? ` · ${directory.area(target.areaId)?.name[locale]}` : '';
  const message = plainMessage(locale, 'info', `${st('who.title', locale)}${area}`, facts.length ? undefined : st('who.none', locale));
  message.facts = facts;
  message.fallback = facts.map((f) => `${f.label}: ${f.value.replace(/\n/g, '; ')}`).join(' | ').slice(0, 300) || message.fallback;
  return { replies: [message], changed: false };
}

/** `/shift plan [roster] [date]`: every shift of the roster(s) on a day and who works it. Writes nothing. */
export function showPlan(actor: Actor, snapshot: RosterSnapshot, command: PlanCommand, now: Date): CommandOutcome {
  const { directory, locale } = actor;
  const tz = directory.settings.timeZone;
  let rosters: Roster[] = snapshot.rosters;
  const date = command.date ?? localDateOf(now, tz);
  for (const ref of command.rosters) rosters = [requireRoster(snapshot.rosters, ref)];
  if (command.rosters.length === 0 && command.date === undefined && actor.person.agencyId) {
    const own = snapshot.rosters.filter((r) => r.agencyIds.includes(actor.person.agencyId!));
    if (own.length) rosters = own;
  }
  if (rosters.length === 0) return { replies: [plainMessage(locale, 'info', st('rosters.title', locale), st('rosters.none', locale))], changed: false };
  const replies = rosters.map((roster) => {
    const message = plainMessage(locale, 'info', st('plan.title', locale, { roster: roster.name[locale], date }));
    message.facts = roster.shifts.map((shift) => {
      const people = rosteredPeople(snapshot, roster, shiftInstance(roster, shift, date, tz)).map((id) => directory.person(id)?.name ?? id);
      return { label: shiftLabel(shift, locale), value: people.join(', ') || st('plan.nobody', locale) };
    });
    return message;
  });
  return { replies, changed: false };
}

/** `/shift rosters`: the rosters, their agencies, areas and shift pattern. Writes nothing. */
export function listRosters(actor: Actor, snapshot: RosterSnapshot): CommandOutcome {
  const { directory, locale } = actor;
  if (snapshot.rosters.length === 0) return { replies: [plainMessage(locale, 'info', st('rosters.title', locale), st('rosters.none', locale))], changed: false };
  const message = plainMessage(locale, 'info', st('rosters.title', locale));
  message.facts = snapshot.rosters.map((r) => ({
    label: `${r.id} · ${r.name[locale]}`,
    value: [
      r.agencyIds.map((id) => agencyName(directory, id, locale)).join(', '),
      r.areaIds.map((id) => directory.area(id)?.name[locale] ?? id).join(', '),
      r.shifts.map((s) => `${s.id} ${s.starts}–${s.ends}`).join(', '),
    ].join('\n'),
  }));
  return { replies: [message], changed: false };
}
