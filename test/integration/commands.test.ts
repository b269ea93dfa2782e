import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../support/test-app.ts';
import { ManualClock } from '../../src/core/ports/clock.port.ts';
import type { Incident } from '../../src/core/incident/incident.types.ts';
import { COMMAND_WORDS } from '../../src/core/commands/keywords.ts';
import {
  auditAfter, channels, lastAuditSeq, messageOf, notificationsOf, press, readable, replyText, rowCounts, say, submitForm,
} from './support/harness.ts';

// Every command of the coordination core, typed in Swedish and in English, through CoordinationService.handle with
// people of the bundled Stockholm file. Asserts on what the person reads, the rows written and the audit events.

const sha256 = (text: string) => createHash('sha256').update(text, 'utf8').digest('hex');

const START = new Date('2026-11-26T09:00:00Z'); // 10:00 in Stockholm

const SV = {
  polisen: 'Polismyndigheten',
  socialtjansten: 'Stockholms stad, socialtjänsten',
  brandforsvaret: 'Storstockholms brandförsvar',
  kriminalvarden: 'Kriminalvården',
  region: 'Region Stockholm (hälso- och sjukvård)',
  sig1218: 'Sociala insatsgruppen 12–18 år',
};

/** Agencies the bundled routing picks for severe violence in Järva, and the two of them allowed to see details. */
const SEVERE_VIOLENCE_JARVA = ['brandforsvaret', 'kriminalvarden', 'polisen', 'region-stockholm', 'sig-12-18', 'socialtjansten'];

