/**
 * Bot scopes Samband asks for, in the OAuth flow and in manifests/slack/manifest.yaml (a test keeps them equal).
 * - commands: /incident and the "Report an incident" shortcut
 * - chat:write, chat:write.public: notifications and their updates, also in public agency channels the app was not
 *   invited to
 * - im:write, im:history: direct messages to people, and commands written to the app in its DM
 * - app_mentions:read: `@Samband status 42` in a channel
 * - users:read: the person's Slack language (users.info)
 * - users:read.email: link a Slack account to a configured person by email (remove it to allow ids only)
 */
export const SLACK_BOT_SCOPES = [
  'app_mentions:read',
  'chat:write',
  'chat:write.public',
  'commands',
  'im:history',
  'im:write',
  'users:read',
  'users:read.email',
] as const;

/** Events the app subscribes to (manifest `bot_events`). */
export const SLACK_BOT_EVENTS = ['app_mention', 'app_uninstalled', 'message.im', 'tokens_revoked'] as const;
