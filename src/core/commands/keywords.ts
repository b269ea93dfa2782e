/** Swedish and English words of the incident commands, normalised (no diacritics, lower case): typed words are normalised before they are looked up in the command table. */
export const COMMAND_WORDS = {
  incident: ['incident', 'handelse', 'hendelse', 'rapport', 'report'],
  ack: ['ack', 'acknowledge', 'kvittera', 'kvitt'],
  responding: ['responding', 'respond', 'pavag', 'pa-vag', 'agerar'],
  decline: ['decline', 'avboj', 'notours', 'inte-var'],
  note: ['note', 'notera', 'anteckna', 'anteckning'],
  close: ['close', 'stang', 'avsluta'],
  reopen: ['reopen', 'ateroppna', 'oppna'],
  status: ['status', 'lage'],
  hold: ['hold', 'bevara', 'legalhold'],
  release: ['release', 'slapp', 'frislapp'],
  list: ['list', 'lista', 'open', 'oppna-arenden'],
  help: ['help', 'hjalp', '?'],
} as const;

export type CommandWord = keyof typeof COMMAND_WORDS;

const lookup = new Map<string, CommandWord>(
  Object.entries(COMMAND_WORDS).flatMap(([kind, words]) => words.map((w) => [w, kind as CommandWord] as const)),
);

/** The command a normalised word names, if any. */
export function commandWord(normalizedWord: string): CommandWord | undefined {
  return lookup.get(normalizedWord);
}
