import type { DigestCommand } from '../commands/command.types.ts';
import { verbTable, type CommandEntry, type ParseContext } from '../commands/parse-context.ts';
import { parseDigestArgs } from './digest-args.ts';
import { dt } from './digest.i18n.ts';

/** `[date] [area|agency ...] [sv|en]`: a day's digest (default yesterday). */
function parseShow(args: string[], { directory, now }: ParseContext): DigestCommand {
  const { date, areaIds, agencyIds, locale } = parseDigestArgs(directory, args, now, false);
  return { kind: 'digest.show', date, areaIds, agencyIds, locale };
}

/** `[area|agency ...] [HH:MM] [sv|en]`: a daily digest at a local time. */
function parseSubscribe(args: string[], { directory, now }: ParseContext): DigestCommand {
  const { areaIds, agencyIds, time, locale } = parseDigestArgs(directory, args, now, true);
  return { kind: 'digest.subscribe', areaIds, agencyIds, time, locale };
}

const verb = (name: string, words: string[], parse: CommandEntry['parse']): CommandEntry => ({ name: `digest.${name}`, words, parse });

/** The verbs of `digest`, Swedish and English. */
export const DIGEST_VERBS: readonly CommandEntry[] = [
  verb('subscribe', ['subscribe', 'prenumerera', 'bevaka'], parseSubscribe),
  verb('unsubscribe', ['unsubscribe', 'avprenumerera', 'avsluta', 'stop'], (args) => ({ kind: 'digest.unsubscribe', subscriptionId: args[0] })),
  verb('subscriptions', ['subscriptions', 'prenumerationer'], () => ({ kind: 'digest.subscriptions' })),
];

/** `/digest` (`/sammanfattning`): a day's digest on demand, and supervisors' subscriptions to the daily send. */
export const DIGEST_COMMAND: CommandEntry = {
  name: 'digest',
  words: ['digest', 'sammanfattning', 'dygnsrapport', 'dygnssammanfattning'],
  parse: verbTable(DIGEST_VERBS, parseShow),
  help: (locale) => dt('help.lines', locale).split('\n'),
};
