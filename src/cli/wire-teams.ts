import type { AdapterWire } from './wiring.types.ts';
import type { SambandEnv } from '../infra/config/env.ts';
import { createTeamsAdapter, TeamsConfigError, type BotEndpointOverrides } from '../../adapters/teams/index.ts';
import { teamsRegistrations } from './teams-registrations.ts';
import { PrismaConversationStore } from '../infra/teams/prisma-conversation-store.ts';
import { PrismaCardLookup } from '../infra/teams/prisma-card-lookup.ts';
import { teamsEnabled } from './adapter-switches.ts';
import { PrismaRoomAudience } from '../infra/audience/prisma-room-audience.ts';

/** Options tests (and only tests) change. */
export interface TeamsWireOptions {
  invokeBudgetMs?: number;
  /** Local stand-ins for the Bot Framework's signing keys and Entra ID's tokens. */
  endpoints?: BotEndpointOverrides;
}

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export { teamsEnabled };

/**
 * MICROSOFT_APP_TYPE, defaulting to SingleTenant when a tenant id is given: Azure creates only single-tenant (and
 * managed identity) bots since July 2025, and a single-tenant bot run as MultiTenant fails to get tokens.
 */
export function appType(env: SambandEnv): NonNullable<SambandEnv['MICROSOFT_APP_TYPE']> {
  return env.MICROSOFT_APP_TYPE ?? (env.MICROSOFT_APP_TENANT_ID ? 'SingleTenant' : 'MultiTenant');
}

/** TEAMS_ALLOWED_TENANTS: tenant ids separated by commas or spaces; unset or `*` accepts any tenant. */
export function allowedTenants(env: SambandEnv): string[] | null {
  const raw = env.TEAMS_ALLOWED_TENANTS?.trim();
  if (!raw && env.TEAMS_BOTS) {
    // Several registrations: each serves its own tenant, and only those.
    return teamsRegistrations(env)!.map((r) => r.appTenantId!);
  }
  if (!raw) {
    // A single-tenant bot only ever talks to its own tenant.
    return appType(env) === 'SingleTenant' && env.MICROSOFT_APP_TENANT_ID ? [env.MICROSOFT_APP_TENANT_ID.toLowerCase()] : null;
  }
  if (raw === '*') return null;
  const tenants = raw.split(/[\s,]+/).filter(Boolean);
  const bad = tenants.filter((t) => !GUID.test(t));
  if (bad.length) throw new TeamsConfigError(`TEAMS_ALLOWED_TENANTS: not a tenant id (GUID): ${bad.join(', ')}`);
  return tenants.map((t) => t.toLowerCase());
}

/**
 * The Teams adapter wired to Samband: `POST /api/messages` on the shared server, the `teams` chat platform, the
 * conversation references in Prisma. Without MICROSOFT_APP_ID it runs unauthenticated for local use, says so at
 * start, and refuses to start that way with NODE_ENV=production.
 */
export function teamsWire(options: TeamsWireOptions = {}): AdapterWire {
  return async ({ env, db, service, directory, clock, logger, inbox }) => {
    const log = logger.child({ adapter: 'teams' });
    if (!teamsEnabled(env)) return null;
    const registrations = teamsRegistrations(env);
    if (!env.MICROSOFT_APP_ID && !registrations && env.NODE_ENV === 'production') {
      throw new TeamsConfigError(
        'Teams: refusing to start with NODE_ENV=production and no MICROSOFT_APP_ID, because /api/messages would accept '
        + 'unauthenticated requests. Set MICROSOFT_APP_ID and MICROSOFT_APP_PASSWORD (or the single-tenant / managed '
        + 'identity variables), or SAMBAND_TEAMS=off.',
      );
    }
    const tenants = allowedTenants(env);
    const fallbackLocale = (await directory.current()).settings.defaultLocale;
    const adapter = createTeamsAdapter({
      auth: registrations ?? {
        appId: env.MICROSOFT_APP_ID,
        appPassword: env.MICROSOFT_APP_PASSWORD,
        appType: env.MICROSOFT_APP_ID ? appType(env) : env.MICROSOFT_APP_TYPE,
        appTenantId: env.MICROSOFT_APP_TENANT_ID,
      },
      endpoints: options.endpoints,
      service,
      inbox,
      store: new PrismaConversationStore(db, clock),
      cards: new PrismaCardLookup(db),
      knownUser: async (tenantId, aadObjectId) => Boolean((await directory.current()).personByIdentity('teams', tenantId, aadObjectId)),
      allowedTenants: tenants,
      fallbackLocale,
      log,
      invokeBudgetMs: options.invokeBudgetMs,
      rooms: new PrismaRoomAudience(db, clock, directory),
    });
    return {
      name: 'teams',
      platform: adapter.platform,
      mounts: [{ path: '/api/messages', handler: (req, res) => adapter.handle(req, res) }],
      async start() {
        if (!adapter.authEnabled) {
          log.log('error', 'teams.auth_disabled', {
            message: 'AUTHENTICATION IS OFF: /api/messages accepts unauthenticated requests because MICROSOFT_APP_ID is not set. '
              + 'Local use only (Bot Framework Emulator, tests); NODE_ENV=production refuses to start this way.',
          });
        } else {
          log.log('info', 'teams.on', { appType: registrations ? 'SingleTenant' : appType(env), registrations: registrations?.length ?? 1, allowedTenants: tenants?.length ?? 'any' });
        }
        if (adapter.authEnabled && !tenants) log.log('warn', 'teams.any_tenant', { message: 'TEAMS_ALLOWED_TENANTS is not set: any tenant may talk to the bot' });
      },
    };
  };
}

/** The Teams wire with production settings. */
export const wireTeams: AdapterWire = teamsWire();
