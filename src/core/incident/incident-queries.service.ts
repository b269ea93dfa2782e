import type { Actor } from '../kernel/actor.ts';
import type { CoordinationDeps } from '../kernel/core-deps.ts';
import type { CommandOutcome } from '../kernel/command-outcome.ts';
import type { IncidentSelector } from '../commands/command.types.ts';
import { maySee, maySeeSensitive, mayClose } from '../access/access-policy.ts';
import { mayPropose } from '../action/action-policy.ts';
import { requireVisible } from './find-visible-incident.ts';
import { plainMessage, renderIncident } from '../messages/incident-message.ts';
import { t } from '../messages/i18n.ts';
import { formatLocalClock } from '../messages/format-time.ts';
import { disclosureOf } from '../access/disclosure-of.ts';
import type { DisclosedField } from '../access/disclosure.types.ts';

/** The incident as the actor may see it, with the buttons they may press. Writes nothing. */
export async function incidentStatus(deps: CoordinationDeps, actor: Actor, selector: IncidentSelector): Promise<CommandOutcome> {
  const { directory, person, locale } = actor;
  const incident = requireVisible(actor, selector, await deps.incidents.findByNumber(selector.number));
  const forAgencyId = incident.agencies.some((a) => a.agencyId === person.agencyId) && (person.role === 'agency_contact' || person.role === 'supervisor')
    ? person.agencyId ?? undefined : undefined;
  const showSensitive = maySeeSensitive(person, incident) && incident.sensitiveDetails !== null;
  const fields: DisclosedField[] = showSensitive ? ['summary', 'description', 'confidential'] : ['summary', 'description'];
  // Recorded before it is shown: a disclosure the read log cannot take is not made.
  await deps.accessLog?.record([disclosureOf(person, incident, { fields, surface: actor.platform, at: deps.clock.now(), requestId: actor.requestId })]);
  const message = renderIncident(directory, incident, {
    locale,
    showSensitive,
    forAgencyId,
    canClose: mayClose(directory, person, incident),
    canPropose: mayPropose(directory, person, incident),
    title: t('title.status', locale, { ref: incident.ref }),
    audience: 'reply',
  });
  return { replies: [message], incident, changed: false };
}

/** Open incidents the actor may see, newest first, optionally within an area. Writes nothing. */
export async function listIncidents(deps: CoordinationDeps, actor: Actor, areaId?: string): Promise<CommandOutcome> {
  const { directory, person, locale } = actor;
  const areaIds = areaId ? directory.allAreas().filter((a) => directory.areaWithin(a.id, areaId)).map((a) => a.id) : undefined;
  const incidents = (await deps.incidents.list({ status: 'open', areaIds, limit: 200 }))
    .filter((incident) => maySee(directory, person, incident))
    .slice(0, 20);
  if (incidents.length === 0) return { replies: [plainMessage(locale, 'info', t('title.list', locale), t('text.list.empty', locale))], changed: false };
  // The list shows each incident's summary and the start of its description, never confidential details.
  const at = deps.clock.now();
  await deps.accessLog?.record(incidents.map((incident) => disclosureOf(person, incident, {
    fields: ['summary', 'description'], surface: actor.platform, at, requestId: actor.requestId,
  })));
  const tz = directory.settings.timeZone;
  const message = plainMessage(locale, 'info', t('title.list', locale));
  message.facts = incidents.map((incident) => {
    const waiting = incident.agencies.filter((a) => a.state === 'notified').length;
    const area = directory.area(incident.areaId)?.name[locale] ?? incident.areaId;
    return {
      label: `${incident.ref} ${area} (${incident.severity})`,
      value: `${formatLocalClock(incident.createdAt, tz)} ${incident.description.slice(0, 80)}${waiting ? ` · ${waiting} ${t('state.notified', locale).toLowerCase()}` : ''}`,
    };
  });
  message.fallback = incidents.map((i) => i.ref).join(', ');
  return { replies: [message], changed: false };
}
