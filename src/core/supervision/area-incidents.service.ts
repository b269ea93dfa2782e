import type { AccessLog } from '../access/access-log.port.ts';
import { disclosureOf } from '../access/disclosure-of.ts';
import type { DirectoryReader } from '../directory/directory.port.ts';
import type { Person } from '../directory/directory.types.ts';
import type { Incident } from '../incident/incident.types.ts';
import type { Clock } from '../ports/clock.port.ts';
import type { SupervisionReader } from './supervision.port.ts';
import { maySupervise, oversees } from './supervision-scope.ts';

/** Most open incidents read for one list (the supervisor view reads as many). */
const MAX_INCIDENTS = 2000;

export interface AreaIncidentsDeps {
  directory: DirectoryReader;
  reader: SupervisionReader;
  clock: Clock;
  accessLog: AccessLog;
}

/**
 * The open incidents in an area or district (and everything below it) that a supervisor or admin oversees, oldest
 * first: what the area picture links to. Each is a summary disclosure (reference, area, category, severity, agency
 * states; no description), recorded in the read log before it is returned. Null when the person has no supervisor
 * view or the area is unknown or outside their scope.
 */
export async function openIncidentsInArea(deps: AreaIncidentsDeps, personId: string, areaId: string): Promise<{ person: Person; incidents: Incident[] } | null> {
  const directory = await deps.directory.current();
  const person = directory.person(personId);
  if (!person || !maySupervise(person) || !directory.area(areaId)) return null;
  if (person.role !== 'admin' && !person.areaIds.some((scope) => directory.areaWithin(areaId, scope))) return null;
  const now = deps.clock.now();
  // Registered since now: only the open ones (the reader returns every open incident plus those since the date).
  const all = await deps.reader.incidents(now, MAX_INCIDENTS);
  const incidents = all
    .filter((i) => i.status === 'open' && directory.areaWithin(i.areaId, areaId) && oversees(directory, person, i))
    .sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime());
  await deps.accessLog.record(incidents.map((i) => disclosureOf(person, i, { fields: ['summary'], surface: 'web', at: now })));
  return { person, incidents };
}
