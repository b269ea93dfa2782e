import type { PackCommand } from '../commands/command.types.ts';
import { verbTable, type CommandEntry, type ParseContext } from '../commands/parse-context.ts';
import { CoreError } from '../shared/core-error.ts';
import { parsePackArgs } from './pack-args.ts';
import { pt } from './pack.i18n.ts';

/** `[area] [week] [sv|en]`: the weekly pack (default: own first area, last week). */
function parseShow(args: string[], { directory, now, locale }: ParseContext): PackCommand {
  const { areaId, week, locale: l } = parsePackArgs(directory, args, now, locale, { week: true, schedule: false });
  return { kind: 'pack.show', areaId, week, locale: l };
}

/** `[area] <weekday> <HH:MM> [sv|en]`: the pack of the last week, every week on that day and time. */
function parseSubscribe(args: string[], { directory, now, locale }: ParseContext): PackCommand {
  const { areaId, weekday, time, locale: l } = parsePackArgs(directory, args, now, locale, { week: false, schedule: true });
  if (weekday === undefined || time === undefined) throw new CoreError('pack_weekday');
  return { kind: 'pack.subscribe', areaId, weekday, time, locale: l };
}

const verb = (name: string, words: string[], parse: CommandEntry['parse']): CommandEntry => ({ name: `pack.${name}`, words, parse });

/** The verbs of `pack`, Swedish and English. */
export const PACK_VERBS: readonly CommandEntry[] = [
  verb('subscribe', ['subscribe', 'prenumerera', 'bevaka'], parseSubscribe),
  verb('unsubscribe', ['unsubscribe', 'avprenumerera', 'avsluta', 'stop'], (args) => ({ kind: 'pack.unsubscribe', subscriptionId: args[0] })),
  verb('subscriptions', ['subscriptions', 'prenumerationer'], () => ({ kind: 'pack.subscriptions' })),
];

/** `/pack` (`/veckopaket`): the weekly pack on request, and supervisors' weekly sends of it. */
export const PACK_COMMAND: CommandEntry = {
  name: 'pack',
  words: ['pack', 'veckopaket', 'weekly-pack'],
  parse: verbTable(PACK_VERBS, parseShow),
  help: (locale) => pt('help.lines', locale).split('\n'),
};
