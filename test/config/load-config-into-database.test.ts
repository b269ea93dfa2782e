import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { loadConfigIntoDatabase } from '../../src/infra/config/load-config-into-database.ts';
import { loadConfigFile, parseConfigText } from '../../src/infra/config/load-config-file.ts';
import { createTestDatabase, type TestDatabase } from '../support/test-database.ts';
import { CITY_CONFIG } from '../support/fixtures.ts';

const smallText = readFileSync(fileURLToPath(new URL('../fixtures/config/small.yaml', import.meta.url)), 'utf8');

function parse(text: string) {
  const result = parseConfigText(text, 'small.yaml');
  if (!result.ok) throw new Error(result.errors.map((e) => e.message).join('\n'));
  return result;
}

const DIRECTORY_TABLES = ['area', 'agency', 'category', 'severity', 'routing_rule', 'person', 'address', 'person_identity', 'config_version'];

describe('loadConfigIntoDatabase', () => {
  // The tests share one database (a copy of the run's migrated template): each empties the directory tables first
  // and reads only the audit events written after it started (the audit trail refuses deletes, by design).
  let db: TestDatabase;
  let auditStart = 0n;
  beforeAll(async () => {
    db = await createTestDatabase('postgres');
  });
  afterAll(async () => {
    await db?.destroy();
  });
  beforeEach(async () => {
    await db.sql.exec(DIRECTORY_TABLES.map((t) => `DELETE FROM "${t}";`).join('\n'));
    auditStart = (await db.prisma.auditEvent.aggregate({ _max: { seq: true } }))._max.seq ?? 0n;
  });

  const newAudit = () => db.prisma.auditEvent.findMany({ where: { seq: { gt: auditStart } }, orderBy: { seq: 'asc' } });

  it('writes the directory, one ConfigVersion and exactly one config.loaded audit event', async () => {
    const { config, digest } = parse(smallText);
    const now = new Date('2026-03-01T08:00:00Z');
    expect(await loadConfigIntoDatabase(db, config, { digest, source: 'small.yaml', now })).toEqual({ changed: true });

    expect(await db.prisma.area.findUnique({ where: { id: 'rinkeby' } })).toEqual({
      id: 'rinkeby', parentId: 'jarva', level: 'area', nameSv: 'Rinkeby', nameEn: 'Rinkeby', aliases: ['rinkeby centrum'], active: true,
    });
    expect(await db.prisma.agency.findMany({ orderBy: { id: 'asc' }, select: { id: true, sensitivity: true } }))
      .toEqual([{ id: 'polisen', sensitivity: 2 }, { id: 'socialtjansten', sensitivity: 0 }]);
    expect(await db.prisma.severity.count()).toBe(2);
    expect(await db.prisma.category.findUnique({ where: { id: 'violence' } })).toMatchObject({ keywords: ['våld', 'hot'] });
    expect(await db.prisma.routingRule.findMany({ orderBy: { position: 'asc' } })).toEqual([
      { id: 'violence-jarva', position: 0, areaIds: ['jarva'], categoryIds: ['violence'], severities: [],
        agencyIds: ['polisen', 'socialtjansten'], sensitiveAgencyIds: ['polisen'],
        basis: 'OSL 10 kap. 18 a § (exempel: ange den sekretessbrytande grunden)' },
      { id: 'baseline', position: 1, areaIds: [], categoryIds: [], severities: [], agencyIds: ['socialtjansten'], sensitiveAgencyIds: [], basis: null },
    ]);
    expect(await db.prisma.person.findUnique({ where: { id: 'bo.ek' } })).toEqual({
      id: 'bo.ek', name: 'Bo Ek', role: 'agency_contact', agencyId: 'polisen', areaIds: [], locale: 'en', onDuty: false, email: null, active: true,
    });
    expect(await db.prisma.person.findUnique({ where: { id: 'anna.lind' } })).toMatchObject({ locale: 'sv', onDuty: true });
    expect(await db.prisma.address.findMany({ orderBy: { id: 'asc' }, select: { id: true, channel: true, workspace: true } })).toEqual([
      { id: 'agency:polisen:backup:0', channel: 'agency:polisen:backup', workspace: '' },
      { id: 'agency:polisen:primary:0', channel: 'agency:polisen', workspace: '' },
      { id: 'agency:socialtjansten:primary:0', channel: 'C0001', workspace: 'T0001' },
      { id: 'area:jarva:primary:0', channel: 'area:jarva', workspace: '' },
      { id: 'person:anna.lind:primary:0', channel: 'dm:anna.lind', workspace: '' },
    ]);
    expect(await db.prisma.personIdentity.findMany({ orderBy: { personId: 'asc' } })).toEqual([
      { platform: 'slack', workspace: 'T0001', userId: 'U0001', personId: 'anna.lind' },
      { platform: 'web', workspace: '', userId: 'bo.ek', personId: 'bo.ek' },
    ]);
    expect(await db.prisma.configVersion.findMany()).toEqual([{ id: expect.any(Number), digest, loadedAt: now, source: 'small.yaml' }]);

    const events = await newAudit();
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({
      at: now, actorId: 'config', action: 'config.loaded', subjectType: 'config', subjectId: digest, platform: 'system',
      after: { source: 'small.yaml', counts: { areas: 3, agencies: 2, categories: 2, severities: 2, routingRules: 2, people: 3, addresses: 5, identities: 2 } },
    });
    expect(events[0].hash).toMatch(/^[0-9a-f]{64}$/);
  });

  it('does nothing for the digest loaded last', async () => {
    const { config, digest } = parse(smallText);
    await loadConfigIntoDatabase(db, config, { digest, source: 'small.yaml', now: new Date('2026-03-01T08:00:00Z') });
    const again = await loadConfigIntoDatabase(db, config, { digest, source: 'small.yaml', now: new Date('2026-03-02T08:00:00Z') });
    expect(again).toEqual({ changed: false });
    expect(await newAudit()).toHaveLength(1);
    expect(await db.prisma.configVersion.count()).toBe(1);
  });

  it('deactivates people and areas that left the file, and deletes their identities and addresses', async () => {
    const first = parse(smallText);
    await loadConfigIntoDatabase(db, first.config, { digest: first.digest, source: 'v1', now: new Date('2026-03-01T08:00:00Z') });
    const withoutAnna = smallText
      .replace(/ {2}- id: anna\.lind\n(?: {4}.*\n)+/, '')
      .replace(/ {2}- \{ id: rinkeby,.*\n/, '');
    const second = parse(withoutAnna);
    expect(await loadConfigIntoDatabase(db, second.config, { digest: second.digest, source: 'v2', now: new Date('2026-03-02T08:00:00Z') }))
      .toEqual({ changed: true });

    expect(await db.prisma.person.findUnique({ where: { id: 'anna.lind' } })).toMatchObject({ active: false });
    expect(await db.prisma.person.findUnique({ where: { id: 'bo.ek' } })).toMatchObject({ active: true });
    expect(await db.prisma.area.findUnique({ where: { id: 'rinkeby' } })).toMatchObject({ active: false, nameSv: 'Rinkeby' });
    expect(await db.prisma.personIdentity.findMany({ where: { personId: 'anna.lind' } })).toEqual([]);
    expect(await db.prisma.address.findMany({ where: { ownerId: 'anna.lind' } })).toEqual([]);
    const events = await newAudit();
    expect(events.map((e) => e.subjectId)).toEqual([first.digest, second.digest]);
    expect(events[1].after).toMatchObject({ source: 'v2', deactivated: { people: 1, areas: 1 } });

    // Restoring the first file brings her back: it is not the latest digest any more.
    expect(await loadConfigIntoDatabase(db, first.config, { digest: first.digest, source: 'v1', now: new Date('2026-03-03T08:00:00Z') }))
      .toEqual({ changed: true });
    expect(await db.prisma.person.findUnique({ where: { id: 'anna.lind' } })).toMatchObject({ active: true });
    expect(await db.prisma.configVersion.findMany({ orderBy: { id: 'asc' }, select: { digest: true } }))
      .toEqual([{ digest: second.digest }, { digest: first.digest }]);
    expect(await newAudit()).toHaveLength(3);
  });

  it('keeps addresses created at run time', async () => {
    await db.prisma.address.create({
      data: { id: 'teams-ref-1', ownerType: 'person', ownerId: 'bo.ek', platform: 'teams', workspace: 'tenant', channel: 'conv' },
    });
    const { config, digest } = parse(smallText);
    await loadConfigIntoDatabase(db, config, { digest, source: 'small.yaml', now: new Date('2026-03-01T08:00:00Z') });
    expect(await db.prisma.address.findUnique({ where: { id: 'teams-ref-1' } })).not.toBeNull();
  });

  it('loads a whole city (the tests\' own file) with every agency and person', async () => {
    const result = await loadConfigFile(CITY_CONFIG);
    if (!result.ok) throw new Error('city fixture invalid');
    await loadConfigIntoDatabase(db, result.config, { digest: result.digest, source: 'city.yaml', now: new Date() });
    expect(await db.prisma.agency.count({ where: { active: true } })).toBe(17);
    expect(await db.prisma.person.count()).toBe(result.config.people.length);
  });
});
