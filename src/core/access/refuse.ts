import type { Actor } from '../kernel/actor.ts';
import type { CoordinationDeps } from '../kernel/core-deps.ts';
import type { CommandOutcome } from '../kernel/command-outcome.ts';
import { errorText } from '../messages/i18n.ts';
import { plainMessage } from '../messages/incident-message.ts';

/** Refuses an action: a clear message to the person and an `access.denied` audit event, nothing else written. */
export async function refuse(
  deps: CoordinationDeps, actor: Actor, action: string, subjectType: string, subjectId: string,
): Promise<CommandOutcome> {
  await deps.incidents.auditOnly([{
    at: deps.clock.now(),
    actorId: actor.person.id,
    action: 'access.denied',
    subjectType,
    subjectId,
    after: { attempted: action, role: actor.person.role },
    platform: actor.platform,
    requestId: actor.requestId,
  }]);
  const text = errorText('not_allowed', actor.locale, { action });
  return { replies: [plainMessage(actor.locale, 'error', text)], changed: false };
}
