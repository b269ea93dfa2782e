import { connectorPolicy } from './connector-policy.ts';
import { GuardedCloudAdapter } from './guarded-cloud-adapter.ts';
import { createBotAuth, type BotAuth, type BotEndpointOverrides, type TeamsAuthSettings } from './teams-auth.ts';

/** One bot registration, ready: its authentication and the CloudAdapter that checks and sends with it. */
export interface RegisteredBot {
  /** The tenant it serves (lower case); undefined for the one registration of a single-bot set-up (any tenant). */
  tenantId?: string;
  auth: BotAuth;
  cloud: GuardedCloudAdapter;
}

/**
 * The bot registrations of a deployment: one (MICROSOFT_APP_*), or one per agency's tenant (TEAMS_BOTS), since new
 * multi-tenant Azure bots can no longer be created. An inbound activity is checked, and an outbound message sent,
 * with the registration of the conversation's tenant: a token issued for tenant A's bot is refused on a tenant B
 * conversation, because B's registration expects B's app id.
 */
export class BotRegistrations {
  readonly all: RegisteredBot[];

  constructor(settings: TeamsAuthSettings[], endpoints?: BotEndpointOverrides) {
    const several = settings.length > 1;
    this.all = settings.map((registration) => {
      const auth = createBotAuth(registration, endpoints);
      const cloud = new GuardedCloudAdapter(auth.authentication);
      cloud.use(connectorPolicy(cloud.ConnectorClientKey));
      return { tenantId: several ? registration.appTenantId?.toLowerCase() : undefined, auth, cloud };
    });
  }

  /** The registration serving `tenantId`, or undefined when none does. */
  forTenant(tenantId: string | undefined): RegisteredBot | undefined {
    const tenant = (tenantId ?? '').toLowerCase();
    return this.all.find((bot) => bot.tenantId === undefined || bot.tenantId === tenant);
  }

  /** Whether requests are authenticated (every registration has an app id, or the single one has none). */
  get authEnabled(): boolean {
    return this.all.every((bot) => bot.auth.enabled);
  }

  /** Any registration, for what does not depend on a tenant (an activity too broken to name one). */
  get first(): RegisteredBot {
    return this.all[0]!;
  }
}
