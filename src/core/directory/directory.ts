import type {
  Agency, Area, Category, DeploymentSettings, DirectoryAddress, DirectoryData, Person, RoutingRule, Severity,
} from './directory.types.ts';
import type { ChatAddress, PlatformName } from '../shared/platform.types.ts';
import type { Audience, RoomFacts } from '../audience/audience.types.ts';

/** Most open first: a room configured twice takes the stricter audience. */
const AUDIENCE_ORDER: readonly Audience[] = ['personal', 'agency', 'shared'];

/**
 * Normalises a name as people type it and as the directory looks it up: lower case, no diacritics or other marks
 * (å -> a), underscores and runs of white space as one space. The one rule for every name: the configuration check
 * uses it too, so two names that would be one at run time are refused when the file is checked.
 */
export function normalizeName(text: string): string {
  return text
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[\s_]+/g, ' ')
    .trim();
}

/** Read-only view over a directory snapshot with the look-ups the use cases need. */
export class Directory {
  readonly settings: DeploymentSettings;
  readonly rules: RoutingRule[];
  readonly severities: Severity[];
  private readonly areas = new Map<string, Area>();
  private readonly agencies = new Map<string, Agency>();
  private readonly categories = new Map<string, Category>();
  private readonly people = new Map<string, Person>();
  private readonly areaByName = new Map<string, Area>();
  private readonly identities = new Map<string, string>();
  private readonly addressesByOwner = new Map<string, DirectoryAddress[]>();
  private readonly rooms = new Map<string, RoomFacts>();

  constructor(readonly data: DirectoryData) {
    this.settings = data.settings;
    this.rules = data.rules;
    this.severities = [...data.severities].sort((a, b) => a.level - b.level);
    for (const area of data.areas) {
      this.areas.set(area.id, area);
      for (const name of [area.id, area.name.sv, area.name.en, ...area.aliases]) this.areaByName.set(normalizeName(name), area);
    }
    for (const agency of data.agencies) this.agencies.set(agency.id, agency);
    for (const category of data.categories) this.categories.set(category.id, category);
    for (const person of data.people) this.people.set(person.id, person);
    for (const identity of data.identities) {
      this.identities.set(identityKey(identity.platform, identity.workspace, identity.userId), identity.personId);
    }
    for (const address of data.addresses) {
      const key = `${address.ownerType}:${address.ownerId}`;
      this.addressesByOwner.set(key, [...(this.addressesByOwner.get(key) ?? []), address]);
      this.addRoom(address);
    }
    for (const room of data.sharedRooms ?? []) {
      const key = roomKey(room);
      const known = this.rooms.get(key);
      this.rooms.set(key, { audience: 'shared', cleared: false, byReference: known?.byReference ?? false });
    }
  }

  private addRoom(address: DirectoryAddress): void {
    const audience = address.audience ?? (address.ownerType === 'person' ? 'personal' : 'agency');
    const owner = address.ownerType === 'agency' ? this.agencies.get(address.ownerId) : undefined;
    const facts: RoomFacts = {
      audience,
      cleared: audience === 'agency' && address.cleared === true,
      byReference: owner?.notify === 'by-reference',
    };
    const key = roomKey(address);
    const known = this.rooms.get(key);
    this.rooms.set(key, known ? {
      audience: AUDIENCE_ORDER[Math.max(AUDIENCE_ORDER.indexOf(known.audience), AUDIENCE_ORDER.indexOf(audience))]!,
      cleared: known.cleared && facts.cleared,
      byReference: known.byReference || facts.byReference,
    } : facts);
  }

  /**
   * Who is in the room behind an address: the configured audience, made `shared` when the platform reported the room
   * shared. An address nobody configured counts as shared, so an unknown room never gets more than the minimum.
   */
  roomOf(address: ChatAddress): RoomFacts {
    return this.rooms.get(roomKey(address)) ?? { audience: 'shared', cleared: false, byReference: false };
  }

