import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Browser, type Page } from 'playwright-core';
import { startTestApp, type TestApp } from '../support/test-app.ts';
import { wireWeb } from '../../src/cli/wire-web.ts';
import { axeViolations } from './support/axe.ts';
import { releaseChromium, sharedChromium } from './support/chromium.ts';
import { signIn, startSignInFixture, WAIT, type SignInFixture } from './support/sign-in-fixture.ts';

/**
 * WCAG 2.1 AA in Chromium: axe-core finds nothing on any page (console, incident form, supervisor view, sign-in,
 * accessibility statement, an error page) in Swedish and English; every page links to the accessibility statement;
 * reporting and acknowledging work with the keyboard alone; at 390 px nothing runs off the screen.
 */
describe('accessibility of the web console (WCAG 2.1 AA) in Chromium', () => {
  let app: TestApp;
  let fx: SignInFixture;
  let browser: Browser;

  beforeAll(async () => {
    [app, fx, browser] = await Promise.all([
      startTestApp('postgres', { wires: [wireWeb] }),
      startSignInFixture(),
      sharedChromium(),
    ]);
    // Something to show: an incident the police has not acknowledged yet, on every list and panel.
    const seeded = await fetch(`${app.url}/command`, {
      method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' },
      body: new URLSearchParams({ as: 'anna.lind', text: '/incident Rinkeby 2 stenkastning mot buss' }).toString(),
    });
    expect(seeded.status).toBe(200);
  }, 180_000);
  afterAll(async () => {
    await releaseChromium(browser);
    await Promise.all([app?.stop(), fx?.close()]);
  });

  /** axe's WCAG 2.0/2.1 A and AA rules; each finding as "rule: selector". */
  async function axe(page: Page): Promise<string[]> {
    return (await axeViolations(page)).flatMap((v) => v.nodes.map((n) => `${v.id}: ${n.target.join(' ')}`));
  }
  const linksToStatement = (page: Page) => page.locator('footer a[href^="/accessibility"]').count();

  for (const lang of ['sv', 'en'] as const) {
    it(`finds no violations on the console, the form, the supervisor view and the statement (${lang})`, async () => {
      const context = await browser.newContext({ locale: lang === 'sv' ? 'sv-SE' : 'en-GB' });
      const page = await context.newPage();
      const pages: Record<string, string> = {
        console: `/?as=karin.dahl&lang=${lang}`,
        area: `/?as=anna.lind&lang=${lang}&channel=${encodeURIComponent('area:rinkeby')}`,
        supervisor: `/supervisor?as=maria.ekstrom&lang=${lang}`,
        statement: `/accessibility?lang=${lang}`,
        error: `/?as=nobody.here&lang=${lang}`,
      };
      for (const [name, path] of Object.entries(pages)) {
        await page.goto(`${app.url}${path}`);
        expect(await page.getAttribute('html', 'lang'), name).toBe(lang);
        expect(await axe(page), name).toEqual([]);
        expect(await linksToStatement(page), name).toBe(1);
      }
      // The incident form, opened from the console, and again with the errors of an incomplete submission.
      await page.goto(`${app.url}/?as=anna.lind&lang=${lang}`);
      await page.locator('body[data-live="on"]').waitFor(WAIT);
      await page.click('#open-form');
      await page.locator('#incident-form').waitFor(WAIT);
      expect(await axe(page), 'form').toEqual([]);
      await page.click('#incident-form button[type="submit"]');
      await page.locator('#replies .tone-error').first().waitFor(WAIT);
      expect(await axe(page), 'form with errors').toEqual([]);
      await context.close();
    });

    it(`finds no violations on the sign-in page and the signed-in console (${lang})`, async () => {
      const context = await browser.newContext({ locale: lang === 'sv' ? 'sv-SE' : 'en-GB' });
      const page = await context.newPage();
      await page.goto(`${fx.app.url}/login?lang=${lang}`);
      expect(await page.getAttribute('html', 'lang')).toBe(lang);
      expect(await axe(page), 'sign-in').toEqual([]);
      expect(await linksToStatement(page)).toBe(1);
      await page.close();
      const signedIn = await signIn(context, fx.app.url, 'Socialtjänsten', 'lena.sjoberg', { lang });
      await signedIn.goto(`${fx.app.url}/?lang=${lang}`);
      expect(await axe(signedIn), 'signed-in console').toEqual([]);
      await signedIn.goto(`${fx.app.url}/supervisor?lang=${lang}`);
      expect(await axe(signedIn), 'signed-in supervisor view').toEqual([]);
      await signedIn.click('#sign-out');
      await signedIn.waitForURL(/notice=signed_out/, WAIT);
      expect(await axe(signedIn), 'signed out').toEqual([]);
      await context.close();
    });
  }

  it('reports and acknowledges an incident with the keyboard alone', async () => {
    const context = await browser.newContext({ locale: 'sv-SE' });
    const page = await context.newPage();
    await page.goto(`${app.url}/?as=anna.lind`);
    await page.locator('body[data-live="on"]').waitFor(WAIT);
    /** Presses Tab until the focused element matches; fails after `max` presses. */
    const tabTo = async (selector: string, max = 80) => {
      for (let i = 0; i < max; i += 1) {
        await page.keyboard.press('Tab');
        if (await page.evaluate<boolean>(`document.activeElement ? document.activeElement.matches(${JSON.stringify(selector)}) : false`)) return;
      }
      throw new Error(`${selector} not reached with Tab`);
    };
    // The skip link comes first and leads to the content.
    await page.keyboard.press('Tab');
    expect(await page.evaluate<string>('document.activeElement.className')).toBe('skip');
    await tabTo('#open-form');
    await page.keyboard.press('Enter');
    await page.locator('#incident-form').waitFor(WAIT);
    // The form takes the focus on its first field.
    expect(await page.evaluate<string>('document.activeElement.id')).toBe('field-area');
    await page.keyboard.press('ArrowDown'); // choose the first area in the list
    await tabTo('#field-description');
    await page.keyboard.type('Tangentbordsrapport: klotter vid tunnelbanan');
    await tabTo('#incident-form button[type="submit"]');
    await page.keyboard.press('Enter');
    const reply = page.locator('#replies .tone-success').first();
    await reply.waitFor(WAIT);
    const ref = /INC-\d{4}-\d{4,}/.exec((await reply.textContent()) ?? '')?.[0] ?? '';
    expect(ref).not.toBe('');
    const incident = await app.db.prisma.incident.findFirst({ where: { number: Number(ref.split('-')[2]) } });
    expect(incident?.description).toContain('Tangentbordsrapport');

    // The agency's contact acknowledges from the keyboard.
    const agency = (await app.db.prisma.incidentAgency.findMany({ where: { incidentId: incident!.id } }))[0].agencyId;
    const contact = agency === 'polisen' ? 'karin.dahl' : agency === 'socialtjansten' ? 'eva.lundqvist' : null;
    expect(contact).not.toBeNull();
    await page.goto(`${app.url}/?as=${contact}&channel=${encodeURIComponent(`agency:${agency}`)}`);
    await page.locator('body[data-live="on"]').waitFor(WAIT);
    await tabTo(`#messages article[data-incident-ref="${ref}"] button[data-action="ack"]`, 200);
    await page.keyboard.press('Enter');
    await page.locator('#replies .tone-success').first().waitFor(WAIT);
    const part = await app.db.prisma.incidentAgency.findFirst({ where: { incidentId: incident!.id, agencyId: agency } });
    expect(part).toMatchObject({ state: 'acknowledged', acknowledgedBy: contact });
    await context.close();
  });

  it('fits a 390 px wide screen: no page scrolls sideways, the persona picker included', async () => {
    const context = await browser.newContext({ viewport: { width: 390, height: 844 }, locale: 'sv-SE' });
    const page = await context.newPage();
    // A string, not a function: the project compiles without the DOM library.
    const overflow = () => page.evaluate<{ page: number; offscreen: string[] }>(`({
      page: document.documentElement.scrollWidth - document.documentElement.clientWidth,
      offscreen: [...document.querySelectorAll('select, input, button, a')]
        .filter((el) => { const r = el.getBoundingClientRect(); return r.width > 0 && (r.right > window.innerWidth + 1 || r.left < -1); })
        .filter((el) => !el.classList.contains('skip'))
        .map((el) => el.outerHTML.slice(0, 60)),
    })`);
    for (const path of ['/?as=lena.sjoberg', '/?as=anna.lind&channel=area%3Arinkeby', '/supervisor?as=maria.ekstrom', '/accessibility']) {
      await page.goto(`${app.url}${path}`);
      expect(await overflow(), path).toEqual({ page: 0, offscreen: [] });
    }
    await page.goto(`${app.url}/?as=lena.sjoberg`);
    const picker = await page.locator('#persona').boundingBox();
    expect(picker!.x + picker!.width).toBeLessThanOrEqual(390);
    await page.goto(`${fx.app.url}/login`);
    expect(await overflow(), '/login').toEqual({ page: 0, offscreen: [] });
    await context.close();
  });
});
