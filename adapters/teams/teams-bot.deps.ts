import type { SambandCore } from '../../src/core/kernel/samband-core.port.ts';
import type { Locale } from '../../src/core/shared/platform.types.ts';
import type { ConversationBook } from './conversation-events.ts';
import type { PersonalChats } from './private-answers.ts';
import type { CardLookup } from './teams.port.ts';
import type { TeamsDoor } from './teams-door.ts';
import type { TeamsRooms } from './teams-rooms.ts';

/** What the bot's turn handlers need (TeamsBot and the Action.Execute handler), wired by createTeamsAdapter. */
export interface TeamsBotDeps extends ConversationBook {
  service: SambandCore;
  /** Stores each activity that may change state in the durable inbox before it runs. */
  door: TeamsDoor;
  cards: CardLookup;
  /** Where answers go that a channel or group chat may not see (the asker's personal chat). */
  personalChats: PersonalChats;
  /** Tenants whose activities are accepted; null accepts any (the SDK has checked the token). */
  allowedTenants: ReadonlySet<string> | null;
  /** Language of platform texts when the activity names none. */
  fallbackLocale: Locale;
  /** Time an Action.Execute may take before Teams gets a "received" answer (Teams gives up after about 5 s). */
  invokeBudgetMs: number;
  /** Keeps track of shared channels; absent, channel types are not read. */
  rooms?: TeamsRooms;
}
