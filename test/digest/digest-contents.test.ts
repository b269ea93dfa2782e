import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startShiftApp, type ShiftTestApp } from '../shift/shift-test-app.ts';
import { barChartSvg } from '../../adapters/web/render/bar-chart-svg.ts';
import { barChartPng } from '../../adapters/teams/bar-chart-png.ts';

/**
 * A seeded 2026-03-29 (the 23-hour day summer time begins) with known numbers, built through the real commands at
 * the real times: incidents, answers, escalations, closings and handovers. Numbers are incident numbers.
 */
describe('daily digest contents (PGlite, seeded DST day)', () => {
  let t: ShiftTestApp;
  const at = async (iso: string, person: string, text: string) => {
    t.clock.set(new Date(iso));
    const reply = await t.say(person, text);
    expect(reply.tone, `${person}: ${text} -> ${reply.title}`).not.toBe('error');
    return reply;
  };
  const digestJob = async () => (await t.job('digest.send')).runOnce!();

  beforeAll(async () => {
    t = await startShiftApp('postgres', new Date('2026-03-28T12:00:00Z'));
    await at('2026-03-28T22:50:00+01:00', 'anna', '/incident Rinkeby 3 stök vid torget'); // 1: the day before, still open
    await at('2026-03-28T22:55:00+01:00', 'p.night1', 'ack 1');
    await at('2026-03-28T22:55:00+01:00', 's.day1', 'ack 1');
    await at('2026-03-29T00:10:00+01:00', 'anna', '/incident Rinkeby 2 stenkastning mot buss'); // 2
    await at('2026-03-29T00:14:00+01:00', 'p.night1', 'ack 2');
    await at('2026-03-29T00:20:00+01:00', 's.day1', 'ack 2');
    await at('2026-03-29T03:30:00+02:00', 'anna', '/incident Tensta 3 oro vid skolan'); // 3: social services never answer
    await at('2026-03-29T03:50:00+02:00', 'p.night2', 'ack 3');
    t.clock.set(new Date('2026-03-29T04:31:00+02:00'));
    expect(await t.app.service.escalateDue()).toBe(1); // to the backup address
    t.clock.set(new Date('2026-03-29T05:32:00+02:00'));
    expect(await t.app.service.escalateDue()).toBe(1); // to the supervisors
    await at('2026-03-29T06:50:00+02:00', 'p.night1', 'handover Lugn natt.'); // on time
    await at('2026-03-29T07:05:00+02:00', 'p.day1', 'handover accept HO-0001');
    await at('2026-03-29T09:00:00+02:00', 'anna', '/incident Rinkeby 1 brand i soprum'); // 4: fire, three agencies
    await at('2026-03-29T09:02:00+02:00', 'p.day1', 'ack 4');
    await at('2026-03-29T09:03:00+02:00', 's.day1', 'decline 4 inte vårt');
    await at('2026-03-29T09:08:00+02:00', 'r.day1', 'ack 4'); // after its 5-minute deadline: a miss
    await at('2026-03-29T12:00:00+02:00', 'anna', '/incident Skärholmen 3 stök'); // 5: outside Järva
    await at('2026-03-29T12:00:00+02:00', 'anna', 'close 2');
    await at('2026-03-29T14:50:00+02:00', 'p.day2', 'handover Inget nytt.');
    await at('2026-03-29T15:30:00+02:00', 'p.eve1', 'handover accept HO-0002'); // late
    await at('2026-03-29T22:55:00+02:00', 'p.eve2', 'handover Tyst kväll.'); // never accepted
    await at('2026-03-29T23:30:00+02:00', 'anna', '/incident Tensta 3 oro i trapphus'); // 6
    await at('2026-03-29T23:40:00+02:00', 's.day1', 'ack 6');
    await at('2026-03-30T00:05:00+02:00', 'anna', '/incident Rinkeby 3 stök'); // 7: the day after
    await at('2026-03-30T00:10:00+02:00', 'p.night1', 'ack 6');
    await at('2026-03-30T01:00:00+02:00', 'anna', 'close 4'); // closed after the day ended: still open at its end
  }, 120_000);
  afterAll(async () => { await t?.stop(); });

  it('sends the Järva supervisor the Swedish digest at 07:00 with the seeded numbers', async () => {
    t.clock.set(new Date('2026-03-29T07:00:00+02:00'));
    expect(await digestJob()).toBe(1); // the 28th
    t.clock.set(new Date('2026-03-30T06:59:00+02:00'));
    expect(await digestJob()).toBe(0);
    t.clock.set(new Date('2026-03-30T07:00:30+02:00'));
    expect(await digestJob()).toBe(1);
    expect(await digestJob()).toBe(0);
    await t.deliver();
    const digest = t.web.inner.inChannel('dm:maria').filter((m) => m.message.title.startsWith('Dygnssammanfattning')).at(-1)!.message;
    expect(digest.title).toBe('Dygnssammanfattning 2026-03-29 · Järva');
    expect(digest.text).toBe('4 händelser, 4 fortfarande öppna, 1 eskaleringar, 2 missade svarstider.\nDygnet hade 23 timmar (sommartid började).');
    expect(digest.facts).toEqual([
      { label: 'Händelser per område', value: 'Rinkeby 2, Tensta 2' },
      { label: 'Per kategori', value: 'Övrigt 2, Brand 1, Våld 1' },
      { label: 'Per allvarlighet', value: '1 Kritisk: 1, 2 Hög: 1, 3 Medel: 2' },
      { label: 'Fortfarande öppna vid dygnets slut', value: '4 (äldst: INC-2026-0001 Rinkeby 2026-03-28 22:50; INC-2026-0003 Tensta 2026-03-29 03:30; INC-2026-0004 Rinkeby 2026-03-29 09:00; INC-2026-0006 Tensta 2026-03-29 23:30)' },
      {
        label: 'Tid till svar per myndighet',
        value: [
          'Polisen: median 12 min, 90:e percentil 34 min, missade 0 av 4',
          'Region Stockholm: median 8 min, 90:e percentil 8 min, missade 1 av 1',
          'Socialtjänsten: median 10 min, 90:e percentil 10 min, missade 1 av 4, obesvarade: 1',
        ].join('\n'),
      },
      // Socialtjänsten's silence on incident 3 went to the backup, then to the supervisors: one part, counted at its highest level.
      { label: 'Eskaleringar', value: 'Socialtjänsten: 0 till reserv, 1 till chefer' },
      { label: 'Överlämningar', value: '1 i tid, 1 sena, 1 inte mottagna, 0 saknas (av 3 pass)' },
    ]);
    // The charts travel as data; the web console draws them as SVG, Teams as PNG.
    expect(digest.charts!.map((c) => c.title)).toEqual(['Händelser per område 2026-03-29', 'Median tid till svar 2026-03-29']);
    expect(digest.charts![0].bars).toEqual([{ label: 'Rinkeby', value: 2 }, { label: 'Tensta', value: 2 }]);
    expect(digest.charts![1]).toMatchObject({ unit: 'min', bars: expect.arrayContaining([{ label: 'Polisen', value: 12 }]) });
    expect(barChartSvg(digest.charts![0].bars, digest.charts![0])).toContain('<title>Rinkeby: 2</title>');
    expect(barChartSvg(digest.charts![1].bars, digest.charts![1])).toContain('<title>Polisen: 12 min</title>');
    const png = barChartPng(digest.charts![0].bars, digest.charts![0]);
    expect(png.subarray(1, 4).toString('ascii')).toBe('PNG');
    expect([png.readUInt32BE(16), png.readUInt32BE(20)]).toEqual([560, 34 + 2 * 30 + 10]); // two bars
    const sends = await t.app.db.prisma.scheduledSend.findMany({ where: { kind: 'digest' }, orderBy: { localDate: 'asc' } });
    expect(sends.map((s) => [s.localDate.toISOString().slice(0, 10), s.late, s.notifications])).toEqual([['2026-03-28', false, 1], ['2026-03-29', false, 1]]);
    const audit = await t.app.db.prisma.auditEvent.findMany({ where: { action: 'digest.sent' }, orderBy: { seq: 'asc' } });
    expect(audit.at(-1)!.after).toMatchObject({ date: '2026-03-29', late: false, incidents: 4, stillOpen: 4, notifications: 1 });
    // The digest names the oldest open incidents to Maria: a summary disclosure of each, in the read log.
    const read = await t.app.db.prisma.accessLog.findMany({ where: { surface: 'digest', at: t.clock.now() }, orderBy: { seq: 'asc' } });
    expect(read.map((r) => [r.personId, r.incidentRef, r.fields, r.confidential, r.ground, r.incidentId !== null])).toEqual(
      ['INC-2026-0001', 'INC-2026-0003', 'INC-2026-0004', 'INC-2026-0006'].map((ref) => ['maria', ref, ['summary'], false, 'supervisor', true]));
  });

  it('gives the same day in English on demand, and counts every area without a scope', async () => {
    t.clock.set(new Date('2026-03-30T08:00:00+02:00'));
    const english = await t.say('john', '/digest 2026-03-29 Järva');
    expect(english.title).toBe('Daily digest 2026-03-29 · Järva');
    expect(english.text).toBe('4 incidents, 4 still open, 1 escalations, 2 missed answer deadlines.\nThe day had 23 hours (summer time began).');
    expect(english.facts.map((f) => f.label)).toEqual([
      'Incidents by area', 'By category', 'By severity', 'Still open at the end of the day', 'Time to answer by agency', 'Escalations', 'Handovers',
    ]);
    expect(english.facts[1].value).toBe('Other 2, Fire 1, Violence 1');
    expect(english.facts[4].value.split('\n')[0]).toBe('Police: median 12 min, 90th percentile 34 min, missed 0 of 4');
    expect(english.facts[6].value).toBe('1 on time, 1 late, 1 not accepted, 0 missing (of 3 shifts)');
    const all = await t.say('john', 'sammanfattning 2026-03-29');
    expect(all.title).toBe('Daily digest 2026-03-29 · Stockholm');
    expect(all.facts[0].value).toBe('Rinkeby 2, Tensta 2, Skärholmen 1');
    const swedish = await t.say('maria', '/digest igår en');
    expect(swedish.title).toBe('Daily digest 2026-03-29 · Järva');
  });

  it('refuses digests outside a supervisor\'s areas and to field staff', async () => {
    t.clock.set(new Date('2026-03-30T08:00:00+02:00'));
    expect((await t.say('maria', '/digest Skärholmen')).title).toBe('Du kan bara se sammanfattningar för dina egna områden (Järva).');
    expect((await t.say('anna', '/digest')).tone).toBe('error');
    expect(await t.app.db.prisma.auditEvent.count({ where: { action: 'access.denied', actorId: 'anna' } })).toBe(1);
  });

  it('catches up the days missed during downtime, marked late, once', async () => {
    t.clock.set(new Date('2026-04-02T07:05:00+02:00'));
    expect(await digestJob()).toBe(3);
    expect(await digestJob()).toBe(0);
    const sends = await t.app.db.prisma.scheduledSend.findMany({ where: { kind: 'digest', localDate: { gte: new Date('2026-03-30T00:00:00Z') } }, orderBy: { localDate: 'asc' } });
    expect(sends.map((s) => [s.localDate.toISOString().slice(0, 10), s.late])).toEqual([['2026-03-30', true], ['2026-03-31', true], ['2026-04-01', false]]);
    await t.deliver();
    const titles = t.web.inner.inChannel('dm:maria').map((m) => m.message.title).filter((title) => title.startsWith('Dygns')).slice(-3);
    expect(titles).toEqual([
      'Dygnssammanfattning 2026-03-30 · Järva (försenad)',
      'Dygnssammanfattning 2026-03-31 · Järva (försenad)',
      'Dygnssammanfattning 2026-04-01 · Järva',
    ]);
    expect(t.web.inner.inChannel('dm:maria').at(-3)!.message.text).toContain('Skickad 2026-04-02 07:05, schemalagd 2026-03-31 07:00 (servern var nere).');
  });

  it('lets a supervisor subscribe in English at another time', async () => {
    t.clock.set(new Date('2026-04-02T08:00:00+02:00'));
    const reply = await t.say('john', '/digest subscribe Skärholmen 06:30 en');
    expect(reply.title).toMatch(/^You will get the daily digest for Skärholmen at 06:30 \(en\)\. Id: sub-/);
    t.clock.set(new Date('2026-04-03T06:31:00+02:00'));
    expect(await digestJob()).toBe(1);
    await t.deliver();
    const digest = t.web.inner.inChannel('dm:john').at(-1)!.message;
    expect(digest.title).toBe('Daily digest 2026-04-02 · Skärholmen');
    expect((await t.say('john', '/digest unsubscribe')).changed).toBe(true);
  });

  it('counts the 25-hour day when summer time ends (2026-10-25), both 02:30s included', async () => {
    for (const iso of [
      '2026-10-24T21:59:00Z', // 23:59 on the 24th: not counted
      '2026-10-24T22:00:00Z', // 00:00 CEST on the 25th
      '2026-10-25T00:30:00Z', // 02:30 CEST
      '2026-10-25T01:30:00Z', // 02:30 CET, an hour later
      '2026-10-25T22:59:00Z', // 23:59 CET
      '2026-10-25T23:00:00Z', // 00:00 on the 26th: not counted
    ]) await at(iso, 'anna', '/incident Skärholmen 3 stök');
    t.clock.set(new Date('2026-10-26T08:00:00+01:00'));
    const digest = await t.say('john', '/digest 2026-10-25 Skärholmen');
    expect(digest.title).toBe('Daily digest 2026-10-25 · Skärholmen');
    expect(digest.text!.split('\n')).toEqual([
      '4 incidents, 6 still open, 0 escalations, 8 missed answer deadlines.',
      'The day had 25 hours (summer time ended).',
    ]);
    expect(digest.facts[0].value).toBe('Skärholmen 4');
  });
});
