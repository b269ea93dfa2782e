import type { TurnContext } from 'botbuilder';
import type { Locale } from '../../src/core/shared/platform.types.ts';
import type { OutboundMessage } from '../../src/core/messages/outbound.types.ts';
import { rootConversationId, tenantOf, type TeamsActivity } from './activity-schema.ts';
import { messageActivity } from './outbound-activity.ts';
import type { ConversationStore, KnownUser, StoredReference } from './teams.port.ts';
import type { Logger } from '../../src/core/kernel/logger.port.ts';
import { teamsText, teamsTextBoth } from './teams-texts.ts';

export interface ConversationBook {
  store: ConversationStore;
  knownUser: KnownUser;
  log: Logger;
}

/** True for a one-to-one chat with the bot (the Emulator sends no conversation type: treat it as one). */
export function isPersonal(activity: TeamsActivity): boolean {
  const type = activity.conversation.conversationType;
  return type === 'personal' || (!type && !activity.conversation.isGroup);
}

/**
 * The activity's conversation as a reference to write to later: no activity id (proactive messages must start a new
 * post, not answer an old one), the channel without its thread part, and a person only for personal chats.
 */
export function referenceOf(activity: TeamsActivity): StoredReference {
  const personal = isPersonal(activity);
  const { conversation } = activity;
  const reference: StoredReference = {
    channelId: activity.channelId,
    serviceUrl: activity.serviceUrl,
    conversation: {
      id: rootConversationId(conversation.id),
      ...(conversation.conversationType ? { conversationType: conversation.conversationType } : {}),
      ...(tenantOf(activity) ? { tenantId: tenantOf(activity) } : {}),
      ...(conversation.isGroup !== undefined ? { isGroup: conversation.isGroup } : {}),
    },
    bot: { id: activity.recipient.id, ...(activity.recipient.name ? { name: activity.recipient.name } : {}) },
  };
  if (personal && activity.from.aadObjectId) reference.user = { id: activity.from.id, aadObjectId: activity.from.aadObjectId };
  return reference;
}

/**
 * Stores the conversation of an inbound activity (every message, invoke and install), so notifications can reach
 * it later. A personal chat is stored only for a configured person: a stranger's message changes nothing.
 */
export async function rememberConversation(book: ConversationBook, activity: TeamsActivity): Promise<void> {
  const tenant = tenantOf(activity);
  const reference = referenceOf(activity);
  if (isPersonal(activity)) {
    const aad = activity.from.aadObjectId;
    if (!aad || !(await book.knownUser(tenant, aad))) return;
  }
  await book.store.save(tenant, reference);
}

/**
 * conversationUpdate and installationUpdate: the bot added to a team, chat or personal scope (store it, say hello
 * with the id to configure), or removed (forget it, nothing can be sent there any more).
 */
export async function onConversationEvent(book: ConversationBook, context: TurnContext, activity: TeamsActivity, fallback: Locale): Promise<void> {
  const botId = activity.recipient.id;
  const removed = activity.type === 'installationUpdate'
    ? activity.action?.startsWith('remove') === true
    : (activity.membersRemoved ?? []).some((m) => m.id === botId);
  const conversationId = rootConversationId(activity.conversation.id);
  if (removed) {
    await book.store.remove(conversationId);
    book.log.log('info', 'teams.bot_removed', { tenantId: tenantOf(activity), conversationType: activity.conversation.conversationType ?? null });
    return;
  }
  await rememberConversation(book, activity);
  const added = activity.type === 'installationUpdate'
    ? activity.action === 'add'
    : (activity.membersAdded ?? []).some((m) => m.id === botId);
  if (!added || activity.type === 'installationUpdate') return;
  book.log.log('info', 'teams.bot_added', { tenantId: tenantOf(activity), conversationType: activity.conversation.conversationType ?? null });
  await context.sendActivity(messageActivity(welcome(activity, fallback)));
}

function welcome(activity: TeamsActivity, locale: Locale): OutboundMessage {
  const title = `${teamsText('welcome.title', 'sv')} / ${teamsText('welcome.title', 'en')}`;
  const text = isPersonal(activity)
    ? teamsTextBoth('welcome.personal')
    : teamsTextBoth('welcome.channel', { conversation: rootConversationId(activity.conversation.id), tenant: tenantOf(activity) || '-' });
  return { locale, tone: 'info', title, text, facts: [], actions: [], fallback: title, audience: 'reply' };
}
