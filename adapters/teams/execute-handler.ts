import type { Activity } from 'botbuilder';
import type { InboundEvent } from '../../src/core/kernel/inbound-event.ts';
import type { OutboundMessage } from '../../src/core/messages/outbound.types.ts';
import { toLocale } from '../../src/core/shared/platform.types.ts';
import { executeValueSchema, localeOf, tenantOf, type TeamsActivity } from './activity-schema.ts';
import { parseCardData } from './card-data.ts';
import { renderMessageCard, type CardNotice } from './card-render.ts';
import { renderFormCard } from './form-render.ts';
import { TEAMS_LOCALE, cardInvokeResponse, errorInvokeResponse, messageActivity, messageInvokeResponse } from './outbound-activity.ts';
import { answerPrivately, splitAnswers } from './private-answers.ts';
import type { TeamsBotDeps } from './teams-bot.deps.ts';
import { teamsText } from './teams-texts.ts';
import type { TeamsDoorResult } from './teams-door.ts';

/** Stores the press in the inbox and runs it through the core, in `locale` when the card has a language of its own. */
type Submit = (input: InboundEvent['input'], locale?: string) => Promise<TeamsDoorResult>;
/** Sends a message into the conversation of the press (a reply to it), during the turn. */
type Say = (activity: Partial<Activity>) => Promise<void>;

/**
 * An Action.Execute press (`adaptiveCard/action` invoke). Teams waits for the answer and replaces the card with the
 * card it gets back, so the answer is the refreshed card: the newest version the core queued for that message. The
 * presser's result is a short message of its own in the same conversation, so it stays when the outbox then updates
 * the card for everyone (an update replaces the whole card, notice and all). A refusal changes nothing and causes no
 * update: it stays on the card, on top. A press on a Samband card runs in the card's language, so the card and the
 * answer to it never mix two. If the core takes longer than the budget, Teams gets a short "received" message and
 * the outbox update follows.
 */
export async function onExecute(
  deps: TeamsBotDeps, activity: TeamsActivity, submit: Submit, first: () => Promise<void>, say: Say,
): Promise<Partial<Activity>> {
  const value = executeValueSchema.safeParse(activity.value);
  if (!value.success) return errorInvokeResponse(400, 'not an Action.Execute');
  const locale = toLocale(localeOf(activity), deps.fallbackLocale);
  const work = first().then(() => answer(deps, activity, parseCardData(value.data.action.data), submit, say));
  return withBudget(work, deps.invokeBudgetMs, () => messageInvokeResponse(teamsText('invoke.working', locale)), (error) => {
    deps.log.log('error', 'teams.invoke_late_failure', { error: error.message?.slice(0, 300) });
  });
}

async function answer(
  deps: TeamsBotDeps, activity: TeamsActivity, submission: ReturnType<typeof parseCardData>, submit: Submit, say: Say,
): Promise<Partial<Activity>> {
  const current = submission.kind === 'action' ? await currentCard(deps, activity) : undefined;
  const cardLocale = current ? TEAMS_LOCALE[current.locale] : undefined;
  const locale = current?.locale ?? toLocale(localeOf(activity), deps.fallbackLocale);
  const run = async (input: InboundEvent['input']) => {
    const result = await submit(input, cardLocale);
    if (result.kind === 'done') return result.outcome;
    // Kept for later or already taken: the card stays as it is; the outbox updates it once the press has run.
    const text = result.kind === 'duplicate' ? teamsText('invoke.working', locale) : teamsText(result.spooled ? 'received.spooled' : 'received.later', locale);
    return messageInvokeResponse(text);
  };
  if (submission.kind === 'form') {
    const outcome = await run({ type: 'form', values: submission.values });
    if (!('replies' in outcome)) return outcome;
    const reply = outcome.replies[0];
    if (reply && reply.tone === 'error') {
      // The form comes back with what the person typed and what is wrong, so nothing has to be typed again.
      const form = await deps.service.form(reply.locale);
      return cardInvokeResponse(renderFormCard(form, submission.values, noticeOf(reply)));
    }
    if (outcome.form) return cardInvokeResponse(renderFormCard(outcome.form, submission.values));
    if (!reply) return messageInvokeResponse('');
    // The form turns into its confirmation for everyone in the conversation: in a room, into the pointer to it.
    const { toAsker } = splitAnswers(activity, [reply]);
    const shown = toAsker.length ? await answerPrivately(deps.personalChats, deps.log, activity, toAsker) : reply;
    return cardInvokeResponse(renderMessageCard(shown));
  }
  const input: InboundEvent['input'] = submission.kind === 'action'
    ? { type: 'action', value: submission.payload, reason: submission.reason }
    : { type: 'action', value: submission.value };
  const outcome = await run(input);
  if (!('replies' in outcome)) return outcome;
  const reply = outcome.replies[0];
  if (current) {
    // The card as it is now (the press has changed it, or not).
    const refreshed = await currentCard(deps, activity) ?? current;
    if (!reply || reply.tone === 'error') return cardInvokeResponse(renderMessageCard(refreshed, reply ? noticeOf(reply) : undefined));
    await say(messageActivity(reply));
    return cardInvokeResponse(renderMessageCard(refreshed));
  }
  if (reply && submission.kind === 'action' && reply.tone !== 'error') return cardInvokeResponse(renderMessageCard(reply));
  return messageInvokeResponse(reply ? textOf(reply) : '');
}

/** The message the card shows now, looked up by the card's activity id (Teams sends it in two forms). */
async function currentCard(deps: TeamsBotDeps, activity: TeamsActivity): Promise<OutboundMessage | undefined> {
  const tenant = tenantOf(activity);
  for (const id of [activity.replyToId, activity.channelData?.legacy?.replyToId]) {
    if (!id) continue;
    const found = await deps.cards.currentMessage(tenant, id);
    if (found) return found;
  }
  return undefined;
}

function noticeOf(message: OutboundMessage): CardNotice {
  return { tone: message.tone, text: textOf(message) };
}

function textOf(message: OutboundMessage): string {
  return message.text ? `${message.title} ${message.text}` : message.title;
}

/** Resolves with `work`, or with `late()` once `ms` have passed; a failure after that is only logged. */
export function withBudget<T>(work: Promise<T>, ms: number, late: () => T, onLateError: (error: Error) => void): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  let settled = false;
  const timeout = new Promise<T>((resolve) => {
    timer = setTimeout(() => {
      if (settled) return;
      settled = true;
      work.catch(onLateError);
      resolve(late());
    }, ms);
  });
  const done = work.then((value) => {
    settled = true;
    return value;
  }, (error: unknown) => {
    if (settled) return new Promise<T>(() => undefined);
    settled = true;
    throw error;
  });
  return Promise.race([done, timeout]).finally(() => clearTimeout(timer));
}
