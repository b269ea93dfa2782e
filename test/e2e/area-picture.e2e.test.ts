import { mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { releaseChromium, sharedChromium } from './support/chromium.ts';
import { type Browser, type BrowserContext, type Page } from 'playwright-core';
import { axeViolations } from './support/axe.ts';
import { startTestApp, type TestApp } from '../support/test-app.ts';
import { wireWeb } from '../../src/cli/wire-web.ts';

/**
 * The area picture and the weekly pack in headless Chromium on the bundled Stockholm deployment: the map is drawn on
 * the server with a link per area, the same figures are in a table, colours carry words, and axe finds no WCAG 2.1
 * A/AA violation in Swedish or English. The pack prints without the page chrome and exports its tables.
 */
const SHOTS = fileURLToPath(new URL('./screenshots/', import.meta.url));
const WAIT = { timeout: 30_000 };
const SETUP_TIMEOUT_MS = 180_000;

describe('area picture and weekly pack in Chromium', () => {
  let app: TestApp;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  const refs: string[] = [];

  beforeAll(async () => {
    mkdirSync(SHOTS, { recursive: true });
    [app, browser] = await Promise.all([
      startTestApp('postgres', { wires: [wireWeb], background: false }),
      sharedChromium(),
    ]);
    context = await browser.newContext({ viewport: { width: 1280, height: 1000 }, locale: 'sv-SE', timezoneId: 'Europe/Stockholm' });
    page = await context.newPage();
    // Three open incidents in Rinkeby (medium load), one in Skärholmen (low).
    for (const [who, text] of [['anna.lind', 'Rinkeby 2 stenkastning mot buss'], ['anna.lind', 'Rinkeby 3 klotter på skolan'], ['anna.lind', 'Rinkeby 3 oro i trapphus'], ['erik.holm', 'Skärholmen 3 stök vid centrum']]) {
      const outcome = await app.service.handle({ platform: 'web', workspace: '', userId: who, requestId: `e2e-${randomUUID()}`, input: { type: 'text', text: `/incident ${text}` } });
      refs.push(outcome.replies[0].incidentRef!);
    }
  }, SETUP_TIMEOUT_MS);

  afterAll(async () => {
    await context?.close();
    await releaseChromium(browser);
    await app?.stop();
  });

  const axe = async (p: Page) => (await axeViolations(p))
    .map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);

  it('draws the areas with their counts in words, the same as the table, and passes axe (sv)', async () => {
    // Reached from the supervisor view.
    await page.goto(`${app.url}/supervisor?as=ulla.forsberg`);
    await Promise.all([page.waitForURL(/\/supervisor\/areas\?as=ulla\.forsberg$/, WAIT), page.click('#area-picture-link')]);
    await page.locator('#area-map').waitFor(WAIT);
    expect(await page.locator('h1').textContent()).toBe('Områdesbild');
    const rinkeby = page.locator('#area-map a[data-area="rinkeby"]');
    expect(await rinkeby.getAttribute('aria-label')).toBe('Rinkeby 3 öppna, 0 försenade åtgärder, medel (3–5)');
    expect(await rinkeby.getAttribute('data-load')).toBe('medium');
    expect(await page.locator('#area-map a[data-area="skarholmen"]').getAttribute('aria-label')).toBe('Skärholmen 1 öppna, 0 försenade åtgärder, lågt (1–2)');
    // Every outline in the bundled file is drawn (15 areas); districts and the city are in the table.
    expect(await page.locator('#area-map a').count()).toBe(15);
    expect(await page.locator('#area-table tr[data-area="rinkeby"] td').allTextContents()).toEqual(['område', '3', '0', 'medel (3–5)', 'Veckopaket Rinkeby']);
    expect(await page.locator('#area-table tr[data-area="jarva"] td').nth(1).textContent()).toBe('3');
    expect(await page.locator('#area-table tr[data-area="stockholm"] td').nth(1).textContent()).toBe('4');
    expect(await page.locator('.legend li').allTextContents()).toEqual([' inga öppna', ' lågt (1–2)', ' medel (3–5)', ' högt (6 eller fler)']);
    expect(await axe(page)).toEqual([]);
    await page.screenshot({ path: `${SHOTS}10-area-picture.png`, fullPage: true });

    await Promise.all([page.waitForURL(/\/supervisor\/area\?/, WAIT), rinkeby.click()]);
    expect(await page.locator('h1').textContent()).toBe('Öppna händelser i Rinkeby');
    expect(await page.locator('#area-incidents tbody tr').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-ref')))).toEqual(refs.slice(0, 3));
    expect(await axe(page)).toEqual([]);
  });

  it('shows a district supervisor only their district, in English, and passes axe (en)', async () => {
    await page.goto(`${app.url}/supervisor/areas?as=maria.ekstrom&lang=en`);
    await page.locator('#area-map').waitFor(WAIT);
    expect(await page.locator('h1').textContent()).toBe('Area picture');
    expect(await page.locator('#area-map a').evaluateAll((links) => links.map((a) => a.getAttribute('data-area')).sort()))
      .toEqual(['akalla', 'hjulsta', 'husby', 'kista', 'rinkeby', 'tensta']);
    expect(await page.locator('#area-map a[data-area="husby"]').getAttribute('aria-label')).toBe('Husby 0 open, 0 overdue actions, none open');
    expect(await page.locator('#area-table tbody tr').count()).toBe(7);
    expect(await axe(page)).toEqual([]);
    // Outside their scope: a clear refusal, not someone else's list.
    const response = await page.goto(`${app.url}/supervisor/area?as=maria.ekstrom&lang=en&area=skarholmen`);
    expect(response?.status()).toBe(404);
    expect(await page.locator('[role="alert"]').textContent()).toBe('Unknown area, or an area outside your scope.');
  });

  it('refuses field staff and unknown personas', async () => {
    expect((await fetch(`${app.url}/supervisor/areas?as=anna.lind`)).status).toBe(403);
    expect((await fetch(`${app.url}/supervisor/pack?as=anna.lind`)).status).toBe(403);
    expect((await fetch(`${app.url}/supervisor/areas?as=nobody`)).status).toBe(404);
  });

  it('prints the weekly pack without the page chrome, passes axe in both languages, and exports its tables', async () => {
    // One police action proposed eight days ago with its due time an hour later: open and overdue at the end of last
    // week (inserted as a row: the action commands are another helper's).
    const incident = await app.db.prisma.incident.findFirstOrThrow({ where: { areaId: 'rinkeby' }, orderBy: { number: 'asc' } });
    const proposedAt = new Date(Date.now() - 8 * 86_400_000);
    await app.db.prisma.agencyAction.create({ data: {
      id: randomUUID(), incidentId: incident.id, seq: 1, agencyId: 'polisen', text: 'öka patrulleringen', state: 'accepted', proposedBy: 'maria.ekstrom',
      proposedAt, answeredAt: proposedAt, dueAt: new Date(proposedAt.getTime() + 3600_000),
    } });
    const week = await page.goto(`${app.url}/supervisor/pack?as=maria.ekstrom&area=jarva`);
    expect(week?.status()).toBe(200);
    const current = (await page.locator('#pack').getAttribute('data-week'))!;
    expect(await page.locator('#pack h1').textContent()).toBe(`Veckopaket Järva, vecka ${current}`);
    expect(await page.locator('#pack-actions tbody tr').evaluateAll((rows) => rows.map((r) => [...r.children].map((c) => c.textContent))))
      .toEqual([['Polismyndigheten', '1', '1']]);
    expect(await page.locator('#pack-trend tbody tr').count()).toBe(7);
    expect(await axe(page)).toEqual([]);
    await page.screenshot({ path: `${SHOTS}11-weekly-pack.png`, fullPage: true });
    await page.emulateMedia({ media: 'print' });
    expect(await page.locator('header.top').isVisible()).toBe(false);
    expect(await page.locator('.pack-chooser').isVisible()).toBe(false);
    expect(await page.locator('#pack').isVisible()).toBe(true);
    await page.emulateMedia({ media: 'screen' });

    await page.goto(`${app.url}/supervisor/pack?as=maria.ekstrom&area=jarva&lang=en`);
    expect(await page.locator('#pack h1').textContent()).toBe(`Weekly pack Järva, week ${current}`);
    expect(await axe(page)).toEqual([]);
    const links = await page.locator('#pack-exports a').evaluateAll((as) => as.map((a) => a.getAttribute('href')!));
    expect(links).toHaveLength(9);
    const csv = await fetch(`${app.url}${links.find((l) => l.includes('-ack.csv'))}`);
    expect(csv.status).toBe(200);
    expect(csv.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect((await csv.text()).split('\r\n')[0]).toBe('agency,alerted,answered,median_minutes,p90_minutes,missed');

    // A week that is no week: a clear message and the chooser, nothing else.
    const bad = await page.goto(`${app.url}/supervisor/pack?as=maria.ekstrom&area=jarva&week=2026-W99`);
    expect(bad?.status()).toBe(400);
    expect(await page.locator('[role="alert"]').textContent()).toBe('Ange veckan som ÅÅÅÅ-Vnn (t.ex. 2026-W23), en vecka som har börjat.');
    expect(await axe(page)).toEqual([]);
  });
});
