import { describe, expect, it } from 'vitest';
import {
  ackRows, answerFiguresSince, escalationsUnderWay, formatDuration, incidentsPerAreaPerDay, openByAreaAndSeverity,
} from '../../../src/core/supervision/supervision-stats.ts';
import { buildTimeline } from '../../../src/core/supervision/incident-timeline.ts';
import type { AgencyPart, Incident } from '../../../src/core/incident/incident.types.ts';
import type { StoredAuditEvent } from '../../../src/core/audit/audit.types.ts';

const at = (iso: string) => new Date(iso);

function part(agencyId: string, patch: Partial<AgencyPart> = {}): AgencyPart {
  return {
    agencyId, state: 'notified', canSeeSensitive: false, deadlineAt: at('2026-11-26T10:15:00Z'), acknowledgedAt: null, acknowledgedBy: null,
    respondingAt: null, declinedAt: null, declineReason: null, escalationLevel: 0, nextEscalationAt: at('2026-11-26T10:15:00Z'), ...patch,
  };
}

function incident(number: number, areaId: string, severity: number, createdAt: string, agencies: AgencyPart[] = []): Incident {
  return {
    id: `id-${number}`, ref: `INC-2026-${String(number).padStart(4, '0')}`, number, year: 2026, areaId, categoryId: 'violence', severity,
    description: 'x', sensitiveDetails: null, status: 'open', reporterId: 'anna.lind', reporterAgencyId: null, sourcePlatform: 'web',
    createdAt: at(createdAt), closedAt: null, agencies,
  };
}

describe('supervision statistics', () => {
  it('counts open incidents per area and severity, busiest area first', () => {
    const rows = openByAreaAndSeverity([
      incident(1, 'rinkeby', 2, '2026-11-26T10:00:00Z'), incident(2, 'tensta', 1, '2026-11-26T10:00:00Z'),
      incident(3, 'tensta', 2, '2026-11-26T10:00:00Z'), incident(4, 'tensta', 2, '2026-11-26T10:00:00Z'),
    ]);
    expect(rows).toEqual([
      { areaId: 'tensta', bySeverity: { 1: 1, 2: 2 }, total: 3 },
      { areaId: 'rinkeby', bySeverity: { 2: 1 }, total: 1 },
    ]);
  });

  it('gives time to acknowledge, or time waited and whether the deadline passed', () => {
    const now = at('2026-11-26T10:20:00Z');
    const [row] = ackRows([incident(1, 'rinkeby', 2, '2026-11-26T10:00:00Z', [
      part('polisen', { state: 'acknowledged', acknowledgedAt: at('2026-11-26T10:03:30Z'), acknowledgedBy: 'karin.dahl' }),
      part('socialtjansten'),
      part('brandforsvaret', { state: 'declined', declinedAt: at('2026-11-26T10:01:00Z') }),
    ])], now);
    expect(row.agencies.map((a) => [a.agencyId, a.timeToAckMs, a.waitingMs, a.overdue])).toEqual([
      ['polisen', 210_000, null, false],
      ['socialtjansten', null, 1_200_000, true],
      ['brandforsvaret', 60_000, null, false],
    ]);
  });

  it('lists escalations under way, highest level first, and leaves answered agencies out', () => {
    const rows = escalationsUnderWay([incident(1, 'rinkeby', 2, '2026-11-26T10:00:00Z', [
      part('polisen', { escalationLevel: 1 }), part('socialtjansten', { escalationLevel: 2 }),
      part('kriminalvarden', { escalationLevel: 1, state: 'acknowledged', acknowledgedAt: at('2026-11-26T10:30:00Z') }), part('region-stockholm'),
    ])]);
    expect(rows.map((r) => [r.agencyId, r.level])).toEqual([['socialtjansten', 2], ['polisen', 1]]);
  });

  it('counts incidents per local day in Stockholm, also across midnight and the DST change', () => {
    const since = at('2026-03-20T00:00:00Z');
    const rows = incidentsPerAreaPerDay([
      incident(1, 'rinkeby', 2, '2026-03-28T22:30:00Z'), // 23:30 CET, 28 March
      incident(2, 'rinkeby', 2, '2026-03-28T23:30:00Z'), // 00:30 CET, 29 March (clocks go forward at 02:00)
      incident(3, 'rinkeby', 2, '2026-03-29T21:30:00Z'), // 23:30 CEST, 29 March
      incident(4, 'tensta', 2, '2026-03-29T22:30:00Z'), // 00:30 CEST, 30 March
      incident(5, 'tensta', 2, '2026-03-01T10:00:00Z'), // before the window
    ], since, 'Europe/Stockholm');
    expect(rows).toEqual([
      { day: '2026-03-30', areaId: 'tensta', count: 1 },
      { day: '2026-03-29', areaId: 'rinkeby', count: 2 },
      { day: '2026-03-28', areaId: 'rinkeby', count: 1 },
    ]);
  });

  it('takes time to answer per agency: the first answer of any kind, declines included, with misses and escalations', () => {
    const created = at('2026-11-26T10:00:00Z');
    const after = (minutes: number) => new Date(created.getTime() + minutes * 60_000);
    const rows = answerFiguresSince([
      incident(1, 'rinkeby', 2, '2026-11-26T10:00:00Z', [
        part('polisen', { state: 'acknowledged', acknowledgedAt: after(2) }), part('socialtjansten', { escalationLevel: 2 }),
      ]),
      incident(2, 'rinkeby', 2, '2026-11-26T10:00:00Z', [part('polisen', { state: 'declined', declinedAt: after(10) })]),
      incident(3, 'rinkeby', 2, '2026-11-26T10:00:00Z', [part('polisen', { state: 'responding', acknowledgedAt: after(20), respondingAt: after(4) })]),
      incident(4, 'rinkeby', 2, '2026-11-01T10:00:00Z', [part('polisen', { state: 'acknowledged', acknowledgedAt: after(1) })]), // before the window
    ], at('2026-11-20T00:00:00Z'), at('2026-11-26T10:30:00Z'));
    expect(rows).toEqual([
      // 2, 4 (responding before acknowledging) and 10 minutes (the decline), all before the 10:15 deadline.
      { agencyId: 'polisen', parts: 3, answered: 3, medianMs: 240_000, p90Ms: 528_000, misses: 0, toBackup: 0, toSupervisors: 0 },
      { agencyId: 'socialtjansten', parts: 1, answered: 0, medianMs: null, p90Ms: null, misses: 1, toBackup: 0, toSupervisors: 1 },
    ]);
  });

  it('formats durations for people', () => {
    expect([12_400, 59_000, 61_000, 3_600_000 + 5 * 60_000, 3 * 86_400_000 + 4 * 3_600_000].map(formatDuration))
      .toEqual(['12 s', '59 s', '1 min', '1 h 05 min', '3 d 4 h']);
  });
});

