import type { AgencyPart } from './incident.types.ts';
import { ESCALATED_TO_BACKUP, ESCALATED_TO_SUPERVISORS } from '../escalation/escalation-policy.ts';

/**
 * The one definition of the answer figures, used by the daily digest and the supervisor view alike (README,
 * "Time to answer, misses and escalations"):
 *
 * - an agency has **answered** an incident at its first answer of any kind: acknowledged, responding or declined
 *   (a decline is an answer: the agency saw it and said so, and it stops the escalation);
 * - **time to answer** runs from the incident's registration to that first answer;
 * - a **miss** is an answer after the agency's deadline, or no answer once the deadline has passed;
 * - an agency part counts as **escalated** once, at the highest level it reached: to its backup address, or to the
 *   area's supervisors.
 *
 * Acknowledged (the `acknowledged` and `responding` states) is a state, not a figure: it is shown per agency, but no
 * median is taken of it.
 */

/** What the figures need of one agency's part in one incident: a row of storage, or an `AgencyPart`. */
export interface AnswerSample {
  agencyId: string;
  /** The incident's registration. */
  createdAt: Date;
  deadlineAt: Date;
  acknowledgedAt: Date | null;
  respondingAt: Date | null;
  declinedAt: Date | null;
  escalationLevel: number;
}

/** One agency's figures over a set of incidents. */
export interface AgencyAnswerFigures {
  agencyId: string;
  /** Agency parts counted (incidents the agency was asked to answer). */
  parts: number;
  /** Parts answered (acknowledged, responding or declined). */
  answered: number;
  /** Median time to answer in milliseconds; null without an answer. */
  medianMs: number | null;
  /** 90th percentile of time to answer (linear interpolation, as PostgreSQL's `percentile_cont`); null without an answer. */
  p90Ms: number | null;
  /** Parts answered after their deadline, or not answered once it passed. */
  misses: number;
  /** Parts whose highest escalation was to the agency's backup address. */
  toBackup: number;
  /** Parts escalated to the area's supervisors. */
  toSupervisors: number;
}

/** The first answer of any kind; null while the agency has not answered. */
export function firstAnswerAt(part: Pick<AgencyPart, 'acknowledgedAt' | 'respondingAt' | 'declinedAt'>): Date | null {
  const times = [part.acknowledgedAt, part.respondingAt, part.declinedAt].filter((d): d is Date => d !== null);
  return times.length === 0 ? null : new Date(Math.min(...times.map((d) => d.getTime())));
}

/** Milliseconds from registration to the first answer; null while unanswered. */
export function timeToAnswerMs(createdAt: Date, part: Pick<AgencyPart, 'acknowledgedAt' | 'respondingAt' | 'declinedAt'>): number | null {
  const answeredAt = firstAnswerAt(part);
  return answeredAt ? Math.max(0, answeredAt.getTime() - createdAt.getTime()) : null;
}

/** Answered after the deadline, or unanswered with the deadline passed as of `asOf`. */
export function isMiss(sample: Pick<AnswerSample, 'deadlineAt' | 'acknowledgedAt' | 'respondingAt' | 'declinedAt'>, asOf: Date): boolean {
  const answeredAt = firstAnswerAt(sample);
  return answeredAt ? answeredAt.getTime() > sample.deadlineAt.getTime() : sample.deadlineAt.getTime() <= asOf.getTime();
}

/** The samples of incidents' agency parts. */
export function answerSamples(incidents: Array<{ createdAt: Date; agencies: AgencyPart[] }>): AnswerSample[] {
  return incidents.flatMap((incident) => incident.agencies.map((part) => ({
    agencyId: part.agencyId, createdAt: incident.createdAt, deadlineAt: part.deadlineAt, acknowledgedAt: part.acknowledgedAt,
    respondingAt: part.respondingAt, declinedAt: part.declinedAt, escalationLevel: part.escalationLevel,
  })));
}

/** The figures per agency, ordered by agency id; `asOf` decides which unanswered parts are past their deadline. */
export function answerFigures(samples: AnswerSample[], asOf: Date): AgencyAnswerFigures[] {
  const byAgency = new Map<string, AnswerSample[]>();
  for (const sample of samples) byAgency.set(sample.agencyId, [...(byAgency.get(sample.agencyId) ?? []), sample]);
  return [...byAgency.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([agencyId, parts]) => {
    const times = parts.map((p) => timeToAnswerMs(p.createdAt, p)).filter((ms): ms is number => ms !== null);
    return {
      agencyId,
      parts: parts.length,
      answered: times.length,
      medianMs: percentile(times, 0.5),
      p90Ms: percentile(times, 0.9),
      misses: parts.filter((p) => isMiss(p, asOf)).length,
      toBackup: parts.filter((p) => p.escalationLevel === ESCALATED_TO_BACKUP).length,
      toSupervisors: parts.filter((p) => p.escalationLevel >= ESCALATED_TO_SUPERVISORS).length,
    };
  });
}

/** Continuous percentile (PostgreSQL's `percentile_cont`): linear between the two nearest values; null when empty. */
export function percentile(values: number[], fraction: number): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const position = fraction * (sorted.length - 1);
  const low = Math.floor(position);
  const high = Math.ceil(position);
  return sorted[low] + (sorted[high] - sorted[low]) * (position - low);
}
