import { X509Certificate } from 'node:crypto';
import { ConfigurationBotFrameworkAuthentication, ConfigurationServiceClientCredentialFactory } from 'botbuilder';

/** The bot's Azure identity, as the environment gives it (MICROSOFT_APP_*, or one entry of TEAMS_BOTS). */
export interface TeamsAuthSettings {
  appId?: string;
  appPassword?: string;
  appType?: 'MultiTenant' | 'SingleTenant' | 'UserAssignedMSI';
  appTenantId?: string;
  /** A PEM holding the app registration's certificate and its private key, instead of a client secret. */
  certificatePem?: string;
}

/** The credentials factory botbuilder asks for outbound tokens and app id checks (its own interface, narrowed). */
export type CredentialsFactory = ConstructorParameters<typeof ConfigurationBotFrameworkAuthentication>[1];

/**
 * Where the Bot Framework's signing keys and token issuer are, and who issues outbound tokens. Production uses the
 * SDK's public-cloud defaults; tests point them at local stand-ins (no network), as a sovereign cloud would.
 */
export interface BotEndpointOverrides {
  openIdMetadataUrl: string;
  tokenIssuer: string;
  /** Replaces the token source of outbound calls (Entra ID cannot be reached from tests). */
  credentials?: (settings: TeamsAuthSettings) => CredentialsFactory;
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
    if (!appPassword && !settings.certificatePem) problems.push(`MICROSOFT_APP_TYPE=${appType} needs MICROSOFT_APP_PASSWORD (the client secret)`);
    if (appPassword && settings.certificatePem) problems.push('give a client secret or a certificate, not both');
    if (appType === 'SingleTenant' && !appTenantId) problems.push('MICROSOFT_APP_TYPE=SingleTenant needs MICROSOFT_APP_TENANT_ID');
  }
  return problems;
}

/**
 * Bot Framework authentication for CloudAdapter. With an app id, every inbound request must carry a valid Bot
 * Framework JWT (checked by the SDK) and outbound calls get a token; without one, both are off (local use only).
 */
export function createBotAuth(settings: TeamsAuthSettings, endpoints?: BotEndpointOverrides): BotAuth {
  const problems = authSettingProblems(settings);
  if (problems.length) throw new TeamsConfigError(`Teams configuration: ${problems.join('; ')}`);
  const options = {
    MicrosoftAppId: settings.appId ?? '',
    MicrosoftAppPassword: settings.appPassword ?? '',
    MicrosoftAppType: settings.appType ?? 'MultiTenant',
    MicrosoftAppTenantId: settings.appTenantId ?? '',
    ...(settings.certificatePem ? certificateOptions(settings.certificatePem) : {}),
  };
  const credentials = endpoints?.credentials?.(settings) ?? new ConfigurationServiceClientCredentialFactory(options);
  const authentication = new ConfigurationBotFrameworkAuthentication(
    {
      MicrosoftAppId: options.MicrosoftAppId,
      MicrosoftAppTenantId: options.MicrosoftAppTenantId || undefined,
      ...(endpoints ? {
        // All of them, or the SDK falls back to the public cloud's.
        ToChannelFromBotLoginUrl: 'https://login.microsoftonline.com/botframework.com',
        ToChannelFromBotOAuthScope: 'https://api.botframework.com',
        ToBotFromChannelTokenIssuer: endpoints.tokenIssuer,
        OAuthUrl: 'https://api.botframework.com',
        ToBotFromChannelOpenIdMetadataUrl: endpoints.openIdMetadataUrl,
        ToBotFromEmulatorOpenIdMetadataUrl: endpoints.openIdMetadataUrl,
        CallerId: 'urn:botframework:azure',
        ValidateAuthority: true,
      } : {}),
    },
    credentials,
  );
  return { authentication, enabled: Boolean(settings.appId), appId: settings.appId ?? '' };
}

/** The SDK wants the certificate's SHA-1 thumbprint and its private key, both from the one PEM file. */
function certificateOptions(pem: string): { CertificateThumbprint: string; CertificatePrivateKey: string } {
  const certificate = /-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/.exec(pem)?.[0];
  const key = /-----BEGIN (?:RSA |EC )?PRIVATE KEY-----[\s\S]+?-----END (?:RSA |EC )?PRIVATE KEY-----/.exec(pem)?.[0];
  if (!certificate || !key) throw new TeamsConfigError('Teams configuration: the certificate file must hold the certificate and its private key (PEM)');
  return { CertificateThumbprint: new X509Certificate(certificate).fingerprint.replace(/:/g, ''), CertificatePrivateKey: key };
}
