import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { Directory } from '../../../src/core/directory/directory.ts';
import { helpMessage, incidentForm } from '../../../src/core/messages/help-and-form.ts';
import { renderIncident } from '../../../src/core/messages/incident-message.ts';
import { t } from '../../../src/core/messages/i18n.ts';
import type { Incident } from '../../../src/core/incident/incident.types.ts';
import { loadConfigFile } from '../../../src/infra/config/load-config-file.ts';
import { CITY_CONFIG } from '../../support/fixtures.ts';
import type { DirectoryData } from '../../../src/core/directory/directory.types.ts';
import { TEAMS_MANIFEST_DIR } from '../../../src/infra/teams/teams-app-package.ts';
import { renderFormCard, renderMessageCard } from '../../../adapters/teams/index.ts';
import { escapeCardText } from '../../../adapters/teams/card-text.ts';
import { toPlatformError } from '../../../adapters/teams/connector-policy.ts';
import { adaptiveCardProblems } from './support/adaptive-card-check.ts';
import { cardText } from './support/fake-bot-connector.ts';

const name = (sv: string, en = sv) => ({ sv, en });

/** A small deployment: a city, a district, two areas, three agencies, four severities (as the bundled file). */
async function bundledDirectory(): Promise<Directory> {
  const data: DirectoryData = {
    settings: { timeZone: 'Europe/Stockholm', defaultLocale: 'sv', defaultSeverity: 2, defaultCategory: 'other', maxDescriptionLength: 10_000 },
    areas: [
      { id: 'stockholm', parentId: null, level: 'city', name: name('Stockholm'), aliases: [] },
      { id: 'jarva', parentId: 'stockholm', level: 'district', name: name('Järva'), aliases: [] },
      { id: 'rinkeby', parentId: 'jarva', level: 'area', name: name('Rinkeby'), aliases: [] },
      { id: 'tensta', parentId: 'jarva', level: 'area', name: name('Tensta'), aliases: [] },
    ],
    agencies: [
      { id: 'polisen', name: name('Polismyndigheten', 'Swedish Police Authority'), sensitivity: 2 },
      { id: 'soc', name: name('Socialtjänsten', 'Social Services'), sensitivity: 0 },
      { id: 'brand', name: name('Räddningstjänsten', 'Fire and Rescue'), sensitivity: 0 },
    ],
    categories: [{ id: 'other', name: name('Övrigt', 'Other'), keywords: [] }],
    severities: [1, 2, 3, 4].map((level) => ({ level, name: name(`Nivå ${level}`, `Level ${level}`), ackDeadlineMinutes: 15 })),
    rules: [],
    people: [{ id: 'anna', name: 'Anna Lind', role: 'field_staff', agencyId: 'soc', areaIds: ['rinkeby'], locale: 'sv', onDuty: true }],
    addresses: [],
    identities: [],
  };
  return new Directory(data);
}

/** The text blocks of a card, in order (what a person reads, block by block). */
function blocks(card: { body: Array<Record<string, unknown>> }): string[] {
  const out: string[] = [];
  const walk = (items: Array<Record<string, unknown>>) => {
    for (const item of items) {
      if (item.type === 'TextBlock') out.push(String(item.text));
      if (Array.isArray(item.items)) walk(item.items as Array<Record<string, unknown>>);
    }
  };
  walk(card.body);
  return out;
}

