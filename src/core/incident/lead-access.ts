import type { Directory } from '../directory/directory.ts';
import type { Person } from '../directory/directory.types.ts';
import type { Incident } from './incident.types.ts';
import { inAreaScope } from '../access/area-scope.ts';

/** A supervisor whose area scope covers the incident. */
function supervisorOf(directory: Directory, person: Person, incident: Incident): boolean {
  return person.role === 'supervisor' && inAreaScope(directory, person, incident.areaId);
}

/** A contact or supervisor of the agency (the people who answer for it). */
function memberOf(person: Person, agencyId: string | null | undefined): boolean {
  return !!agencyId && person.agencyId === agencyId && (person.role === 'agency_contact' || person.role === 'supervisor');
}

/**
 * Who may set or change the lead agency: a supervisor of the area, or a member of the current lead agency (handing
 * the lead over). While no agency leads, a member of a taking-part agency may take the lead for their own agency
 * (the card's "Take the lead" button); once one leads, only the two above may change it.
 */
export function mayLead(directory: Directory, person: Person, incident: Incident, agencyId: string): boolean {
  if (supervisorOf(directory, person, incident)) return true;
  if (incident.leadAgencyId) return memberOf(person, incident.leadAgencyId);
  return memberOf(person, agencyId);
}

/** Who may post a situation report: a member of the lead agency, or a supervisor of the area. */
export function mayReport(directory: Directory, person: Person, incident: Incident): boolean {
  return supervisorOf(directory, person, incident) || memberOf(person, incident.leadAgencyId);
}
