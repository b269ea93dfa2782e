import type { Database } from '../infra/db/database.ts';
import type { SambandEnv } from '../infra/config/env.ts';
import { loadAreaOutlines } from '../infra/config/area-outlines.ts';
import { SqlAreaCounts } from '../infra/supervision/sql-area-counts.ts';
import { SqlDigestReader } from '../infra/digest/digest-figures-sql.ts';
import { SqlPackReader } from '../infra/pack/sql-pack-reader.ts';
import type { DirectoryReader } from '../core/directory/directory.port.ts';
import type { Clock } from '../core/ports/clock.port.ts';
import type { AccessLog } from '../core/access/access-log.port.ts';
import type { SupervisionReader } from '../core/supervision/supervision.port.ts';
import type { RosterSource } from '../core/shift/shift.port.ts';
import { areaPicture } from '../core/supervision/area-picture.ts';
import { openIncidentsInArea } from '../core/supervision/area-incidents.service.ts';
import { weeklyPack } from '../core/pack/weekly-pack.service.ts';
import type { AreaViews } from '../../adapters/web/area-views.deps.ts';

export interface AreaViewsContext {
  env: SambandEnv;
  db: Database;
  directory: DirectoryReader;
  clock: Clock;
  reader: SupervisionReader;
  accessLog: AccessLog;
  shifts: RosterSource;
}

/**
 * The area picture and the weekly pack for the web console: outlines read once at start from
 * SAMBAND_AREA_OUTLINES or the bundled file; counts, lists and packs read per request.
 */
export function areaViewsOf(context: AreaViewsContext): AreaViews {
  const { env, db, directory, clock, reader, accessLog, shifts } = context;
  const outlines = loadAreaOutlines(env.SAMBAND_AREA_OUTLINES);
  const counts = new SqlAreaCounts(db);
  const packDeps = { directory, clock, accessLog, shifts, reader: new SqlDigestReader(db.prisma), packs: new SqlPackReader(db.prisma) };
  return {
    outlines,
    picture: (personId) => areaPicture({ directory, counts, clock }, personId),
    incidents: (personId, areaId) => openIncidentsInArea({ directory, reader, clock, accessLog }, personId, areaId),
    pack: (personId, areaId, week) => weeklyPack(packDeps, { viewerId: personId, areaId, week, surface: 'web' }),
  };
}
