import * as oidc from 'openid-client';
import { isLoopbackHost } from '../console-mode.ts';
import type { IssuerSettings } from './sign-in.types.ts';

/** The claims of a verified ID token that the console may use to find the person. */
export type IdClaims = Record<string, unknown> & { sub: string };

export class SignInFailed extends Error {
  constructor(readonly reason: string) {
    super(reason);
  }
}

/**
 * Authorization code flow with PKCE against one or more OpenID providers (openid-client). Each provider's metadata is
 * discovered on first use, not at start, so Samband starts while a provider is away; a failed discovery is tried
 * again on the next sign-in.
 */
export class OidcClients {
  private readonly configs = new Map<string, Promise<oidc.Configuration>>();

  constructor(private readonly issuers: IssuerSettings[], private readonly publicUrl: string) {}

  list(): IssuerSettings[] {
    return this.issuers;
  }

  issuer(id: string): IssuerSettings | undefined {
    return this.issuers.find((i) => i.id === id);
  }

  redirectUrl(issuer: IssuerSettings): string {
    return issuer.redirectUrl ?? `${this.publicUrl}/auth/callback`;
  }

  /** The provider's authorization URL for a new sign-in, bound to `state`, `nonce` and the PKCE verifier. */
  async authorizationUrl(issuer: IssuerSettings, state: string, nonce: string, codeVerifier: string): Promise<URL> {
    const config = await this.config(issuer);
    return oidc.buildAuthorizationUrl(config, {
      redirect_uri: this.redirectUrl(issuer),
      scope: ['openid', ...issuer.scopes].join(' '),
      code_challenge: await oidc.calculatePKCECodeChallenge(codeVerifier),
      code_challenge_method: 'S256',
      state,
      nonce,
    });
  }

  /** Exchanges the callback's code and returns the ID token's verified claims; SignInFailed when anything is off. */
  async finish(issuer: IssuerSettings, callbackUrl: URL, expected: { state: string; nonce: string; codeVerifier: string }): Promise<IdClaims> {
    const config = await this.config(issuer);
    try {
      const tokens = await oidc.authorizationCodeGrant(config, callbackUrl, {
        pkceCodeVerifier: expected.codeVerifier, expectedState: expected.state, expectedNonce: expected.nonce, idTokenExpected: true,
      });
      const claims = tokens.claims();
      if (!claims) throw new SignInFailed('no_id_token');
      // Providers that keep the ID token small (by default, e.g. the email claim) hand the rest out at userinfo.
      if (claims[issuer.claim] === undefined && tokens.access_token) {
        const info = await oidc.fetchUserInfo(config, tokens.access_token, claims.sub);
        return { ...info, ...claims } as IdClaims;
      }
      return claims as IdClaims;
    } catch (error) {
      if (error instanceof SignInFailed) throw error;
      throw new SignInFailed(errorCode(error));
    }
  }

  private config(issuer: IssuerSettings): Promise<oidc.Configuration> {
    let found = this.configs.get(issuer.id);
    if (!found) {
      const url = new URL(issuer.issuer);
      // Plain HTTP only for a provider on this machine (tests, a local demo); every other provider must use TLS.
      const insecure = url.protocol === 'http:' && isLoopbackHost(url.hostname);
      found = oidc.discovery(url, issuer.clientId, undefined, issuer.clientSecret ? oidc.ClientSecretPost(issuer.clientSecret) : oidc.None(), {
        ...(insecure ? { execute: [oidc.allowInsecureRequests] } : {}),
        timeout: 10,
      });
      found.catch(() => this.configs.delete(issuer.id));
      this.configs.set(issuer.id, found);
    }
    return found;
  }
}

/** A short, log-safe reason (the provider's error code or the client's), never a token or a claim. */
function errorCode(error: unknown): string {
  const e = error as { code?: unknown; error?: unknown; cause?: { error?: unknown } };
  const code = typeof e.error === 'string' ? e.error : typeof e.cause?.error === 'string' ? e.cause.error : typeof e.code === 'string' ? e.code : 'exchange_failed';
  return code.replace(/[^A-Za-z0-9_.-]/g, '').slice(0, 60) || 'exchange_failed';
}