describe('buildTimeline', () => {
  const event = (seq: number, action: string, subjectType: string, subjectId: string, after: unknown, actorId = 'karin.dahl'): StoredAuditEvent => ({
    seq: BigInt(seq), at: at(`2026-11-26T10:00:${String(seq).padStart(2, '0')}Z`), actorId, action, subjectType, subjectId, after,
    platform: 'web', payloadDigest: '', prevHash: '', hash: '',
  });

  it('keeps people\'s changes as lines and folds consecutive deliveries of one kind into one', () => {
    const entries = buildTimeline([
      event(1, 'incident.registered', 'incident', 'INC-2026-0001', { areaId: 'rinkeby' }, 'anna.lind'),
      event(2, 'notification.delivered', 'notification', 'n1', { kind: 'incident.new' }, 'worker-1'),
      event(3, 'notification.delivered', 'notification', 'n2', { kind: 'incident.new' }, 'worker-1'),
      event(4, 'notification.retry_scheduled', 'notification', 'n3', { kind: 'incident.new', error: 'HTTP 429' }, 'worker-1'),
      event(5, 'incident.declined', 'incident', 'INC-2026-0001', { agencyId: 'polisen', reason: 'fel område' }),
      event(6, 'incident.escalated', 'incident', 'INC-2026-0001', { agencyId: 'socialtjansten', escalationLevel: 1 }, 'scheduler'),
    ], [
      { id: 'n1', kind: 'incident.new', channel: 'agency:polisen', platform: 'web' },
      { id: 'n2', kind: 'incident.new', channel: 'dm:karin.dahl', platform: 'web' },
      { id: 'n3', kind: 'incident.new', channel: 'C0123', platform: 'slack' },
    ]);
    expect(entries.map((e) => [e.seq, e.action, e.count, e.channels, e.agencyId, e.detail, e.level])).toEqual([
      ['1', 'incident.registered', undefined, undefined, undefined, undefined, undefined],
      ['2', 'notification.delivered', 2, ['agency:polisen', 'dm:karin.dahl'], undefined, undefined, undefined],
      ['4', 'notification.retry_scheduled', 1, ['C0123'], undefined, 'HTTP 429', undefined],
      ['5', 'incident.declined', undefined, undefined, 'polisen', 'fel område', undefined],
      ['6', 'incident.escalated', undefined, undefined, 'socialtjansten', undefined, 1],
    ]);
  });
});
