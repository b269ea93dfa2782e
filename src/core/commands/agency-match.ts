import type { Agency } from '../directory/directory.types.ts';
import { normalizeName, type Directory } from '../directory/directory.ts';
import { CoreError } from '../shared/core-error.ts';

/** Whether `typed` (already normalised) names the agency: its id, or its Swedish or English name. */
function names(agency: Agency, typed: string): boolean {
  return agency.id === typed || normalizeName(agency.name.sv) === typed || normalizeName(agency.name.en) === typed;
}

/**
 * The one rule for an agency named in a command or a form: its id, or its Swedish or English name, any case, with or
 * without diacritics, never a guess. Reads the leading words of `words` and takes the longest run that names an
 * agency (`polisen patrol …`, `Swedish Police Authority patrol …`), and says how many words it used.
 */
export function matchAgency(directory: Directory, words: readonly string[]): { agency: Agency; used: number } | undefined {
  const agencies = directory.allAgencies();
  // No agency name is longer than its longest name: no point reading more words than that.
  const longest = Math.max(1, ...agencies.flatMap((a) => [a.name.sv, a.name.en].map((n) => normalizeName(n).split(' ').length)));
  for (let used = Math.min(words.length, longest); used >= 1; used -= 1) {
    const typed = normalizeName(words.slice(0, used).join(' '));
    const agency = agencies.find((a) => names(a, typed));
    if (agency) return { agency, used };
  }
  return undefined;
}

/** The agency that the whole of `typed` names (a `lead` command, a form's agency field), or undefined. */
export function findAgency(directory: Directory, typed: string): Agency | undefined {
  const words = typed.trim().split(/\s+/).filter(Boolean);
  const found = matchAgency(directory, words);
  return found && found.used === words.length ? found.agency : undefined;
}

/** `unknown_agency`, listing the agencies one may name. */
export function unknownAgency(directory: Directory, typed: string): CoreError {
  return new CoreError('unknown_agency', { agency: typed.slice(0, 60), agencies: directory.allAgencies().map((a) => a.id).join(', ') });
}
