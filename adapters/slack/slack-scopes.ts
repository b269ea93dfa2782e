/**
 * Bot scopes Samband asks for, in the OAuth flow and in manifests/slack/manifest.yaml (a test keeps them equal).
 * - commands: /incident and the "Report an incident" shortcut
 * - chat:write, chat:write.public: notifications and their updates, also in public agency channels the app was not
 *   invited to
 * - im:write, im:history: direct messages to people, and commands written to the app in its DM
 * - channels:history, groups:history, mpim:history (and im:history): after a crash, find a notification the app may
 *   already have posted (by the idempotency key in its metadata) before posting it again. Without them, or in a
 *   public channel the app is not a member of, the re-send is marked as a possible repeat instead.
 * - app_mentions:read: `@Samband status 42` in a channel
 * - users:read: the person's Slack language (users.info)
 * - users:read.email: link a Slack account to a configured person by email (remove it to allow ids only)
 * - channels:read, groups:read: whether a channel is a Slack Connect channel (conversations.info `is_ext_shared`),
 *   and the channel_shared / channel_unshared events: a shared channel gets only the minimum of an incident
 */
export const SLACK_BOT_SCOPES = [
  'app_mentions:read',
  'channels:history',
  'channels:read',
  'chat:write',
  'chat:write.public',
  'commands',
  'groups:history',
  'groups:read',
  'im:history',
  'im:write',
  'mpim:history',
  'users:read',
  'users:read.email',
] as const;

/** Events the app subscribes to (manifest `bot_events`). */
export const SLACK_BOT_EVENTS = ['app_mention', 'app_uninstalled', 'channel_shared', 'channel_unshared', 'message.im', 'tokens_revoked'] as const;
