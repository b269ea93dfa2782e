import type { Actor } from '../kernel/actor.ts';
import type { CoordinationDeps } from '../kernel/core-deps.ts';
import type { CommandOutcome } from '../kernel/command-outcome.ts';
import type { IncidentSelector } from '../commands/command.types.ts';
import type { Incident } from './incident.types.ts';
import { refuse } from '../access/refuse.ts';
import { CoreError } from '../shared/core-error.ts';
import { requireVisible } from './find-visible-incident.ts';
import { replaceEveryCopy } from './replace-every-copy.ts';
import { agencyName, plainMessage } from '../messages/incident-message.ts';
import { onlyOnce } from '../coordination/request-once.ts';
import { mayLead } from './lead-access.ts';
import { lt } from './lead-texts.i18n.ts';

/** Refuses a lead agency that takes no part in the incident (it has not been told of it: need to know). */
function requireTakingPart(actor: Actor, incident: Incident, agencyId: string): void {
  if (incident.agencies.some((a) => a.agencyId === agencyId)) return;
  const { directory, locale } = actor;
  throw new CoreError('lead_not_involved', {
    agency: agencyName(directory, agencyId, locale), ref: incident.ref,
    agencies: incident.agencies.map((a) => agencyName(directory, a.agencyId, locale)).join(', '),
  });
}

/**
 * Sets or changes the agency that leads the work on an incident (one of the agencies taking part), audited as
 * `incident.lead_set` in the same transaction, and replaces every copy of the incident already sent so each shows the
 * lead. Naming the agency that already leads changes nothing and says so; a replay of the same request key changes
 * nothing.
 */
export async function setLeadAgency(deps: CoordinationDeps, actor: Actor, selector: IncidentSelector, agencyId: string): Promise<CommandOutcome> {
  const { directory, person, locale } = actor;
  const known = requireVisible(actor, selector, await deps.incidents.findByNumber(selector.number));
  if (known.erasedAt) throw new CoreError('incident_erased', { ref: known.ref });
  if (known.status === 'closed') throw new CoreError('incident_closed', { ref: known.ref });
  requireTakingPart(actor, known, agencyId);
  if (!mayLead(directory, person, known, agencyId)) return refuse(deps, actor, 'lead', 'incident', known.ref);
  const name = (l: typeof locale) => agencyName(directory, agencyId, l);
  if (known.leadAgencyId === agencyId) {
    return { replies: [plainMessage(locale, 'info', lt('lead.already', locale, { agency: name(locale), ref: known.ref }), undefined, known.ref)], incident: known, changed: false };
  }

  const now = deps.clock.now();
  const result = await deps.incidents.transaction(async (tx) => {
    await onlyOnce(tx, actor, 'incident.lead', known.ref, now, known.ref);
    const incident = (await tx.lockByNumber(selector.number))!;
    if (incident.leadAgencyId === agencyId) return { changed: false as const, incident };
    // Checked again under the lock: someone may have taken or handed over the lead meanwhile.
    if (!mayLead(directory, person, incident, agencyId)) throw new CoreError('not_allowed', { action: 'lead' });
    await tx.setLeadAgency(incident.id, agencyId);
    const after = await replaceEveryCopy(tx, directory, selector.number, now);
    await tx.audit([{
      at: now, actorId: person.id, action: 'incident.lead_set', subjectType: 'incident', subjectId: incident.ref,
      before: { leadAgencyId: incident.leadAgencyId ?? null },
      after: { agencyId, agency: name(directory.settings.defaultLocale) },
      platform: actor.platform, requestId: actor.requestId,
    }]);
    return { changed: true as const, incident: after };
  });
  if (!result.changed) {
    return { replies: [plainMessage(locale, 'info', lt('lead.already', locale, { agency: name(locale), ref: known.ref }), undefined, known.ref)], incident: result.incident, changed: false };
  }
  deps.delivery?.wake();
  return { replies: [plainMessage(locale, 'success', lt('lead.done', locale, { agency: name(locale), ref: known.ref }), undefined, known.ref)], incident: result.incident, changed: true };
}
