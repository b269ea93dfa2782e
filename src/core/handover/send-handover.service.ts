import { randomUUID } from 'node:crypto';
import { addMinutes } from 'date-fns';
import type { Actor } from '../kernel/actor.ts';
import type { CoordinationDeps } from '../kernel/core-deps.ts';
import type { CommandOutcome } from '../kernel/command-outcome.ts';
import type { Directory } from '../directory/directory.ts';
import type { NewNotification } from '../notification/notification.types.ts';
import type { AuditEventInput } from '../audit/audit.types.ts';
import { CoreError } from '../shared/core-error.ts';
import { plainMessage } from '../messages/incident-message.ts';
import type { Roster, RosterSnapshot, ShiftInstance } from '../shift/shift.types.ts';
import { instancesBetween, nextInstance } from '../shift/shift-instances.ts';
import { rosteredPeople } from '../shift/resolve-on-duty.ts';
import { findRoster } from '../shift/shift-args.ts';
import type { Handover } from './handover.types.ts';
import { compileHandoverNote } from './compile-handover.ts';
import { renderHandover, renderPreview, shiftRefLabel } from './handover-message.ts';
import { rosterAreaIds, rosterSupervisors, toShiftRef, type HandoverContext } from './handover-context.ts';
import { ht } from './handover.i18n.ts';
import { onlyOnce } from '../coordination/request-once.ts';

/** A shift may be handed over from its start until three hours after its end (a late handover is still one). */
const LATE_GRACE_MS = 3 * 3600_000;

/** The outgoing shift: the actor's own (supervisors and admins: any of the named roster) not yet handed over, ending first. */
async function pickOutgoing(ctx: HandoverContext, snapshot: RosterSnapshot, actor: Actor, roster: Roster | undefined, now: Date) {
  const tz = actor.directory.settings.timeZone;
  const privileged = roster !== undefined && (actor.person.role === 'admin' || actor.person.role === 'supervisor');
  const candidates = (roster ? [roster] : snapshot.rosters).flatMap((r) =>
    instancesBetween(r, new Date(now.getTime() - LATE_GRACE_MS), new Date(now.getTime() + 1), tz)
      .filter((i) => i.start <= now && (privileged || rosteredPeople(snapshot, r, i).includes(actor.person.id)))
      .map((instance) => ({ roster: r, instance })));
  if (candidates.length === 0) throw new CoreError('not_on_shift');
  const done = await ctx.handovers.findForShifts(candidates.map((c) => ({ rosterId: c.roster.id, shiftId: c.instance.shift.id, localDate: c.instance.localDate })));
  const open = candidates.filter((c) => !done.some((h) => h.rosterId === c.roster.id && h.from.shiftId === c.instance.shift.id && h.from.localDate === c.instance.localDate));
  if (open.length === 0) throw alreadySent(done[done.length - 1]);
  return open.sort((a, b) => a.instance.end.getTime() - b.instance.end.getTime())[0];
}

function alreadySent(handover: Handover | undefined): CoreError {
  return new CoreError('handover_already_sent', { ref: handover?.ref ?? '-' });
}

/**
 * `/handover [roster] [summary]`: compiles the outgoing shift's note (open incidents with their state,
 * unacknowledged parts, escalations under way, notes of the shift). Without a summary it is only shown. With one it
 * is stored and sent to the incoming shift's people with accept buttons, in one transaction with its audit events
 * (one per incident, so each incident's timeline shows which shift held it).
 */
