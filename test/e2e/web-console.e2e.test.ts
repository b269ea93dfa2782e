import { mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Browser, type BrowserContext, type Page } from 'playwright-core';
import { startTestApp, type TestApp } from '../support/test-app.ts';
import { wireWeb } from '../../src/cli/wire-web.ts';
import { until } from '../support/until.ts';
import { openPage, releaseChromium, sharedChromium } from './support/chromium.ts';

/**
 * The web console in real headless Chromium: field staff reports, the police contact sees the notification live and
 * acknowledges it, everyone's copy updates, the supervisor sees the time to acknowledge and the audit timeline. Bad
 * input shows the core's message and creates nothing. Screenshots of the main screens go to test/e2e/screenshots/.
 */
const SHOTS = fileURLToPath(new URL('./screenshots/', import.meta.url));
const WAIT = { timeout: 30_000 };
/** Upper bound for starting PGlite, the app and Chromium: seconds on an idle machine, much longer on a busy CI runner. */
const SETUP_TIMEOUT_MS = 180_000;

describe('web console in Chromium', () => {
  let app: TestApp;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let ref = '';

  beforeAll(async () => {
    mkdirSync(SHOTS, { recursive: true });
    [app, browser] = await Promise.all([
      startTestApp('pglite', { wires: [wireWeb] }),
      sharedChromium(),
    ]);
    context = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'sv-SE', timezoneId: 'Europe/Stockholm' });
    page = await context.newPage();
  }, SETUP_TIMEOUT_MS);

  afterAll(async () => {
    await context?.close();
    await releaseChromium(browser);
    await app?.stop();
  });

  const incidents = () => app.db.prisma.incident.count();
  /** Form controls a screen reader would announce without a name. */
  // A string, not a function: the project compiles without the DOM library.
  const unlabelled = (p: Page) => p.evaluate<string[]>(`[...document.querySelectorAll('input:not([type="hidden"]), select, textarea')]
    .filter((el) => el.labels.length === 0 && !el.getAttribute('aria-label')).map((el) => el.outerHTML.slice(0, 80))`);
  const live = (p: Page) => p.locator('body[data-live="on"]').waitFor(WAIT);
  const lastReply = (p: Page) => p.locator('#replies .reply-group').first();

  async function switchPersona(p: Page, personId: string) {
    await p.selectOption('#persona', personId);
    await Promise.all([p.waitForURL(new RegExp(`as=${personId.replace('.', '\\.')}`), WAIT), p.click('#persona-submit')]);
    await live(p);
  }

  it('a bad command and an incomplete form show the clear error and create nothing', async () => {
    await page.goto(`${app.url}/?as=anna.lind`);
    await live(page);
    const before = await incidents();

    await page.fill('#command-text', '/incident Narnia 2 stenkastning mot buss');
    await page.press('#command-text', 'Enter');
    const error = lastReply(page).locator('.tone-error');
    await error.waitFor(WAIT);
    expect(await error.textContent()).toContain('Okänt område "Narnia"');
    // What was typed stays, so it can be corrected.
    expect(await page.inputValue('#command-text')).toBe('/incident Narnia 2 stenkastning mot buss');

    await page.click('#open-form');
    await page.locator('#incident-form').waitFor(WAIT);
    await page.selectOption('#field-area', 'rinkeby');
    await page.click('#incident-form button[type="submit"]');
    await page.locator('#replies .reply-group .tone-error', { hasText: 'Beskriv vad som hänt' }).waitFor(WAIT);
    await page.screenshot({ path: `${SHOTS}01-form-error.png`, fullPage: true });
    expect(await unlabelled(page)).toEqual([]);
    await page.click('#incident-form [data-close-form]');
    await page.locator('#incident-form').waitFor({ state: 'detached', ...WAIT });

    expect(await incidents()).toBe(before);
  });

  it('field staff registers an incident from the message box', async () => {
    await page.fill('#command-text', '/incident Rinkeby 2 stenkastning mot buss');
    await page.click('#command-form button[type="submit"]');
    const reply = lastReply(page).locator('.tone-success');
    await reply.waitFor(WAIT);
    const title = (await reply.locator('h3').textContent()) ?? '';
    ref = /INC-\d{4}-\d{4,}/.exec(title)?.[0] ?? '';
    expect(title).toContain('registrerad');
    expect(ref).not.toBe('');
    expect(await page.inputValue('#command-text')).toBe('');
    await page.screenshot({ path: `${SHOTS}02-field-staff-registered.png`, fullPage: true });
  });

  it('the police contact sees the notification, acknowledges it, and every copy updates live', async () => {
    // Anna watches her area channel in a second tab: the acknowledgement must reach her without a reload.
    const areaPage = await openPage(browser, { viewport: { width: 1280, height: 900 }, locale: 'sv-SE', timezoneId: 'Europe/Stockholm' });
    await areaPage.goto(`${app.url}/?as=anna.lind&channel=${encodeURIComponent('area:rinkeby')}`);
    await live(areaPage);
    await areaPage.locator(`#messages article[data-incident-ref="${ref}"]`).waitFor(WAIT);

    await switchPersona(page, 'karin.dahl');
    const card = page.locator(`#messages article[data-incident-ref="${ref}"]`).first();
    await card.waitFor(WAIT);
    expect(await card.textContent()).toContain('stenkastning mot buss');
    await page.screenshot({ path: `${SHOTS}03-police-notification.png`, fullPage: true });
    await card.locator('summary[data-action="decline"]').click();
    expect(await unlabelled(page)).toEqual([]);
    await card.locator('summary[data-action="decline"]').click();

    await card.locator('button[data-action="ack"]').click();
    await lastReply(page).locator('.tone-success', { hasText: 'Polismyndigheten har kvitterat' }).waitFor(WAIT);
    // The card itself is replaced through the event stream: no more Acknowledge button, the state reads acknowledged.
    await page.locator(`#messages article[data-incident-ref="${ref}"]`, { hasText: 'Polismyndigheten: Kvitterad' }).first().waitFor(WAIT);
    expect(await page.locator(`#messages article[data-incident-ref="${ref}"] button[data-action="ack"]`).count()).toBe(0);
    await areaPage.locator(`#messages article[data-incident-ref="${ref}"]`, { hasText: 'Polismyndigheten: Kvitterad' }).waitFor(WAIT);
    await page.screenshot({ path: `${SHOTS}04-police-acknowledged.png`, fullPage: true });
    await areaPage.context().close();

    const part = await app.db.prisma.incidentAgency.findFirst({ where: { agencyId: 'polisen', incident: { number: Number(ref.split('-')[2]) } } });
    expect(part).toMatchObject({ state: 'acknowledged', acknowledgedBy: 'karin.dahl' });
    const audit = await app.db.prisma.auditEvent.findFirst({ where: { action: 'incident.acknowledged', subjectId: ref } });
    expect(audit).toMatchObject({ actorId: 'karin.dahl', platform: 'web' });
  });

  it('the supervisor sees the time to acknowledge, the timeline and a verified audit chain', async () => {
    await switchPersona(page, 'maria.ekstrom');
    await Promise.all([page.waitForURL(/\/supervisor/, WAIT), page.click('#supervisor-link')]);
    await live(page);
    const row = page.locator(`#ack-table tr[data-incident="${ref}"][data-agency="polisen"]`);
    await row.waitFor(WAIT);
    expect(await row.getAttribute('data-state')).toBe('acknowledged');
    expect(await row.locator('.tta').textContent()).toMatch(/^\d+ (s|min).*Karin Dahl/);
    expect(await page.locator('#timeline-title').textContent()).toContain(ref);
    await page.locator('#timeline li[data-action="incident.registered"]').waitFor(WAIT);
    expect(await page.locator('#timeline li[data-action="incident.acknowledged"]').textContent()).toContain('Karin Dahl kvitterade för Polismyndigheten');
    expect(await page.locator('#chain-status').getAttribute('data-state')).toBe('verified');
    expect(await page.locator('#open-table tr[data-area="rinkeby"] .total').textContent()).toBe('1');
    expect(await page.locator('#chart-tta svg rect').count()).toBeGreaterThan(0);
    expect(await page.locator('#chart-area-day svg rect').count()).toBeGreaterThan(0);
    await page.screenshot({ path: `${SHOTS}05-supervisor.png`, fullPage: true });
    expect(await unlabelled(page)).toEqual([]);

    // A change made elsewhere reaches the open supervisor view without a reload.
    const outcome = await app.service.handle({ platform: 'web', workspace: '', userId: 'eva.lundqvist', requestId: 'e2e-eva', input: { type: 'text', text: `ack ${ref}` } });
    expect(outcome.changed).toBe(true);
    await page.locator(`#ack-table tr[data-incident="${ref}"][data-agency="socialtjansten"][data-state="acknowledged"]`).waitFor(WAIT);
  });

  it('shows the console in English for an English-speaking persona', async () => {
    await switchPersona(page, 'david.morgan');
    expect(await page.getAttribute('html', 'lang')).toBe('en');
    await page.locator('#channel-title', { hasText: 'My messages' }).waitFor(WAIT);
    const card = page.locator(`#messages article[data-incident-ref="${ref}"]`).first();
    await card.waitFor(WAIT);
    expect(await card.locator('h3').textContent()).toContain('New incident');
    await page.screenshot({ path: `${SHOTS}06-english-persona.png`, fullPage: true });
  });

  it('shows a message posted while the page was still opening its live stream', async () => {
    // The stream is held back until the message is on record: without the reload on connecting, it reached no one.
    let letThrough!: () => void;
    const held = new Promise<void>((resolve) => { letThrough = resolve; });
    const late = await openPage(browser, { viewport: { width: 1280, height: 900 }, locale: 'sv-SE', timezoneId: 'Europe/Stockholm' });
    await late.route('**/events?**', async (route) => { await held; await route.continue(); });
    await late.goto(`${app.url}/?as=anna.lind&channel=${encodeURIComponent('area:rinkeby')}`);
    const outcome = await app.service.handle({ platform: 'web', workspace: '', userId: 'anna.lind', requestId: 'e2e-late-stream', input: { type: 'text', text: '/incident Rinkeby 2 brand i papperskorg' } });
    const lateRef = outcome.incident!.ref;
    await until('the area channel\'s copy to be on record', async () =>
      (await app.db.prisma.notification.count({ where: { incidentId: outcome.incident!.id, platform: 'web', channel: 'area:rinkeby', status: 'sent' } })) === 1);
    expect(await late.locator(`#messages article[data-incident-ref="${lateRef}"]`).count()).toBe(0);
    letThrough();
    await live(late);
    await late.locator(`#messages article[data-incident-ref="${lateRef}"]`).first().waitFor(WAIT);
    await late.context().close();
  });
});
