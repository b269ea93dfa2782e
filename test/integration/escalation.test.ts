import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../support/test-app.ts';
import { DATABASE_KINDS } from '../support/test-database.ts';
import { ManualClock } from '../../src/core/ports/clock.port.ts';
import { verifyAuditChain } from '../../src/infra/audit/verify-audit-chain.ts';
import type { Incident } from '../../src/core/incident/incident.types.ts';
import { auditAfter, channels, lastAuditSeq, messageOf, notificationsOf, readable, say } from './support/harness.ts';

// Escalation on an injected clock: an agency silent past its deadline is escalated to its backup address, one deadline
// later to the area's supervisors, then nothing more. Any answer, or closing the incident, stops it.

const T0 = new Date('2026-11-26T09:00:00Z');
const SECRET = 'namn på ungdomarna';

describe.each(DATABASE_KINDS)('escalation driven by the clock (%s)', (kind) => {
  let app: TestApp;
  const clock = new ManualClock(T0);
  /** Silent social services and SIG 19–29 (police acknowledge in time). */
  let silent: Incident;
  /** Everyone answers before the deadline. */
  let answered: Incident;
  /** Closed before the deadline. */
  let closed: Incident;

  beforeAll(async () => {
    app = await startTestApp(kind, { clock, background: false, wires: [], listen: false });
  });
  afterAll(async () => {
    await app?.stop();
  });

  const escalationRows = (incident: Incident) => notificationsOf(app.db, incident.id, ['incident.escalation']);
  const escalatedEvents = async (seq: bigint, incident: Incident) =>
    (await auditAfter(app.db, seq)).filter((e) => e.action === 'incident.escalated' && e.subjectId === incident.ref);
  const part = (incident: Incident, agencyId: string) =>
    app.db.prisma.incidentAgency.findUniqueOrThrow({ where: { incidentId_agencyId: { incidentId: incident.id, agencyId } } });
  const at = (minutes: number) => clock.set(new Date(T0.getTime() + minutes * 60_000));

  it('escalates to the backup, then to the supervisors, then stops; answers and closing stop it', async () => {
    // Severity 1: five minutes to acknowledge. Public disorder reaches police, social services and SIG 19–29.
    silent = (await say(app, 'anna.lind', `/incident Rinkeby 1 #public-order stök vid centrum känsligt: ${SECRET}`)).incident!;
    answered = (await say(app, 'anna.lind', '/incident Kista 1 #public-order stök vid galleriat')).incident!;
    closed = (await say(app, 'anna.lind', '/incident Akalla 1 #public-order stök vid skolan')).incident!;
    expect(silent.agencies.map((a) => a.agencyId)).toEqual(['polisen', 'sig-19-29', 'socialtjansten']);
    expect(silent.agencies.every((a) => a.deadlineAt.getTime() === T0.getTime() + 5 * 60_000)).toBe(true);

    at(1);
    await say(app, 'karin.dahl', `kvittera ${silent.ref}`);
    await say(app, 'karin.dahl', `kvittera ${answered.ref}`);
    await say(app, 'eva.lundqvist', `påväg ${answered.ref}`);
    await say(app, 'yasmin.omar', `avböj ${answered.ref} inte vår målgrupp`);
    await say(app, 'anna.lind', `stäng ${closed.ref}`);

    // Before the deadline: nothing.
    at(4);
    let seq = await lastAuditSeq(app.db);
    expect(await app.service.escalateDue()).toBe(0);
    expect(await auditAfter(app.db, seq)).toEqual([]);

    // Past the deadline: the two silent agencies go to their backup addresses (level 1), audited one by one. Two
    // schedulers running at once (replicas) take each step once.
    at(6);
    seq = await lastAuditSeq(app.db);
    const passes = await Promise.all([app.service.escalateDue(), app.service.escalateDue()]);
    expect(passes[0] + passes[1]).toBe(2);
    const level1 = await escalationRows(silent);
    expect(level1.map((r) => [r.channel, r.agencyId, r.personId])).toEqual(expect.arrayContaining([
      ['agency:sig-19-29:backup', 'sig-19-29', null], ['agency:socialtjansten:backup', 'socialtjansten', null],
    ]));
    expect(level1).toHaveLength(2);
    const toSocial = messageOf(level1.find((r) => r.channel === 'agency:socialtjansten:backup')!);
    expect(toSocial).toMatchObject({ tone: 'warning', title: `Eskalering: Stockholms stad, socialtjänsten har inte kvitterat ${silent.ref}` });
    expect(toSocial.text).toBe('Stockholms stad, socialtjänsten har inte kvitterat inom 5 min. Ni är reservmottagare.\n\nstök vid centrum');
    expect(toSocial.actions.map((a) => [a.payload.action, 'agencyId' in a.payload ? a.payload.agencyId : undefined])).toEqual([['ack', 'socialtjansten'], ['responding', 'socialtjansten'], ['decline', 'socialtjansten']]);
    // The backup of an agency allowed to see details sees them; the other does not.
    expect(readable(toSocial)).toContain(SECRET);
    expect(JSON.stringify(level1.find((r) => r.channel === 'agency:sig-19-29:backup')!.message)).not.toContain(SECRET);
    let events = await escalatedEvents(seq, silent);
    expect(events).toHaveLength(2);
    expect(events.every((e) => e.actorId === 'scheduler' && e.platform === 'system')).toBe(true);
    expect(events.map((e) => e.after).sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b)))).toEqual([
      { agencyId: 'sig-19-29', escalationLevel: 1, recipients: ['agency:sig-19-29:backup:0'] },
      { agencyId: 'socialtjansten', escalationLevel: 1, recipients: ['agency:socialtjansten:backup:0'] },
    ]);
    expect(events.map((e) => e.before)).toEqual(expect.arrayContaining([{ agencyId: 'socialtjansten', escalationLevel: 0 }]));
    expect(await part(silent, 'socialtjansten')).toMatchObject({ state: 'notified', escalationLevel: 1, nextEscalationAt: new Date(T0.getTime() + 11 * 60_000) });
    expect(await part(silent, 'polisen')).toMatchObject({ escalationLevel: 0, nextEscalationAt: null });

    // The same pass again, or before the next deadline: nothing.
    expect(await app.service.escalateDue()).toBe(0);
    at(10);
    expect(await app.service.escalateDue()).toBe(0);
    expect(await escalationRows(silent)).toHaveLength(2);

    // One more deadline: the supervisors of the area (Maria Ekström, Järva), level 2.
    at(12);
    seq = await lastAuditSeq(app.db);
    expect(await app.service.escalateDue()).toBe(2);
    const level2 = (await escalationRows(silent)).filter((r) => !r.channel.endsWith(':backup'));
    expect(level2.map((r) => [r.channel, r.personId]).sort()).toEqual([['dm:maria.ekstrom', 'maria.ekstrom'], ['dm:maria.ekstrom', 'maria.ekstrom']]);
    expect(level2.map((r) => r.agencyId).sort()).toEqual(['sig-19-29', 'socialtjansten']);
    const toMaria = messageOf(level2.find((r) => r.agencyId === 'sig-19-29')!);
    expect(toMaria.title).toBe(`Eskalering: Sociala insatsgruppen 19–29 år har inte kvitterat ${silent.ref}`);
    expect(toMaria.text).toBe(`Sociala insatsgruppen 19–29 år har inte kvitterat ${silent.ref}, inte heller reserven.\n\nstök vid centrum`);
    expect(toMaria.actions.map((a) => a.payload)).toEqual([{ action: 'close', incidentRef: silent.ref }]);
    events = await escalatedEvents(seq, silent);
    expect(events.map((e) => e.after)).toEqual(expect.arrayContaining([
      { agencyId: 'sig-19-29', escalationLevel: 2, recipients: ['maria.ekstrom'] },
      { agencyId: 'socialtjansten', escalationLevel: 2, recipients: ['maria.ekstrom'] },
    ]));
    expect(events).toHaveLength(2);
    expect(await part(silent, 'sig-19-29')).toMatchObject({ state: 'notified', escalationLevel: 2, nextEscalationAt: null });

    // Then nothing more, however long it stays silent.
    seq = await lastAuditSeq(app.db);
    for (const minutes of [20, 60, 600]) {
      at(minutes);
      expect(await app.service.escalateDue()).toBe(0);
    }
    expect(await auditAfter(app.db, seq)).toEqual([]);
    expect(await escalationRows(silent)).toHaveLength(4);

    // Answered and closed incidents were never escalated.
    expect(await escalationRows(answered)).toEqual([]);
    expect(await escalationRows(closed)).toEqual([]);
    expect(await app.db.prisma.auditEvent.count({ where: { action: 'incident.escalated', subjectId: { in: [answered.ref, closed.ref] } } })).toBe(0);
    // Steps written several to a transaction keep the audit chain whole.
    expect((await verifyAuditChain(app.db)).firstBreak).toBeNull();
  });

  it('an answer after escalation replaces the escalation messages; a supervisor is not offered another agency\'s buttons', async () => {
    const seq = await lastAuditSeq(app.db);
    await say(app, 'eva.lundqvist', `kvittera ${silent.ref}`);
    const events = await auditAfter(app.db, seq);
    expect(events.map((e) => e.action)).toEqual(['incident.acknowledged']);
    expect(events[0].before).toEqual({ agencyId: 'socialtjansten', state: 'notified', escalationLevel: 2 });
    const escalations = await escalationRows(silent);
    const updates = await notificationsOf(app.db, silent.id, ['incident.update']);
    const ofEscalations = updates.filter((u) => escalations.some((e) => e.id === u.updatesId));
    expect(channels(ofEscalations)).toEqual(channels(escalations));
    for (const update of ofEscalations.filter((u) => u.personId === 'maria.ekstrom')) {
      const message = messageOf(update);
      expect(readable(message)).toContain('Stockholms stad, socialtjänsten: Kvitterad');
      // Maria answers for social services only; SIG 19–29's buttons would be refused if she pressed them.
      expect(message.actions.filter((a) => 'agencyId' in a.payload && a.payload.agencyId && a.payload.agencyId !== 'socialtjansten')).toEqual([]);
      // ...and, as a supervisor of the area, she may still close it from there.
      expect(message.actions.map((a) => a.payload.action)).toContain('close');
    }
  });
});
