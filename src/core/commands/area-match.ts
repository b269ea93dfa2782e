import type { Area } from '../directory/directory.types.ts';
import { normalizeName, type Directory } from '../directory/directory.ts';
import type { Locale } from '../shared/platform.types.ts';

/** Finds the longest run of leading words that names an area exactly; never guesses. */
export function matchLeadingArea(directory: Directory, words: string[]): { area: Area; used: number } | undefined {
  for (let used = Math.min(3, words.length); used >= 1; used -= 1) {
    const area = directory.areaByExactName(words.slice(0, used).join(' '));
    if (area) return { area, used };
  }
  return undefined;
}

/** Areas whose names or aliases are close to what was typed (same start, or at most two letters off). */
export function suggestAreas(directory: Directory, typed: string, locale: Locale, limit = 3): string[] {
  const needle = normalizeName(typed);
  if (!needle) return [];
  const scored = new Map<string, { area: Area; score: number }>();
  for (const { name, area } of directory.areaNames()) {
    const distance = editDistance(needle, name);
    const prefix = needle.length >= 3 && (name.startsWith(needle) || needle.startsWith(name));
    const score = prefix ? 0 : distance;
    if (score > 2 && !(distance <= Math.floor(name.length / 3))) continue;
    const best = scored.get(area.id);
    if (!best || score < best.score) scored.set(area.id, { area, score });
  }
  return [...scored.values()]
    .sort((a, b) => a.score - b.score || a.area.name[locale].localeCompare(b.area.name[locale]))
    .slice(0, limit)
    .map(({ area }) => area.name[locale]);
}

/** Levenshtein distance: the number of single-letter edits between two words. */
export function editDistance(a: string, b: string): number {
  const previous = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i += 1) {
    let diagonal = previous[0];
    previous[0] = i;
    for (let j = 1; j <= b.length; j += 1) {
      const above = previous[j];
      previous[j] = Math.min(previous[j] + 1, previous[j - 1] + 1, diagonal + (a[i - 1] === b[j - 1] ? 0 : 1));
      diagonal = above;
    }
  }
  return previous[b.length];
}
