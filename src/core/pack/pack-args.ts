import type { Directory } from '../directory/directory.ts';
import { normalizeName } from '../directory/directory.ts';
import { matchLeadingArea, suggestAreas } from '../commands/area-match.ts';
import type { Locale } from '../shared/platform.types.ts';
import { CoreError } from '../shared/core-error.ts';
import { localDateOf, parseClock } from '../shift/local-time.ts';
import { parseWeekdays } from '../shift/shift-args.ts';
import { isoWeekOf, mondayOf, type IsoWeek } from './iso-week.ts';

export interface PackArgs {
  areaId?: string;
  week?: IsoWeek;
  weekday?: number;
  time?: string;
  locale?: Locale;
}

const LOCALES: Record<string, Locale> = { sv: 'sv', svenska: 'sv', swedish: 'sv', en: 'en', engelska: 'en', english: 'en' };
const FULL_WEEK = /^(\d{4})-?[wv](\d{1,2})$/i;
const SHORT_WEEK = /^(?:[wv]|vecka|week)?(\d{1,2})$/i;

/**
 * A week as typed: `2026-W48` (also `2026w48`), or `48` / `v48` / `w48`: the latest week with that number that has
 * started (this ISO year's, or last year's when this year's is still ahead). Undefined when the word is no week.
 */
export function parseWeekWord(word: string, now: Date, timeZone: string): IsoWeek | undefined {
  const full = FULL_WEEK.exec(word);
  if (full) return checkWeek(`${full[1]}-W${full[2].padStart(2, '0')}`, word);
  const short = SHORT_WEEK.exec(word);
  if (!short) return undefined;
  const today = localDateOf(now, timeZone);
  const year = Number(isoWeekOf(today).slice(0, 4));
  const number = short[1].padStart(2, '0');
  const thisYear = mondayOf(`${year}-W${number}`);
  if (thisYear && thisYear <= today) return `${year}-W${number}`;
  return checkWeek(`${year - 1}-W${number}`, word);
}

function checkWeek(week: IsoWeek, typed: string): IsoWeek {
  if (!mondayOf(week)) throw new CoreError('pack_week', { week: typed.slice(0, 20) });
  return week;
}

/**
 * Reads `[area] [week] [weekday] [HH:MM] [sv|en]` in any order (areas may be several words); which of them a verb
 * takes is decided by `accept`. Unknown words are refused, with area suggestions when they look like one.
 */
export function parsePackArgs(directory: Directory, words: string[], now: Date, locale: Locale, accept: { week: boolean; schedule: boolean }): PackArgs {
  const tz = directory.settings.timeZone;
  const args: PackArgs = {};
  for (let i = 0; i < words.length;) {
    const word = words[i];
    const normalized = normalizeName(word);
    if (normalized in LOCALES) { args.locale = LOCALES[normalized]; i += 1; continue; }
    if (accept.schedule && /^\d{1,2}[:.]\d{2}$/.test(word) && parseClock(word)) { args.time = parseClock(word); i += 1; continue; }
    if (accept.schedule && args.weekday === undefined) {
      const day = weekdayOf(word);
      if (day !== undefined) { args.weekday = day; i += 1; continue; }
    }
    if (accept.week && args.week === undefined) {
      const week = parseWeekWord(word, now, tz);
      if (week) { args.week = week; i += 1; continue; }
    }
    const area = args.areaId === undefined ? matchLeadingArea(directory, words.slice(i)) : undefined;
    if (area) { args.areaId = area.area.id; i += area.used; continue; }
    const suggestions = suggestAreas(directory, word, locale);
    if (suggestions.length > 0) throw new CoreError('unknown_area', { area: word.slice(0, 60), suggestions: suggestions.join(', ') });
    throw new CoreError('pack_word', { word: word.slice(0, 40) });
  }
  return args;
}

/** One weekday word (`mon`, `måndag`, `fredag`), or undefined. */
function weekdayOf(word: string): number | undefined {
  try {
    const days = parseWeekdays(word);
    return days.length === 1 ? days[0] : undefined;
  } catch {
    return undefined;
  }
}
