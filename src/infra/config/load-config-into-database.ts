import { appendAuditEvents } from '../audit/audit-writer.ts';
import type { Database } from '../db/database.ts';
import type { Prisma } from '../db/generated/client.ts';
import type { AddressConfig, DeploymentConfig } from './config.schema.ts';
import { writeRostersAndDigests } from '../shift/roster-config-writer.ts';

/** Serialises loaders on PostgreSQL: replicas starting together load a new file once. */
const CONFIG_LOCK_KEY = 730100002;

/** Owner types of configured addresses; address ids start with one of these followed by ':'. */
export const CONFIG_ADDRESS_OWNERS = ['area', 'agency', 'person'] as const;

export interface LoadConfigOptions {
  /** `digest` from `parseConfigText`: a file already loaded is not loaded again. */
  digest: string;
  /** Where the file came from, for the audit trail (a path, `bundled`...). */
  source: string;
  now: Date;
}

type Tx = Prisma.TransactionClient;

function addressRows(ownerType: string, ownerId: string, purpose: string, list: AddressConfig[]) {
  return list.map((a, index): Prisma.AddressCreateManyInput => ({
    id: `${ownerType}:${ownerId}:${purpose}:${index}`,
    ownerType,
    ownerId,
    purpose,
    platform: a.platform,
    workspace: a.workspace,
    channel: a.channel,
    user: a.user ?? null,
    audience: a.audience ?? (ownerType === 'person' ? 'personal' : 'agency'),
    cleared: a.cleared ?? false,
  }));
}

function rowsOf(config: DeploymentConfig) {
  const areas = config.areas.map((a): Prisma.AreaCreateManyInput => ({
    id: a.id, parentId: a.parent ?? null, level: a.level, nameSv: a.name.sv, nameEn: a.name.en, aliases: a.aliases,
  }));
  const agencies = config.agencies.map((a): Prisma.AgencyCreateManyInput => ({
    id: a.id, nameSv: a.name.sv, nameEn: a.name.en, sensitivity: a.sensitivity, notify: a.notify ?? 'full',
  }));
  const categories = config.categories.map((c): Prisma.CategoryCreateManyInput => ({
    id: c.id, nameSv: c.name.sv, nameEn: c.name.en, keywords: c.keywords,
  }));
  const severities = config.severities.map((s): Prisma.SeverityCreateManyInput => ({
    level: s.level, nameSv: s.name.sv, nameEn: s.name.en, ackDeadlineMinutes: s.ackDeadlineMinutes,
  }));
  const routingRules = config.routing.map((r, position): Prisma.RoutingRuleCreateManyInput => ({
    id: r.id, position, areaIds: r.areas ?? [], categoryIds: r.categories ?? [], severities: r.severities ?? [],
    agencyIds: r.notify, sensitiveAgencyIds: r.sensitive, basis: r.basis ?? null,
  }));
  const people = config.people.map((p): Prisma.PersonCreateManyInput => ({
    id: p.id, name: p.name, role: p.role, agencyId: p.agency ?? null, areaIds: p.areas,
    locale: p.locale ?? config.defaultLocale, onDuty: p.onDuty, email: p.email ?? null,
  }));
  const addresses = [
    ...config.areas.flatMap((a) => addressRows('area', a.id, 'primary', a.addresses)),
    ...config.agencies.flatMap((a) => [
      ...addressRows('agency', a.id, 'primary', a.addresses),
      ...addressRows('agency', a.id, 'backup', a.backup),
    ]),
    ...config.people.flatMap((p) => addressRows('person', p.id, 'primary', p.addresses)),
  ];
  const identities = config.people.flatMap((p) =>
    p.identities.map((i): Prisma.PersonIdentityCreateManyInput => ({
      platform: i.platform, workspace: i.workspace, userId: i.user, personId: p.id,
    })),
  );
  return { areas, agencies, categories, severities, routingRules, people, addresses, identities };
}

/**
 * Replaces the rows of a directory table that has an `active` flag: rows in the file are (re)written and active,
 * rows no longer in the file stay but become inactive, so old incidents keep their names. Returns how many were
 * deactivated.
 */
