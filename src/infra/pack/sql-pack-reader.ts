import type { DigestScope } from '../../core/digest/digest.types.ts';
import type { PackReader, PackSpan } from '../../core/pack/pack.port.ts';
import type { PackActionCounts, PackTrendCounts } from '../../core/pack/pack.types.ts';
import type { RawQueryClient } from '../digest/digest-figures-sql.ts';

/**
 * The weekly pack's own reads on PostgreSQL (PGlite or a server): the trend weeks' headline figures in one grouped
 * statement instead of every agency part of four weeks, and the agency actions open at an instant in one grouped
 * query served by indexes (`agency_action` by state and proposal, by done time, by state and answer time).
 */
export class SqlPackReader implements PackReader {
  constructor(private readonly client: RawQueryClient) {}

  async trend(spans: PackSpan[], scope: DigestScope, asOf: Date): Promise<PackTrendCounts[]> {
    if (spans.length === 0) return [];
    const areas = scope.areaIds;
    const agencies = scope.agencyIds;
    const allAreas = areas.length === 0;
    const allAgencies = agencies.length === 0;
    const starts = spans.map((s) => s.start);
    const ends = spans.map((s) => s.end);
    // Per span: incidents registered (as the digest counts them), open at its end (the digest's two closed_at ranges),
    // and their agency parts. A part is answered at its first answer of any kind; a miss is `isMiss` of
    // answer-figures.ts: first answer after the deadline, or none and the deadline passed by `asOf`.
    const rows = await this.client.$queryRaw<Array<{ n: number; new_incidents: number; open_at_end: number; parts: number; answered: number; misses: number }>>`
      WITH w AS (
        SELECT s.start_at, s.end_at, s.n::int AS n
        FROM unnest(${starts}::timestamptz[], ${ends}::timestamptz[]) WITH ORDINALITY AS s(start_at, end_at, n)
      ),
      parts AS (
        SELECT w.n, count(*)::int AS parts,
          count(*) FILTER (WHERE LEAST(ia.acknowledged_at, ia.responding_at, ia.declined_at) IS NOT NULL)::int AS answered,
          count(*) FILTER (WHERE COALESCE(LEAST(ia.acknowledged_at, ia.responding_at, ia.declined_at) > ia.deadline_at, ia.deadline_at <= ${asOf}))::int AS misses
        FROM w
        JOIN incident i ON i.created_at >= w.start_at AND i.created_at < w.end_at
        JOIN incident_agency ia ON ia.incident_id = i.id
        WHERE (${allAreas} OR i.area_id = ANY(${areas}::text[]))
          AND (${allAgencies} OR ia.agency_id = ANY(${agencies}::text[]))
        GROUP BY w.n
      ),
      registered AS (
        SELECT w.n, count(*)::int AS new_incidents
        FROM w
        JOIN incident i ON i.created_at >= w.start_at AND i.created_at < w.end_at
        WHERE (${allAreas} OR i.area_id = ANY(${areas}::text[]))
          AND (${allAgencies} OR EXISTS (SELECT 1 FROM incident_agency x WHERE x.incident_id = i.id AND x.agency_id = ANY(${agencies}::text[])))
        GROUP BY w.n
      ),
      still_open AS (
        SELECT w.n, (
          SELECT count(*)::int FROM (
            SELECT i.id, i.area_id FROM incident i WHERE i.closed_at IS NULL AND i.created_at < w.end_at
            UNION ALL
            SELECT i.id, i.area_id FROM incident i WHERE i.closed_at >= w.end_at AND i.created_at < w.end_at
          ) s
          WHERE (${allAreas} OR s.area_id = ANY(${areas}::text[]))
            AND (${allAgencies} OR EXISTS (SELECT 1 FROM incident_agency x WHERE x.incident_id = s.id AND x.agency_id = ANY(${agencies}::text[])))
        ) AS open_at_end
        FROM w
      )
      SELECT w.n, COALESCE(r.new_incidents, 0)::int AS new_incidents, o.open_at_end,
        COALESCE(p.parts, 0)::int AS parts, COALESCE(p.answered, 0)::int AS answered, COALESCE(p.misses, 0)::int AS misses
      FROM w
      LEFT JOIN registered r ON r.n = w.n
      LEFT JOIN parts p ON p.n = w.n
      JOIN still_open o ON o.n = w.n
      ORDER BY w.n`;
    return rows.map((r) => ({ newIncidents: r.new_incidents, openAtEnd: r.open_at_end, parts: r.parts, answered: r.answered, misses: r.misses }));
  }

  async actionsAt(at: Date, scope: DigestScope): Promise<PackActionCounts[]> {
    const areas = scope.areaIds;
    const agencies = scope.agencyIds;
    const allAreas = areas.length === 0;
    const allAgencies = agencies.length === 0;
    // Open at `at` (the core's `isOpenAt`), split by state so each part is an index range: still proposed or
    // accepted (and not done by then), done after `at`, or declined after `at`. Overdue: open with due_at before `at`.
    const rows = await this.client.$queryRaw<Array<{ agency_id: string; open: number; overdue: number }>>`
      SELECT a.agency_id, count(*)::int AS open, count(*) FILTER (WHERE a.due_at < ${at})::int AS overdue
      FROM (
        SELECT incident_id, agency_id, due_at FROM agency_action
        WHERE state IN ('proposed', 'accepted') AND proposed_at <= ${at} AND (done_at IS NULL OR done_at > ${at})
        UNION ALL
        SELECT incident_id, agency_id, due_at FROM agency_action
        WHERE state = 'done' AND done_at > ${at} AND proposed_at <= ${at}
        UNION ALL
        SELECT incident_id, agency_id, due_at FROM agency_action
        WHERE state = 'declined' AND answered_at > ${at} AND proposed_at <= ${at}
      ) a
      JOIN incident i ON i.id = a.incident_id
      WHERE (${allAreas} OR i.area_id = ANY(${areas}::text[]))
        AND (${allAgencies} OR a.agency_id = ANY(${agencies}::text[]))
      GROUP BY a.agency_id
      ORDER BY a.agency_id`;
    return rows.map((r) => ({ agencyId: r.agency_id, open: r.open, overdue: r.overdue }));
  }
}
