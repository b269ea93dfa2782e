import { TZDate } from '@date-fns/tz';
import { format } from 'date-fns';
import type { Incident } from '../incident/incident.types.ts';
import { answerFigures, answerSamples, isMiss, timeToAnswerMs, type AgencyAnswerFigures } from '../incident/answer-figures.ts';
import type {
  AgencyAckRow, AreaDayCount, EscalationRow, IncidentAckRow, OpenByAreaRow,
} from './supervision.types.ts';

/** Open incidents counted per area and severity, busiest area first. */
export function openByAreaAndSeverity(open: Incident[]): OpenByAreaRow[] {
  const rows = new Map<string, OpenByAreaRow>();
  for (const incident of open) {
    const row = rows.get(incident.areaId) ?? { areaId: incident.areaId, bySeverity: {}, total: 0 };
    row.bySeverity[incident.severity] = (row.bySeverity[incident.severity] ?? 0) + 1;
    row.total += 1;
    rows.set(incident.areaId, row);
  }
  return [...rows.values()].sort((a, b) => b.total - a.total || a.areaId.localeCompare(b.areaId));
}

/**
 * Each agency's answer to each open incident: time to answer, or how long it has waited and whether it is late
 * (the definitions are `answer-figures.ts`'s).
 */
export function ackRows(open: Incident[], now: Date): IncidentAckRow[] {
  return open.map((incident) => ({
    incident,
    agencies: incident.agencies.map((part): AgencyAckRow => {
      const timeToAnswer = timeToAnswerMs(incident.createdAt, part);
      const answered = timeToAnswer !== null;
      return {
        agencyId: part.agencyId,
        state: part.state,
        deadlineAt: part.deadlineAt,
        acknowledgedAt: part.acknowledgedAt,
        acknowledgedBy: part.acknowledgedBy,
        timeToAckMs: timeToAnswer,
        waitingMs: answered ? null : Math.max(0, now.getTime() - incident.createdAt.getTime()),
        overdue: !answered && isMiss(part, now),
        escalationLevel: part.escalationLevel,
      };
    }),
  }));
}

/** Agencies still silent on an open incident whose escalation has begun, highest level first. */
export function escalationsUnderWay(open: Incident[]): EscalationRow[] {
  return open
    .flatMap((incident) => incident.agencies
      .filter((part) => part.state === 'notified' && part.escalationLevel > 0)
      .map((part) => ({
        incident, agencyId: part.agencyId, level: part.escalationLevel, deadlineAt: part.deadlineAt, nextEscalationAt: part.nextEscalationAt,
      })))
    .sort((a, b) => b.level - a.level || a.deadlineAt.getTime() - b.deadlineAt.getTime());
}

/** Local day of an instant, `yyyy-MM-dd`, in the given zone. */
export function localDay(at: Date, timeZone: string): string {
  return format(new TZDate(at.getTime(), timeZone), 'yyyy-MM-dd');
}

/** Incidents registered per area per local day, newest day first, then busiest area. */
export function incidentsPerAreaPerDay(incidents: Incident[], since: Date, timeZone: string): AreaDayCount[] {
  const counts = new Map<string, AreaDayCount>();
  for (const incident of incidents) {
    if (incident.createdAt < since) continue;
    const day = localDay(incident.createdAt, timeZone);
    const key = `${day}|${incident.areaId}`;
    const row = counts.get(key) ?? { day, areaId: incident.areaId, count: 0 };
    row.count += 1;
    counts.set(key, row);
  }
  return [...counts.values()].sort((a, b) => b.day.localeCompare(a.day) || b.count - a.count || a.areaId.localeCompare(b.areaId));
}

/**
 * The answer figures per agency (time to answer, misses, escalations) over incidents registered since `since`, as of
 * `now`: the same definition and code as the daily digest's.
 */
export function answerFiguresSince(incidents: Incident[], since: Date, now: Date): AgencyAnswerFigures[] {
  return answerFigures(answerSamples(incidents.filter((incident) => incident.createdAt >= since)), now);
}

/** A duration for people: `45 s`, `12 min`, `2 h 05 min`, `3 d 4 h`. */
export function formatDuration(ms: number): string {
  const seconds = Math.round(ms / 1000);
  if (seconds < 60) return `${seconds} s`;
  const minutes = Math.floor(seconds / 60);
  if (minutes < 60) return `${minutes} min`;
  const hours = Math.floor(minutes / 60);
  if (hours < 48) return `${hours} h ${String(minutes % 60).padStart(2, '0')} min`;
  return `${Math.floor(hours / 24)} d ${hours % 24} h`;
}

/** Date and time to the second in the deployment's zone, for timelines: `2026-11-26 16:05:12`. */
export function formatTimelineTime(at: Date, timeZone: string): string {
  return format(new TZDate(at.getTime(), timeZone), 'yyyy-MM-dd HH:mm:ss');
}
