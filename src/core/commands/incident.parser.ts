import type { IncidentCommand, IncidentSelector, RegisterIncidentCommand } from './command.types.ts';
import { COMMAND_WORDS, type CommandWord } from './keywords.ts';
import { matchLeadingArea, suggestAreas } from './area-match.ts';
import { parseIncidentRef } from './incident-ref.ts';
import { normalizeName, type Directory } from '../directory/directory.ts';
import { CoreError } from '../shared/core-error.ts';
import { checkTextLength, type CommandEntry, type ParseContext } from './parse-context.ts';

const SENSITIVE_MARKER = /\s(?:känsligt|kansligt|sekretess|sensitive|confidential):\s*/i;

type IncidentAction = Exclude<CommandWord, 'help' | 'list' | 'incident'>;

/** Reads `<incident> [text]` for one incident action. */
function parseIncidentAction(word: IncidentAction, args: string[]): IncidentCommand {
  const incident = requireRef(args[0], word);
  const rest = checkTextLength(args.slice(1).join(' ').trim());
  switch (word) {
    case 'ack':
      return { kind: 'incident.ack', incident };
    case 'responding':
      return { kind: 'incident.responding', incident };
    case 'decline':
      if (!rest) throw new CoreError('missing_reason', { ref: incident.text });
      return { kind: 'incident.decline', incident, reason: rest };
    case 'note':
      if (!rest) throw new CoreError('missing_text', { ref: incident.text });
      return { kind: 'incident.note', incident, text: rest };
    case 'close':
      return { kind: 'incident.close', incident, text: rest || undefined };
    case 'reopen':
      return { kind: 'incident.reopen', incident, text: rest || undefined };
    case 'status':
      return { kind: 'incident.status', incident };
    case 'hold':
      return { kind: 'incident.hold', incident };
    case 'release':
      return { kind: 'incident.release', incident };
  }
}

const entry = (word: CommandWord, parse: CommandEntry['parse']): CommandEntry => ({ name: word === 'help' || word === 'incident' ? word : `incident.${word}`, words: COMMAND_WORDS[word], parse });

/**
 * The incident rows of the command table (COMMAND_WORDS gives their Swedish and English words): `/incident <area>
 * [severity] [#category] <what happened>`, the answers (`ack 42`), notes, close/reopen, status, legal hold, list, help.
 */
export const INCIDENT_COMMANDS: readonly CommandEntry[] = [
  entry('incident', (args, context) => (args.length ? parseRegistration(args, context) : { kind: 'incident.form' })),
  entry('list', (args, context) => ({ kind: 'incident.list', areaId: args.length ? requireArea(args.join(' '), context) : undefined })),
  entry('help', () => ({ kind: 'help' })),
  ...(['ack', 'responding', 'decline', 'note', 'close', 'reopen', 'status', 'hold', 'release'] as const)
    .map((word) => entry(word, (args) => parseIncidentAction(word, args))),
];

/** An incident reference argument: `missing_ref` when absent, `bad_ref` when it is not one. */
export function requireRef(text: string | undefined, command: string): IncidentSelector {
  if (!text) throw new CoreError('missing_ref', { command });
  const selector = parseIncidentRef(text);
  if (!selector) throw new CoreError('bad_ref', { ref: text.slice(0, 40) });
  return selector;
}

export function requireArea(text: string, context: ParseContext): string {
  const found = matchLeadingArea(context.directory, text.split(/\s+/));
  if (found && found.used === text.split(/\s+/).length) return found.area.id;
  throw unknownArea(text, context);
}

function unknownArea(typed: string, context: ParseContext): CoreError {
  const suggestions = suggestAreas(context.directory, typed, context.locale);
  return new CoreError('unknown_area', { area: typed.slice(0, 60), suggestions: suggestions.join(', ') });
}

/** `<area> [severity] [#category] <what happened> [känsligt: <details>]` */
function parseRegistration(args: string[], context: ParseContext): RegisterIncidentCommand {
  const { directory } = context;
  const found = matchLeadingArea(directory, args);
  if (!found) throw unknownArea(args[0], context);
  let rest = args.slice(found.used);
  let severity = directory.settings.defaultSeverity;
  if (rest[0] && /^\d+$/.test(rest[0])) {
    const level = Number(rest[0]);
    if (!directory.severity(level)) {
      throw new CoreError('unknown_severity', { severity: rest[0], levels: directory.severities.map((s) => s.level).join(', ') });
    }
    severity = level;
    rest = rest.slice(1);
  }
  let categoryId: string | undefined;
  if (rest[0]?.startsWith('#')) {
    categoryId = findCategory(directory, rest[0].slice(1));
    if (!categoryId) {
      throw new CoreError('unknown_category', { category: rest[0].slice(1, 40), categories: directory.allCategories().map((c) => c.id).join(', ') });
    }
    rest = rest.slice(1);
  }
  const [description, sensitiveDetails] = splitSensitive(rest.join(' '));
  return validateRegistration({
    kind: 'incident.register',
    areaId: found.area.id,
    severity,
    categoryId: categoryId ?? inferCategory(directory, description),
    description,
    sensitiveDetails,
  }, directory);
}

/** Checks the parts every registration needs, whichever way it arrived (text, form). */
export function validateRegistration(command: RegisterIncidentCommand, directory: Directory): RegisterIncidentCommand {
  const description = command.description.trim();
  if (!description) throw new CoreError('missing_description');
  const max = directory.settings.maxDescriptionLength;
  if (description.length > max) throw new CoreError('description_too_long', { length: description.length, max });
  const sensitive = command.sensitiveDetails?.trim() || undefined;
  if (sensitive && sensitive.length > max) throw new CoreError('description_too_long', { length: sensitive.length, max });
  return { ...command, description, sensitiveDetails: sensitive };
}

function splitSensitive(text: string): [string, string | undefined] {
  const match = SENSITIVE_MARKER.exec(` ${text}`);
  if (!match) return [text, undefined];
  const at = match.index - 1;
  return [text.slice(0, Math.max(0, at)).trim(), text.slice(at + match[0].length).trim() || undefined];
}

function findCategory(directory: Directory, typed: string): string | undefined {
  const needle = normalizeName(typed);
  return directory.allCategories().find((c) =>
    [c.id, c.name.sv, c.name.en, ...c.keywords].some((name) => normalizeName(name) === needle))?.id;
}

/** The first category whose keyword appears in the description; the configured default otherwise. */
function inferCategory(directory: Directory, description: string): string {
  const words = normalizeName(description);
  const hit = directory.allCategories().find((c) =>
    c.keywords.some((keyword) => new RegExp(`(^|[^a-z0-9])${escape(normalizeName(keyword))}`).test(words)));
  return hit?.id ?? directory.settings.defaultCategory;
}

const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
