import { describe, expect, it } from 'vitest';
import { DEFAULT_ACK_DEADLINE_MINUTES, ESCALATED_TO_BACKUP, ESCALATED_TO_SUPERVISORS, escalationPolicy } from '../../src/core/escalation/escalation-policy.ts';

const at = (iso: string) => new Date(iso);

describe('escalation policy', () => {
  it('gives the severity\'s deadline, or 60 minutes when it names none', () => {
    expect(DEFAULT_ACK_DEADLINE_MINUTES).toBe(60);
    expect(escalationPolicy.deadlineAt(at('2026-11-26T10:00:00Z'), undefined)).toEqual(at('2026-11-26T11:00:00Z'));
    expect(escalationPolicy.deadlineAt(at('2026-11-26T10:00:00Z'), 5)).toEqual(at('2026-11-26T10:05:00Z'));
  });

  it('is due for a silent agency on an open incident at its next escalation time, not before, not once answered or closed', () => {
    const now = at('2026-11-26T10:15:00Z');
    const part = { state: 'notified' as const, nextEscalationAt: now };
    expect(escalationPolicy.isDue({ status: 'open' }, part, now)).toBe(true);
    expect(escalationPolicy.isDue({ status: 'open' }, { ...part, nextEscalationAt: at('2026-11-26T10:15:01Z') }, now)).toBe(false);
    expect(escalationPolicy.isDue({ status: 'open' }, { ...part, state: 'declined' }, now)).toBe(false);
    expect(escalationPolicy.isDue({ status: 'closed' }, part, now)).toBe(false);
    expect(escalationPolicy.isDue({ status: 'open' }, { ...part, nextEscalationAt: null }, now)).toBe(false);
    expect(escalationPolicy.due(now)).toEqual({ waitingStates: ['notified'], incidentStatus: 'open', dueBy: now });
  });

  it('schedules the supervisors one deadline after the backup was told, and nothing after the supervisors', () => {
    const now = at('2026-11-26T11:00:00Z');
    expect(escalationPolicy.nextEscalationAt(ESCALATED_TO_BACKUP, now, 15)).toEqual(at('2026-11-26T11:15:00Z'));
    expect(escalationPolicy.nextEscalationAt(ESCALATED_TO_SUPERVISORS, now, 15)).toBeNull();
  });
});
