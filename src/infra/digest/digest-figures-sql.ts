import { formatIncidentRef } from '../../core/commands/incident-ref.ts';
import type { DigestReader } from '../../core/digest/digest.port.ts';
import type { DigestRows, DigestScope, DigestWindow } from '../../core/digest/digest.types.ts';

/** Anything that runs tagged SQL: the Prisma client or a transaction of it. */
export interface RawQueryClient {
  $queryRaw<T = unknown>(query: TemplateStringsArray, ...values: unknown[]): Promise<T>;
}

/**
 * The digest's rows in four indexed queries (incidents by created_at and closed_at, handovers by end), so one day over
 * a large history stays fast. Incidents count when created in the window, in the areas (empty: all) and routed to
 * one of the agencies (empty: any). The answer figures (time to answer, misses, escalations) are not computed here:
 * the agency parts are returned as rows and the core's `answerFigures` defines them.
 */
export class SqlDigestReader implements DigestReader {
  constructor(private readonly client: RawQueryClient) {}

  async rows(window: DigestWindow, scope: DigestScope): Promise<DigestRows> {
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
    // The agency parts of the window's incidents, as rows: the core computes the answer figures from them
    // (answerFigures), the same way as for the supervisor view.
    const answersQuery = q.$queryRaw<Array<{
      agency_id: string; created_at: Date; deadline_at: Date; acknowledged_at: Date | null; responding_at: Date | null; declined_at: Date | null; escalation_level: number;
    }>>`
      SELECT ia.agency_id, i.created_at, ia.deadline_at, ia.acknowledged_at, ia.responding_at, ia.declined_at, ia.escalation_level
      FROM incident i JOIN incident_agency ia ON ia.incident_id = i.id
      WHERE i.created_at >= ${start} AND i.created_at < ${end}
        AND (${allAreas} OR i.area_id = ANY(${areas}::text[]))
        AND (${allAgencies} OR ia.agency_id = ANY(${agencies}::text[]))`;
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
    const handoversQuery = scope.rosterIds.length === 0 ? Promise.resolve([]) : q.$queryRaw<Array<{
      roster_id: string; from_shift_id: string; from_date: Date; from_ends_at: Date; created_at: Date; status: 'sent' | 'accepted'; accepted_late: boolean;
    }>>`
      SELECT roster_id, from_shift_id, from_date, from_ends_at, created_at, status::text AS status, accepted_late
      FROM handover
      WHERE from_ends_at > ${start} AND from_ends_at <= ${end} AND roster_id = ANY(${scope.rosterIds}::text[])`;
    // Independent reads: on a pool they run side by side; in a transaction they queue on its connection.
    const [counts, answers, open, handovers] = await Promise.all([countsQuery, answersQuery, openQuery, handoversQuery]);
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
      answers: answers.map((r) => ({
        agencyId: r.agency_id, createdAt: r.created_at, deadlineAt: r.deadline_at, acknowledgedAt: r.acknowledged_at,
        respondingAt: r.responding_at, declinedAt: r.declined_at, escalationLevel: r.escalation_level,
      })),
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
