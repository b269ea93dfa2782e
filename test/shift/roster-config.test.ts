import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseConfigText } from '../../src/infra/config/load-config-file.ts';
import { loadConfigIntoDatabase } from '../../src/infra/config/load-config-into-database.ts';
import { createTestDatabase, type TestDatabase } from '../support/test-database.ts';
import { SHIFTS_CONFIG } from './shift-test-app.ts';

const text = readFileSync(SHIFTS_CONFIG, 'utf8');
const errorsOf = (variant: string) => {
  const result = parseConfigText(variant, 'shifts.yaml');
  return result.ok ? [] : result.errors.map((e) => `${e.line}:${e.path}: ${e.message}`);
};
const lineOf = (needle: string) => text.split('\n').findIndex((l) => l.includes(needle)) + 1;

describe('rosters and digests in the deployment file', () => {
  it('checks rosters and subscriptions, naming the line of each mistake', () => {
    expect(errorsOf(text)).toEqual([]);
    expect(errorsOf(text.replace('starts: "07:00", ends: "15:00"', 'starts: "7", ends: "15:00"')))
      .toEqual([`${lineOf('starts: "07:00", ends: "15:00"')}:rosters[0].shifts[0].starts: must be a time of day, HH:MM (e.g. "07:00")`]);
    expect(errorsOf(text.replace('{ shift: kvall, people: [p.eve1, p.eve2] }', '{ shift: kväll, people: [p.eve1, anna] }'))).toEqual([
      `${lineOf('shift: kvall, people')}:rosters[0].assignments[1].shift: must be a lowercase id (a-z, 0-9, ".", "_", "-")`,
      `${lineOf('shift: kvall, people')}:rosters[0].assignments[1].shift: unknown shift "kväll"`,
      `${lineOf('shift: kvall, people')}:rosters[0].assignments[1].people[1]: "anna" belongs to no agency of this roster`,
    ]);
    expect(errorsOf(text.replace('{ shift: kvall, people: [p.eve1, p.eve2] }', '{ shift: sen, people: [p.eve1, anna, nobody] }'))).toEqual([
      `${lineOf('shift: kvall, people')}:rosters[0].assignments[1].shift: unknown shift "sen"`,
      `${lineOf('shift: kvall, people')}:rosters[0].assignments[1].people[1]: "anna" belongs to no agency of this roster`,
      `${lineOf('shift: kvall, people')}:rosters[0].assignments[1].people[2]: unknown person "nobody"`,
    ]);
    expect(errorsOf(text.replace('days: [mon, tue, wed, thu, fri]', 'days: [mon, fredag]')))
      .toEqual([expect.stringContaining('rosters[1].assignments[0].days[1]: Invalid option')]);
    expect(errorsOf(text.replace('{ person: maria, areas: [jarva], time: "07:00" }', '{ person: anna, areas: [jarvaa] }'))).toEqual([
      `${lineOf('person: maria, areas')}:digests[0].person: "anna" is not a supervisor or admin`,
      `${lineOf('person: maria, areas')}:digests[0].areas[0]: unknown area "jarvaa"`,
    ]);
  });

  describe('loading into the database', () => {
    let db: TestDatabase;
    beforeAll(async () => { db = await createTestDatabase('postgres'); });
    afterAll(async () => { await db?.destroy(); });

    it('replaces configured rows on a changed file, keeps admins\' changes and the subscription\'s id and start', async () => {
      const first = parseConfigText(text, 'shifts.yaml');
      if (!first.ok) throw new Error('invalid');
      await loadConfigIntoDatabase(db, first.config, { digest: first.digest, source: 'v1', now: new Date('2026-03-01T08:00:00Z') });
      expect(await db.prisma.rosterAssignment.count({ where: { rosterId: 'polisen-jarva' } })).toBe(6);
      const subscription = await db.prisma.digestSubscription.findFirstOrThrow();
      await db.prisma.rosterOverride.create({ data: {
        id: '00000000-0000-4000-8000-000000000001', rosterId: 'polisen-jarva', shiftId: 'natt', localDate: new Date('2026-03-10T00:00:00Z'),
        personId: 'p.desk', change: 'add', source: 'admin', createdBy: 'lena', createdAt: new Date('2026-03-02T08:00:00Z'),
      } });
      const second = parseConfigText(text.replace('{ shift: natt, people: [p.night1, p.night2] }', '{ shift: natt, people: [p.night1] }')
        .replace('time: "07:00" }', 'time: "06:30" }'), 'shifts.yaml');
      if (!second.ok) throw new Error('invalid');
      await loadConfigIntoDatabase(db, second.config, { digest: second.digest, source: 'v2', now: new Date('2026-03-05T08:00:00Z') });
      expect(await db.prisma.rosterAssignment.count({ where: { rosterId: 'polisen-jarva' } })).toBe(5);
      expect(await db.prisma.rosterOverride.count({ where: { source: 'admin' } })).toBe(1);
      expect(await db.prisma.digestSubscription.findMany()).toEqual([{ ...subscription, localTime: '06:30' }]);
      const withoutRosters = parseConfigText(text.replace(/\nrosters:[\s\S]*$/, '\n'), 'shifts.yaml');
      if (!withoutRosters.ok) throw new Error('invalid');
      await loadConfigIntoDatabase(db, withoutRosters.config, { digest: withoutRosters.digest, source: 'v3', now: new Date('2026-03-06T08:00:00Z') });
      expect(await db.prisma.roster.count()).toBe(0);
      expect(await db.prisma.digestSubscription.findMany({ select: { active: true } })).toEqual([{ active: false }]);
      const audit = await db.prisma.auditEvent.findMany({ where: { action: 'config.loaded' }, orderBy: { seq: 'asc' } });
      expect(audit.map((e) => (e.after as { shifts: unknown }).shifts)).toEqual([
        { rosters: 2, subscriptions: 1, subscriptionsDeactivated: 0 },
        { rosters: 2, subscriptions: 1, subscriptionsDeactivated: 0 },
        { rosters: 0, subscriptions: 0, subscriptionsDeactivated: 1 },
      ]);
    });
  });
});
