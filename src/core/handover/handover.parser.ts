import type { HandoverCommand } from '../commands/command.types.ts';
import { requireRef } from '../commands/incident.parser.ts';
import { checkTextLength, verbTable, type CommandEntry } from '../commands/parse-context.ts';
import { CoreError } from '../shared/core-error.ts';
import { ht } from './handover.i18n.ts';

/** `accept <HO-nr> [questions]`; `questions <HO-nr> <questions>` needs the questions. */
function parseAccept(args: string[], questionsRequired: boolean): HandoverCommand {
  const questions = checkTextLength(args.slice(1).join(' ').trim());
  if (questionsRequired && !questions) throw new CoreError('missing_text', { ref: args[0] ?? '' });
  return { kind: 'handover.accept', handover: args[0] ?? '', questions: questions || undefined };
}

const verb = (name: string, words: string[], parse: CommandEntry['parse']): CommandEntry => ({ name: `handover.${name}`, words, parse });

/** The verbs of `handover`, Swedish and English. */
export const HANDOVER_VERBS: readonly CommandEntry[] = [
  verb('accept', ['accept', 'acceptera', 'ta-emot', 'mottag', 'godkann'], (args) => parseAccept(args, false)),
  verb('questions', ['questions', 'fragor'], (args) => parseAccept(args, true)),
  verb('list', ['list', 'lista', 'status'], () => ({ kind: 'handover.list' })),
  verb('timeline', ['timeline', 'tidslinje', 'history', 'historik'], (args) => ({ kind: 'handover.timeline', incident: requireRef(args[0], 'handover timeline') })),
];

/**
 * `/handover` (`/överlämning`): the outgoing shift's note (draft, or sent with a summary; the default), the incoming
 * shift's accept (typed, or the note's buttons), the latest handovers, and the shifts that held an incident.
 */
export const HANDOVER_COMMAND: CommandEntry = {
  name: 'handover',
  words: ['handover', 'overlamning', 'overlamna', 'lamna-over'],
  parse: verbTable(HANDOVER_VERBS, (args) => ({ kind: 'handover.send', text: checkTextLength(args.join(' ').trim()) })),
  help: (locale) => ht('help.lines', locale).split('\n'),
};
