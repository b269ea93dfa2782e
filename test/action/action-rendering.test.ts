import { describe, expect, it } from 'vitest';
import { Directory } from '../../src/core/directory/directory.ts';
import type { DirectoryData } from '../../src/core/directory/directory.types.ts';
import { renderAction } from '../../src/core/action/action-message.ts';
import type { ActionIncident, AgencyAction } from '../../src/core/action/action.types.ts';
import { MAX_NOTE_LENGTH } from '../../src/core/commands/parse-context.ts';
import { renderMessageBlocks } from '../../adapters/slack/index.ts';
import { MAX_CARD_BYTES, cardBytes, renderMessageCard } from '../../adapters/teams/index.ts';
import { blockKitViolations } from '../adapters/slack/support/block-kit-limits.ts';
import { assertValidAdaptiveCard } from '../adapters/teams/support/adaptive-card-check.ts';

// An action message at the longest text, reason and note the parser accepts stays within Slack's and Teams' limits,
// and keeps its buttons.

const long = (n: number) => 'åtgärd & <!channel> <@U123> *fet* '.repeat(Math.ceil(n / 30)).slice(0, n);
const data: DirectoryData = {
  settings: { timeZone: 'Europe/Stockholm', defaultLocale: 'sv', defaultSeverity: 2, defaultCategory: 'other', maxDescriptionLength: 2000 },
  areas: [{ id: 'rinkeby', parentId: null, level: 'area', name: { sv: 'Rinkeby', en: 'Rinkeby' }, aliases: [] }],
  agencies: [{ id: 'polisen', name: { sv: `Polismyndigheten ${long(200)}`, en: 'Police' }, sensitivity: 0 }],
  categories: [{ id: 'other', name: { sv: 'Övrigt', en: 'Other' }, keywords: [] }],
  severities: [{ level: 2, name: { sv: 'Hög', en: 'High' }, ackDeadlineMinutes: 15 }],
  rules: [],
  people: [{ id: 'maria', name: 'Maria Ekström', role: 'supervisor', agencyId: null, areaIds: ['rinkeby'], locale: 'sv', onDuty: true }],
  addresses: [],
  identities: [],
};
const directory = new Directory(data);
const incident: ActionIncident = { id: 'i', ref: 'INC-2026-0042', number: 42, areaId: 'rinkeby', severity: 2, status: 'open', erasedAt: null, leadAgencyId: null };
const at = new Date('2026-11-26T09:00:00Z');
const action: AgencyAction = {
  id: 'a', incidentId: 'i', seq: 7, agencyId: 'polisen', text: long(MAX_NOTE_LENGTH), state: 'proposed', dueAt: at, proposedBy: 'maria', proposedAt: at,
  answeredBy: null, answeredAt: null, declineReason: null, doneBy: null, doneAt: null, doneNote: null, escalationLevel: 0, nextEscalationAt: at,
};

describe('action messages within platform limits', () => {
  const cases: Array<[string, AgencyAction]> = [
    ['proposed', action],
    ['accepted', { ...action, state: 'accepted', answeredBy: 'maria', answeredAt: at }],
    ['declined', { ...action, state: 'declined', answeredBy: 'maria', answeredAt: at, declineReason: long(MAX_NOTE_LENGTH) }],
    ['done', { ...action, state: 'done', answeredBy: 'maria', answeredAt: at, doneBy: 'maria', doneAt: at, doneNote: long(MAX_NOTE_LENGTH) }],
  ];

  it.each(cases)('%s: Block Kit and an Adaptive Card', (state, item) => {
    const message = renderAction(directory, incident, item, { locale: 'sv', showText: true, buttons: true, text: long(MAX_NOTE_LENGTH) });
    const buttons = { proposed: ['Acceptera', 'Avböj'], accepted: ['Klar'], declined: [], done: [] }[state];
    expect(message.actions.map((a) => a.label)).toEqual(buttons);
    const blocks = renderMessageBlocks(message).blocks;
    expect(blockKitViolations(blocks)).toEqual([]);
    expect(blocks.filter((b: any) => b.type === 'actions').flatMap((b: any) => b.elements).map((e: any) => e.text.text)).toEqual(buttons);
    const card = renderMessageCard(message);
    assertValidAdaptiveCard(card, state);
    expect(cardBytes(card)).toBeLessThanOrEqual(MAX_CARD_BYTES);
    expect((card.actions ?? []).map((a: any) => a.title)).toEqual(buttons);
  });

  it('a copy that may not show the text has none of it, nor the reason or note', () => {
    const declined = { ...action, state: 'declined' as const, answeredBy: 'maria', answeredAt: at, declineReason: 'hemligt skäl' };
    const message = renderAction(directory, incident, { ...declined, text: 'hemlig text' }, { locale: 'en', showText: false, buttons: true });
    expect(JSON.stringify(message)).not.toMatch(/hemlig/);
    expect(message.text).toBe('The text is not shown here. Read it in a personal message: status INC-2026-0042.');
  });
});
