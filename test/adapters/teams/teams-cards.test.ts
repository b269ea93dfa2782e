import { describe, expect, it } from 'vitest';
import { Directory } from '../../../src/core/directory/directory.ts';
import type { DirectoryData } from '../../../src/core/directory/directory.types.ts';
import type { Incident } from '../../../src/core/incident/incident.types.ts';
import { renderIncident } from '../../../src/core/messages/incident-message.ts';
import { incidentForm } from '../../../src/core/messages/help-and-form.ts';
import { t } from '../../../src/core/messages/i18n.ts';
import { loadConfigFile, BUNDLED_CONFIG_PATH } from '../../../src/infra/config/load-config-file.ts';
import { CARD_VERSION, MAX_CARD_BYTES, cardBytes, messageActivity, renderFormCard, renderMessageCard } from '../../../adapters/teams/index.ts';

/** Teams refuses a message (the whole activity) over about 28 KB. */
const TEAMS_MESSAGE_LIMIT = 28 * 1024;
const AGENCIES = 150;

function bigDirectory(): Directory {
  const data: DirectoryData = {
    settings: { timeZone: 'Europe/Stockholm', defaultLocale: 'sv', defaultSeverity: 2, defaultCategory: 'other', maxDescriptionLength: 100_000 },
    areas: [{ id: 'rinkeby', parentId: null, level: 'area', name: { sv: 'Rinkeby', en: 'Rinkeby' }, aliases: [] }],
    agencies: Array.from({ length: AGENCIES }, (_, i) => ({
      id: `agency-${i}`,
      name: { sv: `Myndigheten för samordning av insatser i ytterområden nummer ${i}`, en: `Agency for coordination of efforts in outer districts no. ${i}` },
      sensitivity: 0,
    })),
    categories: [{ id: 'other', name: { sv: 'Övrigt', en: 'Other' }, keywords: [] }],
    severities: [{ level: 2, name: { sv: 'Hög', en: 'High' }, ackDeadlineMinutes: 15 }],
    rules: [],
    people: [{ id: 'anna', name: 'Anna Lind', role: 'field_staff', agencyId: 'agency-0', areaIds: ['rinkeby'], locale: 'sv', onDuty: true }],
    addresses: [],
    identities: [],
  };
  return new Directory(data);
}

function bigIncident(): Incident {
  const now = new Date('2026-11-26T10:00:00Z');
  return {
    id: '00000000-0000-4000-8000-000000000001', ref: 'INC-2026-0042', number: 42, year: 2026,
    areaId: 'rinkeby', categoryId: 'other', severity: 2,
    description: 'Stenkastning mot buss vid Rinkeby torg, 🚌 föraren oskadd. '.repeat(2000),
    sensitiveDetails: 'Namn och personnummer på de inblandade. '.repeat(500),
    status: 'open', reporterId: 'anna', reporterAgencyId: 'agency-0', sourcePlatform: 'teams', createdAt: now, closedAt: null,
    agencies: Array.from({ length: AGENCIES }, (_, i) => ({
      agencyId: `agency-${i}`, state: i % 3 === 0 ? 'acknowledged' : 'notified', canSeeSensitive: true, deadlineAt: now,
      acknowledgedAt: i % 3 === 0 ? now : null, acknowledgedBy: null, respondingAt: null, declinedAt: null, declineReason: null,
      escalationLevel: 0, nextEscalationAt: now,
    })),
  };
}

