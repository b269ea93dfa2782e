import type { AreaOutline } from '../../src/core/charts/area-outlines.ts';
import type { Incident } from '../../src/core/incident/incident.types.ts';
import type { Person } from '../../src/core/directory/directory.types.ts';
import type { AreaPicture } from '../../src/core/supervision/area-picture.ts';
import type { WeeklyPack } from '../../src/core/pack/pack.types.ts';

/** What the area picture and weekly pack pages need, wired by src/cli/wire-web.ts. */
export interface AreaViews {
  /** The areas' outlines (longitude, latitude); the page draws those of the areas it shows. */
  outlines: AreaOutline[];
  /** The picture for a supervisor or admin; null for anyone else. */
  picture(personId: string): Promise<AreaPicture | null>;
  /** Open incidents of an area the person oversees (recorded in the read log); null when not theirs. */
  incidents(personId: string, areaId: string): Promise<{ person: Person; incidents: Incident[] } | null>;
  /** The weekly pack (recorded in the read log); throws a CoreError (`isPackRefusal`) for a bad area, week or scope. */
  pack(personId: string, areaId: string, week: string | undefined): Promise<WeeklyPack>;
}
