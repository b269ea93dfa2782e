import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromium, type Browser, type Locator, type Page } from 'playwright-core';
import { teamsWire } from '../../src/cli/wire-teams.ts';
import { t } from '../../src/core/messages/i18n.ts';
import { formatIncidentRef } from '../../src/core/commands/incident-ref.ts';
import { startTestApp, type TestApp } from '../support/test-app.ts';
import { PLAYGROUND_SAMBAND_CONFIG, startAgentsPlayground, type AgentsPlayground } from './support/agents-playground.ts';

/*
 * Samband as a person sees it in Microsoft's own local Teams client, the Agents Playground: its page in Chromium, its
 * Bot Connector, its Adaptive Cards renderer. Alex Wilber (the playground's signed-in user, Swedish in Samband's
 * settings, an English client) works for the police; the police's cards go to Alex's personal chat
 * (test/fixtures/teams/playground). The playground installs the app only in the personal chat when it starts, so
 * the channel and group chat of the fixture are not reached here (the HTTP tests cover them with Microsoft's samples).
 */

let app: TestApp;
let playground: AgentsPlayground;
let browser: Browser;
let page: Page;
const pageRequestsOutside: string[] = [];
let incidentRef = '';

const squash = (text: string) => text.replace(/[ \t]+/g, ' ').trim();

/** The Adaptive Cards on screen in the open conversation, as rendered text (what a person reads). */
const cards = (): Locator => page.locator('.ac-adaptiveCard');
const cardTexts = async (): Promise<string[]> => (await cards().allInnerTexts()).map(squash);

/** Opens a conversation from the playground's list (its buttons are labelled with the conversation's name). */
async function openConversation(label: string): Promise<void> {
  await page.locator(`button[aria-label="${label}"]`).first().click();
}

async function send(text: string): Promise<void> {
  const box = page.getByRole('textbox').last();
  await box.click();
  await box.fill(text);
  await box.press('Enter');
}

/** Waits until a card on screen contains `text` and returns it. */
async function cardWith(text: string): Promise<Locator> {
  const card = cards().filter({ hasText: text }).last();
  await card.waitFor({ timeout: 20_000 });
  return card;
}

/** The outbox has sent everything it had (card updates included). */
async function outboxDrained(): Promise<void> {
  await expect.poll(() => app.db.prisma.notification.count({ where: { status: { in: ['pending', 'sending'] } } }), { timeout: 20_000 }).toBe(0);
}

