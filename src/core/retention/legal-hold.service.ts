import type { Actor } from '../kernel/actor.ts';
import type { CoordinationDeps } from '../kernel/core-deps.ts';
import type { CommandOutcome } from '../kernel/command-outcome.ts';
import type { IncidentSelector } from '../commands/command.types.ts';
import { mayHold } from '../access/access-policy.ts';
import { refuse } from '../access/refuse.ts';
import { CoreError } from '../shared/core-error.ts';
import { requireVisible } from '../incident/find-visible-incident.ts';
import { plainMessage } from '../messages/incident-message.ts';
import { t } from '../messages/i18n.ts';
import { onlyOnce } from '../coordination/request-once.ts';

/**
 * Puts a legal hold on an incident (`hold`), or releases it (`release`): while held, the retention job leaves the
 * incident whole, whatever its retention period says. Supervisors of the area and admins only; each change is
 * audited, a refusal too. Holding a held incident (or releasing one that is not) changes nothing and says so.
 */
export async function setLegalHold(deps: CoordinationDeps, actor: Actor, selector: IncidentSelector, hold: boolean): Promise<CommandOutcome> {
  const { directory, person, locale } = actor;
  const known = requireVisible(actor, selector, await deps.incidents.findByNumber(selector.number));
  if (!mayHold(directory, person, known)) return refuse(deps, actor, hold ? 'hold' : 'release', 'incident', known.ref);
  // Nothing left to keep: the erasure already happened and cannot be undone.
  if (hold && known.erasedAt) throw new CoreError('incident_erased', { ref: known.ref });
  const now = deps.clock.now();
  const changed = await deps.incidents.transaction(async (tx) => {
    await onlyOnce(tx, actor, hold ? 'incident.hold' : 'incident.release', known.ref, now, known.ref);
    const incident = (await tx.lockByNumber(selector.number))!;
    if (hold && incident.erasedAt) throw new CoreError('incident_erased', { ref: known.ref });
    if (!(await tx.setHold(incident.id, hold ? { at: now, by: person.id } : null))) return false;
    await tx.audit([{
      at: now, actorId: person.id, action: hold ? 'incident.held' : 'incident.released', subjectType: 'incident',
      subjectId: incident.ref, before: { held: !hold }, after: { held: hold }, platform: actor.platform, requestId: actor.requestId,
    }]);
    return true;
  });
  const key = changed ? (hold ? 'text.held' : 'text.released') : (hold ? 'text.already_held' : 'text.not_held');
  return { replies: [plainMessage(locale, changed ? 'success' : 'info', t(key, locale, { ref: known.ref }), undefined, known.ref)], incident: known, changed };
}
