import { describe, expect, it } from 'vitest';
import { erasureDueAt, retentionDaysFor, shortestPeriodDays } from '../../src/core/retention/retention-policy.ts';

// Which retention period applies to an incident: the category's (or the default), each involved agency's, the longest
// of them; none at all means the incident is kept.

const incident = (categoryId: string, agencyIds: string[], reporterAgencyId: string | null = null) => ({
  categoryId, reporterAgencyId, agencies: agencyIds.map((agencyId) => ({ agencyId })) as never,
});

describe('retention periods', () => {
  const policy = { afterClosedDays: 730, categories: { violence: 1825 }, agencies: { polisen: 3650, tullverket: 365 } };

  it('takes the category period over the default, and the longest of category and agencies', () => {
    expect(retentionDaysFor(policy, incident('other', ['socialtjansten']))).toBe(730);
    expect(retentionDaysFor(policy, incident('violence', ['socialtjansten']))).toBe(1825);
    expect(retentionDaysFor(policy, incident('other', ['socialtjansten', 'polisen']))).toBe(3650);
    // A shorter agency period never shortens what the category keeps.
    expect(retentionDaysFor(policy, incident('other', ['tullverket']))).toBe(730);
    // The reporter's agency counts as taking part.
    expect(retentionDaysFor(policy, incident('other', ['socialtjansten'], 'polisen'))).toBe(3650);
  });

  it('keeps what no rule covers; open incidents are never due', () => {
    const agenciesOnly = { agencies: { polisen: 30 } };
    expect(retentionDaysFor(agenciesOnly, incident('other', ['socialtjansten']))).toBe(null);
    expect(retentionDaysFor({}, incident('other', ['polisen']))).toBe(null);
    expect(shortestPeriodDays({})).toBe(null);
    expect(shortestPeriodDays(policy)).toBe(365);
    const closedAt = new Date('2026-01-01T12:00:00Z');
    expect(erasureDueAt(policy, { ...incident('other', []), status: 'closed', closedAt })?.toISOString()).toBe('2028-01-01T12:00:00.000Z');
    expect(erasureDueAt(policy, { ...incident('other', []), status: 'open', closedAt: null })).toBe(null);
    expect(erasureDueAt(agenciesOnly, { ...incident('other', []), status: 'closed', closedAt })).toBe(null);
  });
});
