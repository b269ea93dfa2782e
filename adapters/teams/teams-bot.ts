import { randomUUID } from 'node:crypto';
import type { Activity, TurnContext } from 'botbuilder';
import type { InboundEvent } from '../../src/core/kernel/inbound-event.ts';
import type { CommandOutcome } from '../../src/core/kernel/command-outcome.ts';
import { toLocale, type Locale } from '../../src/core/shared/platform.types.ts';
import {
  activitySchema, commandText, localeOf, mentionsBot, rootConversationId, tenantOf, userIdOf, userTenantOf, type TeamsActivity,
} from './activity-schema.ts';
import { parseCardData, type CardSubmission } from './card-data.ts';
import { isPersonal, onConversationEvent, rememberConversation } from './conversation-events.ts';
import { onExecute } from './execute-handler.ts';
import { TEAMS_LOCALE, errorInvokeResponse, formActivity, messageActivity } from './outbound-activity.ts';
import { answerPrivately, splitAnswers } from './private-answers.ts';
import { teamsText } from './teams-texts.ts';
import type { TeamsDoorResult } from './teams-door.ts';
import type { TeamsBotDeps } from './teams-bot.deps.ts';

/** Set during a turn when Samband refuses the request as a whole (a tenant not on the allow-list). */
export interface TurnGate {
  rejected: boolean;
}

/**
 * One bot turn: checks the activity (zod) and its tenant, stores its conversation, and turns it into the core's
 * InboundEvent: typed commands, card buttons (Action.Execute invokes and Action.Submit messages) and the incident
 * form. Replies are the core's messages rendered as Adaptive Cards. No rule of the core lives here.
 */
export class TeamsBot {
  constructor(private readonly deps: TeamsBotDeps) {}

  async onTurn(context: TurnContext, gate: TurnGate): Promise<void> {
    const parsed = activitySchema.safeParse(context.activity);
    if (!parsed.success) {
      this.deps.log.log('warn', 'teams.activity_invalid', { issues: parsed.error.issues.slice(0, 3).map((i) => i.path.join('.')) });
      if (context.activity?.type === 'invoke') await context.sendActivity(errorInvokeResponse(400, 'invalid activity'));
      return;
    }
    const activity = parsed.data;
    const tenant = tenantOf(activity);
    if (this.deps.allowedTenants && !this.deps.allowedTenants.has(tenant.toLowerCase())) {
      gate.rejected = true;
      this.deps.log.log('warn', 'teams.tenant_rejected', { tenantId: tenant || null, type: activity.type });
      return;
    }
    try {
      await this.dispatch(context, activity);
    } catch (error) {
      this.deps.log.log('error', 'teams.turn_failed', { type: activity.type, error: (error as Error).message?.slice(0, 300) });
      await this.apologise(context, activity).catch(() => undefined);
    }
  }

  private async dispatch(context: TurnContext, activity: TeamsActivity): Promise<void> {
    // Before anything is answered or queued: a channel that just became shared must not get details in this turn.
    await this.deps.rooms?.observe(activity);
    switch (activity.type) {
      case 'message':
        await rememberConversation(this.deps, activity);
        if (activity.value !== undefined && activity.value !== null && typeof activity.value === 'object') {
          return this.onSubmit(context, activity, parseCardData(activity.value));
        }
        return this.onText(context, activity);
      case 'invoke':
        // Teams waits for an invoke's answer (about 5 s): storing the conversation counts against the same budget.
        if (activity.name !== 'adaptiveCard/action') return rememberConversation(this.deps, activity);
        await context.sendActivity(await onExecute(
          this.deps, activity, (input, locale) => this.submit(activity, input, locale), () => rememberConversation(this.deps, activity),
          async (message) => { await context.sendActivity(message); },
        ));
        return;
      case 'conversationUpdate':
      case 'installationUpdate':
        return onConversationEvent(this.deps, context, activity, this.locale(activity));
      default:
        return;
    }
  }

  private async onText(context: TurnContext, activity: TeamsActivity): Promise<void> {
    // In channels and group chats Teams delivers messages that @mention the bot; anything else is not a command.
    if (!isPersonal(activity) && !mentionsBot(activity)) return;
    const result = await this.submit(activity, { type: 'text', text: commandText(activity) });
    if (result.kind === 'done') await this.reply(context, activity, result.outcome);
    else await this.received(context, activity, result);
  }

