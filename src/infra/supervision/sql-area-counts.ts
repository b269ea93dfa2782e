import type { Database } from '../db/database.ts';
import type { AreaCountsReader } from '../../core/supervision/area-picture.ts';

/** Open incidents per area and severity, overdue actions per area: grouped counts served by indexes. */
export class SqlAreaCounts implements AreaCountsReader {
  constructor(private readonly db: Database) {}

  async openByAreaAndSeverity(): Promise<Array<{ areaId: string; severity: number; count: number }>> {
    const rows = await this.db.prisma.$queryRaw<Array<{ area_id: string; severity: number; n: number }>>`
      SELECT area_id, severity, count(*)::int AS n FROM incident WHERE status = 'open' GROUP BY area_id, severity`;
    return rows.map((r) => ({ areaId: r.area_id, severity: r.severity, count: r.n }));
  }

  async overdueActionsByArea(at: Date): Promise<Array<{ areaId: string; count: number }>> {
    // The core's `actionOverdueNow`: an accepted action past its due time, or a proposal past its answer deadline
    // (already escalated, or its first escalation due). Declined and done actions are never overdue.
    const rows = await this.db.prisma.$queryRaw<Array<{ area_id: string; n: number }>>`
      SELECT i.area_id, count(*)::int AS n
      FROM agency_action a JOIN incident i ON i.id = a.incident_id
      WHERE (a.state = 'accepted' AND a.due_at < ${at})
         OR (a.state = 'proposed' AND (a.escalation_level > 0 OR a.next_escalation_at < ${at}))
      GROUP BY i.area_id`;
    return rows.map((r) => ({ areaId: r.area_id, count: r.n }));
  }
}
