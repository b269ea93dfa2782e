import type { Database } from '../db/database.ts';
import type { AreaCountsReader } from '../../core/supervision/area-picture.ts';

/** Open incidents per area and severity: one grouped count on the (status, area_id) index. */
export class SqlAreaCounts implements AreaCountsReader {
  constructor(private readonly db: Database) {}

  async openByAreaAndSeverity(): Promise<Array<{ areaId: string; severity: number; count: number }>> {
    const rows = await this.db.prisma.$queryRaw<Array<{ area_id: string; severity: number; n: number }>>`
      SELECT area_id, severity, count(*)::int AS n FROM incident WHERE status = 'open' GROUP BY area_id, severity`;
    return rows.map((r) => ({ areaId: r.area_id, severity: r.severity, count: r.n }));
  }
}
