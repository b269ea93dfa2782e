import { randomUUID } from 'node:crypto';
import type { Actor } from '../kernel/actor.ts';
import type { CoordinationDeps } from '../kernel/core-deps.ts';
import type { CommandOutcome } from '../kernel/command-outcome.ts';
import type { Directory } from '../directory/directory.ts';
import type { Person } from '../directory/directory.types.ts';
import type { NewNotification } from '../notification/notification.types.ts';
import type { AuditEventInput } from '../audit/audit.types.ts';
import { checkTextLength } from '../commands/parse-context.ts';
import { CoreError } from '../shared/core-error.ts';
import { plainMessage } from '../messages/incident-message.ts';
import { formatLocalTime } from '../messages/format-time.ts';
import type { OutboundMessage } from '../messages/outbound.types.ts';
import type { Locale } from '../shared/platform.types.ts';
import type { Roster } from '../shift/shift.types.ts';
import { rosteredPeople } from '../shift/resolve-on-duty.ts';
import { parseHandoverRef, type Handover } from './handover.types.ts';
import { renderHandover, shiftRefLabel } from './handover-message.ts';
import { instanceOf, rosterSupervisors, type HandoverContext } from './handover-context.ts';
import { ht } from './handover.i18n.ts';
import { firstDelivery } from '../coordination/request-once.ts';
import { textDigest } from '../audit/text-digest.ts';

/** A roster that was removed from the configuration after the handover still renders with its ids. */
function rosterOrStub(rosters: Roster[], handover: Handover): Roster {
  return rosters.find((r) => r.id === handover.rosterId)
    ?? { id: handover.rosterId, name: { sv: handover.rosterId, en: handover.rosterId }, agencyIds: [], areaIds: [], acceptMinutes: 30, reminderMinutes: 0, shifts: [], assignments: [], source: 'config' };
}

export async function loadHandover(ctx: HandoverContext, refText: string | undefined): Promise<{ handover: Handover; roster: Roster }> {
  const number = refText ? parseHandoverRef(refText) : undefined;
  const handover = number ? await ctx.handovers.findByNumber(number) : null;
  if (!handover) throw new CoreError('unknown_handover', { ref: (refText ?? '').slice(0, 40) });
  return { handover, roster: rosterOrStub((await ctx.shifts.snapshot()).rosters, handover) };
}

const to = (person: Person, directory: Directory, key: string, kind: NewNotification['kind'], build: (l: Locale) => OutboundMessage, now: Date): NewNotification[] =>
  directory.addressesOf('person', person.id).map((address) => ({
    id: randomUUID(), idempotencyKey: `${key}:${address.id}`, kind, personId: person.id, address,
    message: { ...build(person.locale), audience: 'notification' }, notBefore: now,
  }));

/**
 * The incoming shift accepts a handover (button or `/handover accept HO-nn [questions]`). Late when past its
 * deadline. The note messages are replaced to show who accepted; the author hears of it (with the questions); the
 * supervisors too when they had been told it was not accepted. Only people of the incoming shift may accept.
 */
