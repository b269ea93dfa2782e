import type { Command } from './command.types.ts';
import { commandEntry } from './command-table.ts';
import { normalizeName } from '../directory/directory.ts';
import { CoreError } from '../shared/core-error.ts';
import { assertNoControlCharacters } from './control-characters.ts';
import type { ParseContext } from './parse-context.ts';

export type { ParseContext } from './parse-context.ts';

/**
 * Turns chat text into a Command through the one command table (command-table.ts). Accepts `/incident ...`,
 * `incident ack 42`, `ack 42`, `shift who Järva` and the Swedish words. Throws CoreError with a code the user gets
 * explained in their language; never guesses an area. Text with control characters (NUL and the like) is refused
 * before anything else: every surface's input passes through here or parse-submission.ts, so this is the one place
 * that keeps such bytes out of the database.
 */
export function parseCommand(text: string, context: ParseContext): Command {
  assertNoControlCharacters(text);
  const words = text.trim().replace(/^\//, '').split(/\s+/).filter(Boolean);
  if (words.length === 0) return { kind: 'help' };
  const entry = commandEntry(normalizeName(words[0]));
  if (!entry) throw new CoreError('unknown_command', { word: words[0].slice(0, 40) });
  // `/incident` is the slash command of every surface: `incident ack 42` and `incident shift` mean `ack 42`, `shift`.
  if (entry.name === 'incident' && words[1]) {
    const inner = commandEntry(normalizeName(words[1]));
    if (inner && inner !== entry) return inner.parse(words.slice(2), context);
  }
  return entry.parse(words.slice(1), context);
}
