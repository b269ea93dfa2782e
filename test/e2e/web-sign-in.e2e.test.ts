import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Browser } from 'playwright-core';
import { startSignInFixture, signIn, WAIT, type SignInFixture } from './support/sign-in-fixture.ts';
import { runSessionsRevoke } from '../../src/cli/commands/sessions.command.ts';
import { releaseChromium, sharedChromium } from './support/chromium.ts';
import { capturedOutput } from '../support/cli-output.ts';

/**
 * Signing in to the console with OpenID Connect, in Chromium, against two real providers in this process: the
 * sign-in, acting only as oneself, signing out, an admin's revocation refused at once (an open live stream included),
 * the console without JavaScript, an account linked to nobody, and the limit on failed sign-ins.
 *
 * Without JavaScript every form is a plain POST that Chromium sends with `Origin: null` (Referrer-Policy:
 * no-referrer), and the per-session CSRF token in each form lets it through: field staff report an incident with the
 * form, the police contact acknowledges it.
 */
describe('web console sign-in (OpenID Connect) in Chromium', () => {
  let fx: SignInFixture;
  let browser: Browser;

  beforeAll(async () => {
    [fx, browser] = await Promise.all([startSignInFixture(), sharedChromium()]);
  }, 180_000);
  afterAll(async () => {
    await releaseChromium(browser);
    await fx?.close();
  });

  const audit = (action: string) => fx.app.db.prisma.auditEvent.findMany({ where: { action }, orderBy: { seq: 'asc' } });

  it('signs in with the agency provider (email claim) as that person only, with a safe cookie, and signs out', async () => {
    const context = await browser.newContext({ locale: 'sv-SE' });
    const page = await context.newPage();
    // Without a session every page leads to the sign-in page.
    await page.goto(`${fx.app.url}/supervisor`);
    expect(new URL(page.url()).pathname).toBe('/login');
    await page.close();

    const console = await signIn(context, fx.app.url, 'Socialtjänsten', 'anna.lind');
    expect(await console.locator('#signed-in').textContent()).toContain('Anna Lind');
    expect(await console.locator('#persona').count()).toBe(0);
    await console.locator('body[data-live="on"]').waitFor(WAIT);
    const [cookie] = (await context.cookies(fx.app.url)).filter((c) => c.name === 'samband_session');
    expect(cookie).toMatchObject({ httpOnly: true, sameSite: 'Lax' });
    expect(cookie.value).toMatch(/^[A-Za-z0-9_-]{43}$/);
    // The stored id is the token's hash, never the token.
    expect(await fx.app.db.prisma.webSession.count({ where: { id: cookie.value } })).toBe(0);

    // `as` in the address does not make anyone else: the page stays Anna's.
    await console.goto(`${fx.app.url}/?as=lena.sjoberg`);
    expect(await console.getAttribute('body', 'data-persona')).toBe('anna.lind');
    await console.fill('#command-text', '/incident Rinkeby 3 klotter på skolan');
    await console.press('#command-text', 'Enter');
    await console.locator('#replies .tone-success').first().waitFor(WAIT);
    const incident = await fx.app.db.prisma.incident.findFirst({ orderBy: { number: 'desc' } });
    expect(incident?.reporterId).toBe('anna.lind');

    await console.click('#sign-out');
    await console.waitForURL(/\/login\?notice=signed_out/, WAIT);
    expect(await console.locator('[role="status"]').textContent()).toBe('Du är utloggad.');
    // The old cookie is worth nothing now, even if someone kept it.
    const replay = await fetch(`${fx.app.url}/`, { headers: { cookie: `samband_session=${cookie.value}` }, redirect: 'manual' });
    expect(replay.status).toBe(303);
    const signedIn = await audit('web.signed_in');
    const signedOut = await audit('web.signed_out');
    expect(signedIn.at(-1)).toMatchObject({ actorId: 'anna.lind', platform: 'web' });
    expect(signedOut.at(-1)).toMatchObject({ actorId: 'anna.lind', subjectId: signedIn.at(-1)!.subjectId });
    await context.close();
  });

  it('a second provider maps its subject to the configured person; a revoked session is refused at once, open stream included', async () => {
    const context = await browser.newContext({ locale: 'sv-SE' });
    const page = await signIn(context, fx.app.url, 'Polisen', 'polis-4711');
    expect(await page.getAttribute('body', 'data-persona')).toBe('karin.dahl');
    await page.locator('body[data-live="on"]').waitFor(WAIT);
    const cookie = (await context.cookies(fx.app.url)).find((c) => c.name === 'samband_session')!;

    const output = capturedOutput();
    expect(await runSessionsRevoke(fx.app.db, 'karin.dahl', output, new Date())).toBe(0);
    expect(output.out()).toBe('1 session(s) revoked for karin.dahl\n');

    // The very next request is refused: a page, an action, the event stream.
    const headers = { cookie: `samband_session=${cookie.value}`, accept: 'application/json' };
    expect((await fetch(`${fx.app.url}/events`, { headers })).status).toBe(401);
    const action = await fetch(`${fx.app.url}/command`, { method: 'POST', headers: { ...headers, 'content-type': 'application/x-www-form-urlencoded' }, body: 'as=karin.dahl&text=help' });
    expect(action.status).toBe(401);
    // The stream already open ends at its next event, and the page goes to the sign-in page.
    const web = fx.app.adapters.find((a) => a.name === 'web')!.platform!;
    await web.send({ platform: 'web', workspace: '', channel: 'dm:karin.dahl' }, {
      locale: 'sv', tone: 'info', title: 'Test', facts: [], actions: [], fallback: 'Test', audience: 'reply',
    }, { idempotencyKey: 'revoked-stream-test' });
    await page.waitForURL(/\/login\?notice=ended/, WAIT);
    expect(await page.locator('[role="status"]').textContent()).toBe('Sessionen har upphört. Logga in igen.');
    expect((await audit('web.session_revoked')).at(-1)).toMatchObject({ actorId: 'cli', platform: 'web' });
    await context.close();
  });

  it('without JavaScript: reports an incident with the form and acknowledges it, with plain form posts that the CSRF token lets through', async () => {
    const reporter = await browser.newContext({ javaScriptEnabled: false, locale: 'sv-SE' });
    const page = await signIn(reporter, fx.app.url, 'Socialtjänsten', 'anna.lind');
    expect(await page.getAttribute('body', 'data-live')).toBe('off'); // no script ran
    const origins: string[] = [];
    page.on('request', (request) => { if (request.method() === 'POST') origins.push(request.headers().origin ?? '(none)'); });

    await Promise.all([page.waitForNavigation(WAIT), page.click('#open-form')]);
    await page.selectOption('#field-area', 'rinkeby');
    await page.selectOption('#field-category', 'violence');
    await page.selectOption('#field-severity', '2');
    await page.fill('#field-description', 'Stenkastning mot buss vid torget, utan skript');
    await Promise.all([page.waitForNavigation(WAIT), page.click('#incident-form button[type="submit"]')]);
    const reply = page.locator('#replies .tone-success').first();
    await reply.waitFor(WAIT);
    const ref = /INC-\d{4}-\d{4,}/.exec((await reply.textContent()) ?? '')?.[0] ?? '';
    expect(ref).not.toBe('');
    expect(origins.length).toBeGreaterThan(0);
    expect(new Set(origins)).toEqual(new Set(['null']));
    await reporter.close();

    const contact = await browser.newContext({ javaScriptEnabled: false, locale: 'sv-SE' });
    const police = await signIn(contact, fx.app.url, 'Polisen', 'polis-4711');
    await police.goto(`${fx.app.url}/?channel=${encodeURIComponent('agency:polisen')}`);
    const card = police.locator(`#messages article[data-incident-ref="${ref}"]`).first();
    await card.waitFor(WAIT);
    await Promise.all([police.waitForNavigation(WAIT), card.locator('button[data-action="ack"]').click()]);
    await police.locator('#replies .tone-success', { hasText: 'Polismyndigheten har kvitterat' }).waitFor(WAIT);
    const part = await fx.app.db.prisma.incidentAgency.findFirst({ where: { agencyId: 'polisen', incident: { number: Number(ref.split('-')[2]) } } });
    expect(part).toMatchObject({ state: 'acknowledged', acknowledgedBy: 'karin.dahl' });

    // A form from another site (no token) changes nothing.
    const forged = await police.request.post(`${fx.app.url}/command`, { form: { as: 'karin.dahl', text: `close ${ref}` }, headers: { origin: 'null' } });
    expect(forged.status()).toBe(403);
    await contact.close();
  });

  it('refuses an account linked to nobody, and after too many failures refuses sign-in with a clear message', async () => {
    const attempt = async () => {
      const context = await browser.newContext({ locale: 'sv-SE' });
      const page = await signIn(context, fx.app.url, 'Socialtjänsten', 'okand.person');
      const text = await page.locator('[role="alert"]').textContent();
      await context.close();
      return text;
    };
    const sessions = () => fx.app.db.prisma.webSession.count({ where: { revokedAt: null } });
    const before = await sessions();
    expect(await attempt()).toBe('Kontot är inte kopplat till någon person i Samband. Kontakta din administratör.');
    // SAMBAND_SIGNIN_MAX_FAILURES=2: the second failure of the same account reaches the limit.
    expect(await attempt()).toBe('För många misslyckade inloggningar. Vänta 15 minuter och försök igen.');
    expect(await sessions()).toBe(before);
    expect(await fx.app.db.prisma.webSignInFailure.count({ where: { reason: 'unknown_person', key: { startsWith: 'identity:' } } })).toBe(2);
  });

  it('counts failures per address too: callbacks that belong to no sign-in end in a refusal of every sign-in from it', async () => {
    // Two failures so far from this address (the test above); an address may fail four times the per-account limit (8).
    const statuses: number[] = [];
    for (let i = 0; i < 6; i += 1) {
      statuses.push((await fetch(`${fx.app.url}/auth/callback?state=forged-${i}&code=stolen`, { redirect: 'manual' })).status);
    }
    expect(statuses).toEqual([400, 400, 400, 400, 400, 429]);
    const start = await fetch(`${fx.app.url}/login/start?issuer=polisen-idp&lang=en`, { redirect: 'manual' });
    expect(start.status).toBe(429);
    expect(start.headers.get('retry-after')).toBe('900');
    expect(await start.text()).toContain('Too many failed sign-ins. Wait 15 minutes and try again.');
  });
});
