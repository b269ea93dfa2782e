import type { OutboundMessage } from '../../src/core/messages/outbound.types.ts';

/**
 * A conversation the bot may write to later, as Bot Framework describes it (a ConversationReference): where the
 * Bot Connector is (`serviceUrl`), which conversation, and the bot's own account. Stored as plain JSON.
 */
export interface StoredReference {
  channelId: string;
  serviceUrl: string;
  conversation: { id: string; conversationType?: string; tenantId?: string; isGroup?: boolean };
  bot: { id: string; name?: string };
  /** Only for personal chats: the one person in it. */
  user?: { id: string; aadObjectId?: string };
}

/** Storage of conversation references, so the bot can notify channels and people who have not written lately. */
export interface ConversationStore {
  /** Records (or refreshes) a conversation the bot is in. */
  save(tenantId: string, reference: StoredReference): Promise<void>;
  /** Forgets a conversation the bot was removed from. */
  remove(conversationId: string): Promise<void>;
  /** The conversation with this id, if the bot has seen it. */
  find(conversationId: string): Promise<StoredReference | null>;
  /** The personal chat between the bot and a person (by AAD object id), most recent first. */
  findPersonal(tenantId: string, aadObjectId: string): Promise<StoredReference | null>;
  /** Any conversation in a tenant, most recently seen: its Bot Connector and bot account reach the whole tenant. */
  findAnyInTenant(tenantId: string): Promise<StoredReference | null>;
}

/** The message a Samband card shows right now, as the core last rendered it (its newest queued version). */
export interface CardLookup {
  /** `activityId` is the Teams id of the card's message; undefined when it is not a Samband notification. */
  currentMessage(tenantId: string, activityId: string): Promise<OutboundMessage | undefined>;
}

/** Whether a Teams account belongs to a configured person (personal chats of strangers are not stored). */
export type KnownUser = (tenantId: string, aadObjectId: string) => Promise<boolean>;
