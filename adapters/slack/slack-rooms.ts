import type { webApi } from '@slack/bolt';
import type { DirectoryReader } from '../../src/core/directory/directory.port.ts';
import type { RoomAudienceRecorder } from '../../src/core/audience/room-audience.port.ts';
import type { Logger } from '../../src/core/kernel/logger.port.ts';
import type { SlackAuth } from './slack-auth.ts';

export interface SlackRoomsDeps {
  auth: SlackAuth;
  client(token: string): webApi.WebClient;
  recorder: RoomAudienceRecorder;
  directory: DirectoryReader;
  logger: Logger;
}

/** Slack channel ids: public (C) and private (G) channels; DMs (D) and users (U, W) have no other organisation in them. */
const ROOM_ID = /^[CG][A-Z0-9]{2,}$/;

/**
 * Finds out which Slack channels are Slack Connect channels (people of other organisations in them) and tells the
 * core, which then gives those rooms only the minimum. Slack's word is `conversations.info` `is_ext_shared`, asked
 * when a `channel_shared` or `channel_unshared` event says it changed, and for every configured channel at start.
 */
export class SlackRooms {
  constructor(private readonly deps: SlackRoomsDeps) {}

  /**
   * Re-checks one channel after an event. When Slack cannot be asked, the event itself is taken at its word for
   * `channel_shared` (the safe direction); an unshare is only believed once conversations.info confirms it.
   */
  async onEvent(teamId: string, channelId: string, token: string | undefined, kind: 'channel_shared' | 'channel_unshared'): Promise<void> {
    if (!ROOM_ID.test(channelId)) return;
    const shared = await this.isShared(token, channelId);
    if (shared === undefined && kind === 'channel_unshared') {
      this.deps.logger.log('warn', 'slack.room_unshare_unconfirmed', { teamId, channelId });
      return;
    }
    await this.record(teamId, channelId, shared ?? true, shared === undefined ? `slack.${kind}` : 'slack.conversations.info');
  }

  /** Asks Slack about every configured Slack channel (start-up): a channel shared while Samband was away is found. */
  async checkConfigured(): Promise<void> {
    const directory = await this.deps.directory.current();
    const seen = new Set<string>();
    for (const address of directory.data.addresses) {
      if (address.platform !== 'slack' || address.user || !ROOM_ID.test(address.channel)) continue;
      const key = `${address.workspace}|${address.channel}`;
      if (seen.has(key)) continue;
      seen.add(key);
      const auth = await this.deps.auth.forWorkspace(address.workspace || undefined).catch(() => null);
      if (!auth) continue;
      const shared = await this.isShared(auth.botToken, address.channel);
      if (shared !== undefined) await this.record(address.workspace, address.channel, shared, 'slack.conversations.info');
    }
  }

  private async isShared(token: string | undefined, channel: string): Promise<boolean | undefined> {
    if (!token) return undefined;
    try {
      const answer = await this.deps.client(token).conversations.info({ channel });
      const info = answer.channel as { is_ext_shared?: boolean; is_pending_ext_shared?: boolean } | undefined;
      if (!info || typeof info.is_ext_shared !== 'boolean') return undefined;
      // A pending invitation counts: the other organisation may accept at any moment.
      return info.is_ext_shared || info.is_pending_ext_shared === true;
    } catch (error) {
      this.deps.logger.log('warn', 'slack.room_check_failed', { channelId: channel, error: (error as { data?: { error?: string } }).data?.error ?? (error as Error).message?.slice(0, 100) });
      return undefined;
    }
  }

  private async record(teamId: string, channelId: string, shared: boolean, source: string): Promise<void> {
    const changed = await this.deps.recorder.record({ room: { platform: 'slack', workspace: teamId, channel: channelId }, shared, source });
    if (changed) this.deps.logger.log('info', 'slack.room_audience_changed', { teamId, channelId, shared, source });
  }
}