describe('every command through the parser and the core', () => {
  // The core's behaviour, through the whole app, on the server: the SQL it runs is held on PGlite and PostgreSQL alike
  // by the stores' own tests (README, Tests).
  let app: TestApp;
  const clock = new ManualClock(START);

  beforeAll(async () => {
    app = await startTestApp('postgres', { clock, background: false, wires: [] });
  });
  afterAll(async () => {
    await app?.stop();
  });

  /** Registers a plain incident for the answer commands below and returns it. */
  async function register(text = '/incident Rinkeby 2 stenkastning mot buss', who = 'anna.lind'): Promise<Incident> {
    const outcome = await say(app, who, text);
    expect(outcome.changed, replyText(outcome)).toBe(true);
    return outcome.incident!;
  }

  it('answers /healthz and /readyz on the composed server', async () => {
    const health = await fetch(`${app.url}/healthz`);
    expect(health.status).toBe(200);
    expect(await health.json()).toEqual({ status: 'ok' });
    const ready = await fetch(`${app.url}/readyz`);
    expect(ready.status).toBe(200);
    expect(await ready.json()).toEqual({ status: 'ready' });
    expect((await fetch(`${app.url}/no-such-path`)).status).toBe(404);
  });

  it('registers /incident <area> <severity> <text> in Swedish: reply, rows, notifications and one audit event', async () => {
    const before = await rowCounts(app.db);
    const seq = await lastAuditSeq(app.db);
    const outcome = await say(app, 'anna.lind', '/incident Rinkeby 2 stenkastning mot buss', { platform: 'web' });

    const incident = outcome.incident!;
    expect(outcome.changed).toBe(true);
    expect(incident.ref).toMatch(/^INC-2026-\d{4}$/);
    const reply = outcome.replies[0];
    expect(outcome.replies).toHaveLength(1);
    expect(reply).toMatchObject({ locale: 'sv', tone: 'success', title: `Händelse ${incident.ref} registrerad`, audience: 'reply' });
    expect(reply.text).toBe(`Larmade: ${[SV.brandforsvaret, SV.kriminalvarden, SV.polisen, SV.region, SV.sig1218, SV.socialtjansten].join(', ')}.\n\nstenkastning mot buss`);
    expect(readable(reply)).toContain('Område: Rinkeby');
    expect(readable(reply)).toContain('Kategori: Våld och hot');
    expect(readable(reply)).toContain('Allvarlighet: 2 Hög');
    expect(readable(reply)).toContain('Rapporterad: 2026-11-26 10:00');
    expect(reply.actions.map((a) => a.payload)).toEqual([{ action: 'close', incidentRef: incident.ref }]);

    const row = await app.db.prisma.incident.findUniqueOrThrow({ where: { id: incident.id }, include: { agencies: true } });
    expect(row).toMatchObject({
      areaId: 'rinkeby', categoryId: 'violence', severity: 2, description: 'stenkastning mot buss', sensitiveDetails: null,
      status: 'open', reporterId: 'anna.lind', reporterAgencyId: 'socialtjansten', sourcePlatform: 'web', year: 2026, closedAt: null,
    });
    expect(row.createdAt.toISOString()).toBe(START.toISOString());
    expect(row.agencies.map((a) => a.agencyId).sort()).toEqual(SEVERE_VIOLENCE_JARVA);
    const deadline = new Date(START.getTime() + 15 * 60_000).toISOString(); // severity 2: 15 minutes
    for (const part of row.agencies) {
      expect(part).toMatchObject({ state: 'notified', escalationLevel: 0, acknowledgedAt: null });
      expect(part.deadlineAt.toISOString()).toBe(deadline);
      expect(part.nextEscalationAt?.toISOString()).toBe(deadline);
      expect(part.canSeeSensitive).toBe(part.agencyId === 'polisen' || part.agencyId === 'socialtjansten');
    }

    const rows = await notificationsOf(app.db, incident.id);
    expect(rows.every((n) => n.kind === 'incident.new' && n.status === 'pending' && n.platform === 'web')).toBe(true);
    const all = channels(rows);
    expect(all.filter((c) => c.startsWith('agency:'))).toEqual(SEVERE_VIOLENCE_JARVA.map((a) => `agency:${a}`));
    expect(all.filter((c) => c.startsWith('area:'))).toEqual(['area:jarva', 'area:rinkeby']);
    // On-duty contacts of each notified agency; Peter Sandberg is off duty, Kustbevakningen was not notified.
    expect(all.filter((c) => c.startsWith('dm:'))).toEqual([
      'dm:amir.hassan', 'dm:anders.viklund', 'dm:david.morgan', 'dm:eva.lundqvist', 'dm:helena.wikstrom', 'dm:karin.dahl',
      'dm:lars.nordin', 'dm:linnea.falk', 'dm:mikael.strand', 'dm:sofia.engstrom',
    ]);
    expect(new Set(rows.map((n) => n.idempotencyKey)).size).toBe(rows.length);
    // Each copy is in its reader's language, and an agency's copy carries that agency's buttons.
    const toDavid = messageOf(rows.find((n) => n.channel === 'dm:david.morgan')!);
    expect(toDavid.title).toBe(`New incident ${incident.ref}: Rinkeby`);
    expect(toDavid.actions.map((a) => a.payload)).toContainEqual({ action: 'ack', incidentRef: incident.ref, agencyId: 'region-stockholm' });
    const toPolice = messageOf(rows.find((n) => n.channel === 'agency:polisen')!);
    expect(toPolice.title).toBe(`Ny händelse ${incident.ref}: Rinkeby`);
    expect(toPolice.actions.map((a) => a.label)).toEqual(['Kvittera', 'På väg', 'Inte vår']);
    expect(toPolice.actions.map((a) => ('agencyId' in a.payload ? a.payload.agencyId : undefined))).toEqual(['polisen', 'polisen', 'polisen']);
    expect(messageOf(rows.find((n) => n.channel === 'area:rinkeby')!).actions).toEqual([]);

    const after = await rowCounts(app.db);
    expect(after).toEqual({
      ...before, incident: before.incident + 1, incident_agency: before.incident_agency + 6,
      notification: before.notification + rows.length, audit_event: before.audit_event + 1,
    });
    const events = await auditAfter(app.db, seq);
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ actorId: 'anna.lind', action: 'incident.registered', subjectType: 'incident', subjectId: incident.ref, platform: 'web' });
    expect(events[0].after).toMatchObject({ areaId: 'rinkeby', categoryId: 'violence', severity: 2, notifications: rows.length, hasSensitiveDetails: false });
  });

  it('registers in English for a person whose locale is en, with a multi-word area and a #category', async () => {
    const seq = await lastAuditSeq(app.db);
    const outcome = await say(app, 'david.morgan', '/incident Farsta strand 3 #fire car burning next to the school');
    const incident = outcome.incident!;
    expect(outcome.replies[0].title).toBe(`Incident ${incident.ref} registered`);
    expect(outcome.replies[0].text).toBe(
      'Notified: Greater Stockholm Fire Brigade, Swedish Police Authority, Region Stockholm (health care), City of Stockholm Social Services.\n\ncar burning next to the school',
    );
    expect(readable(outcome.replies[0])).toContain('Area: Farsta strand');
    expect(readable(outcome.replies[0])).toContain('Category: Fire');
    expect(readable(outcome.replies[0])).toContain('Severity: 3 Medium');
    expect(incident).toMatchObject({ areaId: 'farsta-strand', categoryId: 'fire', severity: 3, reporterId: 'david.morgan', sourcePlatform: 'memory' });
    expect(channels(await notificationsOf(app.db, incident.id)).filter((c) => c.startsWith('area:'))).toEqual(['area:farsta', 'area:farsta-strand']);
    expect((await auditAfter(app.db, seq)).map((e) => e.action)).toEqual(['incident.registered']);
  });

  it('answers in the locale the platform reports, over the person\'s own', async () => {
    const english = await say(app, 'anna.lind', 'händelse Tensta 4 nedskräpning vid skolan', { locale: 'en-US' });
    expect(english.replies[0].title).toBe(`Incident ${english.incident!.ref} registered`);
    expect(english.incident).toMatchObject({ areaId: 'tensta', categoryId: 'public-order', severity: 4 });
    const swedish = await say(app, 'david.morgan', 'help', { locale: 'sv-SE' });
    expect(swedish.replies[0].title).toBe('Samband: kommandon');
  });

  it.each([
    ['JÄRVAOMRÅDET 3 bråk på torget', 'jarva', 'violence', 3],
    ['järva 3 bråk på torget', 'jarva', 'violence', 3],
    ['hasselby gard 4 nedskräpning', 'hasselby-gard', 'public-order', 4],
    ['Hässelby Vällingby 4 nedskräpning', 'hasselby-vallingby', 'public-order', 4],
    ['Hässelby 4 nedskräpning', 'hasselby-gard', 'public-order', 4],
    ['Skärholmens centrum 2 skottlossning', 'skarholmen', 'violence', 2],
    ['EÅV 3 bilbrand', 'enskede-arsta-vantor', 'fire', 3],
    ['eav ungdomar samlas', 'enskede-arsta-vantor', 'youth', 3],
    ['Hökarängen orolig granne', 'hokarangen', 'welfare', 3],
    ['Skärholmen district 4 något hände', 'skarholmen-sdo', 'other', 4],
    ['sthlm 4 något hände', 'stockholm', 'other', 4],
  ])('matches the area of "/incident %s" by name, alias, case and diacritics', async (text, areaId, categoryId, severity) => {
    const outcome = await say(app, 'erik.holm', `/incident ${text}`);
    expect(outcome.changed, replyText(outcome)).toBe(true);
    expect(outcome.incident).toMatchObject({ areaId, categoryId, severity });
  });

  it('shows the form for /incident alone (and händelse alone), writing nothing', async () => {
    const before = await rowCounts(app.db);
    const sv = await say(app, 'anna.lind', '/incident');
    expect(sv.replies).toEqual([]);
    expect(sv.changed).toBe(false);
    expect(sv.form).toMatchObject({ locale: 'sv', title: 'Rapportera händelse', submitLabel: 'Rapportera' });
    expect(sv.form!.fields.map((f) => [f.id, f.required])).toEqual([
      ['area', true], ['category', true], ['severity', true], ['description', true], ['sensitiveDetails', false],
    ]);
    const areas = sv.form!.fields[0].options!.map((o) => o.value);
    expect(areas).toContain('rinkeby');
    expect(areas).toContain('jarva');
    expect(areas).not.toContain('stockholm');
    expect(sv.form!.fields[2]).toMatchObject({ initial: '3', options: [
      { value: '1', label: '1 Kritisk' }, { value: '2', label: '2 Hög' }, { value: '3', label: '3 Medel' }, { value: '4', label: '4 Låg' },
    ] });
    expect(sv.form!.fields[3].maxLength).toBe(1000);
    const en = await say(app, 'david.morgan', 'händelse');
    expect(en.form).toMatchObject({ locale: 'en', title: 'Report an incident', submitLabel: 'Report' });
    expect(en.form!.fields[1].options).toContainEqual({ value: 'violence', label: 'Violence and threats' });
    expect(await rowCounts(app.db)).toEqual(before);
  });

  it('registers a submitted form, with its confidential field', async () => {
    const seq = await lastAuditSeq(app.db);
    const outcome = await submitForm(app, 'sara.nyberg', {
      area: 'husby', category: 'youth', severity: '2', description: 'Ungdomar rekryteras vid tunnelbanan', sensitiveDetails: 'Pojke 15 år, känd av SIG',
    }, { platform: 'web' });
    expect(outcome.changed).toBe(true);
    expect(outcome.replies[0].title).toBe(`Händelse ${outcome.incident!.ref} registrerad`);
    expect(readable(outcome.replies[0])).toContain('Sekretess: Pojke 15 år, känd av SIG');
    const row = await app.db.prisma.incident.findUniqueOrThrow({ where: { id: outcome.incident!.id } });
    expect(row).toMatchObject({ areaId: 'husby', categoryId: 'youth', severity: 2, sensitiveDetails: 'Pojke 15 år, känd av SIG', sourcePlatform: 'web' });
    const events = await auditAfter(app.db, seq);
    expect(events.map((e) => e.action)).toEqual(['incident.registered']);
    expect(JSON.stringify([events[0].before, events[0].after])).not.toContain('Pojke 15');
  });

  it('acknowledges with kvittera (sv) and ack (en): the state, updates to every copy, a follow-up to the reporter, one audit event', async () => {
    const incident = await register();
    const originals = await notificationsOf(app.db, incident.id, ['incident.new']);
    clock.advanceMinutes(2);
    const seq = await lastAuditSeq(app.db);
    const sv = await say(app, 'karin.dahl', `kvittera ${incident.ref}`);
    expect(replyText(sv)).toBe(`Polismyndigheten har kvitterat ${incident.ref}.`);
    expect(sv.changed).toBe(true);
    const part = await app.db.prisma.incidentAgency.findUniqueOrThrow({ where: { incidentId_agencyId: { incidentId: incident.id, agencyId: 'polisen' } } });
    expect(part).toMatchObject({ state: 'acknowledged', acknowledgedBy: 'karin.dahl', nextEscalationAt: null });
    expect(part.acknowledgedAt?.toISOString()).toBe(clock.now().toISOString());

    const updates = await notificationsOf(app.db, incident.id, ['incident.update']);
    expect(channels(updates)).toEqual(channels(originals));
    expect(new Set(updates.map((u) => u.updatesId))).toEqual(new Set(originals.map((o) => o.id)));
    const policeCopy = messageOf(updates.find((u) => u.channel === 'agency:polisen')!);
    expect(readable(policeCopy)).toContain('Polismyndigheten: Kvitterad 10:');
    expect(policeCopy.actions.map((a) => a.payload.action)).toEqual(['responding', 'decline', 'lead']);
    const followups = await notificationsOf(app.db, incident.id, ['incident.followup']);
    expect(followups.map((f) => [f.channel, messageOf(f).title])).toEqual([['dm:anna.lind', `Polismyndigheten har kvitterat ${incident.ref}.`]]);

    const en = await say(app, 'david.morgan', `ack ${incident.number}`);
    expect(replyText(en)).toBe(`Region Stockholm (health care) acknowledged ${incident.ref}.`);
    const events = await auditAfter(app.db, seq);
    expect(events.map((e) => [e.action, e.actorId])).toEqual([['incident.acknowledged', 'karin.dahl'], ['incident.acknowledged', 'david.morgan']]);
    expect(events[0]).toMatchObject({ subjectId: incident.ref, before: { agencyId: 'polisen', state: 'notified' }, after: { agencyId: 'polisen', state: 'acknowledged' } });
  });

  it('marks responding with påväg (sv) and responding (en)', async () => {
    const incident = await register();
    const seq = await lastAuditSeq(app.db);
    expect(replyText(await say(app, 'lars.nordin', `påväg ${incident.ref}`))).toBe(`Storstockholms brandförsvar är på väg till ${incident.ref}.`);
    expect(replyText(await say(app, 'david.morgan', `responding ${incident.ref}`))).toBe(`Region Stockholm (health care) is responding to ${incident.ref}.`);
    const parts = await app.db.prisma.incidentAgency.findMany({ where: { incidentId: incident.id, agencyId: { in: ['brandforsvaret', 'region-stockholm'] } }, orderBy: { agencyId: 'asc' } });
    expect(parts.map((p) => [p.agencyId, p.state, p.acknowledgedBy, p.nextEscalationAt])).toEqual([
      ['brandforsvaret', 'responding', 'lars.nordin', null], ['region-stockholm', 'responding', 'david.morgan', null],
    ]);
    expect(parts.every((p) => p.respondingAt && p.acknowledgedAt)).toBe(true);
    expect((await auditAfter(app.db, seq)).map((e) => e.action)).toEqual(['incident.responding', 'incident.responding']);
  });

  it('declines with avböj <reason> (sv), decline (en) and the Not ours button with its reason', async () => {
    const incident = await register();
    const seq = await lastAuditSeq(app.db);
    expect(replyText(await say(app, 'anders.viklund', `avböj ${incident.ref} ingen av våra klienter`)))
      .toBe(`Kriminalvården har markerat ${incident.ref} som inte sin: ingen av våra klienter`);
    expect(replyText(await say(app, 'david.morgan', `decline ${incident.number} no injuries reported`)))
      .toBe(`Region Stockholm (health care) marked ${incident.ref} as not theirs: no injuries reported`);
    expect(replyText(await press(app, 'lars.nordin', { action: 'decline', incidentRef: incident.ref, agencyId: 'brandforsvaret' }, 'ingen brand')))
      .toBe(`Storstockholms brandförsvar har markerat ${incident.ref} som inte sin: ingen brand`);
    const parts = await app.db.prisma.incidentAgency.findMany({ where: { incidentId: incident.id, state: 'declined' }, orderBy: { agencyId: 'asc' } });
    expect(parts.map((p) => [p.agencyId, p.declineReason, p.nextEscalationAt])).toEqual([
      ['brandforsvaret', 'ingen brand', null], ['kriminalvarden', 'ingen av våra klienter', null], ['region-stockholm', 'no injuries reported', null],
    ]);
    const events = await auditAfter(app.db, seq);
    expect(events.map((e) => e.action)).toEqual(['incident.declined', 'incident.declined', 'incident.declined']);
    expect(events[0].after).toMatchObject({ agencyId: 'kriminalvarden', state: 'declined', reasonDigest: { sha256: sha256('ingen av våra klienter'), length: 22 } });
    // The reason is in the agency's row, where erasure can reach it, and in no audit event (a digest proves it).
    const texts = (await app.db.prisma.auditEvent.findMany()).map((e) => JSON.stringify([e.before, e.after]));
    for (const reason of ['ingen av våra klienter', 'no injuries reported', 'ingen brand']) expect(texts.some((t) => t.includes(reason))).toBe(false);
  });

  it('adds notes with notera (sv) and note (en): a note row and a threaded follow-up under every copy', async () => {
    const incident = await register();
    const originals = await notificationsOf(app.db, incident.id, ['incident.new']);
    const seq = await lastAuditSeq(app.db);
    expect(replyText(await say(app, 'karin.dahl', `notera ${incident.ref} polis på plats, två gripna`))).toBe(`Anteckning tillagd på ${incident.ref}.`);
    clock.advanceMinutes(1);
    expect(replyText(await say(app, 'david.morgan', `note ${incident.number} ambulance on site`))).toBe(`Note added to ${incident.ref}.`);
    const notes = await app.db.prisma.incidentNote.findMany({ where: { incidentId: incident.id }, orderBy: { createdAt: 'asc' } });
    expect(notes.map((n) => [n.authorId, n.text])).toEqual([['karin.dahl', 'polis på plats, två gripna'], ['david.morgan', 'ambulance on site']]);
    const followups = await notificationsOf(app.db, incident.id, ['incident.followup']);
    expect(followups).toHaveLength(2 * originals.length);
    expect(new Set(followups.map((f) => f.threadOfId))).toEqual(new Set(originals.map((o) => o.id)));
    const toDavid = followups.filter((f) => f.channel === 'dm:david.morgan').map((f) => messageOf(f).title);
    expect(toDavid).toEqual([`Karin Dahl noted on ${incident.ref}: polis på plats, två gripna`, `David Morgan noted on ${incident.ref}: ambulance on site`]);
    expect(messageOf(followups.find((f) => f.channel === 'agency:polisen')!).title).toBe(`Karin Dahl antecknade på ${incident.ref}: polis på plats, två gripna`);
    expect((await auditAfter(app.db, seq)).map((e) => e.action)).toEqual(['incident.noted', 'incident.noted']);
  });

  it('closes and reopens with stäng/återöppna (sv) and close/reopen (en); a second close changes nothing', async () => {
    const incident = await register();
    const seq = await lastAuditSeq(app.db);
    expect(replyText(await say(app, 'anna.lind', `stäng ${incident.ref} lugnt nu`))).toBe(`${incident.ref} är stängd.`);
    let row = await app.db.prisma.incident.findUniqueOrThrow({ where: { id: incident.id } });
    expect(row.status).toBe('closed');
    expect(row.closedAt?.toISOString()).toBe(clock.now().toISOString());
    const again = await say(app, 'anna.lind', `stäng ${incident.ref}`);
    expect(replyText(again)).toBe(`${incident.ref} var redan stängd. Inget ändrat.`);
    expect(again.changed).toBe(false);
    expect(replyText(await say(app, 'maria.ekstrom', `återöppna ${incident.ref}`))).toBe(`${incident.ref} är öppnad igen.`);
    expect(replyText(await say(app, 'maria.ekstrom', `close ${incident.ref}`, { locale: 'en' }))).toBe(`${incident.ref} is closed.`);
    expect(replyText(await say(app, 'anna.lind', `reopen ${incident.ref}`, { locale: 'en' }))).toBe(`${incident.ref} is reopened.`);
    row = await app.db.prisma.incident.findUniqueOrThrow({ where: { id: incident.id } });
    expect(row).toMatchObject({ status: 'open', closedAt: null });
    const events = await auditAfter(app.db, seq);
    expect(events.map((e) => [e.action, e.actorId])).toEqual([
      ['incident.closed', 'anna.lind'], ['incident.reopened', 'maria.ekstrom'], ['incident.closed', 'maria.ekstrom'], ['incident.reopened', 'anna.lind'],
    ]);
    // The comment is kept as a note of the incident (erasable); the audit event has its digest and the note's id.
    const comment = await app.db.prisma.incidentNote.findFirstOrThrow({ where: { incidentId: incident.id } });
    expect(comment).toMatchObject({ authorId: 'anna.lind', text: 'lugnt nu' });
    expect(events[0].after).toEqual({ status: 'closed', commentNoteId: comment.id, commentDigest: { sha256: sha256('lugnt nu'), length: 8 } });
    // Every copy is replaced four times, once per change, so everyone sees the state.
    const originals = await notificationsOf(app.db, incident.id, ['incident.new']);
    expect(await notificationsOf(app.db, incident.id, ['incident.update'])).toHaveLength(4 * originals.length);
  });

  it('shows status with läge (sv) and status (en), writing nothing', async () => {
    const incident = await register();
    await say(app, 'karin.dahl', `ack ${incident.ref}`);
    const before = await rowCounts(app.db);
    const sv = await say(app, 'eva.lundqvist', `läge ${incident.ref}`);
    expect(sv.replies[0].title).toBe(`Händelse ${incident.ref}`);
    expect(readable(sv.replies[0])).toContain('Polismyndigheten: Kvitterad');
    expect(readable(sv.replies[0])).toContain('Stockholms stad, socialtjänsten: Larmad');
    expect(sv.replies[0].actions.map((a) => a.payload)).toEqual([
      { action: 'ack', incidentRef: incident.ref, agencyId: 'socialtjansten' },
      { action: 'responding', incidentRef: incident.ref, agencyId: 'socialtjansten' },
      { action: 'decline', incidentRef: incident.ref, agencyId: 'socialtjansten' },
    ]);
    const en = await say(app, 'david.morgan', `status ${incident.number}`);
    expect(en.replies[0].title).toBe(`Incident ${incident.ref}`);
    expect(readable(en.replies[0])).toContain('Swedish Police Authority: Acknowledged');
    expect(readable(en.replies[0])).toContain('Status: Open');
    const byReporter = await say(app, 'anna.lind', `status ${incident.ref}`);
    expect(byReporter.replies[0].actions.map((a) => a.payload.action)).toEqual(['close']);
    expect(await rowCounts(app.db)).toEqual(before);
  });

  it('lists open incidents with lista (sv) and list <area> (en), within the area and its sub-areas', async () => {
    const inRinkeby = await register('/incident Rinkeby 3 bråk vid centrum');
    const inVarberg = await register('/incident Vårberg 3 bråk vid torget', 'erik.holm');
    const closed = await register('/incident Rinkeby 3 bråk som lugnat sig');
    await say(app, 'anna.lind', `stäng ${closed.ref}`);
    const before = await rowCounts(app.db);

    const all = await say(app, 'maria.ekstrom', 'lista');
    expect(all.replies[0].title).toBe('Öppna händelser');
    const labels = all.replies[0].facts.map((f) => f.label);
    expect(labels).toContain(`${inRinkeby.ref} Rinkeby (3)`);
    expect(labels.some((l) => l.startsWith(closed.ref))).toBe(false);
    expect(all.replies[0].facts.find((f) => f.label.startsWith(inRinkeby.ref))!.value).toMatch(/^\d\d:\d\d bråk vid centrum · 4 larmad$/);

    const jarva = await say(app, 'karin.dahl', 'list Järva', { locale: 'en' });
    expect(jarva.replies[0].title).toBe('Open incidents');
    const jarvaRefs = jarva.replies[0].facts.map((f) => f.label.split(' ')[0]);
    expect(jarvaRefs).toContain(inRinkeby.ref);
    expect(jarvaRefs).not.toContain(inVarberg.ref);
    const skarholmen = await say(app, 'karin.dahl', 'lista Skärholmens stadsdelsområde');
    expect(skarholmen.replies[0].facts.map((f) => f.label.split(' ')[0])).toContain(inVarberg.ref);
    expect(skarholmen.replies[0].facts.map((f) => f.label.split(' ')[0])).not.toContain(inRinkeby.ref);
    const empty = await say(app, 'karin.dahl', 'list Kista', { locale: 'en' });
    expect(replyText(empty)).toBe('Open incidents\nNo open incidents that you can see.');
    expect(await rowCounts(app.db)).toEqual(before);
  });

  it('keeps every core command word for the core: no extension of the composed app takes one over', async () => {
    const before = await rowCounts(app.db);
    const title = (text: string) => say(app, 'karin.dahl', text).then((o) => o.replies[0]?.title ?? `[form] ${o.form?.title}`);
    for (const [kind, words] of Object.entries(COMMAND_WORDS)) {
      for (const word of words) {
        const expected = {
          incident: 'Okänt område "999999". Skriv help för att se områdena.',
          ack: 'Hittar ingen händelse 999999 som du kan se.',
          responding: 'Hittar ingen händelse 999999 som du kan se.',
          decline: 'Hittar ingen händelse 999999 som du kan se.',
          note: 'Hittar ingen händelse 999999 som du kan se.',
          close: 'Hittar ingen händelse 999999 som du kan se.',
          reopen: 'Hittar ingen händelse 999999 som du kan se.',
          status: 'Hittar ingen händelse 999999 som du kan se.',
          hold: 'Hittar ingen händelse 999999 som du kan se.',
          release: 'Hittar ingen händelse 999999 som du kan se.',
          list: 'Okänt område "999999 text". Skriv help för att se områdena.',
          help: 'Samband: kommandon',
        }[kind];
        expect(await title(`${word} 999999 text`), `${word}`).toBe(expected);
      }
    }
    expect(await rowCounts(app.db)).toEqual(before);
  });

  it('numbers incidents by the local year: 00:30 on New Year\'s Day in Stockholm is the new year', async () => {
    clock.set(new Date('2026-12-31T23:30:00Z'));
    const outcome = await say(app, 'anna.lind', '/incident Rinkeby 3 fyrverkerier mot människor');
    expect(outcome.incident!.ref).toMatch(/^INC-2027-\d{4}$/);
    expect(readable(outcome.replies[0])).toContain('Rapporterad: 2027-01-01 00:30');
    clock.set(new Date('2026-12-31T22:59:00Z'));
    expect((await say(app, 'anna.lind', '/incident Rinkeby 3 fyrverkerier')).incident!.ref).toMatch(/^INC-2026-\d{4}$/);
  });

  it('explains the commands with hjälp (sv) and help (en)', async () => {
    const sv = await say(app, 'anna.lind', 'hjälp');
    expect(sv.replies[0].title).toBe('Samband: kommandon');
    expect(sv.replies[0].text).toContain('/incident <område> [1-4] <vad som hänt>');
    expect(sv.replies[0].text).toContain('Svenska ord fungerar också: händelse, kvittera, påväg, avböj, notera, stäng, återöppna, lista, hjälp.');
    expect(sv.replies[0].text).toContain('Allvarlighet: 1 Kritisk, 2 Hög, 3 Medel, 4 Låg.');
    const en = await say(app, 'david.morgan', '/incident help');
    expect(en.replies[0].title).toBe('Samband: commands');
    expect(en.replies[0].text).toContain('ack <no>  acknowledge for your agency');
    expect(en.replies[0].text).toContain('Severity: 1 Critical, 2 High, 3 Medium, 4 Low.');
  });
});
