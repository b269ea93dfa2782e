import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromium, type Browser, type Locator, type Page } from 'playwright-core';
import { teamsWire } from '../../src/cli/wire-teams.ts';
import { t } from '../../src/core/messages/i18n.ts';
import { formatIncidentRef } from '../../src/core/commands/incident-ref.ts';
import { outboxSettled, startTestApp, type TestApp } from '../support/test-app.ts';
import { PLAYGROUND_SAMBAND_CONFIG, startAgentsPlayground, type AgentsPlayground } from './support/agents-playground.ts';

/*
 * Samband as a person sees it in Microsoft's own local Teams client, the Agents Playground: its page in Chromium, its
 * Bot Connector, its Adaptive Cards renderer. Alex Wilber (the playground's signed-in user, Swedish in Samband's
 * settings, an English client) works for the police; the police's cards go to Alex's personal chat
 * (test/fixtures/teams/playground). The playground installs the app only in the personal chat when it starts; the
 * group chat and the channel of the fixture get it through the playground's own installation endpoint (what its
 * "Add app" does). What the playground cannot send by itself (another person, another locale) goes through its
 * custom activities, built from its own template for the conversation.
 */

let app: TestApp;
let playground: AgentsPlayground;
let browser: Browser;
let page: Page;
const pageRequestsOutside: string[] = [];
let incidentRef = '';

const PLAYGROUND_TENANT = '00000000-0000-0000-0000-0000000000001';
const MEGAN = { id: 'user-id-1', name: 'Megan Bowen', aadObjectId: '00000000-0000-0000-0000-0000000000021' };
/** What a group chat or channel sees in place of an answer with incident details. */
const POINTER = { sv: 'Svaret har skickats till dig privat.', en: 'The answer was sent to you privately.' };

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

/** Types `@Samband <text>` in the open conversation, picking the bot from the composer's mention menu as a person does. */
async function sendMentioning(text: string): Promise<void> {
  const box = page.getByRole('textbox').last();
  await box.click();
  await box.pressSequentially('@Sam');
  await page.locator('#typeahead-menu [role=menuitem]').filter({ hasText: 'Samband' }).first().click();
  await box.pressSequentially(` ${text}`);
  await box.press('Enter');
}

/** Installs Samband in a conversation of the fixture, as the playground's "Add app" does; waits for the welcome. */
async function install(conversationId: string, label: string): Promise<void> {
  const response = await fetch(`${playground.url}/_debug/conversation/${conversationId}/installation`, {
    method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}',
  });
  expect(response.status).toBe(200);
  await expect.poll(() => app.db.prisma.teamsConversation.findUnique({ where: { conversationId } }).then((row) => !!row), { timeout: 20_000 }).toBe(true);
  await openConversation(label);
  await cardWith('Samband is installed');
}

/**
 * A message from someone the playground does not let us be (another person, another client language), sent through
 * its own custom-activity endpoint into `conversationId`, starting from the playground's template for it.
 */
async function customMessage(conversationId: string, from: { id: string; name: string; aadObjectId: string }, locale: string, text: string): Promise<void> {
  const template = await fetch(`${playground.url}/_internal/v1/customActivities/template?conversationId=${conversationId}`).then((r) => r.json()) as Record<string, unknown>;
  const mention = { type: 'mention', text: '<at>Samband</at>', mentioned: template.recipient };
  const activity = {
    ...template, type: 'message', id: randomUUID(), from, locale, text: `<at>Samband</at> ${text}`,
    entities: [mention, { type: 'clientInfo', locale }], channelData: { tenant: { id: PLAYGROUND_TENANT } },
  };
  const response = await fetch(`${playground.url}/_internal/v1/customActivities`, {
    method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(activity),
  });
  expect(response.status).toBe(200);
}