export async function acceptHandover(
  deps: CoordinationDeps, ctx: HandoverContext, actor: Actor, refText: string | undefined, questionsText: string | undefined,
): Promise<CommandOutcome> {
  const { directory, person, locale } = actor;
  const tz = directory.settings.timeZone;
  const { handover: known, roster } = await loadHandover(ctx, refText);
  const questions = questionsText?.trim() || null;
  if (questions) checkTextLength(questions);
  const instance = instanceOf(roster, known.to, tz);
  const incomingNow = instance ? rosteredPeople(await ctx.shifts.snapshot(), roster, instance) : [];
  if (!known.recipientIds.includes(person.id) && !incomingNow.includes(person.id)) {
    await deps.incidents.auditOnly([{
      at: deps.clock.now(), actorId: person.id, action: 'access.denied', subjectType: 'handover', subjectId: known.ref,
      after: { attempted: 'handover.accept', role: person.role }, platform: actor.platform, requestId: actor.requestId,
    }]);
    const people = known.recipientIds.map((id) => directory.person(id)?.name ?? id).join(', ') || '-';
    throw new CoreError('not_incoming', { ref: known.ref, people });
  }
  const now = deps.clock.now();
  const result = await ctx.handovers.transaction(async (tx) => {
    const current = (await tx.lockByNumber(known.number))!;
    // A replayed accept gets what a second accept gets: who accepted when.
    if (!(await firstDelivery(tx, actor, 'handover.accept', current.ref, now))) return { changed: false as const, handover: current };
    if (current.status === 'accepted') return { changed: false as const, handover: current };
    const late = now > current.acceptDueAt;
    const patch = { status: 'accepted' as const, acceptedAt: now, acceptedBy: person.id, acceptedLate: late, questions, nextCheckAt: null };
    await tx.update(current.id, patch);
    const after: Handover = { ...current, ...patch };
    const rows: NewNotification[] = (await tx.notesOf(current.id)).map((original) => {
      const reader = original.personId ? directory.person(original.personId) : undefined;
      return {
        id: randomUUID(), idempotencyKey: `${original.id}:accepted`, kind: 'ext.handover.update', personId: original.personId ?? undefined,
        address: original.address, message: renderHandover(directory, roster, after, reader?.locale ?? directory.settings.defaultLocale),
        updatesId: original.id, notBefore: now,
      };
    });
    const author = directory.person(current.authorId);
    if (author && author.id !== person.id) {
      rows.push(...to(author, directory, `handover:${current.id}:accepted`, 'ext.handover.accepted', (l) => plainMessage(l, questions ? 'warning' : 'success',
        questions ? ht('accepted.questions', l, { person: person.name, ref: current.ref, questions })
          : ht('accepted.author', l, { person: person.name, ref: current.ref, late: late ? ht('accepted.late', l) : '' })), now));
    }
    if (current.escalatedAt) {
      for (const supervisor of rosterSupervisors(directory, roster)) {
        rows.push(...to(supervisor, directory, `handover:${current.id}:accepted-supervisor`, 'ext.handover.accepted', (l) => plainMessage(l, 'info',
          ht('escalated.accepted', l, { ref: current.ref, person: person.name, time: formatLocalTime(now, tz) })), now));
      }
    }
    await tx.enqueue(rows);
    await tx.audit(acceptedEvents(directory, roster, after, actor, now));
    return { changed: true as const, handover: after };
  });
  const { handover } = result;
  if (!result.changed) {
    const params = { ref: handover.ref, person: directory.person(handover.acceptedBy ?? '')?.name ?? '-', time: formatLocalTime(handover.acceptedAt!, tz) };
    return { replies: [plainMessage(locale, 'info', ht('accepted.already', locale, params))], changed: false };
  }
  deps.delivery?.wake();
  const text = `${ht('accepted.reply', locale, { ref: handover.ref })}${handover.acceptedLate ? ht('accepted.late', locale) : ''}`;
  return { replies: [plainMessage(locale, 'success', text)], changed: true };
}

function acceptedEvents(directory: Directory, roster: Roster, handover: Handover, actor: Actor, now: Date): AuditEventInput[] {
  const l = directory.settings.defaultLocale;
  const base = { at: now, actorId: actor.person.id, platform: actor.platform, requestId: actor.requestId };
  const toLabel = `${roster.name[l]} ${shiftRefLabel(roster, handover.to, l)}`;
  return [
    {
      ...base, action: 'handover.accepted', subjectType: 'handover', subjectId: handover.ref,
      after: { late: handover.acceptedLate, withQuestions: handover.questions !== null, questionsDigest: textDigest(handover.questions) ?? undefined, acceptDueAt: handover.acceptDueAt.toISOString(), reminded: handover.remindedAt !== null, escalated: handover.escalatedAt !== null },
    },
    ...handover.note.incidents.map((i): AuditEventInput => ({
      ...base, action: 'incident.shift_took_over', subjectType: 'incident', subjectId: i.ref,
      after: { handover: handover.ref, rosterId: roster.id, comment: ht('audit.took_over', l, { to: toLabel, ref: handover.ref }) },
    })),
  ];
}
