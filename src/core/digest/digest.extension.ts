import type { CommandExtension } from '../commands/command-extension.ts';
import { subcommand, withExtensionErrors } from '../shift/texts.ts';
import { digestOnDemand, listSubscriptions, subscribeDigest, unsubscribeDigest, type DigestContext } from './digest.service.ts';
import { dt } from './digest.i18n.ts';

type DigestVerb = 'subscribe' | 'unsubscribe' | 'subscriptions';

const VERBS: Record<string, DigestVerb> = {
  subscribe: 'subscribe', prenumerera: 'subscribe', bevaka: 'subscribe',
  unsubscribe: 'unsubscribe', avprenumerera: 'unsubscribe', avsluta: 'unsubscribe', stop: 'unsubscribe',
  subscriptions: 'subscriptions', prenumerationer: 'subscriptions',
};

/** `/digest` (`/sammanfattning`): a day's digest on demand, and supervisors' subscriptions to the daily send. */
export function digestExtension(ctx: DigestContext): CommandExtension {
  return {
    words: { digest: 'ext.digest', sammanfattning: 'ext.digest', dygnsrapport: 'ext.digest', dygnssammanfattning: 'ext.digest' },
    helpLines: (locale) => dt('help.lines', locale).split('\n'),
    handle: (deps, actor, command) => withExtensionErrors(actor.locale, async () => {
      const verb = subcommand(VERBS, command.args[0]);
      const rest = command.args.slice(1);
      switch (verb) {
        case 'subscribe':
          return subscribeDigest(deps, ctx, actor, rest);
        case 'unsubscribe':
          return unsubscribeDigest(deps, ctx, actor, rest);
        case 'subscriptions':
          return listSubscriptions(ctx, actor);
        default:
          return digestOnDemand(deps, ctx, actor, command.args);
      }
    }),
  };
}
