import type { Directory } from '../directory/directory.ts';
import type { Area, Person } from '../directory/directory.types.ts';

/**
 * The area-scope rule, in one place: an area is in a person's scope when it is one of their areas or lies below one
 * (a district covers its areas); an administrator's scope is every area. Access (who sees, closes, holds), the
 * supervisor view and the web console's area channels all ask this.
 */
export function inAreaScope(directory: Directory, person: Person, areaId: string): boolean {
  if (person.role === 'admin') return true;
  return person.areaIds.some((scope) => directory.areaWithin(areaId, scope));
}

/** Every area in a person's scope, in the directory's order. */
export function areasInScope(directory: Directory, person: Person): Area[] {
  return directory.allAreas().filter((area) => inAreaScope(directory, person, area.id));
}
