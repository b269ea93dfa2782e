import type { Actor } from '../kernel/actor.ts';
import type { IncidentSelector } from '../commands/command.types.ts';
import type { Incident } from './incident.types.ts';
import { maySee } from '../access/access-policy.ts';
import { CoreError } from '../shared/core-error.ts';

/**
 * Resolves a typed reference to an incident the actor may see. An incident they may not see is reported as unknown,
 * so references do not leak what exists.
 */
export function requireVisible(actor: Actor, selector: IncidentSelector, incident: Incident | null): Incident {
  if (!incident || !maySee(actor.directory, actor.person, incident)) {
    throw new CoreError('unknown_incident', { ref: selector.text });
  }
  return incident;
}
