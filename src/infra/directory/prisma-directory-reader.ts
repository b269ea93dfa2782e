import type { Database } from '../db/database.ts';
import type { DirectoryReader } from '../../core/directory/directory.port.ts';
import { Directory } from '../../core/directory/directory.ts';
import type { AddressOwner, AddressPurpose, DeploymentSettings } from '../../core/directory/directory.types.ts';
import { toLocale } from '../../core/shared/platform.types.ts';
import { AUDIENCES, type Audience } from '../../core/audience/audience.types.ts';

/** A stored audience; anything unknown reads as shared (the least shown). */
function toAudience(value: string): Audience {
  return (AUDIENCES as readonly string[]).includes(value) ? value as Audience : 'shared';
}

/**
 * Reads the configured directory from the database and keeps it in memory until invalidated. Settings that are not
 * stored per row (time zone, defaults) come from the loaded deployment file.
 */
export class PrismaDirectoryReader implements DirectoryReader {
  private cached: Promise<Directory> | undefined;

  constructor(private readonly db: Database, private readonly settings: () => DeploymentSettings) {}

  current(): Promise<Directory> {
    this.cached ??= this.load().catch((error) => {
      this.cached = undefined;
      throw error;
    });
    return this.cached;
  }

  invalidate(): void {
    this.cached = undefined;
  }

  private async load(): Promise<Directory> {
    const p = this.db.prisma;
    const active = { where: { active: true } };
    const [areas, agencies, categories, severities, rules, people, addresses, identities, sharedRooms] = await Promise.all([
      p.area.findMany(active),
      p.agency.findMany(active),
      p.category.findMany(active),
      p.severity.findMany(),
      p.routingRule.findMany({ orderBy: { position: 'asc' } }),
      p.person.findMany(active),
      p.address.findMany({ ...active, orderBy: { id: 'asc' } }),
      p.personIdentity.findMany(),
      p.roomAudience.findMany({ where: { shared: true } }),
    ]);
    const settings = this.settings();
    return new Directory({
      settings,
      areas: areas.map((a) => ({ id: a.id, parentId: a.parentId, level: a.level, name: { sv: a.nameSv, en: a.nameEn }, aliases: a.aliases })),
      agencies: agencies.map((a) => ({
        id: a.id, name: { sv: a.nameSv, en: a.nameEn }, sensitivity: a.sensitivity, notify: a.notify === 'by-reference' ? 'by-reference' as const : 'full' as const,
      })),
      categories: categories.map((c) => ({ id: c.id, name: { sv: c.nameSv, en: c.nameEn }, keywords: c.keywords })),
      severities: severities.map((s) => ({ level: s.level, name: { sv: s.nameSv, en: s.nameEn }, ackDeadlineMinutes: s.ackDeadlineMinutes })),
      rules: rules.map((r) => ({
        id: r.id, areaIds: r.areaIds, categoryIds: r.categoryIds, severities: r.severities, agencyIds: r.agencyIds, sensitiveAgencyIds: r.sensitiveAgencyIds, basis: r.basis,
      })),
      people: people.map((person) => ({
        id: person.id, name: person.name, role: person.role, agencyId: person.agencyId, areaIds: person.areaIds,
        locale: toLocale(person.locale, settings.defaultLocale), onDuty: person.onDuty, email: person.email,
      })),
      addresses: addresses.map((a) => ({
        id: a.id, ownerType: a.ownerType as AddressOwner, ownerId: a.ownerId, purpose: a.purpose as AddressPurpose,
        platform: a.platform, workspace: a.workspace, channel: a.channel, user: a.user,
        audience: toAudience(a.audience), cleared: a.cleared,
      })),
      identities: identities.map((i) => ({ platform: i.platform, workspace: i.workspace, userId: i.userId, personId: i.personId })),
      sharedRooms: sharedRooms.map((r) => ({ platform: r.platform, workspace: r.workspace, channel: r.channel })),
    });
  }
}
