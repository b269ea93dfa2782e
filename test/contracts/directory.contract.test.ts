import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DirectoryReader } from '../../src/core/directory/directory.port.ts';
import type { DirectoryData } from '../../src/core/directory/directory.types.ts';
import { routeIncident } from '../../src/core/routing/route-incident.ts';
import type { DeploymentConfig } from '../../src/infra/config/config.schema.ts';
import { loadConfigFile } from '../../src/infra/config/load-config-file.ts';
import { loadConfigIntoDatabase } from '../../src/infra/config/load-config-into-database.ts';
import { PrismaDirectoryReader } from '../../src/infra/directory/prisma-directory-reader.ts';
import { CITY_CONFIG } from '../support/fixtures.ts';
import { MemoryDirectoryReader, settingsOfConfig } from '../support/memory/memory-directory.ts';
import { createTestDatabase, DATABASE_KINDS, type TestDatabase } from '../support/test-database.ts';

// The directory contract: the same cases on the in-memory reader the core tests use and on the Prisma reader over
// PGlite and PostgreSQL, each given the tests' city file (and then a changed one) the way the app loads it.

async function city(): Promise<DeploymentConfig> {
  const loaded = await loadConfigFile(CITY_CONFIG);
  if (!loaded.ok) throw new Error('the city fixture does not load');
  return loaded.config;
}

interface Subject {
  reader: DirectoryReader;
  /** Loads another deployment file, as a restart with a changed file does. */
  load(config: DeploymentConfig): Promise<void>;
  close(): Promise<void>;
}

const subjects: Record<string, () => Promise<Subject>> = {
  memory: async () => {
    const reader = MemoryDirectoryReader.of(await city());
    return { reader, load: async (config) => { reader.replace(config); reader.invalidate(); }, close: async () => undefined };
  },
  ...Object.fromEntries(DATABASE_KINDS.map((kind) => [kind, async (): Promise<Subject> => {
    const db: TestDatabase = await createTestDatabase(kind);
    let config = await city();
    const reader = new PrismaDirectoryReader(db, () => settingsOfConfig(config));
    let version = 0;
    const load = async (next: DeploymentConfig) => {
      config = next;
      version += 1;
      await loadConfigIntoDatabase(db, next, { digest: `contract-${version}`, source: 'contract', now: new Date('2026-11-26T09:00:00Z') });
      reader.invalidate();
    };
    await load(config);
    return { reader, load, close: () => db.destroy() };
  }])),
};

/** The snapshot with every list in a stable order, for comparing implementations that read rows in any order. */
function canonical(data: DirectoryData): DirectoryData {
  const byKey = <T>(key: (item: T) => string) => (a: T, b: T) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0);
  return {
    ...data,
    areas: [...data.areas].sort(byKey((a) => a.id)),
    agencies: [...data.agencies].sort(byKey((a) => a.id)),
    categories: [...data.categories].sort(byKey((c) => c.id)),
    severities: [...data.severities].sort(byKey((s) => String(s.level))),
    people: [...data.people].sort(byKey((p) => p.id)),
    identities: [...data.identities].sort(byKey((i) => `${i.platform}|${i.workspace}|${i.userId}`)),
  };
}

describe.each(Object.keys(subjects))('the directory (%s)', (kind) => {
  let subject: Subject;
  beforeAll(async () => { subject = await subjects[kind](); });
  afterAll(async () => { await subject?.close(); });

  it('holds what the file says, as the in-memory reader gives it', async () => {
    const expected = (await MemoryDirectoryReader.of(await city()).current()).data;
    expect(canonical((await subject.reader.current()).data)).toEqual(canonical(expected));
  });

  it('finds areas by any name, with their lineage, and people by their chat accounts', async () => {
    const directory = await subject.reader.current();
    expect(directory.areaByExactName('HÄSSELBY VÄLLINGBY')?.id).toBe('hasselby-vallingby');
    expect(directory.areaByExactName('sthlm')?.id).toBe('stockholm');
    expect(directory.areaLineage('rinkeby').map((a) => a.id)).toEqual(['rinkeby', 'jarva', 'stockholm']);
    expect(directory.personByIdentity('slack', 'T0EXAMPLE', 'U0POLICE1')?.agencyId).toBe('polisen');
    expect(directory.personByIdentity('slack', 'T0EXAMPLE', 'U0NOBODY')).toBeUndefined();
    expect(directory.addressesOf('agency', 'polisen').map((a) => a.platform)).toEqual(['web']);
    expect(directory.addressesOf('agency', 'polisen', 'backup').length).toBeGreaterThan(0);
  });

  it('routes as the file\'s rules say, in their order', async () => {
    const directory = await subject.reader.current();
    expect(routeIncident(directory, 'rinkeby', 'violence', 1).map((r) => r.agencyId)).toEqual([
      'polisen', 'socialtjansten', 'sig-12-18', 'region-stockholm', 'brandforsvaret', 'kriminalvarden', 'aklagarmyndigheten',
    ]);
    expect(routeIncident(directory, 'husby', 'other', 4).map((r) => r.agencyId).sort()).toEqual(['polisen', 'socialtjansten']);
  });

  it('after a changed file: what left it is gone, what came is there, and the rest is as before', async () => {
    const before = await subject.reader.current();
    const changed = await city();
    changed.areas = changed.areas.filter((a) => a.id !== 'bredang');
    changed.people = changed.people.map((p) => ({ ...p, areas: p.areas.filter((id) => id !== 'bredang') }));
    changed.routing = changed.routing.map((r) => (r.areas ? { ...r, areas: r.areas.filter((id) => id !== 'bredang') } : r));
    changed.severities = changed.severities.map((s) => (s.level === 1 ? { ...s, ackDeadlineMinutes: 5 } : s));
    await subject.load(changed);
    const after = await subject.reader.current();
    expect(before.area('bredang')).toBeDefined();
    expect(after.area('bredang')).toBeUndefined();
    expect(after.severity(1)?.ackDeadlineMinutes).toBe(5);
    expect(after.allAgencies().length).toBe(before.allAgencies().length);
  });
});
