import { randomUUID } from 'node:crypto';
import type { OutboundMessage } from '../../src/core/messages/outbound.types.ts';
import { rootConversationId, userTenantOf, type TeamsActivity } from './activity-schema.ts';
import { isPersonal } from './conversation-events.ts';
import type { Logger } from '../../src/core/kernel/logger.port.ts';
import { teamsText } from './teams-texts.ts';

/** Sends a message to a person's personal chat with the bot, creating that chat when the bot has none yet. */
export interface PersonalChats {
  /**
   * Delivers `message` to the personal chat of the person (AAD object id; Teams account id of this turn, to create
   * the chat with) in `tenantId`, once per `key` (a repeat of the same key sends nothing new). Throws when the chat
   * cannot be reached or created.
   */
  send(tenantId: string, person: { aadObjectId: string; accountId?: string }, message: OutboundMessage, key: string): Promise<void>;
}

/**
 * Whether an answer shows more than a room may see. A channel or group chat holds people who need not know an
 * incident's details; the room may see reference, area, category and severity, nothing more. Samband's answers carry
 * incident data (description, reporter, agencies' states, confidential details, lists) as facts, so any answer with
 * facts goes to the asker alone. Short texts (help, errors, confirmations of a press) stay in the room.
 */
export function showsMoreThanRoomMay(message: OutboundMessage): boolean {
  return message.audience !== 'notification' && message.facts.length > 0;
}

/** Answers to an activity, split by where each may be shown. */
export interface SplitAnswers {
  inRoom: OutboundMessage[];
  toAsker: OutboundMessage[];
}

/** In a personal chat everything is answered there; in a channel or group chat the detailed answers go to the asker. */
export function splitAnswers(activity: TeamsActivity, replies: OutboundMessage[]): SplitAnswers {
  if (isPersonal(activity)) return { inRoom: replies, toAsker: [] };
  return { inRoom: replies.filter((m) => !showsMoreThanRoomMay(m)), toAsker: replies.filter(showsMoreThanRoomMay) };
}

/**
 * Sends `answers` to the asker's personal chat and returns the short pointer to show in the room instead: "the
 * answer was sent to you privately", or, when it could not be sent, where to ask instead. Nothing of the answers
 * themselves is ever shown in the room.
 */
export async function answerPrivately(
  chats: PersonalChats, log: Logger, activity: TeamsActivity, answers: OutboundMessage[],
): Promise<OutboundMessage> {
  const locale = answers[0]!.locale;
  // The asker's personal chat lives in their home tenant, reached with that tenant's bot registration.
  const tenant = userTenantOf(activity);
  const aad = activity.from.aadObjectId;
  // One key per answer of this activity: Teams retrying the activity does not send the private answer twice.
  const base = `private:${rootConversationId(activity.conversation.id)}:${activity.id ?? randomUUID()}`;
  try {
    if (!aad) throw new Error('the asker has no AAD object id');
    for (const [index, answer] of answers.entries()) await chats.send(tenant, { aadObjectId: aad, accountId: activity.from.id }, answer, `${base}:${index}`);
    log.log('info', 'teams.answered_privately', { tenantId: tenant, count: answers.length });
    return pointer(locale, teamsText('private.sent', locale));
  } catch (error) {
    log.log('warn', 'teams.private_answer_failed', { tenantId: tenant, reason: (error as Error).message?.slice(0, 200) });
    return pointer(locale, teamsText('private.failed', locale));
  }
}

function pointer(locale: OutboundMessage['locale'], text: string): OutboundMessage {
  return { locale, tone: 'info', title: text, facts: [], actions: [], fallback: text, audience: 'reply' };
}
