import { personalDisclosures } from '../access/personal-disclosures.ts';
import { randomUUID } from 'node:crypto';
import { TZDate } from '@date-fns/tz';
import type { Actor } from '../kernel/actor.ts';
import type { CoordinationDeps } from '../kernel/core-deps.ts';
import type { CommandOutcome } from '../kernel/command-outcome.ts';
import type { RegisterIncidentCommand } from '../commands/command.types.ts';
import { validateRegistration } from '../commands/incident.parser.ts';
import { routeIncident } from '../routing/route-incident.ts';
import { planIncidentNotifications } from '../notification/plan-notifications.ts';
import { agencyName, renderIncident } from '../messages/incident-message.ts';
import { t } from '../messages/i18n.ts';
import { maySeeSensitive, mayRegister } from '../access/access-policy.ts';
import { refuse } from '../access/refuse.ts';
import type { Incident } from './incident.types.ts';
import { DuplicateRequestKeyError } from './incident.errors.ts';
import { escalationPolicy } from '../escalation/escalation-policy.ts';
import { mayPropose } from '../action/action-policy.ts';

/**
 * Registers an incident: validates it, routes it to the agencies that must know, and queues one notification per
 * agency channel and on-duty contact, all in one transaction with the audit event. A retried request (same
 * requestKey) returns the incident the first delivery created and writes nothing.
 */
export async function registerIncident(deps: CoordinationDeps, actor: Actor, input: RegisterIncidentCommand): Promise<CommandOutcome> {
  const { directory, person } = actor;
  if (!mayRegister(person)) return refuse(deps, actor, 'register', 'incident', 'new');
  const command = validateRegistration(input, directory);
  const now = deps.clock.now();
  const severity = directory.severity(command.severity);
  const routed = routeIncident(directory, command.areaId, command.categoryId, command.severity);
  const id = randomUUID();
  const deadlineAt = escalationPolicy.deadlineAt(now, severity?.ackDeadlineMinutes);
  const draft = {
    id,
    year: new TZDate(now.getTime(), directory.settings.timeZone).getFullYear(),
    areaId: command.areaId,
    categoryId: command.categoryId,
    severity: command.severity,
    description: command.description,
    sensitiveDetails: command.sensitiveDetails ?? null,
    reporterId: person.id,
    reporterAgencyId: person.agencyId,
    sourcePlatform: actor.platform,
    requestKey: actor.requestKey ?? null,
    createdAt: now,
    agencies: routed.map((r) => ({ agencyId: r.agencyId, canSeeSensitive: r.canSeeSensitive, sensitiveBasis: r.sensitiveBasis, deadlineAt, nextEscalationAt: deadlineAt })),
  };
  // One atomic write: the incident, a notification per address, the read log and the audit event (incident.port.ts).
  const { incident, created } = await withRetriedDuplicate(deps, actor.requestKey, () => deps.incidents.register(draft, async (incident) => {
    const notifications = await planIncidentNotifications(directory, incident, deps.onDuty, now);
    return {
      notifications,
      disclosures: personalDisclosures(directory, incident, notifications, now),
      audit: [{
        at: now,
        actorId: person.id,
        action: 'incident.registered',
        subjectType: 'incident',
        subjectId: incident.ref,
        after: {
          areaId: incident.areaId,
          categoryId: incident.categoryId,
          severity: incident.severity,
          agencies: routed,
          notifications: notifications.length,
          hasSensitiveDetails: incident.sensitiveDetails !== null,
        },
        platform: actor.platform,
        requestId: actor.requestId,
      }],
    };
  }));
  if (created) deps.delivery?.wake();
  return { replies: [registeredReply(actor, incident, created)], incident, changed: created };
}

/** Two deliveries of one request racing: the loser returns the winner's incident. */
async function withRetriedDuplicate(
  deps: CoordinationDeps, requestKey: string | undefined, work: () => Promise<{ incident: Incident; created: boolean }>,
): Promise<{ incident: Incident; created: boolean }> {
  try {
    return await work();
  } catch (error) {
    if (!(error instanceof DuplicateRequestKeyError) || !requestKey) throw error;
    const earlier = await deps.incidents.transaction((tx) => tx.findByRequestKey(requestKey));
    if (!earlier) throw error;
    return { incident: earlier, created: false };
  }
}

function registeredReply(actor: Actor, incident: Incident, created: boolean) {
  const { directory, locale, person } = actor;
  const agencies = incident.agencies.map((a) => agencyName(directory, a.agencyId, locale)).join(', ');
  return renderIncident(directory, incident, {
    locale,
    showSensitive: maySeeSensitive(person, incident),
    title: t('title.registered', locale, { ref: incident.ref }),
    tone: 'success',
    text: created ? t('text.registered', locale, { agencies }) : t('text.already_registered', locale, { ref: incident.ref }),
    canClose: true,
    canPropose: mayPropose(directory, person, incident),
    audience: 'reply',
  });
}
