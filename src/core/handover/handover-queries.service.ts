import type { Actor } from '../kernel/actor.ts';
import type { CoordinationDeps } from '../kernel/core-deps.ts';
import type { CommandOutcome } from '../kernel/command-outcome.ts';
import type { IncidentSelector } from '../commands/command.types.ts';
import { requireVisible } from '../incident/find-visible-incident.ts';
import { plainMessage } from '../messages/incident-message.ts';
import { formatLocalTime } from '../messages/format-time.ts';
import { instancesAt, instanceLabel } from '../shift/shift-instances.ts';
import { rostersCovering } from '../shift/resolve-on-duty.ts';
import type { HandoverContext } from './handover-context.ts';
import { handoverState, shiftRefLabel } from './handover-message.ts';
import { ht } from './handover.i18n.ts';

/** `/handover list`: the latest handovers of the rosters the actor works on (admins and supervisors: all). */
export async function listHandovers(ctx: HandoverContext, actor: Actor): Promise<CommandOutcome> {
  const { directory, locale, person } = actor;
  const snapshot = await ctx.shifts.snapshot();
  const mine = snapshot.rosters.filter((r) => person.role === 'admin' || person.role === 'supervisor'
    || (person.agencyId && r.agencyIds.includes(person.agencyId)));
  const handovers = await ctx.handovers.recent(mine.map((r) => r.id), 10);
  if (handovers.length === 0) return { replies: [plainMessage(locale, 'info', ht('list.title', locale), ht('list.none', locale))], changed: false };
  const message = plainMessage(locale, 'info', ht('list.title', locale));
  message.facts = handovers.map((h) => {
    const roster = snapshot.rosters.find((r) => r.id === h.rosterId);
    const route = roster ? `${roster.name[locale]} ${shiftRefLabel(roster, h.from, locale)} → ${shiftRefLabel(roster, h.to, locale)}` : h.rosterId;
    return { label: `${h.ref} · ${formatLocalTime(h.createdAt, directory.settings.timeZone)}`, value: `${route}\n${handoverState(directory, h, locale)}` };
  });
  return { replies: [message], changed: false };
}

/**
 * `/handover timeline <incident>`: which shift held the incident when. The shifts running when it was registered,
 * then every handover that passed it on, with who accepted when. Writes nothing.
 */
export async function incidentShiftTimeline(deps: CoordinationDeps, ctx: HandoverContext, actor: Actor, selector: IncidentSelector): Promise<CommandOutcome> {
  const { directory, locale } = actor;
  const tz = directory.settings.timeZone;
  const incident = requireVisible(actor, selector, await deps.incidents.findByNumber(selector.number));
  const snapshot = await ctx.shifts.snapshot();
  const rosters = [...new Map(incident.agencies.flatMap((a) => rostersCovering(snapshot, directory, a.agencyId, incident.areaId)).map((r) => [r.id, r])).values()];
  const message = plainMessage(locale, 'info', ht('timeline.title', locale, { ref: incident.ref }), rosters.length ? undefined : ht('timeline.none', locale, { ref: incident.ref }), incident.ref);
  const first = rosters.flatMap((r) => instancesAt(r, incident.createdAt, tz).map((i) => instanceLabel(r, i, locale, tz)));
  if (first.length) message.facts.push({ label: formatLocalTime(incident.createdAt, tz), value: ht('timeline.registered', locale, { shifts: first.join('; ') }) });
  for (const h of await ctx.handovers.forIncident(incident.id)) {
    const roster = snapshot.rosters.find((r) => r.id === h.rosterId);
    const from = roster ? `${roster.name[locale]} ${shiftRefLabel(roster, h.from, locale)}` : h.from.shiftId;
    const to = roster ? shiftRefLabel(roster, h.to, locale) : h.to.shiftId;
    message.facts.push({ label: formatLocalTime(h.createdAt, tz), value: ht('timeline.handover', locale, { ref: h.ref, from, to, state: handoverState(directory, h, locale) }) });
  }
  message.fallback = message.facts.map((f) => `${f.label} ${f.value}`).join(' | ').slice(0, 300) || message.fallback;
  return { replies: [message], incident, changed: false };
}
