import type { Actor } from '../kernel/actor.ts';
import type { CoordinationDeps } from '../kernel/core-deps.ts';
import type { CommandOutcome } from '../kernel/command-outcome.ts';
import type { Command } from '../commands/command.types.ts';
import { domainHelpLines } from '../commands/command-table.ts';
import { registerIncident } from '../incident/register-incident.service.ts';
import { answerIncident } from '../incident/answer-incident.service.ts';
import { addNote, setIncidentOpen } from '../incident/incident-lifecycle.service.ts';
import { incidentStatus, listIncidents } from '../incident/incident-queries.service.ts';
import { setLegalHold } from '../retention/legal-hold.service.ts';
import { helpMessage, incidentForm } from '../messages/help-and-form.ts';
import { listRosters, showPlan, whoIsOnDuty } from '../shift/shift-who.service.ts';
import { endDuty, startDuty } from '../shift/shift-duty.service.ts';
import { editRoster } from '../shift/roster-admin.service.ts';
import { sendHandover } from '../handover/send-handover.service.ts';
import { acceptHandover } from '../handover/accept-handover.service.ts';
import { incidentShiftTimeline, listHandovers } from '../handover/handover-queries.service.ts';
import { setLeadAgency } from '../incident/lead-agency.service.ts';
import { postSituationReport } from '../incident/situation-report.service.ts';
import { proposeAction } from '../action/propose-action.service.ts';
import { answerAction } from '../action/answer-action.service.ts';
import { withActions } from '../action/action-queries.service.ts';
import { digestOnDemand, listSubscriptions, subscribeDigest, unsubscribeDigest } from '../digest/digest.service.ts';
import { listPackSubscriptions, packOnDemand, subscribePack, unsubscribePack } from '../pack/pack-chat.service.ts';

/**
 * Runs one parsed Command: each variant goes to its use case. The switch is exhaustive, so a new variant does not
 * compile until it has a use case.
 */
export async function runCommand(deps: CoordinationDeps, actor: Actor, command: Command): Promise<CommandOutcome> {
  switch (command.kind) {
    case 'incident.register':
      return registerIncident(deps, actor, command);
    case 'incident.form':
      return { replies: [], form: incidentForm(actor.directory, actor.locale), changed: false };
    case 'incident.ack':
      return answerIncident(deps, actor, command.incident, { kind: 'ack' }, command.agencyId);
    case 'incident.responding':
      return answerIncident(deps, actor, command.incident, { kind: 'responding' }, command.agencyId);
    case 'incident.decline':
      return answerIncident(deps, actor, command.incident, { kind: 'decline', reason: command.reason }, command.agencyId);
    case 'incident.note':
      return addNote(deps, actor, command.incident, command.text);
    case 'incident.close':
      return setIncidentOpen(deps, actor, command.incident, false, command.text);
    case 'incident.reopen':
      return setIncidentOpen(deps, actor, command.incident, true, command.text);
    case 'incident.status':
      // The incident's actions follow its card (agency actions, issue 13).
      return withActions(deps, actor, await incidentStatus(deps, actor, command.incident));
    case 'incident.hold':
      return setLegalHold(deps, actor, command.incident, true);
    case 'incident.release':
      return setLegalHold(deps, actor, command.incident, false);
    case 'incident.list':
      return listIncidents(deps, actor, command.areaId);
    case 'help':
      return { replies: [helpMessage(actor.directory, actor.locale, domainHelpLines(actor.locale))], changed: false };
    case 'shift.who':
      return whoIsOnDuty(actor, await deps.shifts.fresh(), command, deps.clock.now());
    case 'shift.plan':
      return showPlan(actor, await deps.shifts.fresh(), command, deps.clock.now());
    case 'shift.rosters':
      return listRosters(actor, await deps.shifts.fresh());
    case 'shift.on':
      return startDuty(deps, deps.shifts, actor, command);
    case 'shift.off':
      return endDuty(deps, deps.shifts, actor, command);
    case 'shift.override':
    case 'shift.assign':
    case 'shift.unassign':
      return editRoster(deps, deps.shifts, actor, command);
    case 'handover.send':
      return sendHandover(deps, deps, actor, command.text);
    case 'handover.accept':
      return acceptHandover(deps, deps, actor, command.handover, command.questions);
    case 'handover.list':
      return listHandovers(deps, actor);
    case 'handover.timeline':
      return incidentShiftTimeline(deps, deps, actor, command.incident);
    case 'digest.show':
      return digestOnDemand(deps, deps, actor, command);
    case 'digest.subscribe':
      return subscribeDigest(deps, deps, actor, command);
    case 'digest.unsubscribe':
      return unsubscribeDigest(deps, deps, actor, command.subscriptionId);
    case 'digest.subscriptions':
      return listSubscriptions(deps, actor);
    // Weekly pack (issue 13, pack)
    case 'pack.show':
      return packOnDemand(deps, actor, command);
    case 'pack.subscribe':
      return subscribePack(deps, actor, command);
    case 'pack.unsubscribe':
      return unsubscribePack(deps, actor, command.subscriptionId);
    case 'pack.subscriptions':
      return listPackSubscriptions(deps, actor);
    case 'incident.lead':
      return setLeadAgency(deps, actor, command.incident, command.agencyId);
    case 'incident.sitrep':
      return postSituationReport(deps, actor, command.incident, { situation: command.situation, actions: command.actions, needs: command.needs });
    // Agency actions (issue 13)
    case 'action.propose':
      return proposeAction(deps, actor, command);
    case 'action.accept':
    case 'action.decline':
    case 'action.done':
      return answerAction(deps, actor, command);
  }
}
