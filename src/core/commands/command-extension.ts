import type { Actor, CoordinationDeps } from '../coordination/coordination.deps.ts';
import type { CommandOutcome } from '../coordination/command-outcome.ts';
import type { ExtensionCommand } from './command.types.ts';
import type { Locale } from '../shared/platform.types.ts';

/**
 * Commands of a later domain (shifts, handover, digests) plugged into the same parser and dispatcher. The
 * extension owns its words and its use cases; the core only routes to it.
 */
export interface CommandExtension {
  /** Normalised words (no diacritics, lower case) mapped to the `ext.*` kind they start. */
  words: Record<string, `ext.${string}`>;
  /** Lines added to `help`. */
  helpLines(locale: Locale): string[];
  /** Runs a command of this extension. Throws CoreError for bad input. */
  handle(deps: CoordinationDeps, actor: Actor, command: ExtensionCommand): Promise<CommandOutcome>;
}
