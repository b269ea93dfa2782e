import { randomUUID } from 'node:crypto';
import type { Directory } from '../directory/directory.ts';
import type { Person } from '../directory/directory.types.ts';
import type { Incident } from '../incident/incident.types.ts';
import { mayClose, maySeeSensitive } from '../access/access-policy.ts';
import { mayPropose } from '../action/action-policy.ts';
import { renderIncident } from '../messages/incident-message.ts';
import { contentFor } from '../audience/content-for.ts';
import type { OutboundMessage } from '../messages/outbound.types.ts';
import type { NewNotification, QueuedNotification } from './notification.types.ts';
import type { Locale } from '../shared/platform.types.ts';

/** Who is on duty for an agency now. The default reads the directory's flags; shifts replace it with rosters. */
export interface OnDutyResolver {
  /** The agency's people on duty at `at`, for an incident in `areaId` when given (rosters are per area). */
  onDuty(directory: Directory, agencyId: string, at: Date, areaId?: string): Promise<Person[]>;
  /**
   * Optional: what to queue when `onDuty` found nobody for a routed agency (rosters: the agency's backup address and
   * a word to the area's supervisors). Must not touch storage: it runs inside the registering transaction.
   */
  whenNobodyOnDuty?(directory: Directory, incident: Incident, agencyId: string, at: Date): NewNotification[];
}

export const directoryOnDuty: OnDutyResolver = {
  onDuty: async (directory, agencyId) => directory.onDutyContacts(agencyId),
};

/**
 * The first fan-out of a new incident: each routed agency's channels, each on-duty contact of it, and the area's
 * channels (read-only). One row per address; each copy shows only what its audience may see (`contentFor`).
 */
export async function planIncidentNotifications(
  directory: Directory, incident: Incident, onDuty: OnDutyResolver, now: Date,
): Promise<NewNotification[]> {
  const rows: NewNotification[] = [];
  const seen = new Set<string>();
  const push = (row: NewNotification) => {
    const key = `${row.address.platform}|${row.address.workspace}|${row.address.channel}|${row.address.user ?? ''}`;
    if (seen.has(key)) return;
    seen.add(key);
    rows.push(row);
  };
  const add = (row: Omit<NewNotification, 'id' | 'notBefore' | 'incidentId' | 'kind'>) =>
    push({ ...row, id: randomUUID(), kind: 'incident.new', incidentId: incident.id, notBefore: now });
  const fallbackLocale = directory.settings.defaultLocale;
  for (const part of incident.agencies) {
    for (const address of directory.addressesOf('agency', part.agencyId)) {
      add({
        idempotencyKey: `${incident.id}:new:${address.id}`,
        agencyId: part.agencyId,
        address,
        message: renderIncident(directory, incident, {
          locale: fallbackLocale, ...contentFor(directory, address, part.canSeeSensitive), forAgencyId: part.agencyId,
        }),
      });
    }
    const people = await onDuty.onDuty(directory, part.agencyId, now, incident.areaId);
    if (people.length === 0 && onDuty.whenNobodyOnDuty) {
      for (const row of onDuty.whenNobodyOnDuty(directory, incident, part.agencyId, now)) push(row);
    }
    for (const person of people) {
      for (const address of directory.addressesOf('person', person.id)) {
        add({
          idempotencyKey: `${incident.id}:new:${address.id}`,
          agencyId: part.agencyId,
          personId: person.id,
          address,
          message: renderIncident(directory, incident, {
            locale: person.locale, ...contentFor(directory, address, part.canSeeSensitive), forAgencyId: part.agencyId,
          }),
        });
      }
    }
  }
  for (const area of directory.areaLineage(incident.areaId).slice(0, 2)) {
    for (const address of directory.addressesOf('area', area.id)) {
      add({
        idempotencyKey: `${incident.id}:new:${address.id}`,
        address,
        message: renderIncident(directory, incident, { locale: fallbackLocale, ...contentFor(directory, address, false) }),
      });
    }
  }
  return rows;
}

/** Messages that show an incident's live state and are replaced when it changes. */
export const LIVE_MESSAGE_KINDS = ['incident.new', 'incident.escalation'];

/** Fresh copies of every message already sent about the incident, to replace them in place (everyone sees the state). */
export function planIncidentUpdates(
  directory: Directory, incident: Incident, queued: QueuedNotification[], now: Date,
): NewNotification[] {
  return queued.map((original) => {
    const person = original.personId ? directory.person(original.personId) : undefined;
    const part = original.agencyId ? incident.agencies.find((a) => a.agencyId === original.agencyId) : undefined;
    const locale: Locale = person?.locale ?? directory.settings.defaultLocale;
    const showSensitive = person ? maySeeSensitive(person, incident) : (part?.canSeeSensitive ?? false);
    // A person's copy answers only for their own agency (a supervisor told of another agency's silence may not
    // answer for it); an agency's channel answers for that agency.
    const forAgencyId = part && (!person || person.agencyId === part.agencyId) ? part.agencyId : undefined;
    // Keep offering close to those who may close (the supervisors an escalation reached).
    const canClose = person ? mayClose(directory, person, incident) : false;
    const canPropose = person ? mayPropose(directory, person, incident) : false;
    return {
      id: randomUUID(),
      idempotencyKey: `${original.id}:update:${randomUUID()}`,
      kind: 'incident.update',
      incidentId: incident.id,
      agencyId: original.agencyId ?? undefined,
      personId: original.personId ?? undefined,
      address: original.address,
      // The room's audience is read again: a room that became shared since gets the minimum from now on.
      message: renderIncident(directory, incident, { locale, ...contentFor(directory, original.address, showSensitive), forAgencyId, canClose, canPropose }),
      updatesId: original.id,
      notBefore: now,
    };
  });
}

/** A message to the reporter's own addresses (and thread), e.g. "Police acknowledged". */
export function planReporterFollowup(
  directory: Directory, incident: Incident, build: (locale: Locale) => OutboundMessage, now: Date,
): NewNotification[] {
  const reporter = directory.person(incident.reporterId);
  if (!reporter) return [];
  return directory.addressesOf('person', reporter.id).map((address) => ({
    id: randomUUID(),
    idempotencyKey: `${incident.id}:followup:${address.id}:${randomUUID()}`,
    kind: 'incident.followup',
    incidentId: incident.id,
    personId: reporter.id,
    address,
    message: build(reporter.locale),
    notBefore: now,
  }));
}
