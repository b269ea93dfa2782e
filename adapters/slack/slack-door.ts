import type { InboxAttempt, RequestInbox } from '../../src/core/ports/request-inbox.port.ts';
import type { SlackRequest } from './slack-inbound.ts';
import type { SlackRequestRunner } from './slack-request-runner.ts';
import type { SlackAuth } from './slack-auth.ts';

/** A Slack request as the inbox keeps it: everything but the bot token (a secret, looked up again when it runs). */
type StoredSlackRequest = Omit<SlackRequest, 'sender' | 'triggerId'> & { sender: Omit<SlackRequest['sender'], 'botToken'> };

export interface SlackDoorOptions {
  inbox: RequestInbox;
  runner: SlackRequestRunner;
  auth: SlackAuth;
}

/**
 * Slack's side of the durable inbox: stores a request before its ack, runs it after, and runs stored requests again
 * after a restart or an outage (with the workspace's token looked up anew).
 */
export class SlackDoor {
  constructor(private readonly options: SlackDoorOptions) {
    options.inbox.handle('slack', (payload, attempt) => this.replay(payload as StoredSlackRequest, attempt));
  }

  /** Stores the request (database, or the local spool in an outage); call before the ack. */
  accept(request: SlackRequest) {
    const { triggerId: _trigger, sender: { botToken: _token, ...sender }, ...rest } = request;
    const stored: StoredSlackRequest = { ...rest, sender };
    return this.options.inbox.accept({ key: `slack:${request.requestKey}`, platform: 'slack', payload: stored });
  }

  /** Runs a request this process has just stored (after the ack). */
  run(request: SlackRequest): Promise<void> {
    return this.options.inbox.run(`slack:${request.requestKey}`, (attempt) => this.options.runner.run(request, attempt));
  }

  private async replay(stored: StoredSlackRequest, attempt: InboxAttempt): Promise<void> {
    const [teamId, enterpriseId] = stored.sender.teams;
    const auth = await this.options.auth.forWorkspace(teamId, enterpriseId);
    await this.options.runner.run({ ...stored, sender: { ...stored.sender, botToken: auth?.botToken } }, attempt);
  }
}
