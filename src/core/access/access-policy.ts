import type { Directory } from '../directory/directory.ts';
import type { Person } from '../directory/directory.types.ts';
import type { Incident } from '../incident/incident.types.ts';
import { inAreaScope } from './area-scope.ts';

/** What a person may do, decided in one place for every platform. */
export type Permission = 'register' | 'view' | 'answer' | 'note' | 'close';

/** Field staff, contacts and supervisors report; admins manage configuration and do not. */
export function mayRegister(person: Person): boolean {
  return person.role !== 'admin';
}

/** The reporter, the reporter's agency, notified agencies, supervisors of the area and admins see an incident. */
export function maySee(directory: Directory, person: Person, incident: Incident): boolean {
  if (person.role === 'admin' || person.id === incident.reporterId) return true;
  if (person.agencyId && (person.agencyId === incident.reporterAgencyId
    || incident.agencies.some((a) => a.agencyId === person.agencyId))) return true;
  return person.role === 'supervisor' && inAreaScope(directory, person, incident.areaId);
}

/** Sensitive details: the reporter, and people of agencies a routing rule allowed. */
export function maySeeSensitive(person: Person, incident: Incident): boolean {
  if (person.id === incident.reporterId) return true;
  return incident.agencies.some((a) => a.agencyId === person.agencyId && a.canSeeSensitive);
}

/** Acknowledge, responding and decline: contacts and supervisors of a notified agency, for that agency. */
export function mayAnswerFor(person: Person, incident: Incident, agencyId: string): boolean {
  if (person.role !== 'agency_contact' && person.role !== 'supervisor') return false;
  return person.agencyId === agencyId && incident.agencies.some((a) => a.agencyId === agencyId);
}

/** Closing and reopening: the reporter, supervisors of the area and admins. */
export function mayClose(directory: Directory, person: Person, incident: Incident): boolean {
  if (person.role === 'admin' || person.id === incident.reporterId) return true;
  return person.role === 'supervisor' && inAreaScope(directory, person, incident.areaId);
}

/**
 * Legal hold and its release: supervisors of the area and admins. Not the reporter: a hold overrides the retention
 * rules, which is a records decision, not a reporter's.
 */
export function mayHold(directory: Directory, person: Person, incident: Incident): boolean {
  if (person.role === 'admin') return true;
  return person.role === 'supervisor' && inAreaScope(directory, person, incident.areaId);
}
