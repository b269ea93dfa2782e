import type { Incident } from '../incident/incident.types.ts';

/**
 * The deployment file's retention periods, in days after an incident is closed. Any period left out is "no rule":
 * an incident no rule applies to is kept.
 */
export interface RetentionPolicy {
  /** Every category without its own period. */
  afterClosedDays?: number;
  /** Per category id: replaces `afterClosedDays` for that category. */
  categories?: Record<string, number>;
  /** Per agency id: applies to every incident the agency took part in (notified, or its reporter's agency). */
  agencies?: Record<string, number>;
}

const DAY_MS = 24 * 3600_000;

/**
 * Days the incident is kept after it was closed, or null when no rule applies (kept). The longest period that
 * applies wins: an agency that must keep its records longer keeps the shared incident whole for everyone, because
 * erasing the shared text would erase that agency's copy too.
 */
export function retentionDaysFor(policy: RetentionPolicy, incident: Pick<Incident, 'categoryId' | 'reporterAgencyId' | 'agencies'>): number | null {
  const periods: number[] = [];
  const byCategory = policy.categories?.[incident.categoryId] ?? policy.afterClosedDays;
  if (byCategory !== undefined) periods.push(byCategory);
  const agencyIds = new Set([...incident.agencies.map((a) => a.agencyId), ...(incident.reporterAgencyId ? [incident.reporterAgencyId] : [])]);
  for (const id of agencyIds) {
    const days = policy.agencies?.[id];
    if (days !== undefined) periods.push(days);
  }
  return periods.length ? Math.max(...periods) : null;
}

/** When the incident becomes due for erasure; null while it is open or when no rule applies. */
export function erasureDueAt(policy: RetentionPolicy, incident: Pick<Incident, 'categoryId' | 'reporterAgencyId' | 'agencies' | 'closedAt' | 'status'>): Date | null {
  if (incident.status !== 'closed' || !incident.closedAt) return null;
  const days = retentionDaysFor(policy, incident);
  return days === null ? null : new Date(incident.closedAt.getTime() + days * DAY_MS);
}

/** The shortest period of any rule (null: no rule at all): no incident closed later than this many days ago is due. */
export function shortestPeriodDays(policy: RetentionPolicy): number | null {
  const all = [policy.afterClosedDays, ...Object.values(policy.categories ?? {}), ...Object.values(policy.agencies ?? {})]
    .filter((d): d is number => d !== undefined);
  return all.length ? Math.min(...all) : null;
}

/** Days as milliseconds (retention periods are whole days of 24 hours, counted from the closing time). */
export const daysMs = (days: number) => days * DAY_MS;
