import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../../support/test-app.ts';
import { wireWeb } from '../../../src/cli/wire-web.ts';
import { ManualClock } from '../../../src/core/ports/clock.port.ts';
import { PlatformError } from '../../../src/core/ports/chat-platform.port.ts';
import { plainMessage } from '../../../src/core/messages/incident-message.ts';
import { consoleClient } from './web-test-client.ts';
import { composeApp, type App } from '../../../src/cli/compose-app.ts';
import { readEnv } from '../../../src/infra/config/env.ts';
import { silentLogger } from '../../../src/infra/log/logger.ts';

/**
 * The web console over HTTP, as a browser (or a script) uses it: pages, commands, buttons, the form, the event
 * stream and the supervisor view, on one app and one database. A manual clock makes deadlines and times exact.
 */
describe('web console over HTTP', () => {
  const clock = new ManualClock(new Date('2026-11-26T09:00:00Z'));
  let app: TestApp;
  let client: ReturnType<typeof consoleClient>;

  beforeAll(async () => {
    app = await startTestApp('postgres', { wires: [wireWeb], clock });
    client = consoleClient(app.url);
  }, 180_000); // starting PGlite takes seconds on an idle machine, far longer on a busy runner
  afterAll(async () => {
    await app?.stop();
  });

  const incidents = () => app.db.prisma.incident.count();
  const register = async (as: string, text: string) => {
    const result = await client.post('/command', { as, text });
    expect(result.status).toBe(200);
    return result.body.incident as string;
  };
  const channelsIn = (html: string) => [...html.matchAll(/<a href="[^"]*" data-channel="([^"]+)"/g)].map((m) => m[1]);

  it('serves the console at / to the first field staff member, in Swedish, with its script and styles', async () => {
    const page = await client.get('/');
    expect(page.status).toBe(200);
    expect(page.text).toContain('<html lang="sv">');
    expect(page.text).toContain('data-persona="anna.lind"');
    expect(page.text).toContain('<label for="command-text">Meddelande till Samband</label>');
    expect(page.headers.get('content-security-policy')).toContain("script-src 'self'");
    expect((await client.get('/static/console.js')).text).toContain('EventSource');
    expect((await client.get('/static/console.css')).headers.get('content-type')).toContain('text/css');
    expect((await client.get('/nothing-here')).status).toBe(404);
  });

  it('shows each persona the channels it belongs to, and refuses the others', async () => {
    expect(channelsIn((await client.get('/?as=karin.dahl')).text)).toEqual(['dm:karin.dahl', 'agency:polisen', 'agency:polisen:backup']);
    expect(channelsIn((await client.get('/?as=anna.lind')).text)).toEqual(['dm:anna.lind', 'agency:socialtjansten', 'agency:socialtjansten:backup', 'area:rinkeby']);
    const supervisor = channelsIn((await client.get('/?as=maria.ekstrom')).text);
    expect(supervisor).toEqual(expect.arrayContaining(['area:jarva', 'area:rinkeby', 'area:tensta', 'area:kista']));
    expect(supervisor).not.toContain('area:skarholmen');
    expect(channelsIn((await client.get('/?as=lena.sjoberg')).text)).toEqual(expect.arrayContaining(['area:skarholmen', 'area:jarva', 'area:vallingby']));

    const forbidden = await client.get(`/?as=karin.dahl&channel=${encodeURIComponent('dm:anna.lind')}`);
    expect(forbidden.status).toBe(403);
    expect(forbidden.text).toContain('Den kanalen ser du inte.');
    expect((await client.get(`/channel?as=karin.dahl&channel=${encodeURIComponent('dm:anna.lind')}`)).status).toBe(403);
    expect((await client.get('/?as=nobody.here')).status).toBe(404);
  });

  it('runs typed commands through the core: help answers, a bad command says why (422) and creates nothing', async () => {
    const help = await client.post('/command', { as: 'anna.lind', text: 'help' });
    expect(help.status).toBe(200);
    expect(help.body.replies[0]).toContain('Samband: kommandon');
    const english = await client.post('/command', { as: 'anna.lind', lang: 'en', text: 'help' });
    expect(english.body.replies[0]).toContain('Samband: commands');

    const before = await incidents();
    const answers: Record<string, string> = {
      '/incident Narnia 2 stenkastning': 'Okänt område &quot;Narnia&quot;',
      '/incident Rinkeby 7 stenkastning': 'Okänd allvarlighetsgrad &quot;7&quot;',
      '/incident Rinkeby': 'Beskriv vad som hänt',
      'flyga 42': 'Okänt kommando &quot;flyga&quot;',
    };
    for (const [text, answer] of Object.entries(answers)) {
      const bad = await client.post('/command', { as: 'anna.lind', text });
      expect(bad.status).toBe(422);
      expect(bad.body.ok).toBe(false);
      expect(bad.body.replies[0]).toContain(answer);
    }
    expect(await incidents()).toBe(before);
  });

  it('opens the incident form for /incident alone and registers a submitted form once per request key', async () => {
    const opened = await client.post('/command', { as: 'sara.nyberg', text: '/incident' });
    expect(opened.status).toBe(200);
    expect(opened.body.form).toContain('<form id="incident-form"');
    expect(opened.body.form).toContain('<label for="field-description">Vad har hänt?');
    const key = /name="requestKey" value="([^"]+)"/.exec(opened.body.form)![1];

    const before = await incidents();
    const incomplete = await client.post('/form', { as: 'sara.nyberg', requestKey: key, area: '', category: 'youth', severity: '3', description: 'ungdomar samlas' });
    expect(incomplete.status).toBe(422);
    expect(incomplete.body.replies[0]).toContain('Formuläret är inte komplett: area');
    expect(incomplete.body.requestKey).toBe(key);

    const fields = { as: 'sara.nyberg', requestKey: key, area: 'tensta', category: 'youth', severity: '3', description: 'ungdomar samlas vid torget' };
    const first = await client.post('/form', fields);
    expect(first.status).toBe(200);
    expect(first.body.replies[0]).toContain('registrerad');
    expect(first.body.requestKey).not.toBe(key);
    const again = await client.post('/form', fields);
    expect(again.body.replies[0]).toContain('redan registrerad');
    expect(again.body.incident).toBe(first.body.incident);
    expect(await incidents()).toBe(before + 1);
  });

  it('answers a plain form post (no script) with a whole page that holds the reply and keeps what was typed', async () => {
    const ok = await client.post('/command', { as: 'anna.lind', text: 'help', channel: 'area:rinkeby' }, { json: false });
    expect(ok.status).toBe(200);
    expect(ok.body).toContain('<!doctype html>');
    expect(ok.body).toContain('Samband: kommandon');
    expect(ok.body).toContain('data-channel="area:rinkeby"');
    const bad = await client.post('/command', { as: 'anna.lind', text: '/incident Narnia 1 rök' }, { json: false });
    expect(bad.status).toBe(422);
    expect(bad.body).toContain('Okänt område');
    expect(bad.body).toContain('value="/incident Narnia 1 rök"');
    const form = await client.post('/form', { as: 'anna.lind', requestKey: 'abcdef1234', area: 'rinkeby', category: 'fire', severity: '2', description: '' }, { json: false });
    expect(form.status).toBe(422);
    expect(form.body).toContain('Beskriv vad som hänt');
    expect(form.body).toContain('<option value="fire" selected>');
  });

  it('leaves every button to the core: refusals are audited, bad payloads and missing reasons are explained', async () => {
    const ref = await register('anna.lind', '/incident Rinkeby 3 bråk vid tunnelbanan');
    const payload = (action: string, agencyId = 'polisen') => JSON.stringify({ action, incidentRef: ref, agencyId });

    const refused = await client.post('/action', { as: 'anna.lind', payload: payload('ack') });
    expect(refused.status).toBe(422);
    expect(refused.body.replies[0]).toContain('Du får inte göra det');
    expect(await app.db.prisma.auditEvent.count({ where: { action: 'access.denied', actorId: 'anna.lind', subjectId: ref, platform: 'web' } })).toBe(1);

    expect((await client.post('/action', { as: 'karin.dahl', payload: '{"action":"explode"}' })).body.replies[0]).toContain('Knappen kunde inte läsas');
    expect((await client.post('/action', { as: 'karin.dahl', payload: payload('decline'), reason: ' ' })).body.replies[0]).toContain('Skriv varför det inte är ert');

    const declined = await client.post('/action', { as: 'karin.dahl', payload: payload('decline'), reason: 'fel område' });
    expect(declined.status).toBe(200);
    expect(declined.body.replies[0]).toContain('har markerat');
    const part = await app.db.prisma.incidentAgency.findFirst({ where: { agencyId: 'polisen', incident: { number: Number(ref.split('-')[2]) } } });
    expect(part).toMatchObject({ state: 'declined', declineReason: 'fel område', acknowledgedBy: 'karin.dahl' });

    expect((await client.post('/action', { as: 'karin.dahl' })).status).toBe(400);
  });

  it('streams new and replaced messages to the personas who see the channel, and to no one else', async () => {
    const police = client.stream('/events?as=karin.dahl');
    const tax = client.stream('/events?as=ingrid.palm');
    try {
      await police.waitFor((e) => e.event === 'ready');
      await tax.waitFor((e) => e.event === 'ready');
      const ref = await register('anna.lind', '/incident Rinkeby 2 skottlossning på torget');
      const posted = await police.waitFor((e) => e.event === 'chat' && e.data.channel === 'dm:karin.dahl' && String(e.data.html).includes(ref));
      expect(posted.data.kind).toBe('posted');
      expect(posted.data.html).toContain('data-action="ack"');
      await police.waitFor((e) => e.event === 'chat' && e.data.channel === 'agency:polisen' && String(e.data.html).includes(ref));

      const ack = await client.post('/action', { as: 'karin.dahl', payload: JSON.stringify({ action: 'ack', incidentRef: ref, agencyId: 'polisen' }) });
      expect(ack.status).toBe(200);
      const updated = await police.waitFor((e) => e.event === 'chat' && e.data.kind === 'updated' && e.data.messageId === posted.data.messageId);
      expect(updated.data.html).toContain('Polismyndigheten: Kvitterad');
      expect(updated.data.html).not.toContain('data-action="ack"');

      const visible = new Set(['dm:karin.dahl', 'agency:polisen', 'agency:polisen:backup']);
      expect(police.events.filter((e) => e.event === 'chat').every((e) => visible.has(String(e.data.channel)))).toBe(true);
      expect(tax.events.filter((e) => e.event === 'chat')).toEqual([]);
      expect(police.events.some((e) => e.event === 'activity')).toBe(false);
    } finally {
      police.close();
      tax.close();
    }
  });

  it('stores a redelivered message once and fails an update of an unknown message permanently', async () => {
    const platform = app.adapters.find((a) => a.name === 'web')!.platform!;
    const address = { platform: 'web' as const, workspace: '', channel: 'dm:lena.sjoberg' };
    const first = await platform.send(address, plainMessage('sv', 'info', 'Första'), { idempotencyKey: 'test:redelivery' });
    const second = await platform.send(address, plainMessage('sv', 'info', 'Andra'), { idempotencyKey: 'test:redelivery' });
    expect(second.messageId).toBe(first.messageId);
    const rows = await app.db.prisma.webMessage.findMany({ where: { channel: 'dm:lena.sjoberg' } });
    expect(rows).toHaveLength(1);
    expect((rows[0].message as { title: string }).title).toBe('Andra');
    const failure = await platform.update(address, 'web-unknown', plainMessage('sv', 'info', 'x'), { idempotencyKey: 'k' }).catch((e) => e);
    expect(failure).toBeInstanceOf(PlatformError);
    expect(failure.retryable).toBe(false);
  });

  it('gives supervisors their view: escalations under way, time to acknowledge, timeline; others are refused', async () => {
    expect((await client.get('/supervisor?as=anna.lind')).status).toBe(403);
    expect((await client.get('/supervisor/panels?as=karin.dahl')).status).toBe(403);

    clock.set(new Date('2026-11-26T10:00:00Z'));
    const ref = await register('sara.nyberg', '/incident Husby 2 stenkastning mot polisbil');
    clock.advanceMinutes(16);
    expect(await app.service.escalateDue()).toBeGreaterThan(0);
    const ack = await client.post('/action', { as: 'karin.dahl', payload: JSON.stringify({ action: 'ack', incidentRef: ref, agencyId: 'polisen' }) });
    expect(ack.status).toBe(200);

    const page = await client.get(`/supervisor?as=maria.ekstrom&incident=${ref}`);
    expect(page.status).toBe(200);
    expect(page.text).toMatch(new RegExp(`<li class="esc-level-1" data-incident="${ref}" data-agency="socialtjansten">`));
    expect(page.text).not.toMatch(new RegExp(`data-incident="${ref}" data-agency="polisen">[^<]*<strong`));
    const row = new RegExp(`<tr class="state-acknowledged" data-incident="${ref}" data-agency="polisen" data-state="acknowledged">.*?<td class="tta">16 min <span class="sub">av Karin Dahl</span></td>`);
    expect(page.text).toMatch(row);
    expect(page.text).toContain(`Tidslinje ${ref}`);
    expect(page.text).toMatch(/<li data-action="incident.escalated"[^>]*><time[^>]*>11:16:00<\/time> <span>Eskalerad för Stockholms stad, socialtjänsten: Reserven larmad/);
    expect(page.text).toContain('data-state="verified"');
    // The time-to-answer chart's table carries the digest's figures: answers and misses per agency.
    expect(page.text).toMatch(/<tr data-agency="polisen"><td>[^<]+<\/td><td class="num">[^<]+<\/td><td class="num">\d+<\/td><td class="num">\d+<\/td><\/tr>/);
    expect(page.text).toContain('<th scope="col" class="num">Missade</th>');

    // Johan oversees Skärholmen only: the Husby incident is not his.
    const johan = await client.get('/supervisor?as=johan.berg');
    expect(johan.status).toBe(200);
    expect(johan.text).not.toContain(ref);
    // The same panels come alone for live refreshes, in English when asked.
    const panels = await client.get(`/supervisor/panels?as=maria.ekstrom&lang=en&incident=${ref}`);
    expect(panels.text).toContain('Escalations under way');
    expect(panels.text).not.toContain('<html');
  });

  it('refuses requests from other sites and for other host names', async () => {
    const before = await incidents();
    const crossSite = await client.post('/command', { as: 'anna.lind', text: '/incident Rinkeby 2 bilbrand' }, { headers: { origin: 'https://evil.example' } });
    expect(crossSite.status).toBe(403);
    const fetchMeta = await client.post('/command', { as: 'anna.lind', text: '/incident Rinkeby 2 bilbrand' }, { headers: { 'sec-fetch-site': 'cross-site' } });
    expect(fetchMeta.status).toBe(403);
    // A browser without JavaScript sends `Origin: null` (Referrer-Policy: no-referrer): the page's CSRF token decides.
    const csrf = /name="csrf" value="([^"]+)"/.exec((await client.get('/?as=anna.lind')).text)?.[1] ?? '';
    expect(csrf).not.toBe('');
    const browser = { origin: 'null', 'sec-fetch-site': 'same-origin' };
    const forged = await client.post('/command', { as: 'anna.lind', text: 'help', csrf: 'not-the-token' }, { headers: browser, json: false });
    expect(forged.status).toBe(403);
    expect(forged.body).toContain('Sidan är för gammal.');
    expect((await client.post('/command', { as: 'anna.lind', text: 'help' }, { headers: browser, json: false })).status).toBe(403);
    const stale = await client.post('/command', { as: 'anna.lind', lang: 'en', text: 'help', csrf: 'from-before-a-restart' }, { headers: browser });
    expect(stale.status).toBe(403);
    expect(stale.body.replies[0]).toContain('This page is out of date. Reload it and try again.');
    const plain = await client.post('/command', { as: 'anna.lind', text: 'help', csrf }, { headers: browser, json: false });
    expect(plain.status).toBe(200);
    expect(plain.body).toContain('Samband: kommandon');
    expect(await incidents()).toBe(before);
    expect((await client.rawGet('/', { host: 'evil.example:3000' })).status).toBe(421);
    expect((await client.rawGet('/', { host: 'localhost:3000' })).status).toBe(200);
    // A request that came through a proxy (nginx's proxy_pass sends Host: 127.0.0.1) is not this machine's own.
    for (const header of ['x-forwarded-for', 'forwarded', 'x-real-ip', 'via']) {
      expect((await client.rawGet('/', { host: '127.0.0.1:3000', [header]: header === 'forwarded' ? 'for=203.0.113.9' : '203.0.113.9' })).status).toBe(421);
    }
    const viaProxy = await client.post('/command', { as: 'anna.lind', text: '/incident Rinkeby 2 bilbrand' }, { headers: { 'x-forwarded-for': '203.0.113.9' } });
    expect(viaProxy.status).toBe(421);
    const huge = await client.post('/command', { as: 'anna.lind', text: 'x'.repeat(70_000) });
    expect(huge.status).toBe(413);
  });

  describe('when the server is not a developer machine', () => {
    const SECRET = 'correct-horse-battery-staple-42';
    // More apps on the same database: each wires the console from its own environment.
    async function appWith(env: Record<string, string>): Promise<App & { url: string }> {
      const other = await composeApp({
        env: readEnv({ PORT: '0', HOST: '127.0.0.1', ...env }), db: app.testDb, wires: [wireWeb], logger: silentLogger, background: false, clock,
      });
      return Object.assign(other, { url: await other.listen() });
    }

    it('is off in production and beside chat credentials, while messages to web addresses are still stored', async () => {
      const envs: Array<Record<string, string>> = [{ NODE_ENV: 'production' }, { SLACK_SIGNING_SECRET: 'x', SLACK_BOT_TOKEN: 'xoxb-1' }, { SAMBAND_WEB_CONSOLE: 'off' }];
      for (const env of envs) {
        const other = await appWith(env);
        try {
          const web = other.adapters.find((a) => a.name === 'web')!;
          expect(web.platform?.name).toBe('web');
          expect(web.mounts).toEqual([]);
          expect((await fetch(`${other.url}/`)).status).toBe(404);
        } finally {
          await other.close();
        }
      }
    });

    it('will not start a console without sign-in on a server, nor on an address other than loopback', async () => {
      await expect(appWith({ NODE_ENV: 'production', SAMBAND_WEB_CONSOLE: 'on' })).rejects.toThrow(/needs sign-in \(SAMBAND_OIDC_ISSUERS\)/);
      await expect(appWith({ HOST: '0.0.0.0' })).rejects.toThrow(/utan inloggning körs webbkonsolen bara på en loopback-adress/);
    });

    it('with sign-in configured, off loopback: no page, action or live stream without a session', async () => {
      // A provider nobody answers at: nothing here gets as far as the provider but the start of a sign-in.
      const issuers = JSON.stringify([{ id: 'polisen', label: 'Polisen', issuer: 'http://127.0.0.1:9/', clientId: 'samband', clientSecret: 'x', claim: 'email' }]);
      const other = await appWith({ NODE_ENV: 'production', HOST: '0.0.0.0', SAMBAND_OIDC_ISSUERS: issuers, SAMBAND_PUBLIC_URL: 'https://samband.example.org' });
      try {
        const c = consoleClient(other.url.replace('0.0.0.0', '127.0.0.1'));
        const start = await c.get('/?as=anna.lind');
        expect(start.status).toBe(303);
        expect(start.headers.get('location')).toBe('/login');
        const login = await c.get('/login');
        expect(login.text).toContain('href="/login/start?issuer=polisen"');
        expect(login.text).toContain('Logga in med Polisen');
        expect(login.text).toContain('href="/accessibility"');
        const before = await incidents();
        expect((await c.post('/command', { as: 'anna.lind', text: '/incident Rinkeby 2 bilbrand' })).status).toBe(401);
        expect((await c.post('/form', { as: 'anna.lind', area: 'rinkeby', description: 'bilbrand' }, { json: false })).status).toBe(401);
        expect((await c.get('/events?as=karin.dahl')).status).toBe(401);
        expect((await c.get('/supervisor/panels?as=lena.sjoberg')).status).toBe(401);
        // A made-up session cookie is no session.
        expect((await c.get('/events?as=karin.dahl', { cookie: 'samband_session=forged' })).status).toBe(401);
        expect(await incidents()).toBe(before);
        // The provider does not answer: a clear page, not a 500.
        const down = await c.get('/login/start?issuer=polisen');
        expect(down.status).toBe(503);
        expect(down.text).toContain('Inloggningstjänsten svarar inte just nu.');
        // Signed in, the console is meant to be reached by name, so any Host is accepted.
        expect((await c.rawGet('/login', { host: 'samband.example.org' })).status).toBe(200);
        expect((await c.get('/accessibility?lang=en')).text).toContain('Accessibility statement for Samband');
      } finally {
        await other.close();
      }
    });

    it('reports a forged new event at once, from the check of the events added since the last one', async () => {
      const other = await appWith({});
      try {
        const c = consoleClient(other.url);
        expect((await c.get('/supervisor?as=lena.sjoberg')).text).toContain('data-state="verified"');
        // Only a database superuser can do this: the chain trigger sets prev_hash and hash on every insert.
        await app.db.sql.exec('ALTER TABLE audit_event DISABLE TRIGGER audit_event_chain');
        const [forged] = await app.db.sql.query<{ seq: string }>(`INSERT INTO audit_event (at, actor_id, action, subject_type, subject_id, platform, payload_digest, prev_hash, hash)
          VALUES (now(), 'mallory', 'incident.closed', 'incident', 'INC-2026-0001', 'web', 'x', 'forged', 'forged') RETURNING seq::text`);
        await app.db.sql.exec('ALTER TABLE audit_event ENABLE TRIGGER audit_event_chain');
        const page = await c.get('/supervisor?as=lena.sjoberg');
        expect(page.text).toContain('data-state="broken"');
        expect(page.text).toContain(`Bruten vid händelse ${forged.seq} (incident.closed, broken_link)`);
      } finally {
        await other.close();
      }
    });

    it('names the first changed old event, from a walk of the whole trail', async () => {
      const target = await app.db.prisma.auditEvent.findFirst({ where: { action: 'incident.registered' }, orderBy: { seq: 'asc' } });
      await app.db.sql.exec('ALTER TABLE audit_event DISABLE TRIGGER audit_event_no_update_delete');
      await app.db.sql.query(`UPDATE audit_event SET actor_id = 'someone.else' WHERE seq = $1`, [target!.seq]);
      await app.db.sql.exec('ALTER TABLE audit_event ENABLE TRIGGER audit_event_no_update_delete');
      const other = await appWith({});
      try {
        const page = await consoleClient(other.url).get('/supervisor?as=lena.sjoberg');
        expect(page.text).toContain('data-state="broken"');
        expect(page.text).toContain(`Bruten vid händelse ${target!.seq} (incident.registered, payload_changed)`);
      } finally {
        await other.close();
      }
    });
  });
});
