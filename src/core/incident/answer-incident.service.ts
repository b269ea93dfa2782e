import type { Actor } from '../kernel/actor.ts';
import type { CoordinationDeps } from '../kernel/core-deps.ts';
import type { CommandOutcome } from '../kernel/command-outcome.ts';
import type { IncidentSelector } from '../commands/command.types.ts';
import type { AgencyPatch } from './incident.port.ts';
import type { AgencyState, Incident } from './incident.types.ts';
import { mayAnswerFor } from '../access/access-policy.ts';
import { refuse } from '../access/refuse.ts';
import { CoreError } from '../shared/core-error.ts';
import { requireVisible } from './find-visible-incident.ts';
import { LIVE_MESSAGE_KINDS, planIncidentUpdates, planReporterFollowup } from '../notification/plan-notifications.ts';
import { agencyName, plainMessage } from '../messages/incident-message.ts';
import { formatLocalClock } from '../messages/format-time.ts';
import { t, type TextKey } from '../messages/i18n.ts';
import { firstDelivery } from '../coordination/request-once.ts';
import { personalDisclosures } from '../access/personal-disclosures.ts';
import { textDigest } from '../audit/text-digest.ts';

export type Answer = { kind: 'ack' } | { kind: 'responding' } | { kind: 'decline'; reason: string };

const FROM: Record<Answer['kind'], AgencyState[]> = {
  ack: ['notified'],
  responding: ['notified', 'acknowledged'],
  decline: ['notified', 'acknowledged'],
};

const ACTION: Record<Answer['kind'], string> = {
  ack: 'incident.acknowledged',
  responding: 'incident.responding',
  decline: 'incident.declined',
};

/**
 * Acknowledge, responding or "not ours" for one agency. Idempotent: a second press (or a replay of the same request
 * key) finds the part already moved, writes nothing and says who answered when. Any answer stops the agency's
 * escalation.
 */
export async function answerIncident(
  deps: CoordinationDeps, actor: Actor, selector: IncidentSelector, answer: Answer, requestedAgencyId?: string,
): Promise<CommandOutcome> {
  const { directory, person, locale } = actor;
  const agencyId = requestedAgencyId ?? person.agencyId ?? '';
  const known = requireVisible(actor, selector, await deps.incidents.findByNumber(selector.number));
  // A contact answers for their own agency only, even when pressing a button in another agency's channel.
  const ownAgency = person.role === 'agency_contact' || person.role === 'supervisor' ? person.agencyId : null;
  if (!ownAgency || agencyId !== ownAgency) return refuse(deps, actor, answer.kind, 'incident', known.ref);
  if (!mayAnswerFor(person, known, agencyId)) {
    throw new CoreError('agency_not_notified', { agency: agencyName(directory, agencyId, locale), ref: known.ref });
  }
  if (known.status === 'closed') throw new CoreError('incident_closed', { ref: known.ref });

  const now = deps.clock.now();
  const result = await deps.incidents.transaction(async (tx) => {
    const incident = await tx.lockByNumber(selector.number);
    if (!incident) throw new CoreError('unknown_incident', { ref: selector.text });
    // A replayed answer gets what a second press gets: who answered when.
    if (!(await firstDelivery(tx, actor, ACTION[answer.kind], incident.ref, now))) return { changed: false as const, incident };
    const before = incident.agencies.find((a) => a.agencyId === agencyId)!;
    const moved = await tx.transitionAgency(incident.id, agencyId, FROM[answer.kind], patchFor(answer, person.id, now, before.acknowledgedAt));
    if (!moved) return { changed: false as const, incident };
    const after = (await tx.lockByNumber(selector.number))!;
    const name = agencyName(directory, agencyId, directory.settings.defaultLocale);
    const queued = await tx.notificationsOf(incident.id, LIVE_MESSAGE_KINDS);
    const rows = [
      ...planIncidentUpdates(directory, after, queued, now),
      ...planReporterFollowup(directory, after, (l) => plainMessage(l, 'info', doneText(answer, agencyName(directory, agencyId, l), after.ref, l), undefined, after.ref), now),
    ];
    await tx.enqueue(rows);
    await tx.disclose(personalDisclosures(directory, after, rows, now));
    await tx.audit([{
      at: now,
      actorId: person.id,
      action: ACTION[answer.kind],
      subjectType: 'incident',
      subjectId: incident.ref,
      before: { agencyId, state: before.state, escalationLevel: before.escalationLevel },
      after: { agencyId, state: after.agencies.find((a) => a.agencyId === agencyId)!.state, agency: name,
        // The reason itself stays in the agency's row (erasable); the trail keeps its digest only.
        reasonDigest: answer.kind === 'decline' ? textDigest(answer.reason) : undefined },
      platform: actor.platform,
      requestId: actor.requestId,
    }]);
    return { changed: true as const, incident: after };
  });
  if (result.changed) {
    deps.delivery?.wake();
    const text = doneText(answer, agencyName(directory, agencyId, locale), result.incident.ref, locale);
    return { replies: [plainMessage(locale, 'success', text, undefined, result.incident.ref)], incident: result.incident, changed: true };
  }
  return { replies: [alreadyAnswered(actor, result.incident, agencyId)], incident: result.incident, changed: false };
}

function patchFor(answer: Answer, personId: string, now: Date, acknowledgedAt: Date | null): AgencyPatch {
  const stop = { nextEscalationAt: null };
  switch (answer.kind) {
    case 'ack':
      return { ...stop, state: 'acknowledged', acknowledgedAt: now, acknowledgedBy: personId };
    case 'responding':
      // Responding implies acknowledging; keep the first acknowledgement time for time-to-acknowledge figures.
      return { ...stop, state: 'responding', respondingAt: now, acknowledgedAt: acknowledgedAt ?? now, acknowledgedBy: personId };
    case 'decline':
      return { ...stop, state: 'declined', declinedAt: now, declineReason: answer.reason, acknowledgedBy: personId };
  }
}

function doneText(answer: Answer, agency: string, ref: string, locale: Actor['locale']): string {
  if (answer.kind === 'decline') return t('text.decline.done', locale, { agency, ref, reason: answer.reason });
  return t(answer.kind === 'ack' ? 'text.ack.done' : 'text.responding.done', locale, { agency, ref });
}

function alreadyAnswered(actor: Actor, incident: Incident, agencyId: string) {
  const { directory, locale } = actor;
  const part = incident.agencies.find((a) => a.agencyId === agencyId)!;
  const when = part.declinedAt ?? part.respondingAt ?? part.acknowledgedAt;
  const text = t('text.already', locale, {
    agency: agencyName(directory, agencyId, locale),
    ref: incident.ref,
    state: t(`state.${part.state}` as TextKey, locale),
    time: when ? formatLocalClock(when, directory.settings.timeZone) : '-',
    person: (part.acknowledgedBy && directory.person(part.acknowledgedBy)?.name) ?? '-',
  });
  return plainMessage(locale, 'info', text, undefined, incident.ref);
}
