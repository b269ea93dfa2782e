import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Browser, type BrowserContext, type Page } from 'playwright-core';
import { startTestApp, type TestApp } from '../support/test-app.ts';
import { wireWeb } from '../../src/cli/wire-web.ts';
import { openPage, releaseChromium, sharedChromium } from './support/chromium.ts';

/**
 * The lead agency and situation reports in the web console, in real headless Chromium: the police contact takes the
 * lead with the card's button and posts a situation report with its form; his card and the area channel open in
 * another tab are replaced live; the supervisor's timeline shows both steps.
 */
const WAIT = { timeout: 30_000 };
const SETUP_TIMEOUT_MS = 180_000;

describe('lead agency and situation report in the web console (Chromium)', () => {
  let app: TestApp;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let n = 0;

  beforeAll(async () => {
    [app, browser] = await Promise.all([startTestApp('postgres', { wires: [wireWeb] }), sharedChromium()]);
    context = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'sv-SE', timezoneId: 'Europe/Stockholm' });
    page = await context.newPage();
  }, SETUP_TIMEOUT_MS);

  afterAll(async () => {
    await context?.close();
    await releaseChromium(browser);
    await app?.stop();
  });

  /** A command through the core, as the person would type it in the console (a test's own preconditions). */
  const say = (userId: string, text: string) => app.service.handle({ platform: 'web', workspace: '', userId, requestId: `e2e-lead-${++n}`, input: { type: 'text', text } });
  const register = async (description: string) => (await say('anna.lind', `/incident Rinkeby 2 ${description}`)).incident!.ref;
  const live = (p: Page) => p.locator('body[data-live="on"]').waitFor(WAIT);
  const card = (p: Page, ref: string, hasText?: string) => p.locator(`#messages article[data-incident-ref="${ref}"]`, hasText ? { hasText } : {}).first();

  it('the police contact takes the lead and posts a situation report; every open copy updates live', async () => {
    const ref = await register('stenkastning mot buss');
    // Anna watches her area's channel in another tab: the changes must reach it without a reload.
    const areaPage = await openPage(browser, { viewport: { width: 1280, height: 900 }, locale: 'sv-SE', timezoneId: 'Europe/Stockholm' });
    await areaPage.goto(`${app.url}/?as=anna.lind&channel=${encodeURIComponent('area:rinkeby')}`);
    await live(areaPage);
    await card(areaPage, ref).waitFor(WAIT);

    await page.goto(`${app.url}/?as=karin.dahl`);
    await live(page);
    await card(page, ref).waitFor(WAIT);
    // "Take the lead" comes once the police acknowledged.
    expect(await card(page, ref).locator('button[data-action="lead"]').count()).toBe(0);
    await card(page, ref).locator('button[data-action="ack"]').click();
    await card(page, ref).locator('button[data-action="lead"]').waitFor(WAIT);
    await card(page, ref).locator('button[data-action="lead"]').click();
    await page.locator('#replies .reply-group .tone-success', { hasText: 'Polismyndigheten leder nu arbetet' }).waitFor(WAIT);
    await card(page, ref, 'Leds av').waitFor(WAIT);
    expect(await card(page, ref).textContent()).toContain('Polismyndigheten');
    // The lead's own copy now offers the situation report form instead of "Take the lead".
    expect(await card(page, ref).locator('button[data-action="lead"]').count()).toBe(0);
    await card(areaPage, ref, 'Leds av').waitFor(WAIT);

    await card(page, ref).locator('summary[data-action="sitrep"]').click();
    const form = card(page, ref).locator('details:has(summary[data-action="sitrep"]) form');
    const field = form.locator('input[name="reason"]');
    // The field is labelled (a screen reader announces what to write).
    expect(await form.locator(`label[for="${await field.getAttribute('id')}"]`).textContent()).toContain('Läge');
    await field.fill('läge: Lugnt vid torget åtgärder: Polisen patrullerar behov: Fältassistenter i kväll');
    await form.locator('button[type="submit"]').click();
    await page.locator('#replies .reply-group .tone-success', { hasText: 'Lägesbild för' }).waitFor(WAIT);
    for (const p of [page, areaPage]) {
      const updated = card(p, ref, 'Fältassistenter i kväll');
      await updated.waitFor(WAIT);
      expect(await updated.textContent()).toContain('Lugnt vid torget');
      expect(await updated.textContent()).toContain('Polisen patrullerar');
    }
    await areaPage.context().close();

    const report = await app.db.prisma.situationReport.findFirstOrThrow({ where: { incident: { number: Number(ref.split('-')[2]) } } });
    expect(report).toMatchObject({ agencyId: 'polisen', authorId: 'karin.dahl', situation: 'Lugnt vid torget', needs: 'Fältassistenter i kväll' });
  });

  it('status shows the latest report; the supervisor\'s incident view shows both steps and changes the lead', async () => {
    const ref = await register('bråk vid torget');
    await say('karin.dahl', `ack ${ref}`);
    expect((await say('karin.dahl', `lead ${ref} polisen`)).changed).toBe(true);
    expect((await say('karin.dahl', `sitrep ${ref} läge: Lugnt vid torget behov: Fältassistenter i kväll`)).changed).toBe(true);
    await page.goto(`${app.url}/?as=karin.dahl`);
    await live(page);
    await page.fill('#command-text', `status ${ref}`);
    await page.press('#command-text', 'Enter');
    await page.locator('#replies .reply-group', { hasText: 'Fältassistenter i kväll' }).first().waitFor(WAIT);

    await page.goto(`${app.url}/supervisor?as=maria.ekstrom&incident=${encodeURIComponent(ref)}`);
    await live(page);
    expect(await page.locator('#timeline li[data-action="incident.lead_set"]').textContent()).toContain('Karin Dahl: Polismyndigheten leder arbetet');
    expect(await page.locator('#timeline li[data-action="incident.sitrep"]').textContent()).toContain('Lugnt vid torget');

    // The incident view's lead field: the current lead chosen, the supervisor hands the lead to Social Services.
    expect(await page.locator('#lead-agency option:checked').textContent()).toBe('Polismyndigheten');
    await page.selectOption('#lead-agency', `lead ${ref} socialtjansten`);
    await Promise.all([page.waitForLoadState('load'), page.click('.lead-form button[type="submit"]')]);
    await page.locator('.tone-success', { hasText: 'leder nu arbetet' }).first().waitFor(WAIT);
    expect((await app.db.prisma.incident.findUniqueOrThrow({ where: { number: Number(ref.split('-')[2]) } })).leadAgencyId).toBe('socialtjansten');
  });
});
