import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Browser, type Page } from 'playwright-core';
import { startTestApp, type TestApp } from '../support/test-app.ts';
import { wireWeb } from '../../src/cli/wire-web.ts';
import { ManualClock } from '../../src/core/ports/clock.port.ts';
import { openPage, releaseChromium, sharedChromium } from './support/chromium.ts';

/**
 * Agency actions in the web console, in real headless Chromium: the supervisor proposes from the message box, the
 * police contact accepts, marks done and declines (with a reason) on the live message, the supervisor hears each
 * answer and sees the steps in the timeline; unanswered actions escalate on the injected clock, to the police's
 * backup room first, then to the supervisor. Bad input shows the core's message and writes nothing.
 */
const WAIT = { timeout: 30_000 };
const SETUP_TIMEOUT_MS = 180_000;
const PAGE = { viewport: { width: 1280, height: 900 }, locale: 'sv-SE', timezoneId: 'Europe/Stockholm' };

describe('agency actions in the web console (Chromium)', () => {
  let app: TestApp;
  let browser: Browser;
  let maria: Page;
  let karin: Page;
  const clock = new ManualClock(new Date('2026-11-26T09:00:00Z'));
  let number = 0;
  let ref = '';

  beforeAll(async () => {
    [app, browser] = await Promise.all([startTestApp('postgres', { clock, wires: [wireWeb] }), sharedChromium()]);
    const outcome = await app.service.handle({ platform: 'web', workspace: '', userId: 'anna.lind', requestId: 'e2e-register', input: { type: 'text', text: '/incident Rinkeby 2 stenkastning mot buss' } });
    number = outcome.incident!.number;
    ref = outcome.incident!.ref;
    [maria, karin] = await Promise.all([openPage(browser, PAGE), openPage(browser, PAGE)]);
    await Promise.all([maria.goto(`${app.url}/?as=maria.ekstrom`), karin.goto(`${app.url}/?as=karin.dahl`)]);
    await Promise.all([live(maria), live(karin)]);
  }, SETUP_TIMEOUT_MS);

  afterAll(async () => {
    await releaseChromium(browser);
    await app?.stop();
  });

  function live(p: Page) {
    return p.locator('body[data-live="on"]').waitFor(WAIT);
  }
  const lastReply = (p: Page) => p.locator('#replies .reply-group').first();
  const actionCard = (p: Page, seq: number, hasText?: string) => p.locator('#messages article', { hasText: hasText ?? `${ref}/${seq} för` }).first();

  async function type(p: Page, text: string) {
    await p.fill('#command-text', text);
    await p.press('#command-text', 'Enter');
  }

  it('the supervisor proposes an action from the message box; the police contact sees it live with Accept and Decline', async () => {
    await type(maria, `åtgärd ${number} polisen öka patrulleringen vid torget senast imorgon 18:00`);
    await lastReply(maria).locator('.tone-success', { hasText: `Åtgärd ${ref}/1 föreslagen för Polismyndigheten` }).waitFor(WAIT);
    const card = actionCard(karin, 1);
    await card.waitFor(WAIT);
    expect(await card.textContent()).toContain('öka patrulleringen vid torget');
    expect(await card.locator('button[data-action="action.accept"]').textContent()).toBe('Acceptera');
    expect(await card.locator('summary[data-action="action.decline"]').textContent()).toBe('Avböj');
  });

  it('the police contact accepts, the message turns to Done, then marks it done; the supervisor hears of both', async () => {
    await actionCard(karin, 1).locator('button[data-action="action.accept"]').click();
    await lastReply(karin).locator('.tone-success', { hasText: `Åtgärd ${ref}/1 är accepterad` }).waitFor(WAIT);
    const accepted = karin.locator('#messages article', { hasText: 'Accepterad av Karin Dahl' }).first();
    await accepted.waitFor(WAIT);
    await maria.locator('#messages article', { hasText: `Polismyndigheten har accepterat åtgärd ${ref}/1` }).waitFor(WAIT);

    await accepted.locator('button[data-action="action.done"]').click();
    await lastReply(karin).locator('.tone-success', { hasText: `Åtgärd ${ref}/1 är klar.` }).waitFor(WAIT);
    await karin.locator('#messages article', { hasText: 'Klar, Karin Dahl' }).first().waitFor(WAIT);
    await maria.locator('#messages article', { hasText: `Polismyndigheten har gjort klart åtgärd ${ref}/1` }).waitFor(WAIT);
    expect(await app.db.prisma.agencyAction.findFirst({ where: { seq: 1 } })).toMatchObject({ state: 'done', doneBy: 'karin.dahl' });
  });

  it('the police contact declines with a reason; the supervisor reads it', async () => {
    await type(maria, `åtgärd ${number} polisen stäng av gatan`);
    await lastReply(maria).locator('.tone-success', { hasText: `${ref}/2` }).waitFor(WAIT);
    const card = actionCard(karin, 2);
    await card.waitFor(WAIT);
    await card.locator('summary[data-action="action.decline"]').click();
    await card.locator('input[name="reason"]').fill('ingen patrull ledig i kväll');
    await card.locator('details.reason button[type="submit"]').click();
    await lastReply(karin).locator('.tone-success', { hasText: `Åtgärd ${ref}/2 är avböjd` }).waitFor(WAIT);
    await maria.locator('#messages article', { hasText: 'ingen patrull ledig i kväll' }).waitFor(WAIT);
    expect(await app.db.prisma.agencyAction.findFirst({ where: { seq: 2 } })).toMatchObject({ state: 'declined', declineReason: 'ingen patrull ledig i kväll' });
  });

  it('an unanswered action escalates on the clock: the backup room first, then the supervisor', async () => {
    await type(maria, `åtgärd ${number} polisen knacka dörr i trapphusen`);
    await lastReply(maria).locator('.tone-success', { hasText: `${ref}/3` }).waitFor(WAIT);
    const job = app.jobs.find((j) => j.name === 'action.escalation')!;
    clock.advanceMinutes(14);
    expect(await job.runOnce()).toBe(0);
    clock.advanceMinutes(2);
    expect(await job.runOnce()).toBe(1);
    const backup = await openPage(browser, PAGE);
    await backup.goto(`${app.url}/?as=karin.dahl&channel=${encodeURIComponent('agency:polisen:backup')}`);
    await live(backup);
    const warning = backup.locator('#messages article', { hasText: `Försenad åtgärd ${ref}/3` }).first();
    await warning.waitFor(WAIT);
    expect(await warning.textContent()).toContain('Ni är reservmottagare');
    await backup.context().close();
    expect(await maria.locator('#messages article', { hasText: `Försenad åtgärd ${ref}/3` }).count()).toBe(0);

    clock.advanceMinutes(16);
    expect(await job.runOnce()).toBe(1);
    const told = maria.locator('#messages article', { hasText: `Försenad åtgärd ${ref}/3` }).first();
    await told.waitFor(WAIT);
    expect(await told.textContent()).toContain(`Polismyndigheten har inte svarat på åtgärd ${ref}/3`);
  });

  it('the supervisor\'s timeline shows every step of the actions', async () => {
    await maria.goto(`${app.url}/supervisor?as=maria.ekstrom&incident=${encodeURIComponent(ref)}`);
    await live(maria);
    await maria.locator('#timeline li[data-action="action.proposed"]').first().waitFor(WAIT);
    expect(await maria.locator('#timeline li[data-action="action.proposed"]').first().textContent()).toContain(`Maria Ekström föreslog åtgärd ${ref}/1 för Polismyndigheten`);
    expect(await maria.locator('#timeline li[data-action="action.accepted"]').textContent()).toContain('Karin Dahl accepterade åtgärd');
    expect(await maria.locator('#timeline li[data-action="action.declined"]').textContent()).toContain(`${ref}/2`);
    expect(await maria.locator('#timeline li[data-action="action.done"]').textContent()).toContain(`${ref}/1`);
    expect(await maria.locator('#timeline li[data-action="action.escalated"]').count()).toBe(2);
    // The action's text stays out of the timeline.
    expect(await maria.locator('#timeline').textContent()).not.toContain('patrull');
  });

  it('bad input shows the clear message and writes nothing', async () => {
    await maria.goto(`${app.url}/?as=maria.ekstrom`);
    await live(maria);
    const before = [await app.db.prisma.agencyAction.count(), await app.db.prisma.notification.count()];
    await type(maria, `åtgärd ${number} brandkåren släck`);
    await lastReply(maria).locator('.tone-error', { hasText: 'Okänd myndighet "brandkåren"' }).waitFor(WAIT);
    await type(maria, 'åtgärd acceptera 42/x');
    await lastReply(maria).locator('.tone-error', { hasText: '"42/x" är ingen åtgärd' }).waitFor(WAIT);
    await type(maria, `åtgärd ${number} polisen x senast igår`);
    await lastReply(maria).locator('.tone-error', { hasText: 'har redan passerat' }).waitFor(WAIT);
    expect([await app.db.prisma.agencyAction.count(), await app.db.prisma.notification.count()]).toEqual(before);
  });
});