  area(id: string): Area | undefined { return this.areas.get(id); }
  agency(id: string): Agency | undefined { return this.agencies.get(id); }
  category(id: string): Category | undefined { return this.categories.get(id); }
  person(id: string): Person | undefined { return this.people.get(id); }
  severity(level: number): Severity | undefined { return this.severities.find((s) => s.level === level); }
  allAreas(): Area[] { return [...this.areas.values()]; }
  allAgencies(): Agency[] { return [...this.agencies.values()]; }
  allCategories(): Category[] { return [...this.categories.values()]; }
  allPeople(): Person[] { return [...this.people.values()]; }

  /** The area whose id, name or alias is exactly `text` (after normalising), if any. */
  areaByExactName(text: string): Area | undefined {
    return this.areaByName.get(normalizeName(text));
  }

  /** Every name an area answers to, normalised, for suggestions. */
  areaNames(): Array<{ name: string; area: Area }> {
    return [...this.areaByName.entries()].map(([name, area]) => ({ name, area }));
  }

  /** The area and its ancestors, nearest first. */
  areaLineage(areaId: string): Area[] {
    const lineage: Area[] = [];
    let current = this.areas.get(areaId);
    while (current && !lineage.includes(current)) {
      lineage.push(current);
      current = current.parentId ? this.areas.get(current.parentId) : undefined;
    }
    return lineage;
  }

  /** True when `areaId` is `scopeId` or lies below it. */
  areaWithin(areaId: string, scopeId: string): boolean {
    return this.areaLineage(areaId).some((a) => a.id === scopeId);
  }

  /** The configured person behind a chat account, if any. Web personas are people's own ids. */
  personByIdentity(platform: PlatformName, workspace: string, userId: string): Person | undefined {
    const id = this.identities.get(identityKey(platform, workspace, userId))
      ?? (platform === 'web' || platform === 'memory' ? userId : undefined);
    return id ? this.people.get(id) : undefined;
  }

  addressesOf(ownerType: DirectoryAddress['ownerType'], ownerId: string, purpose: DirectoryAddress['purpose'] = 'primary'): DirectoryAddress[] {
    return (this.addressesByOwner.get(`${ownerType}:${ownerId}`) ?? []).filter((a) => a.purpose === purpose);
  }

  /** Agency contacts on duty now. */
  onDutyContacts(agencyId: string): Person[] {
    return this.allPeople().filter((p) => p.agencyId === agencyId && p.role === 'agency_contact' && p.onDuty);
  }

  /** Supervisors whose scope covers the area (the area itself or an ancestor). */
  supervisorsOf(areaId: string): Person[] {
    const lineage = new Set(this.areaLineage(areaId).map((a) => a.id));
    return this.allPeople().filter((p) => p.role === 'supervisor' && p.areaIds.some((id) => lineage.has(id)));
  }

  /**
   * The supervisors closest to the area: those whose scope names the area itself, else its district, else the city.
   * Escalations go here, so a city-wide duty supervisor hears only of districts that have no supervisor of their own.
   */
  nearestSupervisorsOf(areaId: string): Person[] {
    const supervisors = this.allPeople().filter((p) => p.role === 'supervisor');
    for (const area of this.areaLineage(areaId)) {
      const found = supervisors.filter((p) => p.areaIds.includes(area.id));
      if (found.length > 0) return found;
    }
    return [];
  }
}

/** Teams tenant ids are GUIDs that arrive in either case; Slack ids are case-sensitive and kept as they are. */
function roomKey(address: ChatAddress): string {
  const workspace = address.platform === 'teams' ? address.workspace.toLowerCase() : address.workspace;
  return `${address.platform}|${workspace}|${address.channel}|${address.user ?? ''}`;
}

function identityKey(platform: string, workspace: string, userId: string): string {
  return `${platform}|${workspace}|${userId}`;
}
