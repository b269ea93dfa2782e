import { randomUUID } from 'node:crypto';
import type { Actor } from '../kernel/actor.ts';
import type { CoordinationDeps } from '../kernel/core-deps.ts';
import type { CommandOutcome } from '../kernel/command-outcome.ts';
import type { ActionCommand } from '../commands/command.types.ts';
import type { NewNotification } from '../notification/notification.types.ts';
import { maySee } from '../access/access-policy.ts';
import { refuse } from '../access/refuse.ts';
import { agencyName, plainMessage } from '../messages/incident-message.ts';
import { textDigest } from '../audit/text-digest.ts';
import { onlyOnce } from '../coordination/request-once.ts';
import { CoreError } from '../shared/core-error.ts';
import type { ActionStore, ActionTransaction } from './action.port.ts';
import { formatActionRef, type ActionIncident, type ActionPatch, type ActionState, type AgencyAction } from './action.types.ts';
import { mayAnswerAction } from './action-policy.ts';
import { renderAction, mayShowText } from './action-message.ts';
import { personalNotifications } from './action-recipients.ts';
import { requireOpen, wrongState } from './action-guards.ts';
import { at } from './action.i18n.ts';

type Step = Extract<ActionCommand, { kind: 'action.accept' | 'action.decline' | 'action.done' }>;
type Verb = 'accept' | 'decline' | 'done';

const VERB: Record<Step['kind'], Verb> = { 'action.accept': 'accept', 'action.decline': 'decline', 'action.done': 'done' };
/** The state each step starts from, and where it leads. */
const FROM: Record<Verb, ActionState> = { accept: 'proposed', decline: 'proposed', done: 'accepted' };
const AUDIT: Record<Verb, string> = { accept: 'action.accepted', decline: 'action.declined', done: 'action.done' };

function patchFor(command: Step, action: AgencyAction, personId: string, now: Date): ActionPatch {
  switch (command.kind) {
    case 'action.accept':
      // From now on the due time is what escalates (none without one); the answer deadline's steps start over.
      return { state: 'accepted', answeredBy: personId, answeredAt: now, escalationLevel: 0, nextEscalationAt: action.dueAt };
    case 'action.decline':
      return { state: 'declined', answeredBy: personId, answeredAt: now, declineReason: command.reason, nextEscalationAt: null };
    case 'action.done':
      return { state: 'done', doneBy: personId, doneAt: now, doneNote: command.note ?? null, nextEscalationAt: null };
  }
}

/** Replaces every copy of the proposal with the action as it now stands (Done button once accepted, none after). */
async function updatedCopies(tx: ActionTransaction, actor: Actor, incident: ActionIncident, action: AgencyAction, now: Date): Promise<NewNotification[]> {
  const { directory } = actor;
  return (await tx.proposalsOf(action.id)).map((original) => {
    const reader = original.personId ? directory.person(original.personId) : undefined;
    return {
      id: randomUUID(), idempotencyKey: `${original.id}:${action.state}`, kind: 'action.update', incidentId: incident.id,
      agencyId: action.agencyId, personId: original.personId ?? undefined, address: original.address, updatesId: original.id, notBefore: now,
      message: renderAction(directory, incident, action, { locale: reader?.locale ?? directory.settings.defaultLocale, showText: mayShowText(directory, original.address), buttons: true }),
    };
  });
}

/**
 * An agency's answer to a proposed action (accept, or decline with a reason), or an accepted action marked done
 * (with an optional note). A contact of the action's agency or a supervisor may. Each step moves the action from the
 * one state it applies to (accepting a declined action is refused), replaces every copy of the proposal, tells the
 * proposer, and writes its audit event, in one transaction. A double click changes nothing.
 */
export async function answerAction(deps: CoordinationDeps & { actions: ActionStore }, actor: Actor, command: Step): Promise<CommandOutcome> {
  const { directory, person, locale } = actor;
  const verb = VERB[command.kind];
  const selector = command.action;
  const known = await deps.incidents.findByNumber(selector.number);
  const visible = known !== null && maySee(directory, person, known);
  const now = deps.clock.now();
  const result = await deps.actions.transaction(async (tx) => {
    const incident = await tx.lockIncident(selector.number);
    const current = incident ? await tx.lockAction(incident.id, selector.seq) : null;
    if (!incident || !current) throw new CoreError('unknown_action', { ref: selector.text });
    const ref = formatActionRef(incident.ref, current.seq);
    if (!mayAnswerAction(directory, person, incident, current)) {
      // Someone who cannot see the incident learns nothing about its actions.
      if (!visible) throw new CoreError('unknown_action', { ref: selector.text });
      return { refused: incident } as const;
    }
    requireOpen(incident);
    await onlyOnce(tx, actor, command.kind, ref, now, incident.ref);
    if (current.state !== FROM[verb]) throw wrongState(ref, current.state, verb);
    const patch = patchFor(command, current, person.id, now);
    await tx.update(current.id, patch);
    const action: AgencyAction = { ...current, ...patch };
    const rows = await updatedCopies(tx, actor, incident, action, now);
    const proposer = directory.person(action.proposedBy);
    if (proposer && proposer.id !== person.id) {
      rows.push(...personalNotifications(directory, incident, action, [proposer], `outcome:${action.state}`, now, (l, showText) => {
        const params = { agency: agencyName(directory, action.agencyId, l), ref, person: person.name, reason: showText ? action.declineReason ?? '' : '-' };
        const message = plainMessage(l, action.state === 'declined' ? 'warning' : 'success', at(`outcome.${action.state}` as 'outcome.accepted', l, params));
        return showText ? { ...message, facts: renderAction(directory, incident, action, { locale: l, showText, buttons: false }).facts } : message;
      }));
    }
    await tx.enqueue(rows);
    await tx.audit([{
      at: now, actorId: person.id, action: AUDIT[verb], subjectType: 'incident', subjectId: incident.ref,
      before: { actionRef: ref, state: current.state, escalationLevel: current.escalationLevel },
      after: {
        actionRef: ref, actionSeq: action.seq, agencyId: action.agencyId, state: action.state,
        declineReasonDigest: verb === 'decline' ? textDigest(action.declineReason) ?? undefined : undefined,
        noteDigest: verb === 'done' ? textDigest(action.doneNote) ?? undefined : undefined,
        late: verb === 'done' && action.dueAt !== null && now > action.dueAt ? true : undefined,
      },
      platform: actor.platform, requestId: actor.requestId,
    }]);
    return { ref, action, incident };
  });
  if ('refused' in result && result.refused) return refuse(deps, actor, command.kind, 'incident', result.refused.ref);
  deps.delivery?.wake();
  const text = at(`reply.${verb === 'accept' ? 'accepted' : verb === 'decline' ? 'declined' : 'done'}`, locale, { ref: result.ref, agency: agencyName(directory, result.action.agencyId, locale) });
  const reply = plainMessage(locale, 'success', text, undefined, result.incident.ref);
  // Whoever accepted gets the Done button with the confirmation.
  if (result.action.state === 'accepted') reply.actions = renderAction(directory, result.incident, result.action, { locale, showText: true, buttons: true }).actions;
  return { replies: [reply], changed: true };
}
