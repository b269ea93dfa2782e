import type { LeadCommand } from '../commands/command.types.ts';
import { requireRef } from '../commands/incident.parser.ts';
import { usageError, type CommandEntry, type ParseContext } from '../commands/parse-context.ts';
import { normalizeName } from '../directory/directory.ts';
import { findAgency, unknownAgency } from '../commands/agency-match.ts';
import { CoreError } from '../shared/core-error.ts';
import { lt } from './lead-texts.i18n.ts';

/** Longest text of one part of a situation report (situation, actions, needs). */
export const MAX_SITREP_FIELD = 1000;

/** The three parts of a situation report, as typed or sent from a form. */
export interface SitrepParts {
  situation: string;
  actions: string;
  needs: string;
}

type Part = keyof SitrepParts;

/** Headings, normalised (no diacritics, lower case), Swedish and English. */
const HEADINGS: Record<string, Part> = {
  situation: 'situation', lage: 'situation', lagesbild: 'situation',
  actions: 'actions', action: 'actions', atgarder: 'actions', atgard: 'actions',
  needs: 'needs', need: 'needs', behov: 'needs',
};

const PART_NAMES: Record<Part, { sv: string; en: string }> = {
  situation: { sv: 'Läge', en: 'Situation' },
  actions: { sv: 'Åtgärder', en: 'Actions' },
  needs: { sv: 'Behov', en: 'Needs' },
};

// A heading is a word (any case, with or without diacritics) followed by a colon, at the start or after a space.
const HEADING = /(^|\s)(\p{L}+)\s*:/gu;

/**
 * Reads `situation: … actions: … needs: …` (or `läge: … åtgärder: … behov: …`, any order, any case). Text without
 * any heading is the situation. Empty parts are allowed, an empty report is not; each part is at most
 * MAX_SITREP_FIELD characters.
 */
export function parseSitrepText(text: string, ref: string): SitrepParts {
  const parts: SitrepParts = { situation: '', actions: '', needs: '' };
  const found: Array<{ part: Part; start: number; end: number }> = [];
  for (const match of text.matchAll(HEADING)) {
    const part = HEADINGS[normalizeName(match[2])];
    if (!part) continue;
    const start = match.index + match[1].length;
    found.push({ part, start, end: match.index + match[0].length });
  }
  if (found.length === 0) {
    parts.situation = text.trim();
  } else {
    const lead = text.slice(0, found[0].start).trim();
    const seen = new Set<Part>();
    for (const [i, heading] of found.entries()) {
      if (seen.has(heading.part)) throw new CoreError('sitrep_format', { ref });
      seen.add(heading.part);
      parts[heading.part] = text.slice(heading.end, found[i + 1]?.start ?? text.length).trim();
    }
    // Text before the first heading is the situation, unless the situation has its own heading.
    if (lead) {
      if (seen.has('situation')) throw new CoreError('sitrep_format', { ref });
      parts.situation = lead;
    }
  }
  return checkSitrep(parts, ref);
}

/** Refuses an empty report and parts past MAX_SITREP_FIELD. */
export function checkSitrep(parts: SitrepParts, ref: string): SitrepParts {
  const trimmed = { situation: parts.situation.trim(), actions: parts.actions.trim(), needs: parts.needs.trim() };
  if (!trimmed.situation && !trimmed.actions && !trimmed.needs) throw new CoreError('sitrep_empty', { ref });
  for (const part of ['situation', 'actions', 'needs'] as const) {
    const length = trimmed[part].length;
    if (length > MAX_SITREP_FIELD) throw new CoreError('sitrep_too_long', { field: PART_NAMES[part], length, max: MAX_SITREP_FIELD });
  }
  return trimmed;
}

function parseLead(args: string[], context: ParseContext): LeadCommand {
  const incident = requireRef(args[0], 'lead');
  const typed = args.slice(1).join(' ').trim();
  if (!typed) throw usageError('lead <nr> <myndighet> / lead <no> <agency>');
  const agency = findAgency(context.directory, typed);
  if (!agency) throw unknownAgency(context.directory, typed);
  return { kind: 'incident.lead', incident, agencyId: agency.id };
}

function parseSitrep(args: string[]): LeadCommand {
  const incident = requireRef(args[0], 'sitrep');
  return { kind: 'incident.sitrep', incident, ...parseSitrepText(args.slice(1).join(' '), incident.text) };
}

/** The rows of the command table for the lead agency and situation reports. */
export const LEAD_COMMANDS: readonly CommandEntry[] = [
  { name: 'incident.lead', words: ['lead', 'leder', 'leda'], parse: parseLead, help: (locale) => lt('help.lines', locale).split('\n') },
  { name: 'incident.sitrep', words: ['sitrep', 'lagesbild', 'situation'], parse: parseSitrep },
];
