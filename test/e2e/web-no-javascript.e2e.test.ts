import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Browser } from 'playwright-core';
import { releaseChromium, sharedChromium } from './support/chromium.ts';
import { signIn, startSignInFixture, WAIT, type SignInFixture } from './support/sign-in-fixture.ts';

/**
 * The console without JavaScript, signed in, in Chromium: every form is a plain POST that Chromium sends with
 * `Origin: null` (Referrer-Policy: no-referrer), and the per-session CSRF token in each form lets it through. Field
 * staff report an incident with the form, the police contact acknowledges it.
 */
describe('web console without JavaScript (signed in, Chromium)', () => {
  let fx: SignInFixture;
  let browser: Browser;

  beforeAll(async () => {
    [fx, browser] = await Promise.all([startSignInFixture(), sharedChromium()]);
  }, 180_000);
  afterAll(async () => {
    await releaseChromium(browser);
    await fx?.close();
  });

  it('reports an incident with the form and acknowledges it, with plain form posts', async () => {
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
});