export async function sendHandover(deps: CoordinationDeps, ctx: HandoverContext, actor: Actor, typed: string): Promise<CommandOutcome> {
  const { directory, locale, person } = actor;
  const tz = directory.settings.timeZone;
  const snapshot = await ctx.shifts.fresh();
  const words = typed.split(/\s+/).filter(Boolean);
  const named = words[0] ? findRoster(snapshot.rosters, words[0]) : undefined;
  const summary = (named ? words.slice(1) : words).join(' ').trim();
  const now = deps.clock.now();
  const { roster, instance: outgoing } = await pickOutgoing(ctx, snapshot, actor, named, now);
  const incoming = nextInstance(roster, outgoing, tz);
  if (!incoming) throw new CoreError('no_next_shift', { roster: roster.id, shift: outgoing.shift.id });
  const incidents = await ctx.handovers.incidentsInScope(roster.agencyIds, rosterAreaIds(directory, roster), outgoing.start);
  const notes = await ctx.handovers.notesBetween(incidents.map((i) => i.id), outgoing.start, now);
  const note = compileHandoverNote(incidents, notes, roster.agencyIds, now);
  if (!summary) return { replies: [renderPreview(directory, roster, toShiftRef(outgoing), toShiftRef(incoming), note, locale)], changed: false };

  const recipients = rosteredPeople(snapshot, roster, incoming).map((id) => directory.person(id)).filter((p) => p !== undefined);
  const acceptDueAt = addMinutes(new Date(Math.max(now.getTime(), incoming.start.getTime())), roster.acceptMinutes);
  const noRecipients = recipients.length === 0;
  const handover = await ctx.handovers.transaction(async (tx) => {
    await onlyOnce(tx, actor, 'handover.send', roster.id, now);
    const stored = await tx.insert({
      id: randomUUID(), rosterId: roster.id, from: toShiftRef(outgoing), to: toShiftRef(incoming), authorId: person.id, summary, note,
      recipientIds: recipients.map((p) => p.id), status: 'sent', createdAt: now, acceptDueAt,
      nextCheckAt: noRecipients ? null : acceptDueAt, remindedAt: null, escalatedAt: noRecipients ? now : null,
      acceptedAt: null, acceptedBy: null, acceptedLate: false, questions: null,
    }, note.incidents);
    if (!stored) return null;
    const rows: NewNotification[] = recipients.flatMap((p) => directory.addressesOf('person', p.id).map((address) => ({
      id: randomUUID(), idempotencyKey: `handover:${stored.id}:note:${address.id}`, kind: 'ext.handover.note', personId: p.id,
      address, message: renderHandover(directory, roster, stored, p.locale), notBefore: now,
    })));
    if (noRecipients) rows.push(...nobodyIncoming(directory, roster, stored, now));
    await tx.enqueue(rows);
    await tx.audit(sentEvents(directory, roster, stored, outgoing, incoming, actor, now));
    return stored;
  });
  if (!handover) throw alreadySent((await ctx.handovers.findForShifts([{ rosterId: roster.id, shiftId: outgoing.shift.id, localDate: outgoing.localDate }]))[0]);
  deps.delivery?.wake();
  const text = noRecipients
    ? ht('sent.nobody', locale, { ref: handover.ref })
    : ht('sent.reply', locale, { ref: handover.ref, people: recipients.map((p) => p.name).join(', ') });
  const reply = renderHandover(directory, roster, handover, locale, 'reply');
  return { replies: [plainMessage(locale, noRecipients ? 'warning' : 'success', text), { ...reply, actions: [] }], changed: true };
}

function nobodyIncoming(directory: Directory, roster: Roster, handover: Handover, now: Date): NewNotification[] {
  return rosterSupervisors(directory, roster).flatMap((p) => directory.addressesOf('person', p.id).map((address) => {
    const l = p.locale;
    const message = plainMessage(l, 'warning', ht('escalated.title', l, { ref: handover.ref }),
      ht('escalated.nobody', l, { roster: roster.name[l], to: shiftRefLabel(roster, handover.to, l), ref: handover.ref }));
    return { id: randomUUID(), idempotencyKey: `handover:${handover.id}:nobody:${address.id}`, kind: 'ext.handover.escalated', personId: p.id, address, message: { ...message, audience: 'notification' as const }, notBefore: now };
  }));
}

function sentEvents(directory: Directory, roster: Roster, handover: Handover, from: ShiftInstance, to: ShiftInstance, actor: Actor, now: Date): AuditEventInput[] {
  const l = directory.settings.defaultLocale;
  const base = { at: now, actorId: actor.person.id, platform: actor.platform, requestId: actor.requestId };
  const fromLabel = `${roster.name[l]} ${shiftRefLabel(roster, handover.from, l)}`;
  const toLabel = shiftRefLabel(roster, handover.to, l);
  return [
    {
      ...base, action: 'handover.sent', subjectType: 'handover', subjectId: handover.ref,
      after: {
        rosterId: roster.id, from: { shiftId: from.shift.id, date: from.localDate }, to: { shiftId: to.shift.id, date: to.localDate },
        incidents: handover.note.incidents.length, unacknowledged: handover.note.unacknowledged.length,
        recipients: handover.recipientIds, acceptDueAt: handover.acceptDueAt.toISOString(), late: now > from.end,
      },
    },
    ...handover.note.incidents.map((i): AuditEventInput => ({
      ...base, action: 'incident.handed_over', subjectType: 'incident', subjectId: i.ref,
      after: { handover: handover.ref, rosterId: roster.id, comment: ht('audit.handed_over', l, { from: fromLabel, to: toLabel, ref: handover.ref }) },
    })),
  ];
}
