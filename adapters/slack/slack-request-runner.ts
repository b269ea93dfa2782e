import type { webApi } from '@slack/bolt';
import type { InboundEvent } from '../../src/core/kernel/inbound-event.ts';
import type { CommandOutcome } from '../../src/core/kernel/command-outcome.ts';
import type { SambandCore } from '../../src/core/kernel/samband-core.port.ts';
import type { OutboundMessage } from '../../src/core/messages/outbound.types.ts';
import type { Locale } from '../../src/core/shared/platform.types.ts';
import { toInboundEvent, type SlackRequest } from './slack-inbound.ts';
import type { SlackPeople } from './slack-people.ts';
import type { SlackReplies } from './slack-replies.ts';
import { incidentFormView, reasonView } from './render-modals.ts';
import { slackText, type SlackTextKey } from './slack-texts.ts';
import type { Logger } from '../../src/core/kernel/logger.port.ts';
import type { ButtonValue } from './button-value.ts';
import type { InboxAttempt } from '../../src/core/ports/request-inbox.port.ts';

export interface SlackRequestRunnerOptions {
  core: SambandCore;
  people: SlackPeople;
  replies: SlackReplies;
  /** Client for modal calls (views.open), per token. */
  client(token: string): webApi.WebClient;
  logger: Logger;
}

/**
 * Runs one translated Slack request through the core (after the ack) and shows the outcome: the replies to the
 * person who asked, and the incident form as a modal when the core asks for it. Nothing is decided here.
 */
export class SlackRequestRunner {
  constructor(private readonly options: SlackRequestRunnerOptions) {}

  /**
   * Runs the request. A failure of the core (the database gone, a bug) is thrown back to the inbox, which runs the
   * request again later; only on the inbox's last attempt is the person told it failed.
   */
  async run(request: SlackRequest, attempt: Pick<InboxAttempt, 'last'> = { last: true }): Promise<void> {
    const { core, people, replies, logger } = this.options;
    const resolved = await people.resolve(request.sender);
    let outcome: CommandOutcome;
    try {
      outcome = await core.handle(toInboundEvent(request, resolved));
    } catch (error) {
      logger.log('error', 'slack.core_failed', { error: (error as Error).message, input: request.input.type, last: attempt.last });
      if (!attempt.last) throw error;
      await replies.send(request.reply, request.sender.botToken, [adapterMessage(resolved.language, 'error.failed')]);
      return;
    }
    if (outcome.form) {
      const opened = await this.openModal(request, () => incidentFormView(outcome.form!, JSON.stringify({ ...request.origin, l: outcome.form!.locale })));
      if (!opened) outcome.replies.push(adapterMessage(outcome.form.locale, 'error.form'));
    }
    if (outcome.replies.length) await replies.send(request.reply, request.sender.botToken, outcome.replies);
  }

  /**
   * "Not ours": asks for the reason in a modal that remembers the button's payload and where to answer. No core call
   * yet; the submission carries both to the core.
   */
  async askReason(request: SlackRequest, value: ButtonValue, buttonText: string): Promise<void> {
    const reason = value.n ?? { label: buttonText, placeholder: '' };
    const metadata = JSON.stringify({ ...request.origin, l: value.l, p: value.p });
    const opened = await this.openModal(request, () => reasonView({
      locale: value.l, title: buttonText, label: reason.label, placeholder: reason.placeholder, privateMetadata: metadata,
    }));
    if (!opened) await this.options.replies.send(request.reply, request.sender.botToken, [adapterMessage(value.l, 'error.form')]);
  }

  /** Tells the person their request is kept on disk until the database is back (nothing reached the core yet). */
  async spooled(request: SlackRequest): Promise<void> {
    await this.options.replies.send(request.reply, request.sender.botToken, [adapterMessage('sv', 'received.spooled')]);
  }

  /** Tells the person Slack's payload could not be read (nothing reaches the core). */
  async unreadable(request: Pick<SlackRequest, 'reply' | 'sender'>, language: Locale): Promise<void> {
    await this.options.replies.send(request.reply, request.sender.botToken, [adapterMessage(language, 'error.payload')]);
  }

  private async openModal(request: SlackRequest, view: () => Parameters<webApi.WebClient['views']['open']>[0]['view']): Promise<boolean> {
    if (!request.triggerId || !request.sender.botToken) return false;
    try {
      await this.options.client(request.sender.botToken).views.open({ trigger_id: request.triggerId, view: view() });
      return true;
    } catch (error) {
      this.options.logger.log('warn', 'slack.modal_failed', { error: (error as Error).message });
      return false;
    }
  }
}

/** One of the adapter's own short messages, shaped like the core's replies. */
export function adapterMessage(locale: Locale, key: SlackTextKey): OutboundMessage {
  const text = slackText(key, locale);
  return { locale, tone: 'error', title: text, facts: [], actions: [], fallback: text, audience: 'reply' };
}
