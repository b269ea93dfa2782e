import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startShiftApp, type ShiftTestApp } from '../shift/shift-test-app.ts';
import { capturedOutput } from '../support/cli-output.ts';
import { SqlDigestReader } from '../../src/infra/digest/digest-figures-sql.ts';
import { SqlPackReader } from '../../src/infra/pack/sql-pack-reader.ts';
import { PrismaAccessLog } from '../../src/infra/access/prisma-access-log.ts';
import { buildDigest } from '../../src/core/digest/build-digest.ts';
import { digestScope } from '../../src/core/digest/digest-scope.ts';
import { addLocalDays } from '../../src/core/shift/local-time.ts';
import { weeklyPack } from '../../src/core/pack/weekly-pack.service.ts';
import { mondayOf, isoWeekOf } from '../../src/core/pack/iso-week.ts';
import { runPackExport } from '../../src/cli/commands/pack.command.ts';
import { mkdirSync } from 'node:fs';
import { randomUUID } from 'node:crypto';
import { actionCountsAt, type ActionSample } from '../../src/core/pack/action-counts.ts';
import { headline, packWindow } from '../../src/core/pack/build-weekly-pack.ts';
import { answerFigures } from '../../src/core/incident/answer-figures.ts';
import { CHAT_TABLE_ROWS, renderPackMessage } from '../../src/core/pack/render-pack-message.ts';
import { acquireFolderLock } from '../../src/infra/db/pglite-folder-lock.ts';
import { serveLocalCli } from '../../src/infra/local-cli/local-cli-server.ts';
import { findFolderOwner, runOnOwner } from '../../src/infra/local-cli/local-cli-client.ts';
import { silentLogger } from '../../src/infra/log/logger.ts';
import { localCliHandler } from '../../src/cli/local-cli-handler.ts';

// The weekly pack's figures are the digest's over a week: the same data gives the same numbers (summed over the
// seven daily digests where a figure adds up), the trend compares with the four weeks before, and the export a
// records system takes holds the same tables.

