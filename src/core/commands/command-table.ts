import type { Locale } from '../shared/platform.types.ts';
import { indexTable, type CommandEntry } from './parse-context.ts';
import { INCIDENT_COMMANDS } from './incident.parser.ts';
import { SHIFT_COMMAND } from '../shift/shift.parser.ts';
import { HANDOVER_COMMAND } from '../handover/handover.parser.ts';
import { DIGEST_COMMAND } from '../digest/digest.parser.ts';
import { PACK_COMMAND } from '../pack/pack.parser.ts';
import { LEAD_COMMANDS } from '../incident/lead-commands.parser.ts';
// Agency actions (issue 13)
import { ACTION_COMMAND } from '../action/action.parser.ts';

/**
 * The one table of command words: every first word a person may type, Swedish and English, with the parser of its
 * arguments. Incident commands are words of their own (`ack 42`); shift, handover and digest commands are a word
 * and a verb (`shift swap ...`), read by the verb tables of their domains.
 */
export const COMMAND_TABLE: readonly CommandEntry[] = [...INCIDENT_COMMANDS, SHIFT_COMMAND, HANDOVER_COMMAND, DIGEST_COMMAND,
  PACK_COMMAND,
  ...LEAD_COMMANDS,
  // Agency actions (issue 13)
  ACTION_COMMAND,
];

const INDEX = indexTable(COMMAND_TABLE);

/** The row a normalised first word names, if any. */
export function commandEntry(normalizedWord: string): CommandEntry | undefined {
  return INDEX.get(normalizedWord);
}

/** The lines the domains add to `help`, in table order. */
export function domainHelpLines(locale: Locale): string[] {
  return COMMAND_TABLE.flatMap((entry) => entry.help?.(locale) ?? []);
}
