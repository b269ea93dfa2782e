import type { DirectoryReader } from '../directory/directory.port.ts';
import type { Area, Person } from '../directory/directory.types.ts';
import type { Clock } from '../ports/clock.port.ts';
import { maySupervise } from './supervision-scope.ts';

/** Counts per area, read without any incident's details (no read-log entry: nobody is shown an incident). */
export interface AreaCountsReader {
  /** Open incidents per area and severity, over every open incident. */
  openByAreaAndSeverity(): Promise<Array<{ areaId: string; severity: number; count: number }>>;
  /**
   * Agency actions overdue at `at`, per area of their incident, by the rule of `actionOverdueNow`
   * (core/action/action-figures.ts): accepted and past its due time, or proposed and past its answer deadline.
   */
  overdueActionsByArea(at: Date): Promise<Array<{ areaId: string; count: number }>>;
}

/** How busy an area is, for its colour; each level has a name shown beside the colour. */
export type AreaLoad = 'none' | 'low' | 'medium' | 'high';

/** One area of the picture. Counts include every area below it (a district sums its areas). */
export interface AreaPictureRow {
  area: Area;
  open: number;
  /** Open incidents registered on this area itself, not on an area below it (a district's own). */
  openHere: number;
  bySeverity: Record<number, number>;
  /** Overdue agency actions on the incidents of this area and the areas below it. */
  overdueActions: number;
  load: AreaLoad;
}

export interface AreaPicture {
  person: Person;
  /** Areas the person oversees, districts before their areas, in the directory's order. */
  rows: AreaPictureRow[];
}

/**
 * Load levels by what needs attention, open incidents and overdue actions counted alike: 0, 1–2, 3–5, 6 or more.
 * An overdue action needs someone's attention as much as an open incident does, so an area with no open incident but
 * an overdue action is not drawn as quiet.
 */
export function areaLoad(open: number, overdueActions = 0): AreaLoad {
  const needs = open + overdueActions;
  if (needs === 0) return 'none';
  if (needs <= 2) return 'low';
  if (needs <= 5) return 'medium';
  return 'high';
}

/**
 * The area picture for a supervisor or admin: open incidents and overdue agency actions for each area
 * they oversee (supervisors: their areas and everything below; admins: every area). Null for anyone else. Reads only.
 */
export async function areaPicture(deps: { directory: DirectoryReader; counts: AreaCountsReader; clock: Clock }, personId: string): Promise<AreaPicture | null> {
  const directory = await deps.directory.current();
  const person = directory.person(personId);
  if (!person || !maySupervise(person)) return null;
  const visible = directory.allAreas().filter((a) => person.role === 'admin' || person.areaIds.some((scope) => directory.areaWithin(a.id, scope)));
  const [counts, overdue] = await Promise.all([deps.counts.openByAreaAndSeverity(), deps.counts.overdueActionsByArea(deps.clock.now())]);
  const rows = visible.map((area): AreaPictureRow => {
    const bySeverity: Record<number, number> = {};
    let open = 0;
    let openHere = 0;
    for (const c of counts) {
      if (!directory.areaWithin(c.areaId, area.id)) continue;
      open += c.count;
      if (c.areaId === area.id) openHere += c.count;
      bySeverity[c.severity] = (bySeverity[c.severity] ?? 0) + c.count;
    }
    const overdueActions = overdue.reduce((sum, o) => sum + (directory.areaWithin(o.areaId, area.id) ? o.count : 0), 0);
    return { area, open, openHere, bySeverity, overdueActions, load: areaLoad(open, overdueActions) };
  });
  return { person, rows };
}
