import type { ChatAddress } from '../shared/platform.types.ts';

/** What a platform said about a room's members. */
export interface RoomAudienceReport {
  /** The room (platform, workspace or tenant, channel or conversation); no user. */
  room: ChatAddress;
  /** Members of other organisations are in it (Slack Connect, a Teams shared channel). */
  shared: boolean;
  /** How it was learnt, for the audit trail: `slack.channel_shared`, `slack.conversations.info`, `teams.channel_type`... */
  source: string;
}

/**
 * Keeps what the platforms report about rooms, so the notification planner gives a room that became shared the
 * minimum from then on.
 */
export interface RoomAudienceRecorder {
  /**
   * Records the report. When it changes what was known (a room became shared, or stopped being shared), the change
   * and its `room.audience_changed` audit event are written in one transaction and the directory is refreshed.
   * Resolves with whether anything changed; a report that repeats the known state writes nothing.
   */
  record(report: RoomAudienceReport): Promise<boolean>;
}
