import { ConfigurationBotFrameworkAuthentication, ConfigurationServiceClientCredentialFactory } from 'botbuilder';

/** The bot's Azure identity, as the environment gives it (MICROSOFT_APP_*). */
export interface TeamsAuthSettings {
  appId?: string;
  appPassword?: string;
  appType?: 'MultiTenant' | 'SingleTenant' | 'UserAssignedMSI';
  appTenantId?: string;
}

export interface BotAuth {
  authentication: ConfigurationBotFrameworkAuthentication;
  /** False only without an app id: inbound requests are not checked and outbound calls carry no token. */
  enabled: boolean;
  /** The app id proactive sends act as ('' when auth is off). */
  appId: string;
}

/** A configuration that cannot work; the message names the variables. */
export class TeamsConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'TeamsConfigError';
  }
}

/** What is wrong with the settings, in words an operator can act on; empty when they can work. */
export function authSettingProblems(settings: TeamsAuthSettings): string[] {
  const { appId, appPassword, appType = 'MultiTenant', appTenantId } = settings;
  const problems: string[] = [];
  if (!appId) {
    if (appPassword || appTenantId || settings.appType) {
      problems.push('MICROSOFT_APP_ID is missing, but MICROSOFT_APP_PASSWORD, MICROSOFT_APP_TYPE or MICROSOFT_APP_TENANT_ID is set');
    }
    return problems;
  }
  if (!/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(appId)) {
    problems.push('MICROSOFT_APP_ID must be the bot\'s Microsoft App ID (a GUID)');
  }
  if (appType === 'UserAssignedMSI') {
    if (!appTenantId) problems.push('MICROSOFT_APP_TYPE=UserAssignedMSI needs MICROSOFT_APP_TENANT_ID');
    if (appPassword) problems.push('MICROSOFT_APP_TYPE=UserAssignedMSI takes no MICROSOFT_APP_PASSWORD (the managed identity is the credential)');
  } else {
    if (!appPassword) problems.push(`MICROSOFT_APP_TYPE=${appType} needs MICROSOFT_APP_PASSWORD (the client secret)`);
    if (appType === 'SingleTenant' && !appTenantId) problems.push('MICROSOFT_APP_TYPE=SingleTenant needs MICROSOFT_APP_TENANT_ID');
  }
  return problems;
}

/**
 * Bot Framework authentication for CloudAdapter. With an app id, every inbound request must carry a valid Bot
 * Framework JWT (checked by the SDK) and outbound calls get a token; without one, both are off (local use only).
 */
export function createBotAuth(settings: TeamsAuthSettings): BotAuth {
  const problems = authSettingProblems(settings);
  if (problems.length) throw new TeamsConfigError(`Teams configuration: ${problems.join('; ')}`);
  const options = {
    MicrosoftAppId: settings.appId ?? '',
    MicrosoftAppPassword: settings.appPassword ?? '',
    MicrosoftAppType: settings.appType ?? 'MultiTenant',
    MicrosoftAppTenantId: settings.appTenantId ?? '',
  };
  const credentials = new ConfigurationServiceClientCredentialFactory(options);
  const authentication = new ConfigurationBotFrameworkAuthentication(
    { MicrosoftAppId: options.MicrosoftAppId, MicrosoftAppTenantId: options.MicrosoftAppTenantId || undefined },
    credentials,
  );
  return { authentication, enabled: Boolean(settings.appId), appId: settings.appId ?? '' };
}