describe('Teams through Microsoft 365 Agents Playground (Chromium)', () => {
  beforeAll(async () => {
    app = await startTestApp('pglite', { env: { SAMBAND_CONFIG: PLAYGROUND_SAMBAND_CONFIG, SAMBAND_TEAMS: 'on' }, wires: [teamsWire()] });
    playground = await startAgentsPlayground(`${app.url}/api/messages`);
    browser = await chromium.launch({
      executablePath: '/usr/bin/chromium',
      args: ['--headless', '--no-sandbox', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    });
    page = await browser.newPage({ viewport: { width: 1400, height: 1000 }, locale: 'en-US' });
    // The page asks a CDN for Office fonts; nothing leaves the machine (the fallback fonts render the same text).
    await page.route('**/*', async (route) => {
      const { hostname } = new URL(route.request().url());
      if (hostname === '127.0.0.1' || hostname === 'localhost') return route.continue();
      pageRequestsOutside.push(hostname);
      return route.abort();
    });
    await page.goto(playground.url);
    // Installing the app in the personal chat greets in both languages (the reader's language is not known yet).
    await cardWith('Samband is installed');
  }, 90_000);

  afterAll(async () => {
    await browser?.close();
    await playground?.stop();
    await app?.stop();
  });

  it('help shows its placeholders and one command per line', async () => {
    await openConversation('Personal Chat');
    await send('help');
    const help = await cardWith(t('title.help', 'en'));
    const lines = (await help.innerText()).split('\n').map(squash).filter(Boolean);
    expect(lines).toContain('/incident <area> [1-4] <what happened> report (no text: a form)');
    expect(lines).toContain('ack <no> acknowledge for your agency');
    expect(lines).toContain('decline <no> <why> not yours');
    expect(lines).toContain('list [area] open incidents');
    expect(lines.some((l) => l.startsWith('Areas:') && l.includes('Rinkeby') && l.includes('Tensta'))).toBe(true);
    expect(await help.innerHTML()).not.toContain('&lt;/p&gt;');
  });

  it('registers an incident typed in the personal chat; the police card arrives there with its buttons', async () => {
    await send('incident Rinkeby 2 stenkastning mot buss <busslinje 1>');
    const incident = await expect.poll(() => app.db.prisma.incident.findFirst({ orderBy: { number: 'desc' } }), { timeout: 20_000 }).toBeTruthy()
      .then(() => app.db.prisma.incident.findFirstOrThrow({ orderBy: { number: 'desc' } }));
    incidentRef = formatIncidentRef(incident.year, incident.number);
    expect(incident).toMatchObject({ areaId: 'rinkeby', severity: 2, reporterId: 'alex.wilber', sourcePlatform: 'teams' });
    await cardWith(t('title.registered', 'en', { ref: incidentRef }));
    // The police's notification to Alex, in Swedish (his setting): what he typed shows as typed.
    const card = await cardWith(t('title.new', 'sv', { ref: incidentRef, area: 'Rinkeby' }));
    expect(squash(await card.innerText())).toContain('stenkastning mot buss <busslinje 1>');
    await expect.poll(async () => card.getByRole('button').allInnerTexts(), { timeout: 10_000 })
      .toEqual(expect.arrayContaining([t('button.ack', 'sv'), t('button.responding', 'sv'), t('button.decline', 'sv')]));
  });

  it('pressing Acknowledge refreshes the card and the presser\'s result stays after the outbox\'s update, in one language', async () => {
    const card = await cardWith(t('title.new', 'sv', { ref: incidentRef, area: 'Rinkeby' }));
    await card.getByRole('button', { name: t('button.ack', 'sv') }).click();
    const done = t('text.ack.done', 'sv', { agency: 'Polismyndigheten', ref: incidentRef });
    await expect.poll(async () => (await cardTexts()).some((c) => c.includes(done)), { timeout: 20_000 }).toBe(true);
    await expect.poll(() => app.db.prisma.incidentAgency.findFirst({ where: { agencyId: 'polisen', incident: { number: Number(incidentRef.split('-').pop()) } } })
      .then((p) => p?.state), { timeout: 20_000 }).toBe('acknowledged');
    // The outbox replaces the card in every conversation; once it is done, the result is still on screen.
    await outboxDrained();
    await expect.poll(async () => {
      const texts = await cardTexts();
      const updated = texts.find((c) => c.includes(t('title.new', 'sv', { ref: incidentRef, area: 'Rinkeby' })));
      return { notice: texts.some((c) => c.includes(done)), acknowledged: !!updated?.includes(t('state.acknowledged', 'sv')) };
    }, { timeout: 20_000 }).toEqual({ notice: true, acknowledged: true });
    // One language per card: nothing English on the police card or the answer to the press.
    for (const text of (await cardTexts()).filter((c) => c.includes(incidentRef) && !c.includes(t('title.registered', 'en', { ref: incidentRef })))) {
      expect(text).not.toContain('Swedish Police Authority');
      expect(text).not.toContain('acknowledged');
    }
  });

  it('nothing reached for the Internet: not the playground, not its page', () => {
    expect(playground.internetAttempts()).toEqual([]);
    // Only the Office font CDN was asked for, and refused.
    expect([...new Set(pageRequestsOutside)].every((host) => host.endsWith('.cdn.office.net'))).toBe(true);
  });
});
