import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { notifiedPeople, startShiftApp, type ShiftTestApp } from './shift-test-app.ts';

/** Registers an incident in an area at an instant and returns its reference. */
async function incidentAt(t: ShiftTestApp, iso: string, text = 'Rinkeby 3 stök vid torget'): Promise<string> {
  t.clock.set(new Date(iso));
  const reply = await t.say('anna', `/incident ${text}`);
  expect(reply.tone).toBe('success');
  return reply.incidentRef!;
}

describe('on duty by roster (PGlite, injected clock)', () => {
  let t: ShiftTestApp;
  beforeAll(async () => { t = await startShiftApp('postgres', new Date('2026-03-28T12:00:00Z')); });
  afterAll(async () => { await t?.stop(); });

  it('notifies the night shift after the spring-forward hour and the day shift from 07:00 summer time', async () => {
    expect(await notifiedPeople(t.app, await incidentAt(t, '2026-03-29T01:30:00Z'))).toEqual(['p.night1', 'p.night2']);
    expect(await notifiedPeople(t.app, await incidentAt(t, '2026-03-29T05:00:00Z'))).toEqual(['p.day1', 'p.day2']);
  });

  it('keeps the night shift through the repeated autumn hour and hands over at 07:00 winter time', async () => {
    expect(await notifiedPeople(t.app, await incidentAt(t, '2026-10-25T00:30:00Z'))).toEqual(['p.night1', 'p.night2']);
    expect(await notifiedPeople(t.app, await incidentAt(t, '2026-10-25T05:59:00Z'))).toEqual(['p.night1', 'p.night2']);
    expect(await notifiedPeople(t.app, await incidentAt(t, '2026-10-25T06:00:00Z'))).toEqual(['p.day1', 'p.day2']);
  });

  it('uses the joint roster for social services on weekdays, and the directory flags where no roster covers', async () => {
    // Monday 2026-06-08 10:00: the joint day shift covers social services; Skärholmen has no police roster.
    const jarva = await incidentAt(t, '2026-06-08T08:00:00Z', 'Tensta 3 oro vid skolan');
    expect(await notifiedPeople(t.app, jarva)).toEqual(['p.day1', 'p.day2', 's.day1']);
    const south = await incidentAt(t, '2026-06-08T08:05:00Z', 'Skärholmen 3 stök');
    expect(await notifiedPeople(t.app, south)).toEqual(['p.desk']);
  });

  it('sends to the backup address and tells the supervisor when nobody is on duty', async () => {
    // Saturday night: nobody of social services is rostered in Järva.
    const ref = await incidentAt(t, '2026-06-13T22:00:00Z');
    const incident = await t.app.db.prisma.incident.findUniqueOrThrow({ where: { number: Number(ref.split('-').pop()) } });
    const rows = await t.app.db.prisma.notification.findMany({ where: { incidentId: incident.id } });
    const backup = rows.find((r) => r.channel === 'agency:socialtjansten:backup');
    expect(backup).toMatchObject({ kind: 'incident.new', agencyId: 'socialtjansten' });
    expect((backup!.message as { actions: Array<{ payload: { action: string } }> }).actions.map((a) => a.payload.action)).toContain('ack');
    const told = rows.filter((r) => r.kind === 'ext.shift.uncovered');
    expect(told.map((r) => r.channel).sort()).toEqual(['dm:john', 'dm:maria']);
    expect((told.find((r) => r.channel === 'dm:maria')!.message as { text: string }).text).toContain('Ingen från Socialtjänsten är i tjänst för Rinkeby');
    expect((told.find((r) => r.channel === 'dm:john')!.message as { text: string }).text).toContain('Nobody from Social Services is on duty for Rinkeby');
    // The police night shift is on, so no backup for the police.
    expect(rows.some((r) => r.channel === 'agency:polisen:backup')).toBe(false);
  });

  it('answers /shift who for an area and an agency', async () => {
    t.clock.set(new Date('2026-06-08T13:30:00Z')); // Monday 15:30
    const area = await t.say('anna', '/shift who Rinkeby');
    expect(area.title).toBe('I tjänst nu · Rinkeby');
    expect(area.facts).toEqual([
      { label: 'Polisen', value: 'Kväll 15:00–23:00 (Polisen Järva): Eva Kväll, Erik Kväll' },
      { label: 'Region Stockholm', value: 'Dag 08:00–17:00 (Järva gemensam): Rut Region' },
      { label: 'Socialtjänsten', value: 'Dag 08:00–17:00 (Järva gemensam): Siri Soc' },
    ]);
    const english = await t.say('john', '/shift vem polisen');
    expect(english.title).toBe('On duty now');
    expect(english.facts[0].value).toBe('Evening 15:00–23:00 (Police Järva): Eva Kväll, Erik Kväll');
  });

  it('lets people start and end duty outside the plan, and uses that at once', async () => {
    t.clock.set(new Date('2026-06-08T20:00:00Z')); // Monday 22:00: evening shift, no social services
    const off = await t.say('p.eve1', '/shift off');
    expect(off).toMatchObject({ tone: 'success', changed: true });
    const on = await t.say('s.day1', '/skift på till 23:30');
    expect(on.title).toBe('Siri Soc är i tjänst utanför schemat till 2026-06-08 23:30.');
    const ref = await incidentAt(t, '2026-06-08T20:05:00Z');
    expect(await notifiedPeople(t.app, ref)).toEqual(['p.eve2', 's.day1']);
    const who = await t.say('maria', '/shift who socialtjansten');
    expect(who.facts[0].value).toContain('utanför schemat: Siri Soc');
    // After 23:30 she is off again; after 23:00 the night shift is on and Eva's "off" has expired with her shift.
    expect(await notifiedPeople(t.app, await incidentAt(t, '2026-06-08T21:45:00Z'))).toEqual(['p.night1', 'p.night2']);
    const audit = await t.app.db.prisma.auditEvent.findMany({ where: { action: { in: ['shift.duty_started', 'shift.duty_ended'] } }, orderBy: { seq: 'asc' } });
    expect(audit.map((e) => [e.action, e.subjectId])).toEqual([['shift.duty_ended', 'p.eve1'], ['shift.duty_started', 's.day1']]);
  });

  it('lets admins swap a shift for one day, audited, and refuses others', async () => {
    const refused = await t.say('p.day1', '/shift swap polisen-jarva 2026-07-01 natt p.night1 p.day1');
    expect(refused.tone).toBe('error');
    expect(await t.app.db.prisma.auditEvent.count({ where: { action: 'access.denied', actorId: 'p.day1' } })).toBe(1);
    const swap = await t.say('lena', '/shift swap polisen-jarva 2026-07-01 natt p.night1 p.day1');
    expect(swap).toMatchObject({ tone: 'success', changed: true });
    expect(await notifiedPeople(t.app, await incidentAt(t, '2026-07-01T23:00:00Z'))).toEqual(['p.day1', 'p.night2']);
    // The next night is back to the plan.
    expect(await notifiedPeople(t.app, await incidentAt(t, '2026-07-02T23:00:00Z'))).toEqual(['p.night1', 'p.night2']);
    const plan = await t.say('lena', '/shift plan polisen-jarva 2026-07-01');
    expect(plan.facts.find((f) => f.label.startsWith('Natt'))!.value).toBe('Nora Natt, Pia Dag');
    const event = await t.app.db.prisma.auditEvent.findFirstOrThrow({ where: { action: 'roster.swapped' } });
    expect(event).toMatchObject({ actorId: 'lena', subjectType: 'roster', subjectId: 'polisen-jarva' });
  });

  it('changes the base pattern with assign and unassign', async () => {
    expect((await t.say('lena', '/shift assign polisen-jarva dag p.desk mon-fri')).changed).toBe(true);
    expect(await notifiedPeople(t.app, await incidentAt(t, '2026-07-06T08:00:00Z'))).toEqual(['p.day1', 'p.day2', 'p.desk', 's.day1']);
    expect(await notifiedPeople(t.app, await incidentAt(t, '2026-07-05T08:00:00Z'))).toEqual(['p.day1', 'p.day2']); // Sunday
    expect((await t.say('lena', '/shift unassign polisen-jarva dag p.desk')).changed).toBe(true);
    expect(await notifiedPeople(t.app, await incidentAt(t, '2026-07-07T08:00:00Z'))).toEqual(['p.day1', 'p.day2', 's.day1']);
    const bad = await t.say('lena', '/shift assign polisen-jarva frukost p.desk');
    expect(bad.title).toBe('Schemat polisen-jarva har inget pass "frukost". Pass: dag, kvall, natt.');
  });
});
