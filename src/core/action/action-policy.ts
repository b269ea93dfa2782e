import type { Directory } from '../directory/directory.ts';
import type { Person } from '../directory/directory.types.ts';
import { inAreaScope } from '../access/area-scope.ts';
import type { ActionIncident, AgencyAction } from './action.types.ts';

/** Proposing an action: a supervisor whose area scope covers the incident, or a member of its lead agency. */
export function mayPropose(directory: Directory, person: Person, incident: { areaId: string; leadAgencyId?: string | null }): boolean {
  if (person.role === 'supervisor' && inAreaScope(directory, person, incident.areaId)) return true;
  return person.role !== 'admin' && person.agencyId !== null && person.agencyId === incident.leadAgencyId;
}

/**
 * Accepting, declining and marking done: a contact of the action's agency, or a supervisor (of that agency, or one
 * whose area scope covers the incident).
 */
export function mayAnswerAction(directory: Directory, person: Person, incident: ActionIncident, action: Pick<AgencyAction, 'agencyId'>): boolean {
  if (person.role === 'agency_contact') return person.agencyId === action.agencyId;
  if (person.role !== 'supervisor') return false;
  return person.agencyId === action.agencyId || inAreaScope(directory, person, incident.areaId);
}
