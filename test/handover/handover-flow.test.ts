import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startShiftApp, type ShiftTestApp } from '../shift/shift-test-app.ts';
import type { RecordedMessage } from '../../adapters/memory/memory-platform.ts';

// Monday 2026-06-08 in Stockholm (CEST, UTC+2): day 07-15, evening 15-23, night 23-07; accept within 20 min.
const local = (time: string, date = '2026-06-08') => new Date(`${date}T${time}:00+02:00`);

describe('handover between shifts (PGlite)', () => {
  let t: ShiftTestApp;
  let refs: string[] = [];
  const sentTo = (channel: string, kind?: RecordedMessage['kind']) => t.web.inner.inChannel(channel).filter((m) => !kind || m.kind === kind);
  const auditOf = (subjectId: string) => t.app.db.prisma.auditEvent.findMany({ where: { subjectId }, orderBy: { seq: 'asc' } });
  const sweep = async () => (await t.job('handover.sweep')).runOnce!();

  beforeAll(async () => {
    t = await startShiftApp('postgres', local('09:00'));
    for (const [time, text] of [['09:10', 'Rinkeby 2 stenkastning mot buss'], ['10:00', 'Tensta 3 oro vid skolan'], ['11:00', 'Skärholmen 3 stök']]) {
      t.clock.set(local(time));
      refs.push((await t.say('anna', `/incident ${text}`)).incidentRef!);
    }
    t.clock.set(local('09:20'));
    await t.say('p.day1', `ack ${refs[0]}`);
    t.clock.set(local('12:00'));
    await t.say('p.day2', `note ${refs[0]} två personer gripna`);
    await t.deliver();
  });
  afterAll(async () => { await t?.stop(); });

  it('reminds the day shift to hand over 30 minutes before it ends, once', async () => {
    t.clock.set(local('14:29'));
    expect(await sweep()).toBe(0);
    t.clock.set(local('14:31'));
    expect(await sweep()).toBe(1);
    expect(await sweep()).toBe(0);
    await t.deliver();
    expect(sentTo('dm:p.day1').at(-1)!.message.title).toBe('Dags att förbereda överlämningen');
    expect(sentTo('dm:p.day2').at(-1)!.message.text).toContain('Dag slutar 15:00');
    expect(await t.app.db.prisma.scheduledSend.count({ where: { kind: 'handover.start' } })).toBe(1);
  });

  it('shows a draft without sending, then sends the note to the incoming shift with accept buttons', async () => {
    t.clock.set(local('14:40'));
    const draft = await t.say('p.day1', '/handover');
    expect(draft).toMatchObject({ changed: false, title: 'Utkast till överlämning: Polisen Järva Dag 2026-06-08 → Kväll 2026-06-08' });
    expect(draft.facts[0]).toMatchObject({ label: 'Öppna händelser (2)' });
    expect(draft.facts[0].value).toContain(`${refs[0]} Rinkeby (2) Våld: Polisen kvitterad, Socialtjänsten larmad`);
    expect(draft.facts[1]).toMatchObject({ label: 'Ej kvitterade (1)' });
    expect(draft.facts[3].value).toContain('Per Dag: två personer gripna');
    expect(await t.app.db.prisma.handover.count()).toBe(0);

    const sent = await t.say('p.day1', '/överlämning Lugnt pass. Bevaka Tensta.');
    expect(sent).toMatchObject({ changed: true, title: 'Överlämning HO-0001 skickad till Eva Kväll, Erik Kväll.' });
    await t.deliver();
    const note = sentTo('dm:p.eve1', 'send').at(-1)!.message;
    expect(note.title).toBe('Överlämning HO-0001: Polisen Järva Dag 2026-06-08 → Kväll 2026-06-08');
    expect(note.text).toContain('Lugnt pass. Bevaka Tensta.');
    expect(note.actions.map((a) => [a.payload, a.needsReason !== undefined])).toEqual([
      [{ action: 'handover.accept', handoverRef: 'HO-0001' }, false],
      [{ action: 'handover.questions', handoverRef: 'HO-0001' }, true],
    ]);
    expect(sentTo('dm:p.eve2', 'send').at(-1)!.message.title).toBe('Handover HO-0001: Police Järva Day 2026-06-08 → Evening 2026-06-08');
    // A second person of the same shift cannot send another one.
    expect((await t.say('p.day2', '/handover Dubblett')).title).toBe('Passet har redan lämnats över (HO-0001).');
  });

  it('accepts on time: the notes are replaced, the author hears of it, everything is audited', async () => {
    t.clock.set(local('15:05'));
    expect((await t.press('p.night1', { action: 'handover.accept', handoverRef: 'HO-0001' })).title).toBe('Överlämning HO-0001 är till Eva Kväll, Erik Kväll, inte till dig.');
    const accepted = await t.press('p.eve1', { action: 'handover.accept', handoverRef: 'HO-0001' });
    expect(accepted).toMatchObject({ changed: true, title: 'Du har tagit emot överlämning HO-0001.' });
    // A button posted before handover buttons had a payload of their own still works (chats keep old messages).
    expect((await t.press('p.eve2', JSON.stringify({ action: 'ext.handover.accept', incidentRef: 'HO-0001' }))).title)
      .toBe('Handover HO-0001 was already accepted by Eva Kväll at 2026-06-08 15:05. Nothing changed.');
    await t.deliver();
    const updates = sentTo('dm:p.eve2', 'update');
    expect(updates.at(-1)!.message.actions).toEqual([]);
    expect(updates.at(-1)!.message.facts.at(-1)).toEqual({ label: 'Status', value: 'Accepted by Eva Kväll at 2026-06-08 15:05' });
    expect(sentTo('dm:p.day1').at(-1)!.message.title).toBe('Eva Kväll har tagit emot överlämning HO-0001.');
    expect((await auditOf('HO-0001')).map((e) => e.action)).toEqual(['handover.sent', 'access.denied', 'handover.accepted']);
    expect((await auditOf('HO-0001')).at(-1)!.after).toMatchObject({ late: false, withQuestions: false });
    expect((await auditOf(refs[0])).map((e) => e.action)).toEqual(expect.arrayContaining(['incident.handed_over', 'incident.shift_took_over']));
    expect(await sweep()).toBe(0);
  });

  it('reminds when not accepted in time and records a late accept with questions', async () => {
    t.clock.set(local('22:40'));
    expect((await t.say('p.eve1', 'handover Kvällen lugn.')).changed).toBe(true);
    t.clock.set(local('23:19'));
    expect(await sweep()).toBe(0);
    t.clock.set(local('23:21'));
    expect(await sweep()).toBe(1);
    await t.deliver();
    const reminder = sentTo('dm:p.night2', 'send').at(-1)!.message;
    expect(reminder.title).toBe('Påminnelse: ta emot överlämning HO-0002');
    expect(reminder.actions).toHaveLength(2);
    t.clock.set(local('23:30'));
    const late = await t.press('p.night2', { action: 'handover.questions', handoverRef: 'HO-0002' }, 'Vem följer upp Tensta?');
    expect(late.title).toBe('Du har tagit emot överlämning HO-0002. (efter tidsgränsen)');
    await t.deliver();
    expect(sentTo('dm:p.eve1').at(-1)!.message.title).toBe('Nora Natt har tagit emot HO-0002 med frågor: Vem följer upp Tensta?');
    expect((await auditOf('HO-0002')).map((e) => e.action)).toEqual(['handover.sent', 'handover.reminded', 'handover.accepted']);
    // The questions are in the handover's row; the audit event keeps their digest only (no free text in the trail).
    const accepted = (await auditOf('HO-0002')).at(-1)!.after as Record<string, unknown>;
    expect(accepted).toMatchObject({ late: true, withQuestions: true, questionsDigest: { sha256: createHash('sha256').update('Vem följer upp Tensta?').digest('hex'), length: 22 } });
    expect(JSON.stringify(accepted)).not.toContain('Tensta');
    expect(sentTo('dm:maria').some((m) => m.message.title.includes('HO-0002'))).toBe(false);
    t.clock.set(local('23:59'));
    expect(await sweep()).toBe(0);
  });

  it('tells the supervisors when nobody accepts, and again once someone does', async () => {
    t.clock.set(local('06:50', '2026-06-09'));
    expect((await t.say('p.night2', 'handover polisen-jarva Natten utan händelser.')).changed).toBe(true);
    t.clock.set(local('07:21', '2026-06-09'));
    expect(await sweep()).toBe(1); // reminder
    t.clock.set(local('07:40', '2026-06-09'));
    expect(await sweep()).toBe(0);
    t.clock.set(local('07:42', '2026-06-09'));
    expect(await sweep()).toBe(1); // supervisors
    await t.deliver();
    expect(sentTo('dm:maria').at(-1)!.message.title).toBe('Överlämning HO-0003 inte mottagen');
    expect(sentTo('dm:maria').at(-1)!.message.text).toBe('Polisen Järva: överlämningen Natt 2026-06-08 → Dag 2026-06-09 till Pia Dag, Per Dag är inte mottagen sedan 2026-06-09 07:20.');
    expect(sentTo('dm:john').at(-1)!.message.title).toBe('Handover HO-0003 not accepted');
    t.clock.set(local('08:00', '2026-06-09'));
    expect((await t.say('p.day2', 'handover accept HO-0003')).changed).toBe(true);
    await t.deliver();
    expect(sentTo('dm:maria').at(-1)!.message.title).toBe('Överlämning HO-0003 är nu mottagen av Per Dag (2026-06-09 08:00).');
    expect((await auditOf('HO-0003')).map((e) => e.action)).toEqual(['handover.sent', 'handover.reminded', 'handover.escalated', 'handover.accepted']);
  });

  it('shows which shift held an incident when', async () => {
    const timeline = await t.say('maria', `/handover timeline ${refs[1]}`);
    expect(timeline.title).toBe(`Pass som haft ${refs[1]}`);
    expect(timeline.facts.map((f) => f.value)).toEqual([
      'Registrerad under Polisen Järva · Dag 2026-06-08 07:00–15:00; Järva gemensam · Dag 2026-06-08 08:00–17:00',
      'HO-0001: Polisen Järva Dag 2026-06-08 → Kväll 2026-06-08, Mottagen av Eva Kväll 2026-06-08 15:05',
      'HO-0002: Polisen Järva Kväll 2026-06-08 → Natt 2026-06-08, Mottagen sent av Nora Natt 2026-06-08 23:30',
      'HO-0003: Polisen Järva Natt 2026-06-08 → Dag 2026-06-09, Mottagen sent av Per Dag 2026-06-09 08:00',
    ]);
    // The incident in Skärholmen is outside the police roster's areas: it was never handed over.
    expect((await t.say('john', `/handover timeline ${refs[2]}`)).facts).toEqual([]);
  });
});
