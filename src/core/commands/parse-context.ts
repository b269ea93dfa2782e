import type { Directory } from '../directory/directory.ts';
import { normalizeName } from '../directory/directory.ts';
import type { Locale } from '../shared/platform.types.ts';
import { CoreError } from '../shared/core-error.ts';
import type { Command } from './command.types.ts';

/** What parsing may look at: the directory (areas, agencies, people), the reader's language, the time, the sender. */
export interface ParseContext {
  directory: Directory;
  locale: Locale;
  /** Now, for words like `today` and `yesterday` (the core's clock, never the machine's). */
  now: Date;
  /** The sender's person id: what `me` / `jag` and a missing person mean. */
  selfId: string;
}

/** Turns the words after a command word into a Command, or throws CoreError with a code. */
export type ArgParser = (args: string[], context: ParseContext) => Command;

/** One row of a command table: the Swedish and English words (normalised) and how their arguments are read. */
export interface CommandEntry {
  /** A name for the row (tests and tables of contents), e.g. `shift.who`. */
  name: string;
  words: readonly string[];
  parse: ArgParser;
  /** Lines this row adds to `help`, in a language. */
  help?: (locale: Locale) => string[];
}

/** A word -> row lookup over a table. Two rows claiming one word is a programming error, caught at load. */
export function indexTable(entries: readonly CommandEntry[]): ReadonlyMap<string, CommandEntry> {
  const index = new Map<string, CommandEntry>();
  for (const entry of entries) {
    for (const word of entry.words) {
      if (index.has(word)) throw new Error(`command word "${word}" is claimed by ${index.get(word)!.name} and ${entry.name}`);
      index.set(word, entry);
    }
  }
  return index;
}

/**
 * A domain command (`shift`, `handover`, `digest`): its first argument picks a row of the verb table; without a known
 * verb, `fallback` reads all the arguments (e.g. `shift Järva` is `shift who Järva`).
 */
export function verbTable(entries: readonly CommandEntry[], fallback: ArgParser): ArgParser {
  const index = indexTable(entries);
  return (args, context) => {
    const entry = args[0] === undefined ? undefined : index.get(normalizeName(args[0]));
    return entry ? entry.parse(args.slice(1), context) : fallback(args, context);
  };
}

/** `Usage: <usage>` when a required argument is missing. */
export function usageError(usage: string): CoreError {
  return new CoreError('usage', { usage });
}

/** Longest free text accepted in notes, reasons, summaries and questions. */
export const MAX_NOTE_LENGTH = 2000;

/** Refuses free text past MAX_NOTE_LENGTH. */
export function checkTextLength(text: string): string {
  if (text.length > MAX_NOTE_LENGTH) throw new CoreError('text_too_long', { length: text.length, max: MAX_NOTE_LENGTH });
  return text;
}
