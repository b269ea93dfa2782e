import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../support/test-app.ts';
import { ManualClock } from '../../src/core/ports/clock.port.ts';
import type { Incident } from '../../src/core/incident/incident.types.ts';
import type { CommandOutcome } from '../../src/core/kernel/command-outcome.ts';
import { auditAfter, lastAuditSeq, press, replyText, rowCounts, say, submitForm, type SayOptions } from './support/harness.ts';

// Bad input gets a clear message in the person's language and writes nothing, not even an audit event. A refused
// action gets a clear message and writes exactly one `access.denied` audit event, and nothing else.

describe('bad input and refusals', () => {
  // The core's behaviour, through the whole app, on the server: the SQL it runs is held on PGlite and PostgreSQL alike
  // by the stores' own tests (README, Tests).
  let app: TestApp;
  let incident: Incident;
  let closed: Incident;
  /** Public-order in Tensta by SIG 12–18's field worker: SIG 12–18 may see it but was not notified. */
  let notOurs: Incident;

  beforeAll(async () => {
    app = await startTestApp('postgres', { clock: new ManualClock(new Date('2026-11-26T09:00:00Z')), background: false, wires: [], listen: false });
    incident = (await say(app, 'anna.lind', '/incident Rinkeby 2 stenkastning mot buss')).incident!;
    closed = (await say(app, 'anna.lind', '/incident Rinkeby 3 bråk vid torget')).incident!;
    await say(app, 'anna.lind', `stäng ${closed.ref}`);
    notOurs = (await say(app, 'sara.nyberg', '/incident Tensta 3 #public-order nedskräpning vid skolan')).incident!;
    expect([incident, closed, notOurs].every(Boolean)).toBe(true);
  });
  afterAll(async () => {
    await app?.stop();
  });

  /** Runs `act` and checks it wrote no row at all (audit included); returns the one reply's text. */
  async function writesNothing(act: () => Promise<CommandOutcome>): Promise<string> {
    const before = await rowCounts(app.db);
    const outcome = await act();
    expect(await rowCounts(app.db)).toEqual(before);
    expect(outcome.changed).toBe(false);
    expect(outcome.replies).toHaveLength(1);
    expect(outcome.replies[0].tone).toBe('error');
    return replyText(outcome);
  }

  const long = (n: number) => 'x'.repeat(n);

  it.each<[string, string, string, string, SayOptions?]>([
    ['unknown area, with a suggestion', 'anna.lind', '/incident Rinkby 2 stenkastning mot buss', 'Okänt område "Rinkby". Menade du: Rinkeby?'],
    ['unknown area, with a suggestion (en)', 'david.morgan', '/incident Rinkby 2 stones thrown at a bus', 'Unknown area "Rinkby". Did you mean: Rinkeby?'],
    ['unknown area, with a suggestion from an alias', 'anna.lind', '/incident Jarvaomrade 2 bråk', 'Okänt område "Jarvaomrade". Menade du: Järva?'],
    ['unknown area, nothing close', 'anna.lind', '/incident Xyzzyville 2 bråk', 'Okänt område "Xyzzyville". Skriv help för att se områdena.'],
    ['unknown area, nothing close (en)', 'anna.lind', '/incident Xyzzyville 2 fight', 'Unknown area "Xyzzyville". Type help to see the areas.', { locale: 'en' }],
    ['no area, only a severity', 'anna.lind', '/incident 2 stenkastning', 'Okänt område "2". Skriv help för att se områdena.'],
    ['missing text', 'anna.lind', '/incident Rinkeby', 'Beskriv vad som hänt efter området, t.ex. /incident Rinkeby 2 stenkastning mot buss.'],
    ['missing text after a severity (en)', 'david.morgan', '/incident Rinkeby 2', 'Describe what happened after the area, e.g. /incident Rinkeby 2 stones thrown at a bus.'],
    ['only confidential text', 'anna.lind', '/incident Rinkeby 2 känsligt: pojke 14 år', 'Beskriv vad som hänt efter området, t.ex. /incident Rinkeby 2 stenkastning mot buss.'],
    ['too long text', 'anna.lind', `/incident Rinkeby 2 ${long(1001)}`, 'Beskrivningen är för lång (1001 tecken, högst 1000). Korta den och försök igen.'],
    ['too long text (en)', 'david.morgan', `/incident Rinkeby 2 ${long(1500)}`, 'The description is too long (1500 characters, at most 1000). Shorten it and try again.'],
    ['too long confidential text', 'anna.lind', `/incident Rinkeby 2 bråk känsligt: ${long(1001)}`, 'Beskrivningen är för lång (1001 tecken, högst 1000). Korta den och försök igen.'],
    ['unknown severity', 'anna.lind', '/incident Rinkeby 7 brand i bil', 'Okänd allvarlighetsgrad "7". Använd 1, 2, 3, 4.'],
    ['unknown severity (en)', 'david.morgan', '/incident Rinkeby 0 car fire', 'Unknown severity "0". Use 1, 2, 3, 4.'],
    ['unknown category', 'anna.lind', '/incident Rinkeby 2 #xyz bråk', 'Okänd kategori "xyz". Kategorier: violence, fire, youth, drugs, economic-crime, public-order, welfare, other.'],
    ['unknown command', 'anna.lind', 'flurp 42', 'Okänt kommando "flurp". Skriv help för att se vad du kan göra.'],
    ['unknown command (en)', 'david.morgan', 'flurp 42', 'Unknown command "flurp". Type help to see what you can do.'],
    ['missing incident reference', 'karin.dahl', 'kvittera', 'Ange vilken händelse, t.ex. ack INC-2026-0042.'],
    ['not an incident reference', 'karin.dahl', 'kvittera abc', '"abc" är inget händelsenummer. Skriv t.ex. INC-2026-0042 eller 42.'],
    ['unknown incident', 'karin.dahl', 'kvittera 9999', 'Hittar ingen händelse 9999 som du kan se.'],
    ['unknown incident (en)', 'david.morgan', 'ack INC-2026-9999', 'No incident INC-2026-9999 that you can see.'],
    ['unknown incident for status', 'anna.lind', 'status 9999', 'Hittar ingen händelse 9999 som du kan se.'],
    ['unknown incident for a note', 'anna.lind', 'notera 9999 något', 'Hittar ingen händelse 9999 som du kan se.'],
    ['unknown incident for close', 'anna.lind', 'stäng 9999', 'Hittar ingen händelse 9999 som du kan se.'],
    ['unknown area in list', 'anna.lind', 'lista Rinkby', 'Okänt område "Rinkby". Menade du: Rinkeby?'],
  ])('%s: a clear message, nothing written', async (_name, who, text, expected, options) => {
    expect(await writesNothing(() => say(app, who, text, options))).toBe(expected);
  });

  it('refuses decline without a reason and notes without text or with too much text', async () => {
    expect(await writesNothing(() => say(app, 'karin.dahl', `avböj ${incident.ref}`)))
      .toBe(`Skriv varför det inte är ert, t.ex. decline ${incident.ref} fel område.`);
    expect(await writesNothing(() => press(app, 'karin.dahl', { action: 'decline', incidentRef: incident.ref, agencyId: 'polisen' }, '  ')))
      .toBe(`Skriv varför det inte är ert, t.ex. decline ${incident.ref} fel område.`);
    expect(await writesNothing(() => say(app, 'david.morgan', `note ${incident.ref}`)))
      .toBe(`Write some text after the incident number, e.g. note ${incident.ref} police on site.`);
    expect(await writesNothing(() => say(app, 'karin.dahl', `notera ${incident.ref} ${long(2001)}`)))
      .toBe('Texten är för lång (2001 tecken, högst 2000).');
  });

  it('refuses states that do not allow the command: answering a closed incident, reopening an open one', async () => {
    expect(await writesNothing(() => say(app, 'karin.dahl', `kvittera ${closed.ref}`)))
      .toBe(`${closed.ref} är stängd. Öppna den igen med reopen ${closed.ref} först.`);
    expect(await writesNothing(() => say(app, 'anna.lind', `återöppna ${incident.ref}`))).toBe(`${incident.ref} är redan öppen.`);
    expect(await writesNothing(() => say(app, 'amir.hassan', `kvittera ${notOurs.ref}`)))
      .toBe(`Sociala insatsgruppen 12–18 år är inte larmad om ${notOurs.ref}, så du kan inte svara för den.`);
  });

  it('refuses unreadable buttons and incomplete forms', async () => {
    const invalidAction = 'Knappen kunde inte läsas. Försök igen från det senaste meddelandet.';
    expect(await writesNothing(() => press(app, 'karin.dahl', { action: 'explode', incidentRef: incident.ref }))).toBe(invalidAction);
    expect(await writesNothing(() => press(app, 'karin.dahl', '{not json'))).toBe(invalidAction);
    expect(await writesNothing(() => press(app, 'karin.dahl', { action: 'ack', incidentRef: 'nonsense' }))).toBe(invalidAction);
    expect(await writesNothing(() => press(app, 'david.morgan', null))).toBe('That button could not be read. Try again from the latest message.');
    expect(await writesNothing(() => submitForm(app, 'anna.lind', { area: '', category: 'violence', description: 'bråk' })))
      .toBe('Formuläret är inte komplett: area, severity.');
    expect(await writesNothing(() => submitForm(app, 'anna.lind', { area: 'rinkby', category: 'violence', severity: 2, description: 'bråk' })))
      .toBe('Okänt område "rinkby". Skriv help för att se områdena.');
    expect(await writesNothing(() => submitForm(app, 'anna.lind', { area: 'rinkeby', category: 'violence', severity: 9, description: 'bråk' })))
      .toBe('Okänd allvarlighetsgrad "9". Använd 1, 2, 3, 4.');
    expect(await writesNothing(() => submitForm(app, 'anna.lind', { area: 'rinkeby', category: 'violence', severity: 2, description: '   ' })))
      .toBe('Beskriv vad som hänt efter området, t.ex. /incident Rinkeby 2 stenkastning mot buss.');
  });

  it('tells an unknown person they are not registered, in the platform\'s language', async () => {
    expect(await writesNothing(() => say(app, 'nobody', '/incident Rinkeby 2 bråk')))
      .toBe('Du finns inte i Samband ännu. Be din administratör lägga till ditt konto. Inget har ändrats.');
    expect(await writesNothing(() => say(app, 'nobody', 'help', { locale: 'en-GB' })))
      .toBe('You are not registered in Samband yet. Ask your administrator to add your account. Nothing was changed.');
  });

  it('hides incidents from people of agencies that are not part of them: unknown, nothing written', async () => {
    // Skatteverket was not notified of a violence incident and has no other link to it.
    expect(await writesNothing(() => say(app, 'ingrid.palm', `status ${incident.ref}`))).toBe(`Hittar ingen händelse ${incident.ref} som du kan se.`);
    expect(await writesNothing(() => say(app, 'ingrid.palm', `kvittera ${incident.ref}`))).toBe(`Hittar ingen händelse ${incident.ref} som du kan se.`);
    expect(await writesNothing(() => say(app, 'ingrid.palm', `notera ${incident.ref} hej`))).toBe(`Hittar ingen händelse ${incident.ref} som du kan se.`);
    expect(await writesNothing(() => say(app, 'nadia.karimi', `status ${incident.number}`))).toBe(`No incident ${incident.number} that you can see.`);
    const list = await say(app, 'ingrid.palm', 'lista');
    expect(list.replies[0].facts.map((f) => f.label)).not.toContain(expect.stringContaining(incident.ref));
  });

  describe('refusals write exactly one access.denied event and nothing else', () => {
    async function refused(act: () => Promise<CommandOutcome>, expected: { actorId: string; attempted: string; role: string; subjectId: string }) {
      const before = await rowCounts(app.db);
      const seq = await lastAuditSeq(app.db);
      const outcome = await act();
      expect(outcome.changed).toBe(false);
      expect(await rowCounts(app.db)).toEqual({ ...before, audit_event: before.audit_event + 1 });
      const events = await auditAfter(app.db, seq);
      expect(events).toHaveLength(1);
      expect(events[0]).toMatchObject({
        action: 'access.denied', actorId: expected.actorId, subjectType: 'incident', subjectId: expected.subjectId,
        after: { attempted: expected.attempted, role: expected.role },
      });
      return replyText(outcome);
    }

    it('field staff acknowledging', async () => {
      expect(await refused(() => say(app, 'anna.lind', `kvittera ${incident.ref}`), { actorId: 'anna.lind', attempted: 'ack', role: 'field_staff', subjectId: incident.ref }))
        .toBe('Du får inte göra det (ack). Försöket har loggats.');
      expect(await refused(() => say(app, 'anna.lind', `responding ${incident.ref}`, { locale: 'en' }), { actorId: 'anna.lind', attempted: 'responding', role: 'field_staff', subjectId: incident.ref }))
        .toBe('You may not do that (responding). The attempt has been logged.');
      const part = await app.db.prisma.incidentAgency.findUniqueOrThrow({ where: { incidentId_agencyId: { incidentId: incident.id, agencyId: 'socialtjansten' } } });
      expect(part.state).toBe('notified');
    });

    it('an admin registering (text and form)', async () => {
      expect(await refused(() => say(app, 'lena.sjoberg', '/incident Rinkeby 2 stenkastning mot buss'), { actorId: 'lena.sjoberg', attempted: 'register', role: 'admin', subjectId: 'new' }))
        .toBe('Du får inte göra det (register). Försöket har loggats.');
      expect(await refused(
        () => submitForm(app, 'lena.sjoberg', { area: 'rinkeby', category: 'violence', severity: 2, description: 'bråk' }, { locale: 'en' }),
        { actorId: 'lena.sjoberg', attempted: 'register', role: 'admin', subjectId: 'new' },
      )).toBe('You may not do that (register). The attempt has been logged.');
    });

    it('a contact pressing another agency\'s button (payload agencyId of another agency)', async () => {
      expect(await refused(
        () => press(app, 'karin.dahl', { action: 'ack', incidentRef: incident.ref, agencyId: 'socialtjansten' }),
        { actorId: 'karin.dahl', attempted: 'ack', role: 'agency_contact', subjectId: incident.ref },
      )).toBe('Du får inte göra det (ack). Försöket har loggats.');
      const part = await app.db.prisma.incidentAgency.findUniqueOrThrow({ where: { incidentId_agencyId: { incidentId: incident.id, agencyId: 'socialtjansten' } } });
      expect(part).toMatchObject({ state: 'notified', acknowledgedBy: null });
    });

    it('a contact closing an incident they did not report', async () => {
      expect(await refused(() => say(app, 'karin.dahl', `stäng ${incident.ref}`), { actorId: 'karin.dahl', attempted: 'close', role: 'agency_contact', subjectId: incident.ref }))
        .toBe('Du får inte göra det (close). Försöket har loggats.');
      expect(await refused(
        () => press(app, 'david.morgan', { action: 'close', incidentRef: incident.ref }),
        { actorId: 'david.morgan', attempted: 'close', role: 'agency_contact', subjectId: incident.ref },
      )).toBe('You may not do that (close). The attempt has been logged.');
      expect((await app.db.prisma.incident.findUniqueOrThrow({ where: { id: incident.id } })).status).toBe('open');
    });
  });
});
