import type { CoordinationDeps } from '../kernel/core-deps.ts';
import type { Directory } from '../directory/directory.ts';
import type { NewNotification } from '../notification/notification.types.ts';
import type { AuditEventInput } from '../audit/audit.types.ts';
import { ESCALATED_TO_BACKUP, ESCALATED_TO_SUPERVISORS, escalationPolicy } from '../escalation/escalation-policy.ts';
import { agencyName } from '../messages/incident-message.ts';
import { formatLocalTime } from '../messages/format-time.ts';
import type { ActionStore, DueAction } from './action.port.ts';
import { formatActionRef } from './action.types.ts';
import { actionNotifications, agencyRecipients, personalRecipients, type Recipient } from './action-recipients.ts';
import { at } from './action.i18n.ts';

/** The next step of an overdue action: its agency's backup first (when it has one), then the area's supervisors. */
function nextStep(directory: Directory, { action, incident }: DueAction): { level: number; recipients: Recipient[] } {
  const backups = agencyRecipients(directory, action.agencyId, [], 'backup');
  if (action.escalationLevel < ESCALATED_TO_BACKUP && backups.length > 0) return { level: ESCALATED_TO_BACKUP, recipients: backups };
  return { level: ESCALATED_TO_SUPERVISORS, recipients: personalRecipients(directory, directory.nearestSupervisorsOf(incident.areaId)) };
}

/**
 * Escalates overdue actions, like silent agencies (escalation-policy.ts): a proposal nobody answered by its answer
 * deadline, or an accepted action not done by its due time, goes first to the agency's backup address and, one
 * deadline later, to the area's supervisors; then nothing more. Each step updates the action's escalation level and
 * next time, queues its messages and writes `action.escalated`, in one transaction; claimed rows are skipped by other
 * replicas, so each step is taken once. Answering, declining, marking done or closing the incident stops it. Returns
 * the steps taken.
 */
export async function escalateActions(deps: Pick<CoordinationDeps, 'directory' | 'clock' | 'delivery'> & { actions: ActionStore }, batchSize = 50): Promise<number> {
  const directory = await deps.directory.current();
  const now = deps.clock.now();
  const tz = directory.settings.timeZone;
  const steps = await deps.actions.transaction(async (tx) => {
    const due = await tx.claimDue(escalationPolicy.due(now).dueBy, batchSize);
    const notifications: NewNotification[] = [];
    const events: AuditEventInput[] = [];
    for (const item of due) {
      const { action, incident } = item;
      const step = nextStep(directory, item);
      const minutes = directory.severity(incident.severity)?.ackDeadlineMinutes;
      const nextEscalationAt = escalationPolicy.nextEscalationAt(step.level, now, minutes);
      await tx.update(action.id, { escalationLevel: step.level, nextEscalationAt });
      const after = { ...action, escalationLevel: step.level, nextEscalationAt };
      const ref = formatActionRef(incident.ref, action.seq);
      const toBackup = step.level === ESCALATED_TO_BACKUP;
      notifications.push(...actionNotifications(directory, incident, after, step.recipients, {
        kind: 'action.escalation', key: `escalation:${action.state}:${step.level}`, now,
        view: (l) => {
          const params = {
            ref, agency: agencyName(directory, action.agencyId, l), due: action.dueAt ? formatLocalTime(action.dueAt, tz) : '-',
            minutes: escalationPolicy.deadlineMinutes(minutes),
          };
          const which = action.state === 'proposed' ? 'unanswered' : 'overdue';
          return {
            buttons: true, tone: 'warning', title: at('escalated.title', l, params),
            text: at(`escalated.${which}.${toBackup ? 'backup' : 'supervisor'}`, l, params),
          };
        },
      }));
      events.push({
        at: now, actorId: 'scheduler', action: 'action.escalated', subjectType: 'incident', subjectId: incident.ref,
        before: { actionRef: ref, agencyId: action.agencyId, escalationLevel: action.escalationLevel },
        after: { actionRef: ref, agencyId: action.agencyId, state: action.state, escalationLevel: step.level, recipients: step.recipients.map((r) => r.address.id) },
        platform: 'system',
      });
    }
    await tx.enqueue(notifications);
    await tx.audit(events);
    return due.length;
  });
  if (steps > 0) deps.delivery?.wake();
  return steps;
}
