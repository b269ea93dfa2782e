import type { Actor } from '../kernel/actor.ts';
import type { CommandOutcome } from '../kernel/command-outcome.ts';
import { agencyName } from '../messages/incident-message.ts';
import { formatLocalTime } from '../messages/format-time.ts';
import { t } from '../messages/i18n.ts';
import { plainMessage } from '../messages/incident-message.ts';
import type { ActionStore } from './action.port.ts';
import { formatActionRef } from './action.types.ts';
import { actionStateText } from './action-message.ts';
import { actionOverdueNow } from './action-figures.ts';
import { at } from './action.i18n.ts';

/**
 * Adds the incident's actions to a `status` answer: one line each (reference, agency, text, due time, state). The
 * answer is a reply to a person who may see the incident, so the text shows (erased incidents show that instead).
 * Nothing is added when the incident has no actions.
 */
export async function withActions(deps: { actions: ActionStore; clock: { now(): Date } }, actor: Actor, outcome: CommandOutcome): Promise<CommandOutcome> {
  const incident = outcome.incident;
  if (!incident) return outcome;
  const actions = await deps.actions.forIncident(incident.id);
  if (actions.length === 0) return outcome;
  const { directory, locale } = actor;
  const tz = directory.settings.timeZone;
  const now = deps.clock.now();
  const message = plainMessage(locale, 'info', at('list.title', locale, { ref: incident.ref }), undefined, incident.ref);
  message.facts = actions.map((action) => {
    const overdue = actionOverdueNow(action, now);
    const due = action.dueAt ? ` · ${at('fact.due', locale)} ${formatLocalTime(action.dueAt, tz)}` : '';
    const text = incident.erasedAt ? t('text.erased', locale) : action.text;
    return {
      label: `${formatActionRef(incident.ref, action.seq)} ${agencyName(directory, action.agencyId, locale)}`,
      value: `${text}${due}\n${actionStateText(directory, action, locale)}${overdue ? ` (${at('state.overdue', locale)})` : ''}`,
    };
  });
  message.fallback = message.facts.map((f) => f.label).join(', ');
  return { ...outcome, replies: [...outcome.replies, message] };
}