/** Waits until a card on screen contains `text` and returns it. */
async function cardWith(text: string): Promise<Locator> {
  const card = cards().filter({ hasText: text }).last();
  await card.waitFor({ timeout: 20_000 });
  return card;
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
    await outboxSettled(app);
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

  it('the incident form: the area picked from its dropdown, submitted, registered; the form turns into the confirmation', async () => {
    await openConversation('Personal Chat');
    await send('incident');
    const form = await cardWith(t('title.form', 'en'));
    // Teams renders a ChoiceSet as a combobox with a pop-up list (no <select>): open it and pick, as a person does.
    await form.getByRole('combobox', { name: t('form.area', 'en') }).click();
    await page.getByRole('option', { name: 'Tensta' }).click();
    await form.getByRole('combobox', { name: t('form.category', 'en') }).click();
    await page.getByRole('option', { name: 'Violence' }).click();
    await form.getByRole('textbox', { name: t('form.description', 'en') }).fill('brand i soprum <trapphus 3>');
    await form.getByRole('button', { name: t('form.submit', 'en') }).click();
    const incident = await expect.poll(() => app.db.prisma.incident.findFirst({ where: { description: 'brand i soprum <trapphus 3>' } }), { timeout: 20_000 }).toBeTruthy()
      .then(() => app.db.prisma.incident.findFirstOrThrow({ where: { description: 'brand i soprum <trapphus 3>' } }));
    expect(incident).toMatchObject({ areaId: 'tensta', categoryId: 'violence', severity: 2, reporterId: 'alex.wilber' });
    const ref = formatIncidentRef(incident.year, incident.number);
    const confirmation = await cardWith(t('title.registered', 'en', { ref }));
    expect(squash(await confirmation.innerText())).toContain('brand i soprum <trapphus 3>');
    // The form itself is gone (replaced by its confirmation), so it cannot be sent twice.
    await expect.poll(async () => (await cardTexts()).some((c) => c.includes(t('title.form', 'en')) && c.includes(t('form.submit', 'en'))), { timeout: 10_000 }).toBe(false);
  });

  it('status in a group chat: the room sees a pointer, the details arrive in the personal chat', async () => {
    await install('group-chat-jarva', 'Järva samverkan');
    await sendMentioning(`status ${incidentRef}`);
    await cardWith(POINTER.en);
    // The room is social services' own (its notification of the incident is there); the answer to Alex is not.
    expect((await cardTexts()).join('\n')).not.toContain(t('title.status', 'en', { ref: incidentRef }));
    await openConversation('Personal Chat');
    const status = await cardWith(t('title.status', 'en', { ref: incidentRef }));
    expect(squash(await status.innerText())).toContain('stenkastning mot buss <busslinje 1>');
  });

  it('status in a team channel: the same, and help (no incident data) is answered in the channel', async () => {
    await install('channel-polisen-larm', 'Polisen Järva - Larm');
    await sendMentioning('help');
    await cardWith(t('title.help', 'en'));
    await sendMentioning(`status ${incidentRef}`);
    await cardWith(POINTER.en);
    expect((await cardTexts()).join('\n')).not.toContain(t('title.status', 'en', { ref: incidentRef }));
  });

  it('custom activities: Alex with a Swedish client gets Swedish; Megan (another person, English) is answered in English', async () => {
    await openConversation('Järva samverkan');
    await customMessage('group-chat-jarva', { id: 'user-id-0', name: 'Alex Wilber', aadObjectId: '00000000-0000-0000-0000-0000000000020' }, 'sv-SE', 'help');
    const help = await cardWith(t('title.help', 'sv'));
    expect(squash(await help.innerText())).toContain('Områden:');
    await customMessage('group-chat-jarva', MEGAN, 'en-US', `status ${incidentRef}`);
    // Megan may see the incident: her answer goes to her own personal chat (not Alex's screen); the room gets the pointer.
    await expect.poll(async () => (await cardTexts()).filter((c) => c === POINTER.en).length, { timeout: 20_000 }).toBe(2);
    // Megan had never written to the bot: Samband created her personal chat through the playground's connector.
    const megansChat = await app.db.prisma.teamsConversation.findMany({ where: { tenantId: PLAYGROUND_TENANT } })
      .then((rows) => rows.find((row) => (row.reference as { user?: { aadObjectId?: string } }).user?.aadObjectId === MEGAN.aadObjectId));
    expect(megansChat?.reference).toMatchObject({ conversation: { conversationType: 'personal' } });
    expect((await cardTexts()).join('\n')).not.toContain(t('title.status', 'en', { ref: incidentRef }));
  });

  it('nothing reached for the Internet: not the playground, not its page', () => {
    expect(playground.internetAttempts()).toEqual([]);
    // Only the Office font CDN was asked for, and refused.
    expect([...new Set(pageRequestsOutside)].every((host) => host.endsWith('.cdn.office.net'))).toBe(true);
  });
});