// The same cases on PGlite and PostgreSQL: the pack's own SQL (width_bucket, the actions' index ranges) runs on both.
describe.each(['pglite', 'postgres'] as const)('weekly pack (%s, injected clock)', (kind) => {
  let t: ShiftTestApp;
  const refs: Record<string, string> = {};
  const out = mkdtempSync(join(tmpdir(), 'samband-pack-'));

  async function incident(name: string, iso: string, text: string) {
    t.clock.set(new Date(iso));
    const reply = await t.say('anna', `/incident ${text}`);
    expect(reply.tone).toBe('success');
    refs[name] = reply.incidentRef!;
  }
  async function as(personId: string, iso: string, text: string) {
    t.clock.set(new Date(iso));
    const reply = await t.say(personId, text);
    expect(reply.tone, reply.text).toBe('success');
  }
  // Agency actions, inserted as rows (the action commands are another helper's): the week's figures by hand below.
  const actions: Array<ActionSample & { incident: string }> = [];
  async function action(incident: string, agencyId: string, state: ActionSample['state'], proposed: string, more: { answered?: string; done?: string; due?: string } = {}) {
    const row = await t.app.db.prisma.incident.findUniqueOrThrow({ where: { number: Number(refs[incident].split('-').pop()) } });
    const seq = (await t.app.db.prisma.agencyAction.count({ where: { incidentId: row.id } })) + 1;
    const at = (iso?: string) => (iso ? new Date(iso) : null);
    const sample = { agencyId, state, proposedAt: new Date(proposed), answeredAt: at(more.answered), doneAt: at(more.done), dueAt: at(more.due), escalationLevel: 0, nextEscalationAt: null };
    await t.app.db.prisma.agencyAction.create({ data: { id: randomUUID(), incidentId: row.id, seq, text: 'åtgärd', proposedBy: 'maria', ...sample } });
    actions.push({ ...sample, incident });
  }
  const deps = () => ({
    directory: t.app.deps.directory, clock: t.clock, accessLog: new PrismaAccessLog(t.app.db),
    shifts: t.app.deps.shifts, reader: new SqlDigestReader(t.app.db.prisma), packs: new SqlPackReader(t.app.db.prisma),
  });

  beforeAll(async () => {
    t = await startShiftApp(kind, new Date('2026-05-18T06:00:00Z'));
    // Weeks 21 and 22: one and two incidents (the trend's earlier weeks).
    await incident('w21', '2026-05-20T08:00:00Z', 'Rinkeby 3 stök vid torget');
    await incident('w22a', '2026-05-26T08:00:00Z', 'Tensta 3 oro vid skolan');
    await incident('w22b', '2026-05-28T08:00:00Z', 'Rinkeby 3 klotter');
    // Week 23 (1–7 June, summer time): three in Järva, one in Skärholmen (outside the pack).
    await incident('a', '2026-06-02T08:00:00Z', 'Rinkeby 3 stenkastning mot buss');
    await incident('b', '2026-06-02T09:00:00Z', 'Tensta 3 bråk vid skolan');
    await incident('c', '2026-06-04T12:00:00Z', 'Rinkeby 3 oro i trapphus');
    await incident('south', '2026-06-03T08:00:00Z', 'Skärholmen 3 stök');
    // Police answer after 4, 10 and 30 minutes; social services answer A after 90 (past its 60-minute deadline) only.
    await as('p.day1', '2026-06-02T08:04:00Z', `ack ${refs.a}`);
    await as('p.day1', '2026-06-02T09:10:00Z', `ack ${refs.b}`);
    await as('p.day1', '2026-06-04T12:30:00Z', `ack ${refs.c}`);
    await as('s.day1', '2026-06-02T09:30:00Z', `ack ${refs.a}`);
    await as('maria', '2026-06-05T10:00:00Z', `close ${refs.b} löst på plats`);
    // Week 23 ends 2026-06-07T22:00Z. Open at its end: police 2 (one overdue), social services 3 (one overdue).
    await action('a', 'polisen', 'accepted', '2026-06-02T09:00:00Z', { answered: '2026-06-02T10:00:00Z', due: '2026-06-05T12:00:00Z' }); // open, overdue
    await action('b', 'polisen', 'done', '2026-06-02T09:30:00Z', { answered: '2026-06-02T10:00:00Z', done: '2026-06-04T10:00:00Z', due: '2026-06-05T12:00:00Z' }); // done in time
    await action('c', 'polisen', 'accepted', '2026-06-04T13:00:00Z', { answered: '2026-06-04T14:00:00Z', due: '2026-06-10T12:00:00Z' }); // open, due later
    await action('a', 'socialtjansten', 'declined', '2026-06-03T08:00:00Z', { answered: '2026-06-03T09:00:00Z' }); // declined in the week
    await action('b', 'socialtjansten', 'proposed', '2026-06-03T08:00:00Z'); // unanswered, no due time: open, not overdue
    await action('c', 'socialtjansten', 'done', '2026-06-05T08:00:00Z', { answered: '2026-06-05T09:00:00Z', done: '2026-06-08T10:00:00Z', due: '2026-06-06T12:00:00Z' }); // done after the week: open and overdue at its end
    await action('w21', 'socialtjansten', 'declined', '2026-05-20T09:00:00Z', { answered: '2026-06-08T09:00:00Z' }); // declined after the week
    await action('south', 'polisen', 'accepted', '2026-06-03T09:00:00Z', { answered: '2026-06-03T10:00:00Z', due: '2026-06-04T10:00:00Z' }); // outside Järva
    await action('a', 'polisen', 'proposed', '2026-06-08T06:00:00Z', { due: '2026-06-08T07:00:00Z' }); // proposed after the week
    t.clock.set(new Date('2026-06-09T08:00:00Z'));
  });
  afterAll(async () => {
    await t?.stop();
    rmSync(out, { recursive: true, force: true });
  });

  it('reads weeks the ISO way', () => {
    expect(mondayOf('2026-W23')).toBe('2026-06-01');
    expect(mondayOf('2026-W53')).toBe('2026-12-28');
    expect(mondayOf('2025-W53')).toBeUndefined();
    expect(mondayOf('2026-23')).toBeUndefined();
    expect(isoWeekOf('2027-01-03')).toBe('2026-W53');
    expect(isoWeekOf('2026-12-31')).toBe('2026-W53');
  });

  it("matches the daily digests of the same seven days, and the expected acknowledgement figures", async () => {
    const pack = await weeklyPack(deps(), { viewerId: 'maria', areaId: 'jarva', week: '2026-W23', surface: 'web' });
    expect(pack.window).toMatchObject({ week: '2026-W23', date: '2026-06-01', lastDay: '2026-06-07', start: new Date('2026-05-31T22:00:00Z'), end: new Date('2026-06-07T22:00:00Z') });

    const directory = await t.app.deps.directory.current();
    const snapshot = await t.app.deps.shifts.snapshot();
    const scope = digestScope(directory, snapshot, directory.person('maria')!, ['jarva'], []);
    const days = await Promise.all(Array.from({ length: 7 }, (_, i) => buildDigest(new SqlDigestReader(t.app.db.prisma), snapshot, scope, addLocalDays('2026-06-01', i), 'Europe/Stockholm', t.clock.now())));
    const sum = (pick: (d: (typeof days)[number]) => number) => days.reduce((s, d) => s + pick(d), 0);

    expect(pack.figures.incidents).toBe(sum((d) => d.figures.incidents));
    expect(pack.figures.incidents).toBe(3);
    for (const agency of ['polisen', 'socialtjansten']) {
      const week = pack.figures.ack.find((a) => a.agencyId === agency)!;
      const daily = days.flatMap((d) => d.figures.ack.filter((a) => a.agencyId === agency));
      expect([week.parts, week.answered, week.misses]).toEqual([daily.reduce((s, a) => s + a.parts, 0), daily.reduce((s, a) => s + a.answered, 0), daily.reduce((s, a) => s + a.misses, 0)]);
    }
    expect(pack.figures.ack.find((a) => a.agencyId === 'polisen')).toMatchObject({ parts: 3, answered: 3, misses: 0, medianMs: 10 * 60_000 });
    expect(pack.figures.ack.find((a) => a.agencyId === 'socialtjansten')).toMatchObject({ parts: 3, answered: 1, misses: 3, medianMs: 90 * 60_000 });
    // Open at the end of the week is the Sunday digest's "still open at the end of the day".
    expect(pack.figures.stillOpen.count).toBe(days[6].figures.stillOpen.count);
    expect(pack.figures.stillOpen.oldest.map((o) => o.ref)).toEqual([refs.w21, refs.w22a, refs.w22b, refs.a, refs.c]);
    // Handovers: the week's shifts are the seven days' shifts.
    for (const key of ['expected', 'onTime', 'late', 'notAccepted', 'missing'] as const) expect(pack.handovers[key]).toBe(sum((d) => d.handovers[key]));
    expect(pack.handovers.expected).toBeGreaterThan(0);

    expect(pack.previous.map((w) => [w.week, w.newIncidents])).toEqual([['2026-W19', 0], ['2026-W20', 0], ['2026-W21', 1], ['2026-W22', 2]]);
    expect(pack.current).toMatchObject({ week: '2026-W23', newIncidents: 3, openAtEnd: 5, parts: 6, answered: 4, misses: 3 });
    expect(pack.actions).toEqual({ at: new Date('2026-06-07T22:00:00Z'), byAgency: [{ agencyId: 'polisen', open: 2, overdue: 1 }, { agencyId: 'socialtjansten', open: 3, overdue: 1 }] });
  });

  it("the trend's grouped query gives the digest's headline figures of each week", async () => {
    const pack = await weeklyPack(deps(), { viewerId: 'maria', areaId: 'jarva', week: '2026-W23', surface: 'web' });
    const directory = await t.app.deps.directory.current();
    const scope = digestScope(directory, await t.app.deps.shifts.snapshot(), directory.person('maria')!, ['jarva'], []);
    const reader = new SqlDigestReader(t.app.db.prisma);
    const viaDigest = async (week: string) => {
      const { answers, ...rows } = await reader.rows(packWindow(week, 'Europe/Stockholm'), scope);
      return headline(week, { ...rows, ack: answerFigures(answers, t.clock.now()) });
    };
    expect(pack.previous).toEqual(await Promise.all(pack.previous.map((w) => viaDigest(w.week))));
    // The same query over the current week (answers in time, late and missing) agrees with the digest's figures too.
    const [current] = await new SqlPackReader(t.app.db.prisma).trend([pack.window], scope, t.clock.now());
    expect({ week: '2026-W23', ...current }).toEqual(pack.current);
    expect(pack.previous.map((w) => [w.week, w.newIncidents, w.openAtEnd, w.parts, w.answered, w.misses]))
      .toEqual([['2026-W19', 0, 0, 0, 0, 0], ['2026-W20', 0, 0, 0, 0, 0], ['2026-W21', 1, 1, 2, 0, 2], ['2026-W22', 2, 3, 4, 0, 4]]);
  });

  it('counts open and overdue actions by agency at the end of the week, as the core rule does on the same rows', async () => {
    const reader = new SqlPackReader(t.app.db.prisma);
    const directory = await t.app.deps.directory.current();
    const scope = (areaId: string) => digestScope(directory, { rosters: [] } as never, directory.person('maria')!, [areaId], []);
    const inJarva = actions.filter((a) => a.incident !== 'south');
    for (const at of ['2026-05-31T22:00:00Z', '2026-06-07T22:00:00Z', '2026-06-08T09:30:00Z', '2026-06-09T08:00:00Z'].map((iso) => new Date(iso))) {
      expect(await reader.actionsAt(at, scope('jarva'))).toEqual(actionCountsAt(inJarva, at));
    }
    // By hand: the end of week 22 has only the action proposed in week 21; Rinkeby's end of week 23 leaves Tensta's out.
    expect(await reader.actionsAt(new Date('2026-05-31T22:00:00Z'), scope('jarva'))).toEqual([{ agencyId: 'socialtjansten', open: 1, overdue: 0 }]);
    expect(await reader.actionsAt(new Date('2026-06-07T22:00:00Z'), scope('rinkeby'))).toEqual([{ agencyId: 'polisen', open: 2, overdue: 1 }, { agencyId: 'socialtjansten', open: 2, overdue: 1 }]);
    const agencyOnly = await reader.actionsAt(new Date('2026-06-07T22:00:00Z'), { ...scope('jarva'), agencyIds: ['polisen'] });
    expect(agencyOnly).toEqual([{ agencyId: 'polisen', open: 2, overdue: 1 }]);
  });

  it('answers `pack` and `veckopaket` in chat to supervisors of the area, and refuses the rest clearly', async () => {
    const reply = await t.say('maria', 'pack Järva 2026-W23');
    expect(reply.title).toBe('Veckopaket Järva, vecka 2026-W23');
    expect(reply.audience).toBe('reply');
    expect(reply.text).toContain('3 nya händelser, 5 öppna vid veckans slut, 3 missade kvittenstider av 6.');
    expect(reply.text).toContain('Åtgärder vid 2026-06-08 00:00: 5 öppna, 2 försenade.');
    const fact = (title: string) => reply.facts.find((f) => f.label === title)?.value;
    expect(fact('Öppna och försenade åtgärder per myndighet')).toBe('Polisen: Öppna 2 · Försenade 1\nSocialtjänsten: Öppna 3 · Försenade 1');
    expect(fact('Tid till kvittens per myndighet')).toContain('Polisen: Larmade 3 · Svarade 3 · Median (min) 10');
    const swedish = await t.say('maria', 'veckopaket rinkeby v23 en');
    expect(swedish.title).toBe('Weekly pack Rinkeby, week 2026-W23');
    // Without a week: the last whole one; without an area: the supervisor's own.
    expect((await t.say('maria', 'pack')).title).toBe('Veckopaket Järva, vecka 2026-W23');

    const before = await t.app.db.prisma.auditEvent.count();
    expect(await t.say('anna', 'pack Rinkeby')).toMatchObject({ tone: 'error', changed: false });
    expect(await t.app.db.prisma.auditEvent.count({ where: { action: 'access.denied', actorId: 'anna' } })).toBeGreaterThan(0);
    expect((await t.say('maria', 'pack Skärholmen 23')).text ?? '').toBe('');
    expect((await t.say('maria', 'pack Skärholmen 23')).title).toBe('Du kan bara se veckopaket för dina egna områden (Järva).');
    expect((await t.say('maria', 'pack Järva 2026-W99')).title).toBe('"2026-W99" är ingen vecka. Skriv t.ex. 2026-W48 eller 48.');
    expect((await t.say('maria', 'pack Järva 2026-W30')).title).toBe('Vecka 2026-W30 har inte börjat än.');
    expect((await t.say('maria', 'pack Järvaa')).title).toContain('Okänt område "Järvaa". Menade du: Järva?');
    expect((await t.say('maria', 'pack Järva nästa')).title).toBe('"nästa" är varken område, vecka eller språk.');
    expect(await t.app.db.prisma.auditEvent.count()).toBe(before + 1);
  });

  it('counts actions written by the action commands (propose, accept, done) the same way', async () => {
    // Week 24 is under way on 2026-06-09 10:00 local: its actions are taken now. Maria proposes two police actions;
    // the police accept both, finish one; the other is due yesterday, so overdue.
    t.clock.set(new Date('2026-06-09T08:00:00Z'));
    const first = await t.say('maria', `action ${refs.c} polisen hembesök hos familjen due 2026-06-10`);
    expect(first.tone, first.title).toBe('success');
    const second = await t.say('maria', `åtgärd ${refs.c} polisen patrullera trapphuset`);
    expect(second.tone, second.title).toBe('success');
    const number = Number(refs.c.split('-').pop());
    // Incident c already has two actions (the rows above): these are its third and fourth.
    await as('p.desk', '2026-06-09T08:10:00Z', `action accept ${number}/3`);
    await as('p.desk', '2026-06-09T08:11:00Z', `action accept ${number}/4`);
    await as('p.desk', '2026-06-09T08:30:00Z', `action done ${number}/4 klart`);
    const before = await weeklyPack(deps(), { viewerId: 'maria', areaId: 'rinkeby', week: '2026-W24', surface: 'web' });
    // Police in Rinkeby now: the rows above on incident a (due 5 June: overdue) and c (due 10 June), the proposal of
    // 8 June on a (due that morning: overdue), and the new accepted one; the one done is not open.
    expect(before.actions.byAgency.find((a) => a.agencyId === 'polisen')).toEqual({ agencyId: 'polisen', open: 4, overdue: 2 });
    t.clock.set(new Date('2026-06-11T08:00:00Z'));
    const later = await weeklyPack(deps(), { viewerId: 'maria', areaId: 'rinkeby', week: '2026-W24', surface: 'web' });
    // Two days on, the due times of 10 June (the row's, and the new action's end of that day) have passed too.
    expect(later.actions.byAgency.find((a) => a.agencyId === 'polisen')).toEqual({ agencyId: 'polisen', open: 4, overdue: 4 });
    t.clock.set(new Date('2026-06-09T08:00:00Z'));
  });

  it('keeps a long table short in chat: the first rows and a count of the rest, the link when there is a public address', async () => {
    const pack = await weeklyPack(deps(), { viewerId: 'maria', areaId: 'jarva', week: '2026-W23', surface: 'web' });
    const many = { ...pack, actions: { at: pack.actions.at, byAgency: Array.from({ length: 12 }, (_, i) => ({ agencyId: `agency-${String(i).padStart(2, '0')}`, open: i + 1, overdue: 0 })) } };
    const message = renderPackMessage(await t.app.deps.directory.current(), many, { locale: 'en', pageUrl: 'https://samband.example.org/supervisor/pack?area=jarva&week=2026-W23' });
    const lines = message.facts.find((f) => f.label === 'Open and overdue actions by agency')!.value.split('\n');
    expect(lines).toHaveLength(CHAT_TABLE_ROWS + 1);
    expect(lines.at(-1)).toBe('… and 4 more');
    expect(message.text).toContain('Printable page with export: https://samband.example.org/supervisor/pack?area=jarva&week=2026-W23');
    expect(renderPackMessage(await t.app.deps.directory.current(), pack, { locale: 'en' }).text).not.toContain('Printable page');
  });

  it('names only incidents the viewer may see, each in the read log; other scopes, bad and future weeks are refused', async () => {
    const before = await t.app.db.prisma.accessLog.count({ where: { personId: 'maria', surface: 'web' } });
    await weeklyPack(deps(), { viewerId: 'maria', areaId: 'jarva', week: '2026-W23', surface: 'web' });
    const logged = await t.app.db.prisma.accessLog.findMany({ where: { personId: 'maria', surface: 'web' }, orderBy: { seq: 'desc' }, take: 5 });
    expect(await t.app.db.prisma.accessLog.count({ where: { personId: 'maria', surface: 'web' } })).toBe(before + 5);
    expect(logged.every((l) => l.fields.join() === 'summary' && l.ground === 'supervisor')).toBe(true);

    await expect(weeklyPack(deps(), { viewerId: 'maria', areaId: 'skarholmen-sdo', week: '2026-W23', surface: 'web' })).rejects.toMatchObject({ code: 'pack_scope' });
    await expect(weeklyPack(deps(), { viewerId: 'anna', areaId: 'rinkeby', week: '2026-W23', surface: 'web' })).rejects.toMatchObject({ code: 'pack_scope' });
    await expect(weeklyPack(deps(), { viewerId: 'maria', areaId: 'jarva', week: '2026-W99', surface: 'web' })).rejects.toMatchObject({ code: 'pack_week' });
    await expect(weeklyPack(deps(), { viewerId: 'maria', areaId: 'jarva', week: '2026-W30', surface: 'web' })).rejects.toMatchObject({ code: 'pack_future_week' });
    await expect(weeklyPack(deps(), { viewerId: 'maria', areaId: 'narnia', week: '2026-W23', surface: 'web' })).rejects.toMatchObject({ code: 'unknown_area' });
    // Without a week: the last whole one.
    expect((await weeklyPack(deps(), { viewerId: 'maria', areaId: 'rinkeby', surface: 'web' })).window.week).toBe('2026-W23');
  });

  it('exports Markdown and one CSV per table, with the same figures, through the CLI path', async () => {
    const output = capturedOutput();
    const code = await runPackExport({ db: t.app.db, directory: t.app.deps.directory, clock: t.clock, shifts: t.app.deps.shifts }, { area: 'jarva', week: '2026-W23', out, locale: 'sv' }, output);
    expect(code).toBe(0);
    expect(readdirSync(out).sort()).toEqual([
      'pack-jarva-2026-W23-ack.csv', 'pack-jarva-2026-W23-actions.csv', 'pack-jarva-2026-W23-categories.csv', 'pack-jarva-2026-W23-escalations.csv',
      'pack-jarva-2026-W23-handovers.csv', 'pack-jarva-2026-W23-open.csv', 'pack-jarva-2026-W23-severities.csv', 'pack-jarva-2026-W23-trend.csv',
      'pack-jarva-2026-W23.md',
    ]);
    const ack = readFileSync(join(out, 'pack-jarva-2026-W23-ack.csv'), 'utf8');
    expect(ack).toBe('agency,alerted,answered,median_minutes,p90_minutes,missed\r\nPolisen,3,3,10,26,0\r\nSocialtjänsten,3,1,90,90,3\r\n');
    expect(readFileSync(join(out, 'pack-jarva-2026-W23-actions.csv'), 'utf8')).toBe('agency,open,overdue\r\nPolisen,2,1\r\nSocialtjänsten,3,1\r\n');
    const trend = readFileSync(join(out, 'pack-jarva-2026-W23-trend.csv'), 'utf8').split('\r\n');
    expect(trend[0]).toBe('week,new,open_at_end,answered,missed,answered_in_time_percent');
    expect(trend[5]).toBe('2026-W23,3,5,4,3,50');
    // Weeks 19–22: 0, 0, 1, 2 new; 0, 0, 1, 3 open at their end; nothing answered, so 0, 0, 2, 4 misses.
    expect(trend[6]).toBe('Snitt fyra veckor,0.8,1,0,1.5,');
    expect(trend[7]).toBe('Förändring mot snittet,2.2,4,4,1.5,');
    const md = readFileSync(join(out, 'pack-jarva-2026-W23.md'), 'utf8');
    expect(md).toContain('# Veckopaket Järva, vecka 2026-W23');
    expect(md).toContain('3 nya händelser, 5 öppna vid veckans slut, 3 missade kvittenstider av 6.');
    expect(md).toContain('| Polisen | 3 | 3 | 10 | 26 | 0 |');
    expect(md).toContain('| Polisen | 2 | 1 |');
    // An export names incidents too: recorded as the CLI's, on the export surface.
    expect(await t.app.db.prisma.accessLog.count({ where: { personId: 'cli', surface: 'export' } })).toBe(5);

    const refused = capturedOutput();
    expect(await runPackExport({ db: t.app.db, directory: t.app.deps.directory, clock: t.clock, shifts: t.app.deps.shifts }, { area: 'jarva', week: 'next', out: join(out, 'x'), locale: 'en' }, refused)).toBe(1);
    expect(refused.err()).toContain('"next" is not a week');
    expect(readdirSync(out)).not.toContain('x');
  });

  it('exports through the server that owns the embedded folder, in English when asked', async () => {
    const folder = join(out, 'data');
    mkdirSync(folder, { recursive: true, mode: 0o700 });
    const lock = acquireFolderLock(folder, { command: 'samband start' });
    const server = await serveLocalCli(folder, localCliHandler(t.app), silentLogger);
    try {
      const target = join(out, 'owner');
      const output = capturedOutput();
      expect(await runOnOwner(findFolderOwner(folder)!, { command: 'pack-export', area: 'rinkeby', week: '2026-W23', out: target, locale: 'en' }, output)).toBe(0);
      expect(output.err()).toBe('weekly pack rinkeby 2026-W23: 9 file(s)\n');
      expect(readFileSync(join(target, 'pack-rinkeby-2026-W23.md'), 'utf8')).toContain('# Weekly pack Rinkeby, week 2026-W23');
      expect(readFileSync(join(target, 'pack-rinkeby-2026-W23-ack.csv'), 'utf8')).toBe('agency,alerted,answered,median_minutes,p90_minutes,missed\r\nPolice,2,2,17,27.4,0\r\nSocial Services,2,1,90,90,2\r\n');
    } finally {
      await server.close();
      lock.release();
    }
  });
});
