import type { DirectoryReader } from '../../../src/core/directory/directory.port.ts';
import { Directory } from '../../../src/core/directory/directory.ts';
import type { DeploymentSettings, DirectoryAddress, DirectoryData } from '../../../src/core/directory/directory.types.ts';
import { toLocale } from '../../../src/core/shared/platform.types.ts';
import type { AddressConfig, DeploymentConfig } from '../../../src/infra/config/config.schema.ts';

/**
 * The core's DirectoryReader kept in memory: a deployment file's directory without a database, so rules that only
 * read the directory (routing, parsing, supervisors) are tested in milliseconds. test/contracts/directory.contract.test.ts
 * runs the same cases on this and on the Prisma reader (PGlite and PostgreSQL), so the two cannot drift apart.
 */
export class MemoryDirectoryReader implements DirectoryReader {
  private snapshot: Directory | undefined;

  constructor(private data: DirectoryData) {}

  /** The directory a deployment file describes, as `loadConfigIntoDatabase` and the Prisma reader would give it. */
  static of(config: DeploymentConfig): MemoryDirectoryReader {
    return new MemoryDirectoryReader(directoryDataOf(config));
  }

  async current(): Promise<Directory> {
    this.snapshot ??= new Directory(this.data);
    return this.snapshot;
  }

  invalidate(): void {
    this.snapshot = undefined;
  }

  /** What loading another file does: the next `current()` after `invalidate()` reads the new directory. */
  replace(config: DeploymentConfig): void {
    this.data = directoryDataOf(config);
  }
}

/** The deployment settings the core reads from a file (the rest of the directory is rows). */
export function settingsOfConfig(config: DeploymentConfig): DeploymentSettings {
  return {
    timeZone: config.timeZone,
    defaultLocale: config.defaultLocale,
    defaultSeverity: config.defaultSeverity,
    defaultCategory: config.defaultCategory,
    maxDescriptionLength: config.maxDescriptionLength,
  };
}

function addresses(ownerType: DirectoryAddress['ownerType'], ownerId: string, purpose: DirectoryAddress['purpose'], list: AddressConfig[]): DirectoryAddress[] {
  return list.map((a, index) => ({
    id: `${ownerType}:${ownerId}:${purpose}:${index}`, ownerType, ownerId, purpose,
    platform: a.platform, workspace: a.workspace, channel: a.channel, user: a.user ?? null,
    audience: a.audience ?? (ownerType === 'person' ? 'personal' : 'agency'), cleared: a.cleared ?? false,
  }));
}

/** A deployment file's directory, as the database holds it after a load (the contract test holds the two together). */
export function directoryDataOf(config: DeploymentConfig): DirectoryData {
  const settings = settingsOfConfig(config);
  return {
    settings,
    areas: config.areas.map((a) => ({ id: a.id, parentId: a.parent ?? null, level: a.level, name: a.name, aliases: a.aliases })),
    agencies: config.agencies.map((a) => ({ id: a.id, name: a.name, sensitivity: a.sensitivity, notify: a.notify ?? 'full' })),
    categories: config.categories.map((c) => ({ id: c.id, name: c.name, keywords: c.keywords })),
    severities: config.severities.map((s) => ({ level: s.level, name: s.name, ackDeadlineMinutes: s.ackDeadlineMinutes })),
    rules: config.routing.map((r) => ({
      id: r.id, areaIds: r.areas ?? [], categoryIds: r.categories ?? [], severities: r.severities ?? [], agencyIds: r.notify,
      sensitiveAgencyIds: r.sensitive, basis: r.basis ?? null,
    })),
    people: config.people.map((p) => ({
      id: p.id, name: p.name, role: p.role, agencyId: p.agency ?? null, areaIds: p.areas,
      locale: toLocale(p.locale ?? config.defaultLocale, settings.defaultLocale), onDuty: p.onDuty, email: p.email ?? null,
    })),
    addresses: [
      ...config.areas.flatMap((a) => addresses('area', a.id, 'primary', a.addresses)),
      ...config.agencies.flatMap((a) => [...addresses('agency', a.id, 'primary', a.addresses), ...addresses('agency', a.id, 'backup', a.backup)]),
      ...config.people.flatMap((p) => addresses('person', p.id, 'primary', p.addresses)),
    ].sort((x, y) => (x.id < y.id ? -1 : x.id > y.id ? 1 : 0)),
    identities: config.people.flatMap((p) => p.identities.map((i) => ({ platform: i.platform, workspace: i.workspace, userId: i.user, personId: p.id }))),
    // Rooms become shared when a platform reports it at run time; a file names none.
    sharedRooms: [],
  };
}
