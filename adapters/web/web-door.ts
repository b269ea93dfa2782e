import { createHash } from 'node:crypto';
import type { InboundEvent } from '../../src/core/kernel/inbound-event.ts';
import type { CommandOutcome } from '../../src/core/kernel/command-outcome.ts';
import type { InboxAttempt, RequestInbox } from '../../src/core/ports/request-inbox.port.ts';
import type { SambandCore } from '../../src/core/kernel/samband-core.port.ts';
import type { Logger } from '../../src/core/kernel/logger.port.ts';
import type { DirectoryReader } from '../../src/core/directory/directory.port.ts';
import type { Clock } from '../../src/core/ports/clock.port.ts';
import type { WebMessageStore } from './web-message-store.port.ts';
import type { WebEventHub } from './web-event-hub.ts';

/** What became of a console request: its outcome, or that it is kept and will run later. */
export type WebDoorResult = { kind: 'done'; outcome: CommandOutcome } | { kind: 'kept'; spooled: boolean };

/**
 * The console's side of the durable inbox. A request is stored first and run at once, in the request, so the page
 * shows the outcome as before. If the database cannot take it, it waits in the local spool; if its run fails, it is
 * run again later. A request run later (after a restart, an outage or a failure) answers in the person's own console
 * channel, since the page that sent it has long had its answer.
 */
export class WebDoor {
  constructor(private readonly deps: {
    core: SambandCore; directory: DirectoryReader; store: WebMessageStore; hub: WebEventHub; clock: Clock; logger: Logger; inbox: RequestInbox;
  }) {
    deps.inbox.handle('web', (payload, attempt) => this.replay(payload as { event: InboundEvent }, attempt));
  }

  async submit(event: InboundEvent & { requestKey: string }): Promise<WebDoorResult> {
    const { inbox, core } = this.deps;
    const key = event.requestKey;
    const acceptance = await inbox.accept({ key, platform: 'web', payload: { event } });
    if (acceptance === 'spooled') return { kind: 'kept', spooled: true };
    // The same form sent twice: the core's request key answers "already registered" and changes nothing.
    if (acceptance === 'duplicate') return { kind: 'done', outcome: await core.handle(event) };
    let outcome: CommandOutcome | undefined;
    await inbox.run(key, async () => { outcome = await core.handle(event); });
    return outcome ? { kind: 'done', outcome } : { kind: 'kept', spooled: false };
  }

  private async replay(stored: { event: InboundEvent }, attempt: InboxAttempt): Promise<void> {
    const { core, directory, store, hub, clock, logger } = this.deps;
    let outcome: CommandOutcome;
    try {
      outcome = await core.handle(stored.event);
    } catch (error) {
      if (!attempt.last) throw error;
      logger.log('error', 'web.replay_failed', { error: (error as Error).message });
      return;
    }
    const channel = (await directory.current()).addressesOf('person', stored.event.userId).find((a) => a.platform === 'web')?.channel;
    if (!channel) return;
    for (const [index, reply] of outcome.replies.entries()) {
      const messageId = `reply-${createHash('sha256').update(`${stored.event.requestKey}:${index}`).digest('hex').slice(0, 24)}`;
      const record = await store.save(channel, messageId, reply, clock.now());
      hub.publish({ kind: 'posted', record });
    }
  }
}
