import type { Directory } from '../directory/directory.ts';
import type { Person } from '../directory/directory.types.ts';
import type { DigestReader } from '../digest/digest.port.ts';
import type { DigestFigures, DigestScope, DigestWindow } from '../digest/digest.types.ts';
import { answerFigures } from '../incident/answer-figures.ts';
import { countHandovers } from '../digest/build-digest.ts';
import { digestScope } from '../digest/digest-scope.ts';
import type { RosterSnapshot } from '../shift/shift.types.ts';
import { addLocalDays, localDateOf, wallTime } from '../shift/local-time.ts';
import { addWeeks, isoWeekOf, mondayOf, type IsoWeek } from './iso-week.ts';
import type { PackReader } from './pack.port.ts';
import type { PackTrendWeek, PackWindow, WeeklyPack } from './pack.types.ts';

/** Weeks of history the trend compares with. */
export const TREND_WEEKS = 4;

/** Why a pack cannot be made; the message is for the person who asked. */
export class PackError extends Error {
  constructor(readonly code: 'unknown_area' | 'bad_week' | 'future_week' | 'scope', message: string) {
    super(message);
    this.name = 'PackError';
  }
}

/** Monday 00:00 to the next Monday 00:00 in the deployment's zone. */
export function packWindow(week: IsoWeek, timeZone: string): PackWindow {
  const monday = mondayOf(week);
  if (!monday) throw new PackError('bad_week', `"${week}" is not a week: write it as YYYY-Www, e.g. 2026-W23`);
  const next = addLocalDays(monday, 7);
  return { date: monday, week: isoWeekOf(monday), lastDay: addLocalDays(monday, 6), start: wallTime(monday, '00:00', timeZone), end: wallTime(next, '00:00', timeZone) };
}

/** The last whole week before `now` (the week a Monday meeting goes through). */
export function lastWeek(now: Date, timeZone: string): IsoWeek {
  return addWeeks(isoWeekOf(localDateOf(now, timeZone)), -1);
}

/** A week's headline figures from the digest's figures of it (the trend's SQL gives the same for earlier weeks). */
export const headline = (week: IsoWeek, f: DigestFigures): PackTrendWeek => ({
  week,
  newIncidents: f.incidents,
  openAtEnd: f.stillOpen.count,
  parts: f.ack.reduce((sum, a) => sum + a.parts, 0),
  answered: f.ack.reduce((sum, a) => sum + a.answered, 0),
  misses: f.ack.reduce((sum, a) => sum + a.misses, 0),
});

/** The digest's figures of a window, as `buildDigest` makes them: storage's rows, answer figures by the core's rule. */
async function figuresOf(reader: DigestReader, window: DigestWindow, scope: DigestScope, now: Date): Promise<DigestFigures> {
  const { answers, ...rows } = await reader.rows(window, scope);
  return { ...rows, ack: answerFigures(answers, now) };
}

export interface WeeklyPackInput {
  reader: DigestReader;
  /** The trend weeks' headline figures and the actions, each one grouped query. */
  packs: PackReader;
  directory: Directory;
  snapshot: RosterSnapshot;
  now: Date;
}

/**
 * The weekly pack of an area or district (everything below it) for one ISO week, as `viewer` may see it (admins any
 * area, supervisors their own: the digest's rule). The week's figures are the digest's (`DigestReader.rows` and
 * `answerFigures` over the week, handovers counted by `countHandovers`); the four weeks before it give only their
 * headline figures (`PackReader.trend`, the same definitions), and the actions are taken at the end of the week, or
 * now for the week under way (`PackReader.actionsAt`). Reads only.
 */
export async function buildWeeklyPack(input: WeeklyPackInput, viewer: Person, areaId: string, week: IsoWeek): Promise<WeeklyPack> {
  const { directory, snapshot, reader, packs, now } = input;
  if (!directory.area(areaId)) throw new PackError('unknown_area', `no area "${areaId}" in the deployment`);
  const tz = directory.settings.timeZone;
  const window = packWindow(week, tz);
  if (window.start > now) throw new PackError('future_week', `week ${window.week} has not started yet`);
  let scope;
  try {
    scope = digestScope(directory, snapshot, viewer, [areaId], []);
  } catch {
    throw new PackError('scope', `${viewer.id} may not see the pack of ${areaId}`);
  }
  const weeks = Array.from({ length: TREND_WEEKS }, (_, i) => addWeeks(window.week, i - TREND_WEEKS));
  const windows = weeks.map((w) => packWindow(w, tz));
  const actionsAt = window.end < now ? window.end : now;
  // Independent reads: on a pool they run side by side; on PGlite's one connection they queue.
  const [figures, earlier, actions] = await Promise.all([
    figuresOf(reader, window, scope, now), packs.trend(windows, scope, now), packs.actionsAt(actionsAt, scope),
  ]);
  return {
    areaId,
    window,
    figures,
    handovers: countHandovers(snapshot, scope, window, figures.handovers, now, tz),
    previous: earlier.map((counts, i) => ({ week: weeks[i], ...counts })),
    current: headline(window.week, figures),
    actions: { at: actionsAt, byAgency: actions },
    generatedAt: now,
  };
}
