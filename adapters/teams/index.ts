/**
 * Microsoft Teams adapter on botbuilder 4.23 (CloudAdapter). Every botbuilder import of Samband lives in this folder,
 * so moving to Microsoft's successor SDK touches only here.
 */
export { createTeamsAdapter, DEFAULT_INVOKE_BUDGET_MS, type TeamsAdapter, type TeamsAdapterOptions } from './teams-adapter.ts';
export { authSettingProblems, TeamsConfigError, type BotEndpointOverrides, type CredentialsFactory, type TeamsAuthSettings } from './teams-auth.ts';
export type { CardLookup, ConversationStore, KnownUser, StoredReference } from './teams.port.ts';
export { renderMessageCard, cardBytes, CARD_VERSION, MAX_CARD_BYTES } from './card-render.ts';
export { renderFormCard } from './form-render.ts';
export { messageActivity } from './outbound-activity.ts';
