import { randomUUID } from 'node:crypto';
import type { Actor } from '../kernel/actor.ts';
import type { CoordinationDeps } from '../kernel/core-deps.ts';
import type { CommandOutcome } from '../kernel/command-outcome.ts';
import type { IncidentSelector } from '../commands/command.types.ts';
import type { SituationReport } from './incident.types.ts';
import type { SitrepParts } from './lead-commands.parser.ts';
import { CoreError } from '../shared/core-error.ts';
import { requireVisible } from './find-visible-incident.ts';
import { replaceEveryCopy } from './replace-every-copy.ts';
import { agencyName, plainMessage } from '../messages/incident-message.ts';
import { onlyOnce } from '../coordination/request-once.ts';
import { textDigest } from '../audit/text-digest.ts';
import { errorText } from '../messages/i18n.ts';
import { mayReport } from './lead-access.ts';
import { lt } from './lead-texts.i18n.ts';

/**
 * Stores the lead agency's situation report (a `situation_report` row and its `incident.sitrep` audit event in one
 * transaction) and replaces every copy of the incident already sent, each showing what its audience may see of it
 * (shared rooms and by-reference agencies only that it was updated, and when). Only a member of the lead agency or a
 * supervisor of the area may post one; a replay of the same request key stores nothing.
 */
export async function postSituationReport(
  deps: CoordinationDeps, actor: Actor, selector: IncidentSelector, parts: SitrepParts,
): Promise<CommandOutcome> {
  const { directory, person, locale } = actor;
  const known = requireVisible(actor, selector, await deps.incidents.findByNumber(selector.number));
  if (known.erasedAt) throw new CoreError('incident_erased', { ref: known.ref });
  if (known.status === 'closed') throw new CoreError('incident_closed', { ref: known.ref });
  if (!known.leadAgencyId) throw new CoreError('sitrep_no_lead', { ref: known.ref });
  if (!mayReport(directory, person, known)) return refuseNotLead(deps, actor, known.ref, known.leadAgencyId);

  const now = deps.clock.now();
  const incident = await deps.incidents.transaction(async (tx) => {
    await onlyOnce(tx, actor, 'incident.sitrep', known.ref, now, known.ref);
    const locked = (await tx.lockByNumber(selector.number))!;
    // The lead may have been handed over meanwhile: the report is written for the lead as it is now.
    if (!locked.leadAgencyId || !mayReport(directory, person, locked)) throw new CoreError('not_allowed', { action: 'sitrep' });
    const report: SituationReport = {
      id: randomUUID(), agencyId: locked.leadAgencyId, authorId: person.id,
      situation: parts.situation, actions: parts.actions, needs: parts.needs, createdAt: now,
    };
    await tx.addSituationReport(locked.id, report);
    const after = await replaceEveryCopy(tx, directory, selector.number, now);
    await tx.audit([{
      at: now, actorId: person.id, action: 'incident.sitrep', subjectType: 'incident', subjectId: locked.ref,
      // The text stays in the report's row (erasable with the incident); the trail keeps its id and digests only.
      after: {
        reportId: report.id, agencyId: report.agencyId, agency: agencyName(directory, report.agencyId, directory.settings.defaultLocale),
        situationDigest: textDigest(parts.situation) ?? undefined, actionsDigest: textDigest(parts.actions) ?? undefined,
        needsDigest: textDigest(parts.needs) ?? undefined,
      },
      platform: actor.platform, requestId: actor.requestId,
    }]);
    return after;
  });
  deps.delivery?.wake();
  return { replies: [plainMessage(locale, 'success', lt('sitrep.done', locale, { ref: incident.ref }), undefined, incident.ref)], incident, changed: true };
}

/** A refusal with its own words (who may write the report), recorded like every refusal: `access.denied`, nothing else. */
async function refuseNotLead(deps: CoordinationDeps, actor: Actor, ref: string, leadAgencyId: string): Promise<CommandOutcome> {
  await deps.incidents.auditOnly([{
    at: deps.clock.now(), actorId: actor.person.id, action: 'access.denied', subjectType: 'incident', subjectId: ref,
    after: { attempted: 'sitrep', role: actor.person.role }, platform: actor.platform, requestId: actor.requestId,
  }]);
  const text = errorText('sitrep_not_lead', actor.locale, { agency: agencyName(actor.directory, leadAgencyId, actor.locale), ref });
  return { replies: [plainMessage(actor.locale, 'error', text)], changed: false };
}
