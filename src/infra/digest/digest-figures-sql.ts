import { formatIncidentRef } from '../../core/commands/incident-ref.ts';
import type { DigestReader } from '../../core/digest/digest.port.ts';
import type { DigestFigures, DigestScope, DigestWindow } from '../../core/digest/digest.types.ts';

/** Anything that runs tagged SQL: the Prisma client or a transaction of it. */
export interface RawQueryClient {
  $queryRaw<T = unknown>(query: TemplateStringsArray, ...values: unknown[]): Promise<T>;
}

const num = (value: unknown) => (value === null || value === undefined ? null : Number(value));

/**
 * The digest's numbers in five indexed queries (incidents by created_at and closed_at, audit events by at), so one day over a
 * large history stays fast. Incidents count when created in the window, in the areas (empty: all) and routed to
 * one of the agencies (empty: any). Time to acknowledge is from registration to the agency's first answer
 * (acknowledged, responding or declined); a miss is an answer after the deadline, or none once it passed.
 */
export class SqlDigestReader implements DigestReader {
  constructor(private readonly client: RawQueryClient) {}

  async figures(window: DigestWindow, scope: DigestScope, asOf: Date): Promise<DigestFigures> {
    const { start, end } = window;
    const areas = scope.areaIds;
    const agencies = scope.agencyIds;
    const allAreas = areas.length === 0;
    const allAgencies = agencies.length === 0;
    const q = this.client;
    const countsQuery = q.$queryRaw<Array<{ area_id: string; category_id: string; severity: number; n: number }>>`
      SELECT i.area_id, i.category_id, i.severity, count(*)::int AS n
      FROM incident i
      WHERE i.created_at >= ${start} AND i.created_at < ${end}
        AND (${allAreas} OR i.area_id = ANY(${areas}::text[]))
        AND (${allAgencies} OR EXISTS (SELECT 1 FROM incident_agency x WHERE x.incident_id = i.id AND x.agency_id = ANY(${agencies}::text[])))
      GROUP BY 1, 2, 3`;
    const ackQuery = q.$queryRaw<Array<{ agency_id: string; parts: number; answered: number; median: unknown; p90: unknown; misses: number }>>`
      WITH parts AS (
        SELECT ia.agency_id, ia.deadline_at, i.created_at, LEAST(ia.acknowledged_at, ia.declined_at) AS answered_at
        FROM incident i JOIN incident_agency ia ON ia.incident_id = i.id
        WHERE i.created_at >= ${start} AND i.created_at < ${end}
          AND (${allAreas} OR i.area_id = ANY(${areas}::text[]))
          AND (${allAgencies} OR ia.agency_id = ANY(${agencies}::text[]))
      )
      SELECT agency_id, count(*)::int AS parts, count(answered_at)::int AS answered,
        percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM answered_at - created_at) / 60) AS median,
        percentile_cont(0.9) WITHIN GROUP (ORDER BY extract(epoch FROM answered_at - created_at) / 60) AS p90,
        count(*) FILTER (WHERE answered_at > deadline_at OR (answered_at IS NULL AND deadline_at <= ${asOf}))::int AS misses
      FROM parts GROUP BY agency_id ORDER BY agency_id`;
    // Open at the end of the window: not closed, or closed after it. Two index ranges on closed_at, not a scan of history.
    const openQuery = q.$queryRaw<Array<{ total: number; id: string; number: number; year: number; area_id: string; severity: number; created_at: Date }>>`
      SELECT count(*) OVER ()::int AS total, s.id::text AS id, s.number, s.year, s.area_id, s.severity, s.created_at
      FROM (
        SELECT i.id, i.number, i.year, i.area_id, i.severity, i.created_at FROM incident i WHERE i.closed_at IS NULL AND i.created_at < ${end}
        UNION ALL
        SELECT i.id, i.number, i.year, i.area_id, i.severity, i.created_at FROM incident i WHERE i.closed_at >= ${end} AND i.created_at < ${end}
      ) s
      WHERE (${allAreas} OR s.area_id = ANY(${areas}::text[]))
        AND (${allAgencies} OR EXISTS (SELECT 1 FROM incident_agency x WHERE x.incident_id = s.id AND x.agency_id = ANY(${agencies}::text[])))
      ORDER BY s.created_at LIMIT 5`;
    const escalationsQuery = q.$queryRaw<Array<{ agency_id: string; to_backup: number; to_supervisors: number }>>`
      SELECT e.agency_id,
        count(*) FILTER (WHERE e.level = 1)::int AS to_backup,
        count(*) FILTER (WHERE e.level >= 2)::int AS to_supervisors
      FROM (
        SELECT ae.after->>'agencyId' AS agency_id, (ae.after->>'escalationLevel')::int AS level,
               NULLIF(substring(ae.subject_id from '([0-9]+)$'), '')::int AS number
        FROM audit_event ae
        WHERE ae.at >= ${start} AND ae.at < ${end} AND ae.action = 'incident.escalated' AND ae.subject_type = 'incident'
      ) e JOIN incident i ON i.number = e.number
      WHERE (${allAreas} OR i.area_id = ANY(${areas}::text[]))
        AND (${allAgencies} OR e.agency_id = ANY(${agencies}::text[]))
      GROUP BY e.agency_id ORDER BY e.agency_id`;
    const handoversQuery = scope.rosterIds.length === 0 ? Promise.resolve([]) : q.$queryRaw<Array<{
      roster_id: string; from_shift_id: string; from_date: Date; from_ends_at: Date; created_at: Date; status: 'sent' | 'accepted'; accepted_late: boolean;
    }>>`
      SELECT roster_id, from_shift_id, from_date, from_ends_at, created_at, status::text AS status, accepted_late
      FROM handover
      WHERE from_ends_at > ${start} AND from_ends_at <= ${end} AND roster_id = ANY(${scope.rosterIds}::text[])`;
    // Independent reads: on a pool they run side by side; in a transaction they queue on its connection.
    const [counts, ack, open, escalations, handovers] = await Promise.all([countsQuery, ackQuery, openQuery, escalationsQuery, handoversQuery]);
    return {
      incidents: counts.reduce((sum, r) => sum + r.n, 0),
      byArea: tally(counts, (r) => r.area_id).map(([areaId, count]) => ({ areaId, count })),
      byCategory: tally(counts, (r) => r.category_id).map(([categoryId, count]) => ({ categoryId, count })),
      bySeverity: tally(counts, (r) => String(r.severity)).map(([severity, count]) => ({ severity: Number(severity), count }))
        .sort((a, b) => a.severity - b.severity),
      stillOpen: {
        count: open[0]?.total ?? 0,
        oldest: open.map((r) => ({ id: r.id, ref: formatIncidentRef(r.year, r.number), areaId: r.area_id, severity: r.severity, createdAt: r.created_at })),
      },
      ack: ack.map((r) => ({ agencyId: r.agency_id, parts: r.parts, answered: r.answered, medianMinutes: num(r.median), p90Minutes: num(r.p90), misses: r.misses })),
      escalations: escalations.map((r) => ({ agencyId: r.agency_id, toBackup: r.to_backup, toSupervisors: r.to_supervisors })),
      handovers: handovers.map((r) => ({
        rosterId: r.roster_id, shiftId: r.from_shift_id, localDate: r.from_date.toISOString().slice(0, 10), fromEnd: r.from_ends_at,
        createdAt: r.created_at, status: r.status, acceptedLate: r.accepted_late,
      })),
    };
  }
}

/** Sums counts by a key, largest first (then by key, for a stable order). */
function tally<T extends { n: number }>(rows: T[], key: (row: T) => string): Array<[string, number]> {
  const totals = new Map<string, number>();
  for (const row of rows) totals.set(key(row), (totals.get(key(row)) ?? 0) + row.n);
  return [...totals.entries()].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
}