  /** Stores the activity in the inbox and runs it through the core (see TeamsDoor), in `locale` if given. */
  submit(activity: TeamsActivity, input: InboundEvent['input'], locale?: string): Promise<TeamsDoorResult> {
    // In a channel or group chat, a request run later must still answer its details to the asker alone.
    const room = isPersonal(activity) ? undefined : { askerAad: activity.from.aadObjectId };
    return this.deps.door.submit(this.event(activity, input, locale), rootConversationId(activity.conversation.id), room);
  }

  /** An activity kept for later (or a repeat of one taken): the person hears it is received, nothing more. */
  private async received(context: TurnContext, activity: TeamsActivity, result: Exclude<TeamsDoorResult, { kind: 'done' }>): Promise<void> {
    if (result.kind === 'duplicate') return;
    await context.sendActivity(teamsText(result.spooled ? 'received.spooled' : 'received.later', this.locale(activity)));
  }

  /** Action.Submit: the card's data arrives as a message `value`. Answers in the conversation; cards update via the outbox. */
  private async onSubmit(context: TurnContext, activity: TeamsActivity, submission: CardSubmission): Promise<void> {
    const input: InboundEvent['input'] = submission.kind === 'form'
      ? { type: 'form', values: submission.values }
      : submission.kind === 'action'
        ? { type: 'action', value: submission.payload, reason: submission.reason }
        : { type: 'action', value: submission.value };
    // A button on a Samband card answers in the card's language, so one conversation does not mix two for one card.
    const card = submission.kind === 'action' && activity.replyToId ? await this.deps.cards.currentMessage(tenantOf(activity), activity.replyToId) : undefined;
    const result = await this.submit(activity, input, card ? TEAMS_LOCALE[card.locale] : undefined);
    if (result.kind !== 'done') return this.received(context, activity, result);
    const { outcome } = result;
    const shown = await this.reply(context, activity, outcome);
    // A submitted form turns into its confirmation (in a room: the pointer to it), so it cannot be sent twice.
    const confirmation = shown[0];
    if (submission.kind === 'form' && outcome.changed && confirmation && activity.replyToId) {
      const update = { ...messageActivity(confirmation), id: activity.replyToId } as Partial<Activity>;
      await context.updateActivity(update).catch((error: Error) => {
        this.deps.log.log('warn', 'teams.form_update_failed', { error: error.message?.slice(0, 200) });
      });
    }
  }

  /**
   * Answers in the conversation. In a channel or group chat, answers with incident details go to the asker's
   * personal chat and the room gets a pointer in their place. Returns the messages shown in the conversation.
   */
  private async reply(context: TurnContext, activity: TeamsActivity, outcome: CommandOutcome): Promise<CommandOutcome['replies']> {
    const { inRoom, toAsker } = splitAnswers(activity, outcome.replies);
    const shown = toAsker.length ? [await answerPrivately(this.deps.personalChats, this.deps.log, activity, toAsker), ...inRoom] : inRoom;
    const activities = shown.map((message) => messageActivity(message));
    if (outcome.form) activities.push(formActivity(outcome.form));
    if (activities.length) await context.sendActivities(activities);
    return shown;
  }

  private event(activity: TeamsActivity, input: InboundEvent['input'], locale?: string): InboundEvent & { requestKey: string } {
    const conversation = rootConversationId(activity.conversation.id);
    const requestId = activity.id ?? randomUUID();
    return {
      platform: 'teams',
      // A member of another organisation in a shared channel is configured under their home tenant.
      workspace: userTenantOf(activity),
      userId: userIdOf(activity),
      locale: locale ?? localeOf(activity),
      requestId,
      // An activity without an id (never from Teams itself) cannot be recognised when repeated: a key of its own.
      requestKey: `teams:${conversation}:${requestId}`,
      input,
    };
  }

  private locale(activity: TeamsActivity): Locale {
    return toLocale(localeOf(activity), this.deps.fallbackLocale);
  }

  private async apologise(context: TurnContext, activity: TeamsActivity): Promise<void> {
    const text = teamsText('error.turn', this.locale(activity));
    if (activity.type === 'invoke') await context.sendActivity(errorInvokeResponse(500, text));
    else if (activity.type === 'message') await context.sendActivity(text);
  }
}
