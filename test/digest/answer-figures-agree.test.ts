import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startShiftApp, type ShiftTestApp } from '../shift/shift-test-app.ts';
import { PrismaDigestStore } from '../../src/infra/digest/prisma-digest-store.ts';
import { PrismaSupervisionReader } from '../../src/infra/supervision/prisma-supervision-reader.ts';
import { buildDigest } from '../../src/core/digest/build-digest.ts';
import { expandAreas } from '../../src/core/digest/digest-scope.ts';
import { supervisorView } from '../../src/core/supervision/supervisor-view.service.ts';

/**
 * Time to answer, misses and escalations are defined once (src/core/incident/answer-figures.ts). The daily digest
 * reads its rows with its own SQL, the supervisor view reads incidents through Prisma: on the same data they must
 * give the same figures. A day of its own, on PGlite, through the real commands at the real times.
 */
describe('the digest and the supervisor view agree on answer figures (PGlite)', () => {
  let t: ShiftTestApp;
  const at = async (iso: string, person: string, text: string) => {
    t.clock.set(new Date(iso));
    const reply = await t.say(person, text);
    expect(reply.tone, `${person}: ${text} -> ${reply.title}`).not.toBe('error');
  };

  beforeAll(async () => {
    t = await startShiftApp('postgres', new Date('2026-05-12T06:00:00+02:00'));
    await at('2026-05-12T08:00:00+02:00', 'anna', '/incident Rinkeby 2 stenkastning mot buss'); // 1
    await at('2026-05-12T08:04:00+02:00', 'p.day1', 'ack 1');
    await at('2026-05-12T08:30:00+02:00', 's.day1', 'decline 1 inte vårt'); // a decline is an answer, after the deadline: a miss
    await at('2026-05-12T09:00:00+02:00', 'anna', '/incident Tensta 1 brand i soprum'); // 2: five-minute deadline; social services silent
    await at('2026-05-12T09:02:00+02:00', 'p.day1', 'ack 2');
    await at('2026-05-12T09:10:00+02:00', 'r.day1', 'ack 2'); // late: a miss
    await at('2026-05-12T10:00:00+02:00', 'anna', '/incident Rinkeby 3 oro vid skolan'); // 3: social services silent again
    await at('2026-05-12T10:07:00+02:00', 'p.day1', 'ack 3');
    t.clock.set(new Date('2026-05-12T11:01:00+02:00'));
    expect(await (await t.job('escalation')).runOnce()).toBeGreaterThan(0); // the app's escalation job: to the backup addresses
    t.clock.set(new Date('2026-05-12T12:02:00+02:00'));
    expect(await (await t.job('escalation')).runOnce()).toBeGreaterThan(0); // to the supervisors
    await at('2026-05-12T13:00:00+02:00', 'anna', '/incident Skärholmen 3 stök'); // outside Järva: in neither
  }, 120_000);
  afterAll(async () => { await t?.stop(); });

  it('gives the same figures per agency, and they are the ones the day had', async () => {
    t.clock.set(new Date('2026-05-12T20:00:00+02:00'));
    const directory = await t.app.deps.directory.current();
    const maria = directory.person('maria')!;
    const digest = await buildDigest(
      new PrismaDigestStore(t.app.db).reader, { rosters: [], assignments: [] } as never,
      { areaIds: expandAreas(directory, maria.areaIds), agencyIds: [], rosterIds: [] }, '2026-05-12', directory.settings.timeZone, t.clock.now(),
    );
    const view = await supervisorView({ directory: t.app.deps.directory, reader: new PrismaSupervisionReader(t.app.db), clock: t.clock }, 'maria', { windowDays: 1 });

    expect(view!.answers).toEqual(digest.figures.ack);
    const byAgency = Object.fromEntries(digest.figures.ack.map((a) => [a.agencyId, a]));
    expect(byAgency.polisen).toMatchObject({ parts: 3, answered: 3, medianMs: 4 * 60_000, p90Ms: 6.4 * 60_000, misses: 0, toBackup: 0, toSupervisors: 0 });
    // Social services declined 1 late, and never answered 2 (the fire) or 3: three misses, two escalated to the supervisors.
    expect(byAgency.socialtjansten).toMatchObject({ parts: 3, answered: 1, medianMs: 30 * 60_000, misses: 3, toBackup: 0, toSupervisors: 2 });
    expect(byAgency.region).toMatchObject({ parts: 1, answered: 1, medianMs: 10 * 60_000, misses: 1 });
    // The open incidents' rows on the view say the same: a decline is an answer, silence past the deadline is overdue.
    const third = view!.ackRows.find((r) => r.incident.number === 3)!;
    expect(third.agencies.find((a) => a.agencyId === 'socialtjansten')).toMatchObject({ timeToAckMs: null, overdue: true, escalationLevel: 2 });
  });
});
