import type { Directory } from '../directory/directory.ts';
import type { Person } from '../directory/directory.types.ts';
import type { RosterSnapshot } from '../shift/shift.types.ts';
import type { Locale } from '../shared/platform.types.ts';
import { agencyName } from '../messages/incident-message.ts';
import type { DigestScope } from './digest.types.ts';
import { dt } from './digest.i18n.ts';
import { inAreaScope } from '../access/area-scope.ts';
import { CoreError } from '../shared/core-error.ts';

/** Areas at or below any of `areaIds`. */
export function expandAreas(directory: Directory, areaIds: string[]): string[] {
  return directory.allAreas().filter((a) => areaIds.some((scope) => directory.areaWithin(a.id, scope))).map((a) => a.id);
}

/** Whether a person may see digests of these areas: admins anything, supervisors within their own areas. */
export function mayReadDigest(directory: Directory, person: Person, areaIds: string[]): boolean {
  if (person.role === 'admin') return true;
  if (person.role !== 'supervisor' || person.areaIds.length === 0) return false;
  return areaIds.length > 0 && areaIds.every((id) => inAreaScope(directory, person, id));
}

/**
 * The scope of a digest: the requested areas (default: the person's own; admins without areas: everything) and
 * agencies. Refuses areas outside a supervisor's scope. Rosters count when they share an area and an agency.
 */
export function digestScope(directory: Directory, snapshot: RosterSnapshot, person: Person, areaIds: string[], agencyIds: string[]): DigestScope {
  const requested = areaIds.length ? areaIds : person.areaIds;
  if (!mayReadDigest(directory, person, requested)) {
    const names = (l: Locale) => person.areaIds.map((id) => directory.area(id)?.name[l] ?? id).join(', ') || '-';
    throw new CoreError('digest_scope', { areas: { sv: names('sv'), en: names('en') } });
  }
  const areas = requested.length ? expandAreas(directory, requested) : [];
  const rosterIds = snapshot.rosters
    .filter((r) => areas.length === 0 || r.areaIds.some((ra) => areas.includes(ra) || requested.some((q) => directory.areaWithin(q, ra))))
    .filter((r) => agencyIds.length === 0 || r.agencyIds.some((id) => agencyIds.includes(id)))
    .map((r) => r.id);
  return { areaIds: areas, agencyIds, rosterIds };
}

/** `Järva, Polisen` — what a scope is called in titles. */
export function scopeName(directory: Directory, areaIds: string[], agencyIds: string[], locale: Locale): string {
  const parts = [
    ...areaIds.map((id) => directory.area(id)?.name[locale] ?? id),
    ...agencyIds.map((id) => agencyName(directory, id, locale)),
  ];
  return parts.join(', ') || dt('scope.all', locale);
}
