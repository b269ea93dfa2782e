import type { AccessLog } from '../access/access-log.port.ts';
import type { Disclosure, DisclosureSurface } from '../access/disclosure.types.ts';
import type { DirectoryReader } from '../directory/directory.port.ts';
import type { Person } from '../directory/directory.types.ts';
import type { DigestReader } from '../digest/digest.port.ts';
import type { Clock } from '../ports/clock.port.ts';
import type { RosterSource } from '../shift/shift.port.ts';
import { buildWeeklyPack, lastWeek, packScopeError } from './build-weekly-pack.ts';
import type { IsoWeek } from './iso-week.ts';
import type { PackReader } from './pack.port.ts';
import type { WeeklyPack } from './pack.types.ts';

export interface WeeklyPackDeps {
  directory: DirectoryReader;
  shifts: RosterSource;
  /** The digest's reader: the pack's figures are the digest's, over a week. */
  reader: DigestReader;
  /** The trend weeks' headline figures and the agency actions. */
  packs: PackReader;
  clock: Clock;
  accessLog: AccessLog;
}

/** Who asks for a pack, and where it is shown (the web page, an export for the records system, a chat reply later). */
export interface PackRequest {
  /** A configured person (supervisor of the area, or admin); `cli` for the command line, which acts as an admin. */
  viewerId: string;
  areaId: string;
  /** Default: the last whole week. */
  week?: IsoWeek;
  surface: DisclosureSurface;
}

/** The command line acts as the deployment's administrator (whoever may run it may read the database anyway). */
const CLI_VIEWER: Person = { id: 'cli', name: 'samband CLI', role: 'admin', agencyId: null, areaIds: [], locale: 'sv', onDuty: false };

/**
 * The weekly pack for one area or district and week, for a supervisor of it or an admin. The incidents it names
 * (the oldest still open) are recorded in the read log as summary disclosures to the viewer before it is returned.
 * Refuses (CoreError, `isPackRefusal`) unknown areas, malformed or future weeks and areas outside the viewer's scope. A command
 * (`pack <area> [week]`) and a schedule will call this too.
 */
export async function weeklyPack(deps: WeeklyPackDeps, request: PackRequest): Promise<WeeklyPack> {
  const directory = await deps.directory.current();
  const viewer = request.viewerId === 'cli' ? CLI_VIEWER : directory.person(request.viewerId);
  if (!viewer) throw packScopeError(directory, undefined);
  const now = deps.clock.now();
  const week = request.week ?? lastWeek(now, directory.settings.timeZone);
  const pack = await buildWeeklyPack({ reader: deps.reader, packs: deps.packs, directory, snapshot: await deps.shifts.snapshot(), now }, viewer, request.areaId, week);
  await deps.accessLog.record(pack.figures.stillOpen.oldest.map((o): Disclosure => ({
    at: now, personId: viewer.id, agencyId: viewer.agencyId, incidentId: o.id ?? null, incidentRef: o.ref, fields: ['summary'],
    confidential: false, surface: request.surface, ground: viewer.role === 'admin' ? 'admin' : 'supervisor', basis: null,
    requestId: `pack ${request.areaId} ${pack.window.week}`,
  })));
  return pack;
}
