import type { DigestScope } from '../../core/digest/digest.types.ts';
import type { PackReader, PackSpan } from '../../core/pack/pack.port.ts';
import type { PackActionCounts, PackTrendCounts } from '../../core/pack/pack.types.ts';
import type { RawQueryClient } from '../digest/digest-figures-sql.ts';

/**
 * The weekly pack's own reads on PostgreSQL (PGlite or a server): the trend weeks' headline figures as grouped counts
 * (one grouped query over one index range for the incidents and their parts, one for those open at each week's end,
 * instead of every agency part of four weeks brought to the core), and the agency actions open at an instant in one
 * grouped query served by indexes (`agency_action` by state and proposal or answer time, by done time).
 */
export class SqlPackReader implements PackReader {
  constructor(private readonly client: RawQueryClient) {}

  async trend(spans: PackSpan[], scope: DigestScope, asOf: Date): Promise<PackTrendCounts[]> {
    if (spans.length === 0) return [];
    const areas = scope.areaIds;
    const agencies = scope.agencyIds;
    const allAreas = areas.length === 0;
    const allAgencies = agencies.length === 0;
    // The spans are consecutive weeks: one index range over all of them, each row put in its week by width_bucket over
    // the boundaries (DST-proof: the boundaries are the instants the core computed). Buckets are 1-based.
    if (spans.some((s, i) => i > 0 && s.start.getTime() !== spans[i - 1].end.getTime())) throw new Error('trend spans must be consecutive weeks, oldest first');
    const bounds = [...spans.map((s) => s.start), spans[spans.length - 1].end];
    const [first, last] = [bounds[0], bounds[bounds.length - 1]];
    const ends = spans.map((s) => s.end);
    // The weeks' incidents (one index range, as the digest counts them), then their agency parts: answered at the first
    // answer of any kind; a miss is `isMiss` of answer-figures.ts (first answer after the deadline, or none and the
    // deadline passed by `asOf`). The parts are fetched by the incidents' ids (an index lookup each) rather than by a
    // join the planner would serve with a scan of every agency part.
    const countsQuery = this.client.$queryRaw<Array<{ n: number; new_incidents: number; parts: number; answered: number; misses: number }>>`
      WITH picked AS MATERIALIZED (
        SELECT i.id, width_bucket(i.created_at, ${bounds}::timestamptz[]) AS n
        FROM incident i
        WHERE i.created_at >= ${first} AND i.created_at < ${last}
          AND (${allAreas} OR i.area_id = ANY(${areas}::text[]))
          AND (${allAgencies} OR EXISTS (SELECT 1 FROM incident_agency x WHERE x.incident_id = i.id AND x.agency_id = ANY(${agencies}::text[])))
      ),
      parts AS (
        SELECT p.n, count(*)::int AS parts,
          count(*) FILTER (WHERE LEAST(ia.acknowledged_at, ia.responding_at, ia.declined_at) IS NOT NULL)::int AS answered,
          count(*) FILTER (WHERE COALESCE(LEAST(ia.acknowledged_at, ia.responding_at, ia.declined_at) > ia.deadline_at, ia.deadline_at <= ${asOf}))::int AS misses
        FROM incident_agency ia JOIN picked p ON p.id = ia.incident_id
        WHERE ia.incident_id = ANY(ARRAY(SELECT id FROM picked))
          AND (${allAgencies} OR ia.agency_id = ANY(${agencies}::text[]))
        GROUP BY p.n
      ),
      registered AS (SELECT n, count(*)::int AS new_incidents FROM picked GROUP BY n)
      SELECT r.n, r.new_incidents, COALESCE(p.parts, 0)::int AS parts, COALESCE(p.answered, 0)::int AS answered, COALESCE(p.misses, 0)::int AS misses
      FROM registered r LEFT JOIN parts p ON p.n = r.n`;
    // Open at each week's end (created before it, not closed by then): the candidates are the open incidents and those
    // closed after the first end, two index ranges on closed_at (as the digest reads them), counted per end.
    const openQuery = this.client.$queryRaw<Array<{ n: number; open_at_end: number }>>`
      SELECT e.n::int AS n, count(c.id)::int AS open_at_end
      FROM unnest(${ends}::timestamptz[]) WITH ORDINALITY AS e(end_at, n)
      LEFT JOIN (
        SELECT s.id, s.created_at, s.closed_at FROM (
          SELECT i.id, i.area_id, i.created_at, i.closed_at FROM incident i WHERE i.closed_at IS NULL AND i.created_at < ${last}
          UNION ALL
          SELECT i.id, i.area_id, i.created_at, i.closed_at FROM incident i WHERE i.closed_at >= ${ends[0]} AND i.created_at < ${last}
        ) s
        WHERE (${allAreas} OR s.area_id = ANY(${areas}::text[]))
          AND (${allAgencies} OR EXISTS (SELECT 1 FROM incident_agency x WHERE x.incident_id = s.id AND x.agency_id = ANY(${agencies}::text[])))
      ) c ON c.created_at < e.end_at AND (c.closed_at IS NULL OR c.closed_at >= e.end_at)
      GROUP BY e.n`;
    // Independent reads: on a pool they run side by side; in a transaction they queue on its connection.
    const [counts, open] = await Promise.all([countsQuery, openQuery]);
    return spans.map((_, index) => {
      const c = counts.find((r) => r.n === index + 1);
      return {
        newIncidents: c?.new_incidents ?? 0,
        openAtEnd: open.find((r) => r.n === index + 1)?.open_at_end ?? 0,
        parts: c?.parts ?? 0,
        answered: c?.answered ?? 0,
        misses: c?.misses ?? 0,
      };
    });
  }

  async actionsAt(at: Date, scope: DigestScope): Promise<PackActionCounts[]> {
    const areas = scope.areaIds;
    const agencies = scope.agencyIds;
    const allAreas = areas.length === 0;
    const allAgencies = agencies.length === 0;
    // Open at `at` (the core's `actionOpenAt`), split by state so each part is an index range: still proposed or
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
