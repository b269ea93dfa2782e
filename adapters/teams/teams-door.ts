import type { InboundEvent } from '../../src/core/kernel/inbound-event.ts';
import type { CommandOutcome } from '../../src/core/kernel/command-outcome.ts';
import type { SambandCore } from '../../src/core/kernel/samband-core.port.ts';
import type { InboxAttempt, RequestInbox } from '../../src/core/ports/request-inbox.port.ts';
import type { ChatPlatform } from '../../src/core/ports/chat-platform.port.ts';
import type { Logger } from '../../src/core/kernel/logger.port.ts';
import { showsMoreThanRoomMay } from './private-answers.ts';
import { teamsText } from './teams-texts.ts';

/** What became of an activity at the door: its outcome, a repeat of one already taken, or kept to run later. */
export type TeamsDoorResult =
  | { kind: 'done'; outcome: CommandOutcome }
  | { kind: 'duplicate' }
  | { kind: 'kept'; spooled: boolean };

interface StoredTeamsRequest {
  event: InboundEvent & { requestKey: string };
  /** The conversation to answer in when the request runs later (its root id; replies are proactive then). */
  conversationId: string;
  /** Set when the conversation is a channel or group chat: details then go to the asker alone. */
  room?: { askerAad?: string };
}

export interface TeamsDoorOptions {
  inbox: RequestInbox;
  service: Pick<SambandCore, 'handle'>;
  /** How replies of a request run later reach the conversation (the adapter's own platform). */
  platform: ChatPlatform;
  log: Logger;
}

/**
 * Teams' side of the durable inbox. An activity that may change state is stored before the turn answers, and run in
 * the turn as before. If the database cannot take it, it waits in the local spool and the person is told so; a
 * request run later (after a restart, an outage or a failure) answers in its conversation as a proactive message.
 */
export class TeamsDoor {
  constructor(private readonly options: TeamsDoorOptions) {
    options.inbox.handle('teams', (payload, attempt) => this.replay(payload as StoredTeamsRequest, attempt));
  }

  async submit(event: InboundEvent & { requestKey: string }, conversationId: string, room?: StoredTeamsRequest['room']): Promise<TeamsDoorResult> {
    const { inbox, service } = this.options;
    const payload: StoredTeamsRequest = { event, conversationId, ...(room ? { room } : {}) };
    const acceptance = await inbox.accept({ key: event.requestKey, platform: 'teams', payload });
    if (acceptance === 'spooled') return { kind: 'kept', spooled: true };
    if (acceptance === 'duplicate') return { kind: 'duplicate' };
    let outcome: CommandOutcome | undefined;
    await inbox.run(event.requestKey, async () => { outcome = await service.handle(event); });
    return outcome ? { kind: 'done', outcome } : { kind: 'kept', spooled: false };
  }

  private async replay(stored: StoredTeamsRequest, attempt: InboxAttempt): Promise<void> {
    const { service, platform, log } = this.options;
    let outcome: CommandOutcome;
    try {
      outcome = await service.handle(stored.event);
    } catch (error) {
      if (!attempt.last) throw error;
      log.log('error', 'teams.replay_failed', { error: (error as Error).message?.slice(0, 300) });
      return;
    }
    const room = { platform: 'teams' as const, workspace: stored.event.workspace, channel: stored.conversationId };
    for (const [index, reply] of outcome.replies.entries()) {
      const key = `reply:${stored.event.requestKey}:${index}`;
      if (!stored.room || !showsMoreThanRoomMay(reply)) {
        await platform.send(room, reply, { idempotencyKey: key });
        continue;
      }
      // The same rule as in the turn: a room sees a pointer, the details go to the asker's personal chat.
      const asker = stored.room.askerAad;
      if (asker) await platform.send({ platform: 'teams', workspace: stored.event.workspace, channel: '', user: asker }, reply, { idempotencyKey: key });
      const text = teamsText(asker ? 'private.sent' : 'private.failed', reply.locale);
      await platform.send(room, { locale: reply.locale, tone: 'info', title: text, facts: [], actions: [], fallback: text, audience: 'reply' }, { idempotencyKey: `${key}:pointer` });
    }
  }
}
