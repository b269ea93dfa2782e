import type { CommandExtension } from '../commands/command-extension.ts';
import { subcommand, withExtensionErrors } from '../shift/texts.ts';
import { CoreError } from '../shared/core-error.ts';
import type { HandoverContext } from './handover-context.ts';
import { sendHandover } from './send-handover.service.ts';
import { acceptHandover } from './accept-handover.service.ts';
import { incidentShiftTimeline, listHandovers } from './handover-queries.service.ts';
import { ht } from './handover.i18n.ts';

type HandoverVerb = 'accept' | 'questions' | 'list' | 'timeline';

const VERBS: Record<string, HandoverVerb> = {
  accept: 'accept', acceptera: 'accept', 'ta-emot': 'accept', mottag: 'accept', godkann: 'accept',
  questions: 'questions', fragor: 'questions',
  list: 'list', lista: 'list', status: 'list',
  timeline: 'timeline', tidslinje: 'timeline', history: 'timeline', historik: 'timeline',
};

/**
 * `/handover` (`/överlämning`): the outgoing shift's note (draft, or sent with a summary), the incoming shift's
 * accept (buttons `ext.handover.accept` / `ext.handover.questions`, or typed), the latest handovers, and the shifts
 * that held an incident.
 */
export function handoverExtension(ctx: HandoverContext): CommandExtension {
  return {
    words: { handover: 'ext.handover', overlamning: 'ext.handover', overlamna: 'ext.handover', 'lamna-over': 'ext.handover' },
    helpLines: (locale) => ht('help.lines', locale).split('\n'),
    handle: (deps, actor, command) => withExtensionErrors(actor.locale, async () => {
      const verb = subcommand(VERBS, command.args[0]);
      switch (verb) {
        case 'accept':
          return acceptHandover(deps, ctx, actor, command.args[1], command.action?.reason ?? command.args.slice(2).join(' '));
        case 'questions': {
          const questions = command.action?.reason ?? command.args.slice(2).join(' ');
          if (!questions.trim()) throw new CoreError('missing_text', { ref: command.args[1] ?? '' });
          return acceptHandover(deps, ctx, actor, command.args[1], questions);
        }
        case 'list':
          return listHandovers(ctx, actor);
        case 'timeline':
          return incidentShiftTimeline(deps, ctx, actor, command.args[1]);
        default:
          return sendHandover(deps, ctx, actor, command.args);
      }
    }),
  };
}
