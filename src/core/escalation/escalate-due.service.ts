import { personalDisclosures } from '../access/personal-disclosures.ts';
import type { Disclosure } from '../access/disclosure.types.ts';
import { randomUUID } from 'node:crypto';
import { ESCALATED_TO_BACKUP, ESCALATED_TO_SUPERVISORS, escalationPolicy } from './escalation-policy.ts';
import type { CoordinationDeps } from '../kernel/core-deps.ts';
import type { Directory } from '../directory/directory.ts';
import type { DueEscalation } from '../incident/incident.port.ts';
import type { NewNotification } from '../notification/notification.types.ts';
import type { AuditEventInput } from '../audit/audit.types.ts';
import { agencyName, renderIncident } from '../messages/incident-message.ts';
import { contentFor } from '../audience/content-for.ts';
import { t } from '../messages/i18n.ts';

export { ESCALATED_TO_BACKUP, ESCALATED_TO_SUPERVISORS } from './escalation-policy.ts';

/**
 * Escalates every agency that has not answered by its deadline: first to its backup address, one deadline later to
 * the area's supervisors. Each step is one transaction with its audit event; an answer clears the timer and stops it.
 * Safe to run on several replicas at once (claimed rows are skipped by the others). Returns the steps taken.
 */
export async function escalateDue(deps: CoordinationDeps, batchSize = 50): Promise<number> {
  const directory = await deps.directory.current();
  const now = deps.clock.now();
  const steps = await deps.incidents.transaction(async (tx) => {
    const due = await tx.claimDueEscalations(escalationPolicy.due(now), batchSize);
    const notifications: NewNotification[] = [];
    const events: AuditEventInput[] = [];
    const disclosures: Disclosure[] = [];
    for (const item of due) {
      const step = nextStep(directory, item);
      const nextAt = escalationPolicy.nextEscalationAt(step.level, now, directory.severity(item.incident.severity)?.ackDeadlineMinutes);
      await tx.transitionAgency(item.incident.id, item.part.agencyId, ['notified'], { escalationLevel: step.level, nextEscalationAt: nextAt });
      const rows = step.notifications(now);
      notifications.push(...rows);
      // The supervisors told in their own chats are shown the incident: a disclosure each.
      disclosures.push(...personalDisclosures(directory, item.incident, rows, now));
      events.push({
        at: now, actorId: 'scheduler', action: 'incident.escalated', subjectType: 'incident', subjectId: item.incident.ref,
        before: { agencyId: item.part.agencyId, escalationLevel: item.part.escalationLevel },
        after: { agencyId: item.part.agencyId, escalationLevel: step.level, recipients: step.recipients },
        platform: 'system',
      });
    }
    await tx.enqueue(notifications);
    await tx.disclose(disclosures);
    await tx.audit(events);
    return due.length;
  });
  if (steps > 0) deps.delivery?.wake();
  return steps;
}

interface Step {
  level: number;
  recipients: string[];
  notifications(now: Date): NewNotification[];
}

function nextStep(directory: Directory, { incident, part }: DueEscalation): Step {
  const backups = directory.addressesOf('agency', part.agencyId, 'backup');
  const toBackup = part.escalationLevel < ESCALATED_TO_BACKUP && backups.length > 0;
  const locale = directory.settings.defaultLocale;
  const minutes = escalationPolicy.deadlineMinutes(directory.severity(incident.severity)?.ackDeadlineMinutes);
  const level = toBackup ? ESCALATED_TO_BACKUP : ESCALATED_TO_SUPERVISORS;
  const base = (address: NewNotification['address'], idSuffix: string, personId?: string, l = locale) => ({
    id: randomUUID(),
    idempotencyKey: `${incident.id}:escalation:${part.agencyId}:${level}:${idSuffix}`,
    kind: 'incident.escalation' as const,
    incidentId: incident.id,
    agencyId: part.agencyId,
    personId,
    address,
  });
  if (toBackup) {
    return {
      level,
      recipients: backups.map((a) => a.id),
      notifications: (now) => backups.map((address) => ({
        ...base(address, address.id),
        message: renderIncident(directory, incident, {
          locale, ...contentFor(directory, address, part.canSeeSensitive), forAgencyId: part.agencyId, tone: 'warning',
          title: t('title.escalated', locale, { agency: agencyName(directory, part.agencyId, locale), ref: incident.ref }),
          text: t('text.escalated.backup', locale, { agency: agencyName(directory, part.agencyId, locale), minutes }),
        }),
        notBefore: now,
      })),
    };
  }
  const supervisors = directory.nearestSupervisorsOf(incident.areaId);
  return {
    level,
    recipients: supervisors.map((p) => p.id),
    notifications: (now) => supervisors.flatMap((person) => directory.addressesOf('person', person.id).map((address) => ({
      ...base(address, address.id, person.id, person.locale),
      message: renderIncident(directory, incident, {
        locale: person.locale, ...contentFor(directory, address, false), tone: 'warning', canClose: true,
        title: t('title.escalated', person.locale, { agency: agencyName(directory, part.agencyId, person.locale), ref: incident.ref }),
        text: t('text.escalated.supervisor', person.locale, { agency: agencyName(directory, part.agencyId, person.locale), ref: incident.ref }),
      }),
      notBefore: now,
    }))),
  };
}