async function replaceActive<Row extends { id: string }>(
  table: {
    deleteMany(args: { where: { id: { in: string[] } } }): Promise<unknown>;
    createMany(args: { data: Row[] }): Promise<unknown>;
    updateMany(args: { where: { id: { notIn: string[] }; active: boolean }; data: { active: boolean } }): Promise<{ count: number }>;
  },
  rows: Row[],
): Promise<number> {
  const ids = rows.map((r) => r.id);
  await table.deleteMany({ where: { id: { in: ids } } });
  if (rows.length > 0) await table.createMany({ data: rows });
  return (await table.updateMany({ where: { id: { notIn: ids }, active: true }, data: { active: false } })).count;
}

async function writeDirectory(tx: Tx, rows: ReturnType<typeof rowsOf>) {
  const deactivated = {
    areas: await replaceActive(tx.area, rows.areas),
    agencies: await replaceActive(tx.agency, rows.agencies),
    categories: await replaceActive(tx.category, rows.categories),
    people: await replaceActive(tx.person, rows.people),
  };
  // Severities and routing rules have no `active` flag: the file is the whole truth.
  await tx.severity.deleteMany({});
  await tx.severity.createMany({ data: rows.severities });
  await tx.routingRule.deleteMany({});
  if (rows.routingRules.length > 0) await tx.routingRule.createMany({ data: rows.routingRules });
  // Only configured addresses are replaced; addresses created at run time use other ids.
  await tx.address.deleteMany({
    where: { ownerType: { in: [...CONFIG_ADDRESS_OWNERS] }, OR: CONFIG_ADDRESS_OWNERS.map((o) => ({ id: { startsWith: `${o}:` } })) },
  });
  if (rows.addresses.length > 0) await tx.address.createMany({ data: rows.addresses });
  await tx.personIdentity.deleteMany({});
  if (rows.identities.length > 0) await tx.personIdentity.createMany({ data: rows.identities });
  return deactivated;
}

/** The digest of the file loaded last, if any. */
async function latestDigest(client: Pick<Tx, 'configVersion'>): Promise<string | undefined> {
  const latest = await client.configVersion.findFirst({ orderBy: { id: 'desc' }, select: { digest: true } });
  return latest?.digest;
}

/**
 * Makes the database's directory (areas, agencies, categories, severities, routing rules, people, addresses,
 * identities) say what the file says, in one transaction with its `config.loaded` audit event and a ConfigVersion
 * row. A file whose digest is the one loaded last changes nothing and returns `{ changed: false }`. Rows that left the
 * file are deactivated (areas, agencies, categories, people) or deleted (severities, routing rules, configured
 * addresses, identities). Run-time changes to configured rows (e.g. `onDuty`) are overwritten by a changed file.
 */
export async function loadConfigIntoDatabase(
  db: Database,
  config: DeploymentConfig,
  opts: LoadConfigOptions,
): Promise<{ changed: boolean }> {
  if ((await latestDigest(db.prisma)) === opts.digest) return { changed: false };
  const rows = rowsOf(config);
  return db.prisma.$transaction(
    async (tx) => {
      await tx.$executeRawUnsafe(`SELECT pg_advisory_xact_lock(${CONFIG_LOCK_KEY})`);
      if ((await latestDigest(tx)) === opts.digest) return { changed: false };
      const deactivated = await writeDirectory(tx, rows);
      const shifts = await writeRostersAndDigests(tx, config, opts.now);
      // A file loaded before, then replaced, then restored becomes the latest version again.
      await tx.configVersion.deleteMany({ where: { digest: opts.digest } });
      await tx.configVersion.create({ data: { digest: opts.digest, loadedAt: opts.now, source: opts.source } });
      const counts = Object.fromEntries(Object.entries(rows).map(([name, list]) => [name, list.length]));
      await appendAuditEvents(tx, [{
        at: opts.now,
        actorId: 'config',
        action: 'config.loaded',
        subjectType: 'config',
        subjectId: opts.digest,
        after: { source: opts.source, counts, deactivated, shifts },
        platform: 'system',
      }]);
      return { changed: true };
    },
    { timeout: 60_000, maxWait: 20_000 },
  );
}
