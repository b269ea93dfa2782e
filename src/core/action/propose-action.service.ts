import { randomUUID } from 'node:crypto';
import type { Actor } from '../kernel/actor.ts';
import type { CoordinationDeps } from '../kernel/core-deps.ts';
import type { CommandOutcome } from '../kernel/command-outcome.ts';
import type { ActionCommand } from '../commands/command.types.ts';
import { requireVisible } from '../incident/find-visible-incident.ts';
import { escalationPolicy } from '../escalation/escalation-policy.ts';
import { agencyName, plainMessage } from '../messages/incident-message.ts';
import { formatLocalTime } from '../messages/format-time.ts';
import { textDigest } from '../audit/text-digest.ts';
import { onlyOnce } from '../coordination/request-once.ts';
import { CoreError } from '../shared/core-error.ts';
import type { ActionStore } from './action.port.ts';
import { formatActionRef } from './action.types.ts';
import { mayPropose } from './action-policy.ts';
import { actionNotifications, agencyRecipients } from './action-recipients.ts';
import { requireOpen } from './action-guards.ts';
import { refuse } from '../access/refuse.ts';
import { at } from './action.i18n.ts';

type Propose = Extract<ActionCommand, { kind: 'action.propose' }>;

/**
 * Proposes an action for an agency on an incident (`action 42 police patrol the square [due 2026-12-03]`). A
 * supervisor of the area or a member of the lead agency may; the incident must be open and the due date ahead. The
 * action, its messages to the agency's rooms and people on duty (Accept and Decline buttons) and its
 * `action.proposed` audit event are one transaction. The agency has the incident's acknowledgement deadline to
 * answer; then the action escalates (escalate-actions.service.ts).
 */
export async function proposeAction(deps: CoordinationDeps & { actions: ActionStore }, actor: Actor, command: Propose): Promise<CommandOutcome> {
  const { directory, person, locale } = actor;
  const tz = directory.settings.timeZone;
  const visible = requireVisible(actor, command.incident, await deps.incidents.findByNumber(command.incident.number));
  const now = deps.clock.now();
  if (command.dueAt && command.dueAt.getTime() <= now.getTime()) throw new CoreError('due_in_past', { due: formatLocalTime(command.dueAt, tz) });
  // Read outside the transaction: the roster resolver may read storage (embedded PGlite has one connection).
  const onDuty = await deps.onDuty.onDuty(directory, command.agencyId, now, visible.areaId);
  const result = await deps.actions.transaction(async (tx) => {
    const incident = await tx.lockIncident(visible.number);
    if (!incident) throw new CoreError('unknown_incident', { ref: command.incident.text });
    requireOpen(incident);
    if (!mayPropose(directory, person, incident)) return { refused: incident } as const;
    await onlyOnce(tx, actor, 'action.propose', incident.ref, now, incident.ref);
    const deadline = escalationPolicy.deadlineAt(now, directory.severity(incident.severity)?.ackDeadlineMinutes);
    const action = await tx.insert({
      id: randomUUID(), incidentId: incident.id, agencyId: command.agencyId, text: command.text, dueAt: command.dueAt ?? null,
      proposedBy: person.id, proposedAt: now, nextEscalationAt: deadline,
    });
    const ref = formatActionRef(incident.ref, action.seq);
    await tx.enqueue(actionNotifications(directory, incident, action, agencyRecipients(directory, action.agencyId, onDuty), {
      kind: 'action.proposal', key: 'proposal', now,
      view: (l) => ({ buttons: true, text: at('proposal.by', l, { person: person.name, deadline: formatLocalTime(deadline, tz) }) }),
    }));
    await tx.audit([{
      at: now, actorId: person.id, action: 'action.proposed', subjectType: 'incident', subjectId: incident.ref,
      after: { actionRef: ref, actionSeq: action.seq, agencyId: action.agencyId, textDigest: textDigest(action.text), dueAt: action.dueAt?.toISOString(), answerBy: deadline.toISOString() },
      platform: actor.platform, requestId: actor.requestId,
    }]);
    return { ref, deadline, incident };
  });
  if ('refused' in result && result.refused) return refuse(deps, actor, 'action.propose', 'incident', result.refused.ref);
  deps.delivery?.wake();
  const text = at('reply.proposed', locale, { ref: result.ref, agency: agencyName(directory, command.agencyId, locale), deadline: formatLocalTime(result.deadline, tz) });
  return { replies: [plainMessage(locale, 'success', text, undefined, result.incident.ref)], changed: true };
}
