import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Locale } from '../../src/core/shared/platform.types.ts';
import { readBotRequest, writeBotResponse } from './http-bridge.ts';
import type { BotEndpointOverrides, TeamsAuthSettings } from './teams-auth.ts';
import { BotRegistrations } from './bot-registrations.ts';
import { activitySchema, tenantOf } from './activity-schema.ts';
import { TeamsBot } from './teams-bot.ts';
import type { SambandCore } from '../../src/core/kernel/samband-core.port.ts';
import { TeamsPlatform } from './teams-platform.ts';
import type { CardLookup, ConversationStore, KnownUser } from './teams.port.ts';
import type { Logger } from '../../src/core/kernel/logger.port.ts';
import { TeamsDoor } from './teams-door.ts';
import type { RequestInbox } from '../../src/core/ports/request-inbox.port.ts';
import type { RoomAudienceRecorder } from '../../src/core/audience/room-audience.port.ts';
import { TeamsRooms } from './teams-rooms.ts';

/** `Bearer <header>.<payload>.<signature>`: the only Authorization the Bot Framework sends. */
const BEARER_JWT = /^Bearer [A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*$/;

/** Teams gives an invoke about five seconds; answer well inside that. */
export const DEFAULT_INVOKE_BUDGET_MS = 4000;

export interface TeamsAdapterOptions {
  /** The bot registration, or one per tenant (each with `appTenantId`). */
  auth: TeamsAuthSettings | TeamsAuthSettings[];
  /** Local stand-ins for the Bot Framework's keys and token source (tests only). */
  endpoints?: BotEndpointOverrides;
  service: SambandCore;
  /** Where activities are stored before they run ("received" means stored). */
  inbox: RequestInbox;
  store: ConversationStore;
  cards: CardLookup;
  knownUser: KnownUser;
  /** Tenant ids whose activities are accepted; null or empty accepts any tenant. */
  allowedTenants?: string[] | null;
  fallbackLocale: Locale;
  log: Logger;
  invokeBudgetMs?: number;
  /** Where what Teams says about shared channels is kept; without it, channel types are not read. */
  rooms?: RoomAudienceRecorder;
}

/** The Teams adapter, assembled: the ChatPlatform for notifications and the handler for `POST /api/messages`. */
export interface TeamsAdapter {
  platform: TeamsPlatform;
  /** False when no app id is configured: requests are not authenticated (local use only). */
  authEnabled: boolean;
  handle(req: IncomingMessage, res: ServerResponse): Promise<void>;
}

/**
 * Builds the Teams adapter on botbuilder's CloudAdapter. Inbound: node:http request -> activity check (400) -> JWT
 * validation when an app id is set (401; 503 when the keys cannot be fetched) -> tenant allow-list -> the bot's turn.
 * Outbound: TeamsPlatform. Throws TeamsConfigError for settings that cannot work.
 */
export function createTeamsAdapter(options: TeamsAdapterOptions): TeamsAdapter {
  const bots = new BotRegistrations(Array.isArray(options.auth) ? options.auth : [options.auth], options.endpoints);
  const allowed = options.allowedTenants?.length ? new Set(options.allowedTenants.map((t) => t.toLowerCase())) : null;
  const platform = new TeamsPlatform(bots, options.store, options.log);
  const bot = new TeamsBot({
    service: options.service,
    door: new TeamsDoor({ inbox: options.inbox, service: options.service, platform, log: options.log }),
    store: options.store,
    cards: options.cards,
    personalChats: {
      send: (tenantId, person, message, key) => platform.sendPersonal(tenantId, person, message, { idempotencyKey: key }).then(() => undefined),
    },
    knownUser: options.knownUser,
    allowedTenants: allowed,
    fallbackLocale: options.fallbackLocale,
    log: options.log,
    invokeBudgetMs: options.invokeBudgetMs ?? DEFAULT_INVOKE_BUDGET_MS,
    rooms: options.rooms ? new TeamsRooms(options.rooms, options.log) : undefined,
  });

  return {
    platform,
    authEnabled: bots.authEnabled,
    async handle(req, res) {
      const read = await readBotRequest(req);
      if (!read.ok) return writeBotResponse(res, read.status, { error: read.error });
      // The registration of the conversation's tenant checks the token: another tenant's bot token is refused here.
      const parsed = activitySchema.safeParse(read.request.body ?? {});
      const registered = parsed.success ? bots.forTenant(tenantOf(parsed.data)) : bots.first;
      if (!registered) {
        options.log.log('warn', 'teams.tenant_rejected', { tenantId: parsed.success ? tenantOf(parsed.data) || null : null, reason: 'no bot registration' });
        return writeBotResponse(res, 403, { error: 'tenant not allowed' });
      }
      const { auth, cloud } = registered;
      const header = read.request.headers.authorization;
      if (auth.enabled && (typeof header !== 'string' || !BEARER_JWT.test(header.trim()))) {
        // The SDK refuses these too; answering here keeps its stack trace out of the logs for plain probes.
        options.log.log('warn', 'teams.unauthenticated', { reason: header ? 'not a bearer JWT' : 'no authorization header' });
        return writeBotResponse(res, 401, { error: 'unauthorized' });
      }
      const gate = { rejected: false };
      const answer = await cloud.handleActivity(read.request.body ?? {}, typeof header === 'string' ? header : '', (context) => bot.onTurn(context, gate), options.log);
      if (gate.rejected) return writeBotResponse(res, 403, { error: 'tenant not allowed' });
      writeBotResponse(res, answer.status, answer.body);
    },
  };
}
