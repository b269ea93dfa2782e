import type { RoomAudienceRecorder } from '../../src/core/audience/room-audience.port.ts';
import { rootConversationId, tenantOf, type TeamsActivity } from './activity-schema.ts';
import type { Logger } from '../../src/core/kernel/logger.port.ts';

/** What Teams says about a channel: shared with other teams or organisations, not shared, or nothing. */
export function sharedChannelOf(activity: TeamsActivity): boolean | undefined {
  if (activity.conversation.conversationType !== 'channel') return undefined;
  const data = activity.channelData;
  const type = data?.channel?.type;
  // A shared channel stays shared (people of other teams, maybe other tenants) until Teams says its type is another.
  if (type === 'shared' || data?.eventType === 'channelShared') return true;
  if (type === 'standard' || type === 'private') return false;
  return undefined;
}

/**
 * Watches the channel type Teams reports on every channel activity (`channelData.channel.type`, and the
 * `channelShared` conversation update) and tells the core when a channel turns out shared or stops being so, so a
 * shared channel gets only the minimum of an incident. Each channel's last known state is kept here, so the store
 * is written only when it changes.
 */
export class TeamsRooms {
  private readonly known = new Map<string, boolean>();

  constructor(private readonly recorder: RoomAudienceRecorder, private readonly log: Logger) {}

  async observe(activity: TeamsActivity): Promise<void> {
    const shared = sharedChannelOf(activity);
    if (shared === undefined) return;
    const tenant = tenantOf(activity);
    const channel = rootConversationId(activity.conversation.id);
    const key = `${tenant}|${channel}`;
    if (this.known.get(key) === shared) return;
    try {
      const changed = await this.recorder.record({ room: { platform: 'teams', workspace: tenant, channel }, shared, source: 'teams.channel_type' });
      this.known.set(key, shared);
      if (changed) this.log.log('info', 'teams.room_audience_changed', { tenantId: tenant, shared });
    } catch (error) {
      this.log.log('warn', 'teams.room_check_failed', { tenantId: tenant, error: (error as Error).message?.slice(0, 200) });
    }
  }
}
