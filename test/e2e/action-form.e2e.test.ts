import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Browser, type Page } from 'playwright-core';
import { startTestApp, type TestApp } from '../support/test-app.ts';
import { wireWeb } from '../../src/cli/wire-web.ts';
import { ManualClock } from '../../src/core/ports/clock.port.ts';
import { openPage, releaseChromium, sharedChromium } from './support/chromium.ts';

/**
 * "Föreslå åtgärd" in the web console, in real headless Chromium: the supervisor opens the incident (`status`), the
 * card offers the button because she may propose, and its form field is read like a typed proposal. Bad input shows
 * the core's message and writes nothing. Each case registers its own incident.
 */
const WAIT = { timeout: 30_000 };

describe('the "Propose action" form in the web console (Chromium)', () => {
  let app: TestApp;
  let browser: Browser;
  let maria: Page;
  let karin: Page;
  const clock = new ManualClock(new Date('2026-11-26T09:00:00Z'));
  let n = 0;

  beforeAll(async () => {
    [app, browser] = await Promise.all([startTestApp('postgres', { clock, wires: [wireWeb] }), sharedChromium()]);
    const options = { viewport: { width: 1280, height: 900 }, locale: 'sv-SE', timezoneId: 'Europe/Stockholm' };
    [maria, karin] = await Promise.all([openPage(browser, options), openPage(browser, options)]);
    await Promise.all([maria.goto(`${app.url}/?as=maria.ekstrom`), karin.goto(`${app.url}/?as=karin.dahl`)]);
    await Promise.all([live(maria), live(karin)]);
  }, 180_000);

  afterAll(async () => {
    await releaseChromium(browser);
    await app?.stop();
  });

  function live(p: Page) {
    return p.locator('body[data-live="on"]').waitFor(WAIT);
  }
  const lastReply = (p: Page) => p.locator('#replies .reply-group').first();
  async function register(description: string) {
    const outcome = await app.service.handle({ platform: 'web', workspace: '', userId: 'anna.lind', requestId: `form-${++n}`, input: { type: 'text', text: `/incident Rinkeby 2 ${description}` } });
    return { number: outcome.incident!.number, ref: outcome.incident!.ref };
  }
  /** Maria asks for the incident; the reply card's "Föreslå åtgärd" form, opened. */
  async function openForm(number: number, ref: string) {
    await maria.fill('#command-text', `status ${number}`);
    await maria.press('#command-text', 'Enter');
    const card = lastReply(maria).locator('article', { hasText: ref }).first();
    await card.waitFor(WAIT);
    await card.locator('summary[data-action="action.propose"]', { hasText: 'Föreslå åtgärd' }).click();
    return card.locator('details.reason', { has: maria.locator('summary[data-action="action.propose"]') });
  }

  it('the supervisor proposes from the incident card; the police contact sees the action live', async () => {
    const { number, ref } = await register('klotter på skolan');
    const form = await openForm(number, ref);
    await form.locator('input[name="reason"]').fill('polisen öka patrulleringen vid skolan senast imorgon');
    await form.locator('button[type="submit"]').click();
    await lastReply(maria).locator('.tone-success', { hasText: `Åtgärd ${ref}/1 föreslagen för Polismyndigheten` }).waitFor(WAIT);
    expect(await app.db.prisma.agencyAction.findFirstOrThrow({ where: { incident: { number }, seq: 1 } }))
      .toMatchObject({ agencyId: 'polisen', text: 'öka patrulleringen vid skolan', proposedBy: 'maria.ekstrom' });
    const card = karin.locator('#messages article', { hasText: `${ref}/1 för` }).first();
    await card.waitFor(WAIT);
    expect(await card.textContent()).toContain('öka patrulleringen vid skolan');
  });

  it('bad input in the form shows the clear message and writes nothing', async () => {
    const { number, ref } = await register('bråk i tunnelbanan');
    const before = [await app.db.prisma.agencyAction.count(), await app.db.prisma.notification.count()];
    for (const [typed, said] of [['brandkåren släck', 'Okänd myndighet "brandkåren"'], ['polisen', 'Så här: <myndighet> <text>'], ['polisen x senast 2026-02-30', '"2026-02-30" är inget datum']]) {
      const form = await openForm(number, ref);
      await form.locator('input[name="reason"]').fill(typed);
      await form.locator('button[type="submit"]').click();
      await lastReply(maria).locator('.tone-error', { hasText: said }).waitFor(WAIT);
    }
    expect([await app.db.prisma.agencyAction.count(), await app.db.prisma.notification.count()]).toEqual(before);
  });
});
