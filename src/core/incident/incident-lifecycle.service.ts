import { randomUUID } from 'node:crypto';
import type { Actor } from '../kernel/actor.ts';
import type { CoordinationDeps } from '../kernel/core-deps.ts';
import type { CommandOutcome } from '../kernel/command-outcome.ts';
import type { IncidentSelector } from '../commands/command.types.ts';
import type { Incident } from './incident.types.ts';
import { mayClose } from '../access/access-policy.ts';
import { refuse } from '../access/refuse.ts';
import { CoreError } from '../shared/core-error.ts';
import { requireVisible } from './find-visible-incident.ts';
import { replaceEveryCopy } from './replace-every-copy.ts';
import { personalDisclosures } from '../access/personal-disclosures.ts';
import { plainMessage } from '../messages/incident-message.ts';
import { t } from '../messages/i18n.ts';
import type { NewNotification } from '../notification/notification.types.ts';
import { onlyOnce } from '../coordination/request-once.ts';
import { textDigest } from '../audit/text-digest.ts';

/**
 * Adds a note to the incident's timeline and posts it in the thread of every message sent about it. A replay of the
 * same request key adds nothing and says the request was done before.
 */
export async function addNote(deps: CoordinationDeps, actor: Actor, selector: IncidentSelector, text: string): Promise<CommandOutcome> {
  const { directory, person, locale } = actor;
  const known = requireVisible(actor, selector, await deps.incidents.findByNumber(selector.number));
  // No new free text on an incident the retention rules erased.
  if (known.erasedAt) throw new CoreError('incident_erased', { ref: known.ref });
  const now = deps.clock.now();
  const incident = await deps.incidents.transaction(async (tx) => {
    await onlyOnce(tx, actor, 'incident.note', known.ref, now, known.ref);
    const incident = (await tx.lockByNumber(selector.number))!;
    const noteId = randomUUID();
    await tx.addNote(incident.id, { id: noteId, authorId: person.id, text, createdAt: now });
    const originals = await tx.notificationsOf(incident.id, ['incident.new']);
    const rows = originals.map((original): NewNotification => {
      const reader = original.personId ? directory.person(original.personId) : undefined;
      const l = reader?.locale ?? directory.settings.defaultLocale;
      return {
        id: randomUUID(),
        idempotencyKey: `${original.id}:note:${noteId}`,
        kind: 'incident.followup',
        incidentId: incident.id,
        agencyId: original.agencyId ?? undefined,
        personId: original.personId ?? undefined,
        address: original.address,
        message: plainMessage(l, 'info', t('text.note.new', l, { person: person.name, ref: incident.ref, text }), undefined, incident.ref),
        threadOfId: original.id,
        notBefore: now,
      };
    });
    await tx.enqueue(rows);
    await tx.disclose(personalDisclosures(directory, incident, rows, now));
    await tx.audit([{
      at: now, actorId: person.id, action: 'incident.noted', subjectType: 'incident', subjectId: incident.ref,
      after: { noteId, length: text.length }, platform: actor.platform, requestId: actor.requestId,
    }]);
    return incident;
  });
  deps.delivery?.wake();
  return { replies: [plainMessage(locale, 'success', t('text.note.done', locale, { ref: incident.ref }), undefined, incident.ref)], incident, changed: true };
}

/**
 * Closes or reopens. Closing an already closed incident changes nothing and says so; a replay of the same request
 * key changes nothing (even when someone reopened or closed it since) and says the request was done before.
 */
export async function setIncidentOpen(
  deps: CoordinationDeps, actor: Actor, selector: IncidentSelector, open: boolean, comment?: string,
): Promise<CommandOutcome> {
  const { directory, person, locale } = actor;
  const known = requireVisible(actor, selector, await deps.incidents.findByNumber(selector.number));
  if (!mayClose(directory, person, known)) return refuse(deps, actor, open ? 'reopen' : 'close', 'incident', known.ref);
  // An erased incident stays closed: reopening would bring back an incident without its text.
  if (known.erasedAt) throw new CoreError('incident_erased', { ref: known.ref });
  const now = deps.clock.now();
  const result = await deps.incidents.transaction(async (tx) => {
    await onlyOnce(tx, actor, open ? 'incident.reopen' : 'incident.close', known.ref, now, known.ref);
    const incident = (await tx.lockByNumber(selector.number))!;
    const changed = open
      ? await tx.setStatus(incident.id, 'closed', 'open', null)
      : await tx.setStatus(incident.id, 'open', 'closed', now);
    if (!changed) return { changed, incident };
    const after = await replaceEveryCopy(tx, directory, selector.number, now);
    // A comment is kept as a note of the incident (where erasure can reach it); the trail keeps its digest and the note id.
    const noteId = comment ? randomUUID() : null;
    if (comment && noteId) await tx.addNote(incident.id, { id: noteId, authorId: person.id, text: comment, createdAt: now });
    await tx.audit([{
      at: now, actorId: person.id, action: open ? 'incident.reopened' : 'incident.closed', subjectType: 'incident',
      subjectId: incident.ref, before: { status: incident.status },
      after: { status: after.status, commentNoteId: noteId ?? undefined, commentDigest: textDigest(comment) ?? undefined },
      platform: actor.platform, requestId: actor.requestId,
    }]);
    return { changed, incident: after };
  });
  if (!result.changed) {
    if (open) throw new CoreError('incident_open', { ref: known.ref });
    return { replies: [plainMessage(locale, 'info', t('text.already_closed', locale, { ref: known.ref }))], incident: result.incident, changed: false };
  }
  deps.delivery?.wake();
  const text = t(open ? 'text.reopened' : 'text.closed', locale, { ref: result.incident.ref });
  return { replies: [plainMessage(locale, 'success', text, undefined, result.incident.ref)], incident: result.incident as Incident, changed: true };
}
