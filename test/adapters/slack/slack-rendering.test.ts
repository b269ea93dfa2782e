import { describe, expect, it } from 'vitest';
import { Directory } from '../../../src/core/directory/directory.ts';
import type { DirectoryData } from '../../../src/core/directory/directory.types.ts';
import type { Incident } from '../../../src/core/incident/incident.types.ts';
import { renderIncident, plainMessage } from '../../../src/core/messages/incident-message.ts';
import { incidentForm } from '../../../src/core/messages/help-and-form.ts';
import { renderMessageBlocks, incidentFormView } from '../../../adapters/slack/index.ts';
import { blockKitViolations } from './support/block-kit-limits.ts';

const long = (n: number, unit = 'lång text & <!channel> <@U123> ') => unit.repeat(Math.ceil(n / unit.length)).slice(0, n);

/** A directory with `agencies` agencies and `areas` areas, names as long as the configuration allows to get. */
function directory(agencies: number, areas: number, maxDescriptionLength = 100_000): Directory {
  const name = (i: number, what: string) => ({ sv: `${what} nummer ${i} med ett mycket långt namn för att pröva gränserna`, en: `${what} number ${i}` });
  const data: DirectoryData = {
    settings: { timeZone: 'Europe/Stockholm', defaultLocale: 'sv', defaultSeverity: 2, defaultCategory: 'other', maxDescriptionLength },
    areas: [
      { id: 'city', parentId: null, level: 'city', name: { sv: 'Stad', en: 'City' }, aliases: [] },
      { id: 'district', parentId: 'city', level: 'district', name: { sv: 'Distrikt', en: 'District' }, aliases: [] },
      ...Array.from({ length: areas }, (_, i) => ({ id: `area-${i}`, parentId: 'district', level: 'area' as const, name: name(i, 'Område'), aliases: [] })),
    ],
    agencies: Array.from({ length: agencies }, (_, i) => ({ id: `agency-${i}`, name: name(i, 'Myndighet'), sensitivity: 0 })),
    categories: [{ id: 'other', name: { sv: 'Övrigt', en: 'Other' }, keywords: [] }],
    severities: [1, 2, 3, 4].map((level) => ({ level, name: { sv: `Nivå ${level}`, en: `Level ${level}` }, ackDeadlineMinutes: 15 })),
    rules: [], people: [{ id: 'p', name: 'Anna Lind', role: 'field_staff', agencyId: 'agency-0', areaIds: [], locale: 'sv', onDuty: true }],
    addresses: [], identities: [],
  };
  return new Directory(data);
}

function incident(dir: Directory, description: string, sensitive: string | null = null): Incident {
  const now = new Date('2026-11-26T10:00:00Z');
  return {
    id: '00000000-0000-0000-0000-000000000001', ref: 'INC-2026-0042', number: 42, year: 2026, areaId: 'area-0', categoryId: 'other',
    severity: 1, description, sensitiveDetails: sensitive, status: 'open', reporterId: 'p', reporterAgencyId: 'agency-0',
    sourcePlatform: 'slack', createdAt: now, closedAt: null,
    agencies: dir.allAgencies().map((a, i) => ({
      agencyId: a.id, state: i % 3 === 0 ? 'acknowledged' : 'notified', canSeeSensitive: true, deadlineAt: now,
      acknowledgedAt: i % 3 === 0 ? now : null, acknowledgedBy: null, respondingAt: null, declinedAt: null, declineReason: null,
      escalationLevel: 0, nextEscalationAt: now,
    })),
  };
}

describe('Block Kit rendering within Slack limits', () => {
  it('keeps a 100 000-character description and 200 agencies within every limit, and says what was cut', () => {
    const dir = directory(200, 5);
    const message = renderIncident(dir, incident(dir, long(100_000), long(5000, 'hemligt ')), { locale: 'sv', showSensitive: true, forAgencyId: 'agency-1', canClose: true });
    const rendered = renderMessageBlocks(message);
    expect(blockKitViolations(rendered.blocks)).toEqual([]);
    expect(rendered.text.length).toBeLessThanOrEqual(40_000);
    const json = JSON.stringify(rendered.blocks);
    expect(json).not.toContain('<!channel>');
    expect(json).toContain('&lt;!channel&gt;');
    expect(json).toMatch(/Texten är förkortad i Slack \(\d+ av 100000 tecken\)/);
    expect(json).toMatch(/… och \d+ till/);
    // The buttons survive however long the rest is.
    const buttons = rendered.blocks.filter((b) => b.type === 'actions').flatMap((b: any) => b.elements.map((e: any) => e.text.text));
    expect(buttons).toEqual(['Kvittera', 'På väg', 'Inte vår', 'Stäng']);
  });

  it('keeps a title, facts and buttons at their limits whatever their length', () => {
    const message = {
      ...plainMessage('en', 'warning', long(400), long(2000)),
      facts: Array.from({ length: 80 }, (_, i) => ({ label: `Fact ${i}`, value: i % 2 ? 'short' : long(5000) })),
      actions: Array.from({ length: 30 }, (_, i) => ({ payload: { action: 'ack' as const, incidentRef: `INC-2026-${i}`, agencyId: long(60, 'x') }, label: long(200) })),
    };
    const rendered = renderMessageBlocks(message);
    expect(blockKitViolations(rendered.blocks)).toEqual([]);
    expect(rendered.blocks.length).toBeLessThanOrEqual(50);
    expect(rendered.blocks.filter((b) => b.type === 'actions').flatMap((b: any) => b.elements)).toHaveLength(30);
  });

  it('renders a short reply as one section', () => {
    const rendered = renderMessageBlocks(plainMessage('en', 'success', 'Police acknowledged INC-2026-0042.'));
    expect(rendered.blocks).toEqual([{ type: 'section', text: { type: 'mrkdwn', text: ':white_check_mark: *Police acknowledged INC-2026-0042.*' } }]);
  });

  it('builds the incident form as a modal within limits, grouping more than 100 areas', () => {
    const view = incidentFormView(incidentForm(directory(3, 250, 10_000), 'en'), JSON.stringify({ r: 'https://hooks.slack.com/x' }));
    expect(blockKitViolations(view.blocks as any[], 'modal')).toEqual([]);
    expect(view.title.text.length).toBeLessThanOrEqual(24);
    const area = (view.blocks[0] as any).element;
    expect(area.option_groups.map((g: any) => g.options.length)).toEqual([100, 100, 51]);
    expect((view.blocks[3] as any).element.max_length).toBe(3000);
    expect((view.blocks[2] as any).element.initial_option.value).toBe('2');
  });

  it('has a limit checker that does flag broken messages', () => {
    const bad = [
      { type: 'header', text: { type: 'plain_text', text: 'x'.repeat(151) } },
      { type: 'section', text: { type: 'mrkdwn', text: 'x'.repeat(3001) } },
      { type: 'actions', elements: [{ type: 'button', action_id: 'a', text: { type: 'plain_text', text: 'x'.repeat(76) }, value: 'v' }] },
    ];
    expect(blockKitViolations([...bad, ...Array(48).fill({ type: 'divider' })])).toHaveLength(52);
  });
});
