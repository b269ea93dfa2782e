import type { Directory } from '../directory/directory.ts';
import type { Person } from '../directory/directory.types.ts';
import type { Locale } from '../shared/platform.types.ts';
import { CoreError, isCoreError, type ErrorCode } from '../shared/core-error.ts';
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

/** The refusals a pack can give (CoreError codes): an unknown area, no week, a week not begun, an area out of scope. */
const PACK_REFUSALS: ReadonlySet<ErrorCode> = new Set<ErrorCode>(['unknown_area', 'pack_week', 'pack_future_week', 'pack_scope']);

/** Whether an error is a pack's refusal (for the person who asked), rather than a fault. */
export function isPackRefusal(error: unknown): error is CoreError {
  return isCoreError(error) && PACK_REFUSALS.has(error.code);
}

/** `pack_scope`, naming the viewer's own areas in both languages. */
export function packScopeError(directory: Directory, viewer: Person | undefined): CoreError {
  const names = (l: Locale) => viewer?.areaIds.map((id) => directory.area(id)?.name[l] ?? id).join(', ') || '-';
  return new CoreError('pack_scope', { areas: { sv: names('sv'), en: names('en') } });
}

/** Monday 00:00 to the next Monday 00:00 in the deployment's zone. */
export function packWindow(week: IsoWeek, timeZone: string): PackWindow {
  const monday = mondayOf(week);
  if (!monday) throw new CoreError('pack_week', { week: week.slice(0, 20) });
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
  if (!directory.area(areaId)) throw new CoreError('unknown_area', { area: areaId.slice(0, 60), suggestions: '' });
  const tz = directory.settings.timeZone;
  const window = packWindow(week, tz);
  if (window.start > now) throw new CoreError('pack_future_week', { week: window.week });
  let scope;
  try {
    scope = digestScope(directory, snapshot, viewer, [areaId], []);
  } catch {
    throw packScopeError(directory, viewer);
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