describe('Adaptive Cards within Teams limits', () => {
  it('a notification with a very long description and 150 agencies fits one Teams message, version 1.5, buttons intact', () => {
    const message = renderIncident(bigDirectory(), bigIncident(), { locale: 'sv', showSensitive: true, forAgencyId: 'agency-1' });
    expect(JSON.stringify(message).length).toBeGreaterThan(100_000);
    const activity = messageActivity(message, { idempotencyKey: 'x'.repeat(80), alert: true });
    // The envelope Teams adds around it: ids of the conversation, bot and service URL.
    const envelope = {
      ...activity,
      conversation: { id: `19:${'a'.repeat(32)}@thread.tacv2;messageid=1571539235218`, conversationType: 'channel', tenantId: '72f988bf-86f1-41af-91ab-2d7cd011db47' },
      from: { id: `28:${'b'.repeat(36)}`, name: 'Samband' },
      serviceUrl: 'https://smba.trafficmanager.net/emea/72f988bf-86f1-41af-91ab-2d7cd011db47/',
      channelId: 'msteams',
    };
    expect(Buffer.byteLength(JSON.stringify(envelope))).toBeLessThan(TEAMS_MESSAGE_LIMIT);
    const card = (activity.attachments![0] as { content: ReturnType<typeof renderMessageCard> }).content;
    expect(card.version).toBe(CARD_VERSION);
    expect(CARD_VERSION).toBe('1.5');
    expect(cardBytes(card)).toBeLessThanOrEqual(MAX_CARD_BYTES);
    expect(card.body.find((b) => b.type === 'TextBlock' && b.style === 'heading')).toMatchObject({ text: message.title });
    const text = card.body.find((b) => b.type === 'TextBlock' && typeof b.text === 'string' && b.text.startsWith('Stenkastning')) as { text: string };
    expect(text.text).toMatch(/… \(förkortat\)$/);
    expect(card.actions!.map((a) => a.title)).toEqual([t('button.ack', 'sv'), t('button.responding', 'sv'), t('button.decline', 'sv')]);
    // No lone surrogate where the text was cut.
    expect(JSON.stringify(card)).not.toMatch(/\\ud83d(?!\\ud)/i);
  });

  it('a short notification is not shortened', () => {
    const incident = { ...bigIncident(), description: 'Stenkastning mot buss', sensitiveDetails: null, agencies: bigIncident().agencies.slice(0, 3) };
    const message = renderIncident(bigDirectory(), incident, { locale: 'en', showSensitive: false, forAgencyId: 'agency-1' });
    const card = renderMessageCard(message);
    expect(JSON.stringify(card)).not.toContain('(shortened)');
    expect(card.body.some((b) => b.text === 'Stenkastning mot buss')).toBe(true);
  });

  it('charts are dropped before any text when a card would not fit', () => {
    const message = { ...renderIncident(bigDirectory(), { ...bigIncident(), description: 'kort' }, { locale: 'en', showSensitive: false }) };
    // Hundreds of bars with long labels: a PNG too big for a card.
    message.charts = [{ title: 'chart', alt: 'Incidents per area', bars: Array.from({ length: 400 }, (_, i) => ({ label: `Area ${i} ${'x'.repeat(20)}`, value: (i * 37) % 101 })) }];
    const card = renderMessageCard(message);
    expect(cardBytes(card)).toBeLessThanOrEqual(MAX_CARD_BYTES);
    expect(card.body.some((b) => b.type === 'Image')).toBe(false);
    expect(card.body.some((b) => b.text === 'kort')).toBe(true);
    const small = renderMessageCard({ ...message, charts: [{ title: 'chart', alt: 'Incidents per area', bars: [{ label: 'Rinkeby', value: 3 }] }] });
    // Drawn as a PNG (its signature, base64) inline: Teams shows no SVG.
    expect(small.body).toContainEqual(expect.objectContaining({ type: 'Image', url: expect.stringMatching(/^data:image\/png;base64,iVBORw0KGgo/), altText: 'Incidents per area' }));
  });

  it('the incident form of the bundled Stockholm deployment fits, in both languages', async () => {
    const loaded = await loadConfigFile(BUNDLED_CONFIG_PATH);
    if (!loaded.ok) throw new Error('bundled config invalid');
    const config = loaded.config;
    const directory = new Directory({
      ...bigDirectory().data,
      areas: config.areas.map((a) => ({ id: a.id, parentId: a.parent ?? null, level: a.level, name: a.name, aliases: a.aliases })),
      categories: config.categories.map((c) => ({ id: c.id, name: c.name, keywords: c.keywords })),
      severities: config.severities.map((s) => ({ level: s.level, name: s.name, ackDeadlineMinutes: s.ackDeadlineMinutes })),
      settings: { ...bigDirectory().settings, maxDescriptionLength: config.maxDescriptionLength },
    });
    for (const locale of ['sv', 'en'] as const) {
      const card = renderFormCard(incidentForm(directory, locale));
      expect(card.version).toBe('1.5');
      expect(cardBytes(card)).toBeLessThan(MAX_CARD_BYTES);
      const area = card.body.find((b) => b.id === 'area') as { choices: unknown[] };
      expect(area.choices.length).toBe(config.areas.filter((a) => a.level !== 'city').length);
    }
  });
});
