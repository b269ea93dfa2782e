/** The Slack adapter's public surface, for the composition root (src/cli/wire-slack.ts) and tests. */
export { createSlackAdapter, SLACK_PATHS, type SlackAdapter, type SlackAdapterOptions, type SlackRoute } from './slack-adapter.ts';
export type { SlackInstallationRecord, SlackInstallationRepository } from './slack-storage.port.ts';
export { SLACK_BOT_EVENTS, SLACK_BOT_SCOPES } from './slack-scopes.ts';
export { renderMessageBlocks } from './render-message-blocks.ts';
export { incidentFormView } from './render-modals.ts';
export { SLACK_LIMITS } from './slack-limits.ts';
