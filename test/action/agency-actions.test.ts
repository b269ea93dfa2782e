import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../support/test-app.ts';
import { DATABASE_KINDS } from '../support/test-database.ts';
import { ManualClock } from '../../src/core/ports/clock.port.ts';
import type { Incident } from '../../src/core/incident/incident.types.ts';
import { escalateActions } from '../../src/core/action/escalate-actions.service.ts';
import { retentionJob } from '../../src/infra/retention/retention.job.ts';
import { verifyAuditChain } from '../../src/infra/audit/verify-audit-chain.ts';
import { auditAfter, lastAuditSeq, messageOf, press, readable, replyText, say } from '../integration/support/harness.ts';

// Agency actions through the core on PGlite and PostgreSQL: proposal, answers, done, refusals, bad input that writes
// nothing, overdue escalation on an injected clock (backup first, then supervisors, once across two passes), the
// timeline and `status`, and erasure with the incident under the retention rules.

const T0 = new Date('2026-11-26T09:00:00Z');
const TEXT = 'öka patrulleringen vid Rinkeby torg';

describe.each(DATABASE_KINDS)('agency actions (%s)', (kind) => {
  let app: TestApp;
  const clock = new ManualClock(T0);
  let incident: Incident;

  beforeAll(async () => {
    app = await startTestApp(kind, { clock, background: false, wires: [], listen: false });
    // Severity 1: five minutes to answer. Routed to the police and social services (among others).
    incident = (await say(app, 'anna.lind', '/incident Rinkeby 1 stenkastning mot buss vid torget')).incident!;
  });
  afterAll(async () => {
    await app?.stop();
  });

  const at = (minutes: number) => clock.set(new Date(T0.getTime() + minutes * 60_000));
  const action = (seq: number) => app.db.prisma.agencyAction.findUniqueOrThrow({ where: { incidentId_seq: { incidentId: incident.id, seq } } });
  const rows = (kinds: string[]) => app.db.prisma.notification.findMany({ where: { incidentId: incident.id, kind: { in: kinds } }, orderBy: [{ createdAt: 'asc' }, { channel: 'asc' }] });
  const counts = async () => ({
    actions: await app.db.prisma.agencyAction.count(),
    notifications: await app.db.prisma.notification.count(),
    audit: await app.db.prisma.auditEvent.count(),
  });
  const escalate = () => escalateActions({ ...app.deps });

  it('a supervisor proposes an action; the agency\'s room and people on duty get it with Accept and Decline', async () => {
    const seq = await lastAuditSeq(app.db);
    const outcome = await say(app, 'maria.ekstrom', `åtgärd ${incident.number} polisen ${TEXT} senast imorgon 18:00`);
    expect(replyText(outcome)).toBe(`Åtgärd ${incident.ref}/1 föreslagen för Polismyndigheten. De har till 2026-11-26 10:05 att svara.`);
    expect(await action(1)).toMatchObject({
      agencyId: 'polisen', text: TEXT, state: 'proposed', proposedBy: 'maria.ekstrom', escalationLevel: 0,
      dueAt: new Date('2026-11-27T17:00:00Z'), nextEscalationAt: new Date(T0.getTime() + 5 * 60_000),
    });
    const proposals = await rows(['action.proposal']);
    expect(proposals.map((r) => r.channel)).toContain('agency:polisen');
    expect(proposals.every((r) => r.agencyId === 'polisen')).toBe(true);
    const room = messageOf(proposals.find((r) => r.channel === 'agency:polisen')!);
    expect(room.title).toBe(`Åtgärd ${incident.ref}/1 för Polismyndigheten`);
    expect(readable(room)).toContain(TEXT);
    expect(readable(room)).toContain('Föreslagen av Maria Ekström');
    expect(room.actions.map((a) => [a.label, a.payload])).toEqual([
      ['Acceptera', { action: 'action.accept', actionRef: `${incident.ref}/1` }],
      ['Avböj', { action: 'action.decline', actionRef: `${incident.ref}/1` }],
    ]);
    expect(room.actions[1].needsReason).toBeDefined();
    // Audited with a digest, never the text.
    const events = await auditAfter(app.db, seq);
    expect(events.map((e) => [e.action, e.subjectId, e.actorId])).toEqual([['action.proposed', incident.ref, 'maria.ekstrom']]);
    expect(JSON.stringify(events[0].after)).not.toContain('patrull');
    expect(events[0].after).toMatchObject({ actionRef: `${incident.ref}/1`, agencyId: 'polisen' });
  });

  it('lists the action commands in help, Swedish and English', async () => {
    expect((await say(app, 'anna.lind', 'hjälp')).replies[0].text).toContain('åtgärd <nr> <myndighet> <text> [senast <datum> [hh:mm]]');
    expect((await say(app, 'david.morgan', 'help')).replies[0].text).toContain('action done <no>/<seq> [note]: mark an accepted action done');
  });

  it('refuses people who may not propose and bad input, writing nothing but the refusal', async () => {
    const before = await counts();
    const refused = await say(app, 'eva.lundqvist', `action ${incident.number} polisen ${TEXT}`);
    expect(replyText(refused)).toBe('Du får inte göra det (action.propose). Försöket har loggats.');
    expect(await counts()).toEqual({ ...before, audit: before.audit + 1 });
    const denied = await app.db.prisma.auditEvent.findFirstOrThrow({ where: { action: 'access.denied', actorId: 'eva.lundqvist' } });
    expect(denied.after).toMatchObject({ attempted: 'action.propose' });

    const after = await counts();
    const cases: Array<[string, string, string]> = [
      ['maria.ekstrom', `action ${incident.number} nosuchagency check the school`, 'Okänd myndighet "nosuchagency"'],
      ['maria.ekstrom', `action ${incident.number} polisen check the school due 2026-13-45`, '"2026-13-45" är inget datum'],
      ['maria.ekstrom', `action ${incident.number} polisen check the school due 2026-11-01`, 'Datumet 2026-11-01 23:59 har redan passerat'],
      ['maria.ekstrom', `action 999 polisen check the school`, 'Hittar ingen händelse 999'],
      ['karin.dahl', 'action accept 42/x', '"42/x" är ingen åtgärd'],
      ['karin.dahl', `action accept ${incident.number}/9`, `Hittar ingen åtgärd ${incident.number}/9`],
      ['karin.dahl', `action decline ${incident.number}/1`, 'Skriv varför ni avböjer'],
      ['karin.dahl', 'action', 'Så här: åtgärd <nr> <myndighet> <text>'],
    ];
    for (const [person, text, expected] of cases) {
      const outcome = await say(app, person, text);
      expect(outcome.changed, text).toBe(false);
      expect(replyText(outcome), text).toContain(expected);
    }
    // English too.
    expect(replyText(await say(app, 'maria.ekstrom', `action ${incident.number} nosuch x`, { locale: 'en' }))).toContain('Unknown agency "nosuch"');
    expect(replyText(await press(app, 'karin.dahl', { action: 'action.accept', actionRef: 'x/1' }))).toContain('Knappen kunde inte läsas');
    expect(await counts()).toEqual(after);
  });

  it('the agency accepts with the button; every copy shows it with Done, the proposer hears of it; a second accept changes nothing', async () => {
    at(2);
    const before = (await rows(['action.proposal'])).length;
    const outcome = await press(app, 'karin.dahl', { action: 'action.accept', actionRef: `${incident.ref}/1` });
    expect(replyText(outcome)).toBe(`Åtgärd ${incident.ref}/1 är accepterad för Polismyndigheten.`);
    expect(outcome.replies[0].actions.map((a) => a.payload)).toEqual([{ action: 'action.done', actionRef: `${incident.ref}/1` }]);
    expect(await action(1)).toMatchObject({ state: 'accepted', answeredBy: 'karin.dahl', nextEscalationAt: new Date('2026-11-27T17:00:00Z'), escalationLevel: 0 });
    const updates = await rows(['action.update']);
    expect(updates).toHaveLength(before);
    expect(updates.every((u) => u.updatesId !== null)).toBe(true);
    const room = messageOf(updates.find((r) => r.channel === 'agency:polisen')!);
    expect(readable(room)).toMatch(/Accepterad av Karin Dahl 2026-11-26 10:02/);
    expect(room.actions.map((a) => a.label)).toEqual(['Klar']);
    const told = (await rows(['action.outcome'])).filter((r) => r.personId === 'maria.ekstrom');
    expect(told.map((r) => readable(messageOf(r)))).toEqual([expect.stringContaining(`Polismyndigheten har accepterat åtgärd ${incident.ref}/1 (Karin Dahl).`)]);

    const again = await say(app, 'mikael.strand', `åtgärd acceptera ${incident.number}/1`);
    expect(again.changed).toBe(false);
    expect(replyText(again)).toBe(`Åtgärd ${incident.ref}/1 är redan accepterad, så den kan inte accepteras. Inget har ändrats.`);
  });

  it('a request delivered twice (same request key) is carried out once', async () => {
    const other = (await say(app, 'anna.lind', '/incident Kista 1 stenkastning mot spårvagn')).incident!;
    const key = `retry-${kind}`;
    const propose = `action ${other.number} polisen prata med ungdomarna`;
    const first = await say(app, 'maria.ekstrom', propose, { requestKey: key, locale: 'en' });
    expect(replyText(first)).toMatch(new RegExp(`^Action ${other.ref}/1 proposed to Swedish Police Authority\\. They have until 2026-11-26 \\d\\d:\\d\\d to answer\\.$`));
    const before = await counts();
    const again = await say(app, 'maria.ekstrom', propose, { requestKey: key, locale: 'en' });
    expect(again.changed).toBe(false);
    expect(await counts()).toEqual(before);
    const accept = { action: 'action.accept', actionRef: `${other.ref}/1` };
    expect((await press(app, 'karin.dahl', accept, undefined, { requestKey: `${key}-accept` })).changed).toBe(true);
    const replay = await press(app, 'karin.dahl', accept, undefined, { requestKey: `${key}-accept` });
    expect(replay.changed).toBe(false);
    expect(await app.db.prisma.auditEvent.count({ where: { action: 'action.accepted', subjectId: other.ref } })).toBe(1);
    await say(app, 'karin.dahl', `action done ${other.number}/1`);
  });

  it('declines with a reason; a declined action cannot be accepted; only the action\'s agency or a supervisor answers', async () => {
    await say(app, 'maria.ekstrom', `action ${incident.number} socialtjänsten ring vårdnadshavarna`);
    const wrongAgency = await say(app, 'karin.dahl', `action decline ${incident.number}/2 inte vårt`);
    expect(replyText(wrongAgency)).toContain('Du får inte göra det');
    const declined = await press(app, 'eva.lundqvist', { action: 'action.decline', actionRef: `${incident.number}/2` }, 'redan gjort av skolan');
    expect(replyText(declined)).toBe(`Åtgärd ${incident.ref}/2 är avböjd för Stockholms stad, socialtjänsten.`);
    expect(await action(2)).toMatchObject({ state: 'declined', declineReason: 'redan gjort av skolan', answeredBy: 'eva.lundqvist', nextEscalationAt: null });
    const told = (await rows(['action.outcome'])).filter((r) => r.personId === 'maria.ekstrom').map((r) => readable(messageOf(r)));
    expect(told).toContainEqual(expect.stringContaining('Stockholms stad, socialtjänsten har avböjt åtgärd'));
    expect(told.join('\n')).toContain('redan gjort av skolan');
    const event = await app.db.prisma.auditEvent.findFirstOrThrow({ where: { action: 'action.declined' } });
    expect(JSON.stringify(event.after)).not.toContain('skolan');

    const accept = await say(app, 'eva.lundqvist', `action accept ${incident.number}/2`);
    expect(replyText(accept)).toBe(`Åtgärd ${incident.ref}/2 är avböjd, så den kan inte accepteras. Inget har ändrats.`);
    const done = await say(app, 'eva.lundqvist', `action done ${incident.number}/2`, { locale: 'en' });
    expect(replyText(done)).toBe(`Action ${incident.ref}/2 is declined, so it cannot be marked done. Nothing was changed.`);
  });

  it('marks the accepted action done with a note; status and the timeline show every step', async () => {
    at(3);
    const done = await say(app, 'karin.dahl', `åtgärd klar ${incident.number}/1 patrullerat hela kvällen`);
    expect(replyText(done)).toBe(`Åtgärd ${incident.ref}/1 är klar.`);
    expect(await action(1)).toMatchObject({ state: 'done', doneBy: 'karin.dahl', doneNote: 'patrullerat hela kvällen', nextEscalationAt: null });
    const status = await say(app, 'maria.ekstrom', `status ${incident.number}`);
    expect(status.replies).toHaveLength(2);
    const list = readable(status.replies[1]);
    expect(list).toContain(`${incident.ref}/1 Polismyndigheten: ${TEXT}`);
    expect(list).toContain('Klar, Karin Dahl 2026-11-26 10:03');
    expect(list).toContain('Avböjd av Eva Lundqvist');
    const timeline = await app.db.prisma.auditEvent.findMany({ where: { subjectType: 'incident', subjectId: incident.ref, action: { startsWith: 'action.' } }, orderBy: { seq: 'asc' } });
    expect(timeline.map((e) => [e.action, e.actorId])).toEqual([
      ['action.proposed', 'maria.ekstrom'], ['action.accepted', 'karin.dahl'], ['action.proposed', 'maria.ekstrom'],
      ['action.declined', 'eva.lundqvist'], ['action.done', 'karin.dahl'],
    ]);
  });

  it('escalates an unanswered proposal at its answer deadline to the backup, then the supervisors, once; then an overdue accepted one', async () => {
    at(10);
    await say(app, 'maria.ekstrom', `action ${incident.number} polisen kontakta butiksägarna`);
    const proposedAt = T0.getTime() + 10 * 60_000;
    at(14);
    expect(await escalate()).toBe(0);
    at(16);
    let seq = await lastAuditSeq(app.db);
    // Two replicas at once: the step is taken once.
    const passes = await Promise.all([escalate(), escalate()]);
    expect(passes[0] + passes[1]).toBe(1);
    expect(await action(3)).toMatchObject({ escalationLevel: 1, nextEscalationAt: new Date(T0.getTime() + 21 * 60_000) });
    const backup = (await rows(['action.escalation'])).map((r) => [r.channel, messageOf(r).title]);
    expect(backup).toEqual([['agency:polisen:backup', `Försenad åtgärd ${incident.ref}/3 för Polismyndigheten`]]);
    let events = (await auditAfter(app.db, seq)).map((e) => [e.action, e.actorId, (e.after as any).escalationLevel]);
    expect(events).toEqual([['action.escalated', 'scheduler', 1]]);

    at(22);
    seq = await lastAuditSeq(app.db);
    expect(await escalate()).toBe(1);
    const supervisors = (await rows(['action.escalation'])).slice(1);
    expect(supervisors.map((r) => r.personId)).toEqual(['maria.ekstrom']);
    expect(readable(messageOf(supervisors[0]))).toContain(`Polismyndigheten har inte svarat på åtgärd ${incident.ref}/3.`);
    expect(messageOf(supervisors[0]).actions.map((a) => a.label)).toEqual(['Acceptera', 'Avböj']);
    expect(await action(3)).toMatchObject({ escalationLevel: 2, nextEscalationAt: null });
    const status = readable((await say(app, 'maria.ekstrom', `status ${incident.number}`)).replies[1]);
    expect(status).toContain('kontakta butiksägarna\nFöreslagen (försenad)');
    at(60);
    expect(await escalate()).toBe(0);
    events = (await auditAfter(app.db, seq)).map((e) => [e.action, (e.after as any).escalationLevel]);
    expect(events).toEqual([['action.escalated', 2]]);
    expect(proposedAt).toBeLessThan(clock.now().getTime());

    // Accepted late, due in an hour: nothing until the due time, then the backup again.
    await say(app, 'karin.dahl', `action accept ${incident.number}/3`);
    expect(await action(3)).toMatchObject({ state: 'accepted', escalationLevel: 0, nextEscalationAt: null });
    await say(app, 'maria.ekstrom', `action ${incident.number} polisen stäng av gatan due 2026-11-26 11:30`);
    await say(app, 'karin.dahl', `action accept ${incident.number}/4`);
    // 11:30 in Stockholm is 90 minutes after T0.
    at(89);
    expect(await escalate()).toBe(0);
    at(91);
    expect(await escalate()).toBe(1);
    const overdue = (await rows(['action.escalation'])).filter((r) => messageOf(r).title.includes('/4'));
    expect(overdue.map((r) => r.channel)).toEqual(['agency:polisen:backup']);
    expect(readable(messageOf(overdue[0]))).toContain('accepterade åtgärden men den är inte klar (senast 2026-11-26 11:30)');
    await say(app, 'karin.dahl', `action done ${incident.number}/4`);
    at(400);
    expect(await escalate()).toBe(0);
  });

  it('refuses actions on a closed incident; erases the text, reason and note with the incident', async () => {
    await say(app, 'maria.ekstrom', `close ${incident.number}`);
    const closed = await say(app, 'maria.ekstrom', `action ${incident.number} polisen x`);
    expect(replyText(closed)).toContain('är stängd');
    clock.set(new Date(T0.getTime() + 31 * 24 * 3600_000));
    const erased = await retentionJob(app.db, { afterClosedDays: 30 }, { directory: app.deps.directory, clock, delivery: app.worker }, app.logger).runOnce();
    expect(erased).toBe(1);
    const actions = await app.db.prisma.agencyAction.findMany({ where: { incidentId: incident.id }, orderBy: { seq: 'asc' } });
    expect(actions).toHaveLength(4);
    for (const a of actions) expect(a).toMatchObject({ text: '', declineReason: null, doneNote: null, proposedBy: '', answeredBy: null, doneBy: null });
    expect(actions.map((a) => a.state)).toEqual(['done', 'declined', 'accepted', 'done']);
    const messages = JSON.stringify(await app.db.prisma.notification.findMany({ where: { incidentId: incident.id } }));
    expect(messages).not.toContain('patrull');
    expect(messages).not.toContain('skolan');
    const event = await app.db.prisma.auditEvent.findFirstOrThrow({ where: { action: 'incident.erased', subjectId: incident.ref } });
    expect(event.after).toMatchObject({ actions: 4 });
    expect((await verifyAuditChain(app.db)).firstBreak).toBeNull();
  });
});
