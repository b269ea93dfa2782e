import { TurnContext, type Activity, type ConversationParameters, type ConversationReference } from 'botbuilder';
import type { BotRegistrations } from './bot-registrations.ts';
import type { ChatPlatform, SendOptions, SentMessage } from '../../src/core/ports/chat-platform.port.ts';
import { PlatformError } from '../../src/core/ports/chat-platform.port.ts';
import type { OutboundMessage } from '../../src/core/messages/outbound.types.ts';
import type { ChatAddress } from '../../src/core/shared/platform.types.ts';
import { toPlatformError } from './connector-policy.ts';
import { messageActivity } from './outbound-activity.ts';
import { isChannel, personalReference, resolveTarget } from './reference-resolver.ts';
import { teamsText } from './teams-texts.ts';
import type { ConversationStore, StoredReference } from './teams.port.ts';
import type { Logger } from '../../src/core/kernel/logger.port.ts';

/** The Bot Connector calls Samband makes (a subset of botframework-connector's Conversations). */
interface ConnectorConversations {
  sendToConversation(conversationId: string, activity: Partial<Activity>): Promise<{ id?: string }>;
  updateActivity(conversationId: string, activityId: string, activity: Partial<Activity>): Promise<unknown>;
  createConversation(parameters: ConversationParameters): Promise<{ id?: string }>;
}

/** Idempotency keys this process has delivered, so a redelivery right after a lost outcome does not post twice. */
const LEDGER_SIZE = 2000;

/**
 * Teams as a ChatPlatform: proactive messages through stored conversation references (continueConversationAsync),
 * cards replaced in place with updateActivity. Connector failures become PlatformError (429 with Retry-After), and
 * the SDK's own retries are off (see connector-policy.ts), so the durable outbox decides when to try again.
 */
export class TeamsPlatform implements ChatPlatform {
  readonly name = 'teams' as const;
  private readonly delivered = new Map<string, string>();

  constructor(
    private readonly bots: BotRegistrations,
    private readonly store: ConversationStore,
    private readonly log: Logger,
  ) {}

  async send(address: ChatAddress, message: OutboundMessage, options: SendOptions): Promise<SentMessage> {
    return this.deliver(address, message, options);
  }

  /**
   * Sends to a person's personal chat with the bot during their turn. `accountId` is their Teams channel account id
   * (`29:...`, from the activity): if the chat must be created first, Teams is given that id, the form every Bot
   * Connector knows (the AAD object id alone is not accepted everywhere, e.g. the Agents Playground's connector).
   */
  async sendPersonal(tenantId: string, person: { aadObjectId: string; accountId?: string }, message: OutboundMessage, options: SendOptions): Promise<SentMessage> {
    return this.deliver({ platform: 'teams', workspace: tenantId, channel: 'personal', user: person.aadObjectId }, message, options, person.accountId);
  }

  private async deliver(address: ChatAddress, message: OutboundMessage, options: SendOptions, accountId?: string): Promise<SentMessage> {
    const earlier = this.delivered.get(options.idempotencyKey);
    if (earlier) return { messageId: earlier };
    const target = await resolveTarget(this.store, address);
    // Without Graph permissions Teams cannot be asked whether an earlier copy got through: a re-send says it may
    // repeat one (the worker audits it as a possible duplicate).
    const notice = options.possibleRepeat ? { tone: 'info' as const, text: teamsText('send.possible_repeat', message.locale) } : undefined;
    const activity = messageActivity(
      message, { idempotencyKey: options.idempotencyKey, alert: message.audience !== 'reply', possibleRepeat: options.possibleRepeat }, notice,
    );
    let messageId: string | undefined;
    await this.withConnector(address.workspace, target.reference, async (connector) => {
      let reference = target.reference;
      if (target.createPersonalFor) {
        reference = await this.createPersonal(connector, reference, address.workspace, target.createPersonalFor, accountId);
      }
      const conversationId = options.threadOf && isChannel(reference)
        ? `${reference.conversation.id};messageid=${options.threadOf}`
        : reference.conversation.id;
      const addressed = TurnContext.applyConversationReference({ ...activity }, toReference(reference, conversationId));
      messageId = (await connector.sendToConversation(conversationId, addressed)).id;
    });
    if (!messageId) throw new PlatformError('Teams accepted the message but returned no activity id', false);
    this.remember(options.idempotencyKey, messageId);
    return { messageId };
  }

  async update(address: ChatAddress, messageId: string, message: OutboundMessage, options: SendOptions): Promise<void> {
    const target = await resolveTarget(this.store, address);
    if (target.createPersonalFor) throw new PlatformError('the personal chat of this card is not known any more', false);
    const activity = messageActivity(message, { idempotencyKey: options.idempotencyKey });
    await this.withConnector(address.workspace, target.reference, async (connector) => {
      const conversationId = target.reference.conversation.id;
      const addressed = TurnContext.applyConversationReference({ ...activity, id: messageId }, toReference(target.reference, conversationId));
      await connector.updateActivity(conversationId, messageId, addressed);
    });
  }

  private async createPersonal(
    connector: ConnectorConversations, base: StoredReference, tenantId: string, aadObjectId: string, accountId?: string,
  ): Promise<StoredReference> {
    const created = await connector.createConversation({
      isGroup: false,
      bot: base.bot,
      members: [{ id: accountId ?? aadObjectId, name: '' }],
      tenantId,
      channelData: { tenant: { id: tenantId } },
    } as ConversationParameters);
    if (!created.id) throw new PlatformError('Teams created no personal chat', true);
    const reference = personalReference(base, created.id, tenantId, aadObjectId);
    await this.store.save(tenantId, reference);
    this.log.log('info', 'teams.personal_chat_created', { tenantId });
    return reference;
  }

  /**
   * Runs `work` with a connector client for the reference's Bot Connector, as a proactive turn of the bot
   * registration that serves the conversation's tenant (its credentials sign the call).
   */
  private async withConnector(tenantId: string, reference: StoredReference, work: (connector: ConnectorConversations) => Promise<void>): Promise<void> {
    const bot = this.bots.forTenant(reference.conversation.tenantId || tenantId);
    if (!bot) throw new PlatformError('no Teams bot registration serves this tenant', false);
    const { cloud } = bot;
    try {
      await cloud.continueConversationAsync(bot.auth.appId, toReference(reference, reference.conversation.id), async (context) => {
        const client = context.turnState.get(cloud.ConnectorClientKey) as { conversations: ConnectorConversations };
        await work(client.conversations);
      });
    } catch (error) {
      const failure = toPlatformError(error);
      // The delivery worker records the outcome; this line says why, with the connector's code and nothing else.
      this.log.log('warn', 'teams.connector_failed', {
        reason: failure.message, retryable: failure.retryable, retryAfterMs: failure.retryAfterMs ?? null,
      });
      throw failure;
    }
  }

  private remember(key: string, messageId: string): void {
    this.delivered.set(key, messageId);
    if (this.delivered.size > LEDGER_SIZE) this.delivered.delete(this.delivered.keys().next().value as string);
  }
}

function toReference(stored: StoredReference, conversationId: string): ConversationReference {
  return {
    channelId: stored.channelId,
    serviceUrl: stored.serviceUrl,
    bot: { id: stored.bot.id, name: stored.bot.name ?? '' },
    conversation: { ...stored.conversation, id: conversationId, isGroup: stored.conversation.isGroup ?? false, conversationType: stored.conversation.conversationType ?? '', name: '' },
    ...(stored.user ? { user: { id: stored.user.id, name: '', aadObjectId: stored.user.aadObjectId } } : {}),
  } as ConversationReference;
}