/** How markdown-it (the markdown processor of the Agents Playground and Teams' web renderer) reads escapes back. */
const unescape = (text: string) => text.replace(/\\([\\`*_~[\]|#+\-.)])/g, '$1').replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');

describe('text on Teams cards as a person reads it', () => {
  it('help keeps its placeholders (escaped, not taken for HTML tags) and shows one command per block', async () => {
    const directory = await bundledDirectory();
    for (const locale of ['sv', 'en'] as const) {
      const card = renderMessageCard(helpMessage(directory, locale));
      expect(adaptiveCardProblems(card)).toEqual([]);
      const shown = blocks(card);
      // No raw angle bracket reaches Teams (it would drop `<area>` as a tag).
      expect(shown.join('\n')).not.toMatch(/[<>]/);
      const lines = t('help.text', locale, { severities: 'x' }).split('\n');
      // Every line of the help text is its own block, its placeholders there as typed.
      for (const line of lines.slice(0, -1)) expect(shown.map(unescape)).toContain(line);
      expect(shown.map(unescape)).toContain(locale === 'sv'
        ? '/incident <område> [1-4] <vad som hänt>  rapportera (utan text: formulär)'
        : '/incident <area> [1-4] <what happened>  report (no text: a form)');
    }
  });

  it('help lists the areas, so "unknown area, type help to see the areas" points somewhere useful', async () => {
    const directory = await bundledDirectory();
    const text = cardText(renderMessageCard(helpMessage(directory, 'en')));
    const areas = directory.allAreas().filter((a) => a.level !== 'city');
    expect(areas.length).toBeGreaterThan(1);
    for (const area of areas) expect(text).toContain(area.name.en);
  });

  it('escapes markdown and HTML in what people typed, so it shows as typed', () => {
    const typed = '<b>Brand</b> *inte* _kursiv_ [länk](http://x) &amp; `kod`';
    expect(unescape(escapeCardText(typed))).toBe(typed);
    expect(escapeCardText(typed)).not.toMatch(/<|>/);
    expect(escapeCardText('- punkt')).toBe('\\- punkt');
    expect(escapeCardText('1. första')).toBe('1\\. första');
    expect(escapeCardText('# rubrik')).toBe('\\# rubrik');
  });

  it('a notification lists its agencies one per block, not run together, and passes the card checks', async () => {
    const directory = await bundledDirectory();
    const agencies = directory.allAgencies().slice(0, 3);
    const now = new Date('2026-11-26T10:00:00Z');
    const incident: Incident = {
      id: '00000000-0000-4000-8000-000000000001', ref: 'INC-2026-0042', number: 42, year: 2026,
      areaId: directory.allAreas().find((a) => a.level !== 'city')!.id, categoryId: directory.settings.defaultCategory, severity: 2,
      description: 'Stenkastning <mot> buss\n\n*två* bussar', sensitiveDetails: null,
      status: 'open', reporterId: 'x', reporterAgencyId: agencies[0].id, sourcePlatform: 'teams', createdAt: now, closedAt: null,
      agencies: agencies.map((a) => ({
        agencyId: a.id, state: 'notified', canSeeSensitive: false, deadlineAt: now, acknowledgedAt: null, acknowledgedBy: null,
        respondingAt: null, declinedAt: null, declineReason: null, escalationLevel: 0, nextEscalationAt: now,
      })),
    };
    const message = renderIncident(directory, incident, { locale: 'sv', showSensitive: false, forAgencyId: agencies[1].id });
    const card = renderMessageCard(message);
    expect(adaptiveCardProblems(card)).toEqual([]);
    const shown = blocks(card).map(unescape);
    // Each agency on a block of its own (a FactSet value or a TextBlock with `\n` shows them as one paragraph).
    for (const agency of agencies) expect(shown.some((b) => b.includes(agency.name.sv) && !agencies.some((o) => o !== agency && b.includes(o.name.sv)))).toBe(true);
    expect(shown).toContain('Stenkastning <mot> buss');
    expect(shown).toContain('*två* bussar');
    // The form passes the checks too.
    expect(adaptiveCardProblems(renderFormCard(incidentForm(directory, 'sv')))).toEqual([]);
  });

  it('the card check is real: it refuses what Teams would not show', () => {
    expect(adaptiveCardProblems({ type: 'AdaptiveCard', version: '1.5', body: [{ type: 'TextBlock', text: 'x', size: 'Huge' }] })).not.toEqual([]);
    expect(adaptiveCardProblems({ type: 'AdaptiveCard', version: '1.5', body: [{ type: 'Textblock', text: 'x' }] })).not.toEqual([]);
    expect(adaptiveCardProblems({ type: 'AdaptiveCard', version: '1.5', body: [{ type: 'TextBlock', text: 'x', colour: 'Good' }] })).not.toEqual([]);
    expect(adaptiveCardProblems({ type: 'AdaptiveCard', version: '1.5', body: [{ type: 'FactSet', facts: [{ title: 'a' }] }] })).not.toEqual([]);
    expect(adaptiveCardProblems({ type: 'AdaptiveCard', version: '1.5', body: [], msteams: { width: 'Wide' } })).not.toEqual([]);
    expect(adaptiveCardProblems({ type: 'AdaptiveCard', version: '1.5', body: [{ type: 'TextBlock', text: 'ok' }], msteams: { width: 'Full' } })).toEqual([]);
  });
});

describe('Teams manifest and connector errors', () => {
  it('the manifest\'s severity hint matches what the parser accepts in the bundled deployment', async () => {
    const loaded = await loadConfigFile(CITY_CONFIG);
    if (!loaded.ok) throw new Error('the bundled deployment file is invalid');
    const levels = loaded.config.severities.map((s) => s.level);
    const manifest = readFileSync(`${TEAMS_MANIFEST_DIR}manifest.json`, 'utf8');
    const hints = [...manifest.matchAll(/<(\d+)-(\d+)>/g)].map((m) => [Number(m[1]), Number(m[2])]);
    expect(hints.length).toBeGreaterThan(0);
    for (const hint of hints) expect(hint).toEqual([Math.min(...levels), Math.max(...levels)]);
  });

  it('a connector failure keeps its error code and none of the message around it', () => {
    const error = Object.assign(new Error('User abc123 Anna Lind not found in conversation'), {
      statusCode: 500,
      response: { status: 500, bodyAsText: JSON.stringify({ error: { code: 'UserNotFound', message: 'Anna Lind is not here' } }), headers: { get: () => undefined } },
    });
    const failure = toPlatformError(error);
    expect(failure.message).toBe('Teams connector answered 500 (UserNotFound)');
    expect(failure.retryable).toBe(true);
    const notFound = toPlatformError(Object.assign(new Error('Conversation not found: Anna'), { statusCode: 404, body: { error: { code: 'ConversationNotFound', message: 'x' } } }));
    expect(notFound.message).toBe('Teams connector answered 404 (ConversationNotFound)');
    expect(notFound.retryable).toBe(false);
  });
});
