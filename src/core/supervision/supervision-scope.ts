import type { Directory } from '../directory/directory.ts';
import type { Person } from '../directory/directory.types.ts';
import type { Incident } from '../incident/incident.types.ts';
import { inAreaScope } from '../access/area-scope.ts';

/** Supervisors and admins have a supervisor view; field staff and agency contacts do not. */
export function maySupervise(person: Person): boolean {
  return person.role === 'supervisor' || person.role === 'admin';
}

/** Admins oversee every incident; supervisors those within their areas (an area or any district above it). */
export function oversees(directory: Directory, person: Person, incident: Incident): boolean {
  if (person.role === 'admin') return true;
  return person.role === 'supervisor' && inAreaScope(directory, person, incident.areaId);
}
