import type { Directory } from '../directory/directory.ts';
import { normalizeName } from '../directory/directory.ts';
import { matchLeadingArea } from '../commands/area-match.ts';
import type { Locale } from '../shared/platform.types.ts';
import { parseClock, type LocalDate } from '../shift/local-time.ts';
import { parseDateWord } from '../shift/shift-args.ts';
import { dt } from './digest.i18n.ts';
import { CoreError } from '../shared/core-error.ts';
import { matchAgency } from '../commands/agency-match.ts';

export interface DigestArgs {
  date?: LocalDate;
  areaIds: string[];
  agencyIds: string[];
  time?: string;
  locale?: Locale;
}

const LOCALES: Record<string, Locale> = { sv: 'sv', svenska: 'sv', swedish: 'sv', en: 'en', engelska: 'en', english: 'en' };

/** Reads `[date] [HH:MM] [sv|en] [area ...] [agency ...]` in any order; areas may be several words. */
export function parseDigestArgs(directory: Directory, words: string[], now: Date, allowTime: boolean): DigestArgs {
  const tz = directory.settings.timeZone;
  const args: DigestArgs = { areaIds: [], agencyIds: [] };
  for (let i = 0; i < words.length;) {
    const word = words[i];
    const normalized = normalizeName(word);
    const date = parseDateWord(word, now, tz);
    if (date) { args.date = date; i += 1; continue; }
    if (allowTime && /^\d{1,2}[:.]\d{2}$/.test(word) && parseClock(word)) { args.time = parseClock(word); i += 1; continue; }
    if (normalized in LOCALES) { args.locale = LOCALES[normalized]; i += 1; continue; }
    const area = matchLeadingArea(directory, words.slice(i));
    if (area) { args.areaIds.push(area.area.id); i += area.used; continue; }
    const agency = matchAgency(directory, words.slice(i));
    if (agency) { args.agencyIds.push(agency.agency.id); i += agency.used; continue; }
    throw new CoreError('unknown_digest_word', { word: word.slice(0, 40) });
  }
  return args;
}
