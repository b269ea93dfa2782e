import type { ChatAddress } from '../../src/core/shared/platform.types.ts';
import { PlatformError } from '../../src/core/ports/chat-platform.port.ts';
import type { ConversationStore, StoredReference } from './teams.port.ts';

/** Where a message goes: a known conversation, or a personal chat still to be created from a tenant's connector. */
export interface ResolvedTarget {
  reference: StoredReference;
  /** Create the personal chat with this AAD object id first (the person never wrote to the bot). */
  createPersonalFor?: string;
}

/**
 * Finds the conversation reference for a Teams address (workspace = tenant id, channel = conversation id, user =
 * AAD object id for a person). A person is reached in their personal chat with the bot; a channel by its stored
 * reference, else through the tenant's Bot Connector (any conversation the bot has seen there). Without any, the
 * address cannot be reached: a permanent error that names what to do.
 */
export async function resolveTarget(store: ConversationStore, address: ChatAddress): Promise<ResolvedTarget> {
  const tenant = address.workspace;
  if (address.user) {
    const personal = await store.findPersonal(tenant, address.user);
    if (personal) return { reference: personal };
  }
  const known = await store.find(address.channel);
  if (known) return { reference: known };
  const base = await store.findAnyInTenant(tenant);
  if (base && address.user) return { reference: base, createPersonalFor: address.user };
  if (base && address.channel.startsWith('19:')) {
    return {
      reference: {
        channelId: base.channelId,
        serviceUrl: base.serviceUrl,
        bot: base.bot,
        conversation: { id: address.channel, conversationType: 'channel', isGroup: true, tenantId: tenant },
      },
    };
  }
  throw new PlatformError(
    `no Teams conversation known for ${address.user ? 'this person' : address.channel} in tenant ${tenant || '(none)'}: `
    + 'install the Samband app in that team or chat (a person: open a chat with the bot once)',
    false,
  );
}

/** A personal chat reference for a conversation created by the bot. */
export function personalReference(base: StoredReference, conversationId: string, tenantId: string, aadObjectId: string): StoredReference {
  return {
    channelId: base.channelId,
    serviceUrl: base.serviceUrl,
    bot: base.bot,
    conversation: { id: conversationId, conversationType: 'personal', tenantId },
    user: { id: aadObjectId, aadObjectId },
  };
}

/** True for Teams channel conversations (threads exist only there). */
export function isChannel(reference: StoredReference): boolean {
  return reference.conversation.conversationType === 'channel';
}
