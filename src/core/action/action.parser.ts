import type { ActionCommand, IncidentSelector } from '../commands/command.types.ts';
import { requireRef } from '../commands/incident.parser.ts';
import { checkTextLength, usageError, verbTable, type CommandEntry, type ParseContext } from '../commands/parse-context.ts';
import { normalizeName } from '../directory/directory.ts';
import { matchAgency, unknownAgency } from '../commands/agency-match.ts';
import { CoreError } from '../shared/core-error.ts';
import { parseClock, wallTime } from '../shift/local-time.ts';
import { parseDateWord } from '../shift/shift-args.ts';
import { parseActionRef, type ActionSelector } from './action.types.ts';
import { at } from './action.i18n.ts';

/** Words that start the due date at the end of a proposal. */
const DUE_WORDS = new Set(['due', 'senast']);
/** A word after `due` that is meant as a date: it starts with a digit, or is a day word. */
const DATE_LIKE = /^(\d|today|idag|i-dag|tomorrow|imorgon|i-morgon|yesterday|igar|i-gar)/;

/** `<no>/<seq>`: `usage` when absent, `bad_action_ref` when it is not one. */
function requireActionRef(text: string | undefined, usage: string): ActionSelector {
  if (!text) throw usageError(usage);
  const selector = parseActionRef(text);
  if (!selector) throw new CoreError('bad_action_ref', { ref: text.slice(0, 40) });
  return selector;
}

/**
 * The due date at the end of a proposal: `due <date> [hh:mm]` / `senast <datum> [hh:mm]`. A date alone means the end
 * of that local day. A due word with more than two words after it, or no date-like word, is part of the text.
 */
function splitDue(words: string[], context: ParseContext): { text: string[]; dueAt?: Date } {
  const index = words.findLastIndex((w) => DUE_WORDS.has(normalizeName(w)));
  const tail = index < 0 ? [] : words.slice(index + 1);
  // `due to the risk` is text; `due 2026-13-45` is a date typed wrong.
  if (index < 0 || tail.length === 0 || tail.length > 2 || !DATE_LIKE.test(normalizeName(tail[0]))) return { text: words };
  const tz = context.directory.settings.timeZone;
  const date = parseDateWord(tail[0], context.now, tz);
  if (!date) throw new CoreError('bad_date', { date: tail.join(' ').slice(0, 40) });
  const clock = tail[1] === undefined ? '23:59' : parseClock(tail[1]);
  if (!clock) throw new CoreError('bad_time', { time: tail[1].slice(0, 20) });
  return { text: words.slice(0, index), dueAt: wallTime(date, clock, tz) };
}

/** What follows the incident number of a proposal: `<agency> <text> [due <date>]`. */
function proposal(incident: IncidentSelector, words: string[], usage: string, context: ParseContext): ActionCommand {
  if (words.length === 0) throw usageError(usage);
  const found = matchAgency(context.directory, words);
  if (!found) throw unknownAgency(context.directory, words[0]);
  const { text, dueAt } = splitDue(words.slice(found.used), context);
  const body = checkTextLength(text.join(' ').trim());
  if (!body) throw usageError(usage);
  return { kind: 'action.propose', incident, agencyId: found.agency.id, text: body, dueAt };
}

/** `action <no> <agency> <text> [due <date>]`. */
function parsePropose(args: string[], context: ParseContext): ActionCommand {
  const usage = at('usage.propose', context.locale);
  if (args.length === 0) throw usageError(usage);
  return proposal(requireRef(args[0], 'action'), args.slice(1), usage, context);
}

/**
 * The "Propose action" form on an incident card: its field is read exactly like the rest of a typed proposal, so a
 * button, a form and a command make the same `action.propose`.
 */
export function parseProposalForm(incident: IncidentSelector, typed: string, context: ParseContext): ActionCommand {
  return proposal(incident, typed.trim().split(/\s+/).filter(Boolean), at('usage.form', context.locale), context);
}

const verb = (name: string, words: string[], parse: CommandEntry['parse']): CommandEntry => ({ name: `action.${name}`, words, parse });

/** The verbs of `action`, Swedish and English; anything else is a proposal. */
export const ACTION_VERBS: readonly CommandEntry[] = [
  verb('accept', ['accept', 'acceptera', 'godta'], (args, context) => ({ kind: 'action.accept', action: requireActionRef(args[0], at('usage.accept', context.locale)) })),
  verb('decline', ['decline', 'avboj', 'reject'], (args, context) => {
    const action = requireActionRef(args[0], at('usage.decline', context.locale));
    const reason = checkTextLength(args.slice(1).join(' ').trim());
    if (!reason) throw new CoreError('missing_action_reason', { ref: action.text });
    return { kind: 'action.decline', action, reason };
  }),
  verb('done', ['done', 'klar', 'klart', 'finished'], (args, context) => {
    const action = requireActionRef(args[0], at('usage.done', context.locale));
    const note = checkTextLength(args.slice(1).join(' ').trim());
    return { kind: 'action.done', action, note: note || undefined };
  }),
];

/** `/action` (`/åtgärd`): propose an action for an agency, and the agency's answers. */
export const ACTION_COMMAND: CommandEntry = {
  name: 'action',
  words: ['action', 'atgard'],
  parse: verbTable(ACTION_VERBS, parsePropose),
  help: (locale) => at('help.lines', locale).split('\n'),
};
