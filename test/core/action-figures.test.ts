import { describe, expect, it } from 'vitest';
import { actionOpenAt, actionOverdueInHistory, actionOverdueNow } from '../../src/core/action/action-figures.ts';
import type { AgencyAction } from '../../src/core/action/action.types.ts';

// The shared rule for action figures (open, overdue), as the weekly pack's SQL must count them.

const at = (hour: number) => new Date(Date.UTC(2026, 10, 26, hour));
const base: AgencyAction = {
  id: 'a', incidentId: 'i', seq: 1, agencyId: 'polisen', text: 'x', state: 'proposed', dueAt: null, proposedBy: 'p', proposedAt: at(9),
  answeredBy: null, answeredAt: null, declineReason: null, doneBy: null, doneAt: null, doneNote: null, escalationLevel: 0, nextEscalationAt: at(10),
};

describe('action figures', () => {
  it('is open from its proposal until it is declined or done', () => {
    expect(actionOpenAt(base, at(8))).toBe(false);
    expect(actionOpenAt(base, at(9))).toBe(true);
    const declined = { ...base, state: 'declined' as const, answeredAt: at(11) };
    expect([actionOpenAt(declined, at(10)), actionOpenAt(declined, at(11))]).toEqual([true, false]);
    const done = { ...base, state: 'done' as const, answeredAt: at(10), doneAt: at(12) };
    expect([actionOpenAt(done, at(11)), actionOpenAt(done, at(12))]).toEqual([true, false]);
  });

  it('is overdue unanswered past its answer deadline, or accepted past its due time', () => {
    expect([actionOverdueNow(base, at(10)), actionOverdueNow(base, at(11))]).toEqual([false, true]);
    expect(actionOverdueNow({ ...base, escalationLevel: 1, nextEscalationAt: at(23) }, at(12))).toBe(true);
    const accepted = { ...base, state: 'accepted' as const, answeredAt: at(10), dueAt: at(14), nextEscalationAt: at(14) };
    expect([actionOverdueNow(accepted, at(13)), actionOverdueNow(accepted, at(15))]).toEqual([false, true]);
    expect(actionOverdueNow({ ...accepted, dueAt: null, nextEscalationAt: null }, at(20))).toBe(false);
    expect(actionOverdueNow({ ...accepted, state: 'done', doneAt: at(15) }, at(16))).toBe(false);
  });

  it('in history: open with a due time before the instant', () => {
    const accepted = { ...base, state: 'done' as const, dueAt: at(14), doneAt: at(16) };
    expect([actionOverdueInHistory(accepted, at(13)), actionOverdueInHistory(accepted, at(15)), actionOverdueInHistory(accepted, at(17))]).toEqual([false, true, false]);
  });
});
