import type { Directory } from '../../src/core/directory/directory.ts';
import type { DirectoryAddress, Person, Role } from '../../src/core/directory/directory.types.ts';
import type { Locale } from '../../src/core/shared/platform.types.ts';
import { areasInScope } from '../../src/core/access/area-scope.ts';
import { wt } from './web-texts.ts';

/** A channel of the console as one persona sees it in the sidebar. */
export interface ConsoleChannel {
  key: string;
  kind: 'dm' | 'agency' | 'backup' | 'area';
  label: string;
}

export const ROLE_ORDER: Role[] = ['field_staff', 'agency_contact', 'supervisor', 'admin'];

const webOnly = (addresses: DirectoryAddress[]) => addresses.filter((a) => a.platform === 'web');

/**
 * The console channels a persona sees, like channel membership on a chat platform: their own messages, their
 * agency's channels (with the backup channel), and the channels of their areas (supervisors: every area in their
 * scope; admins: all). The channels are the configured web addresses, nothing is invented here.
 */
export function channelsOf(directory: Directory, person: Person, locale: Locale): ConsoleChannel[] {
  const channels: ConsoleChannel[] = [];
  const seen = new Set<string>();
  const add = (address: DirectoryAddress, kind: ConsoleChannel['kind'], label: string) => {
    if (seen.has(address.channel)) return;
    seen.add(address.channel);
    channels.push({ key: address.channel, kind, label });
  };
  for (const address of webOnly(directory.addressesOf('person', person.id))) add(address, 'dm', wt('channel.dm', locale));
  if (person.agencyId) {
    const name = directory.agency(person.agencyId)?.name[locale] ?? person.agencyId;
    for (const address of webOnly(directory.addressesOf('agency', person.agencyId))) add(address, 'agency', wt('channel.agency', locale, { name }));
    for (const address of webOnly(directory.addressesOf('agency', person.agencyId, 'backup'))) add(address, 'backup', wt('channel.backup', locale, { name }));
  }
  for (const area of visibleAreas(directory, person)) {
    for (const address of webOnly(directory.addressesOf('area', area.id))) add(address, 'area', wt('channel.area', locale, { name: area.name[locale] }));
  }
  return channels;
}

/** The areas whose channels a persona sees: the core's area-scope rule, nothing decided here. */
function visibleAreas(directory: Directory, person: Person) {
  const inScope = areasInScope(directory, person);
  // Districts before their areas, each group in name order, so the sidebar reads like the map.
  const depth = (id: string) => directory.areaLineage(id).length;
  return inScope.sort((a, b) => depth(a.id) - depth(b.id) || a.name.sv.localeCompare(b.name.sv, 'sv'));
}

/** The persona a visitor starts as: the first field staff member of the configuration. */
export function defaultPersona(directory: Directory): Person | undefined {
  const people = directory.allPeople();
  return people.find((p) => p.role === 'field_staff') ?? people[0];
}

/** People grouped by role, in the switcher's order. */
export function personasByRole(directory: Directory): Array<{ role: Role; people: Person[] }> {
  return ROLE_ORDER.map((role) => ({
    role,
    people: directory.allPeople().filter((p) => p.role === role).sort((a, b) => (a.agencyId ?? '').localeCompare(b.agencyId ?? '') || a.name.localeCompare(b.name, 'sv')),
  })).filter((group) => group.people.length > 0);
}

/** `Karin Dahl – Polismyndigheten` / `Anna Lind – Socialtjänsten (Rinkeby)`. */
export function personaLabel(directory: Directory, person: Person, locale: Locale): string {
  const agency = person.agencyId ? directory.agency(person.agencyId)?.name[locale] : undefined;
  const areas = person.areaIds.map((id) => directory.area(id)?.name[locale] ?? id).join(', ');
  const parts = [person.name, agency ? `– ${agency}` : `– ${wt(`role.one.${person.role}`, locale)}`];
  if (areas) parts.push(`(${areas})`);
  if (person.role === 'agency_contact' && !person.onDuty) parts.push(`[${wt('offduty', locale)}]`);
  return parts.join(' ');
}
