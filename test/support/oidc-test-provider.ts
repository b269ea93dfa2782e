import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import Provider from 'oidc-provider';

export interface TestProvider {
  /** The issuer URL (http://127.0.0.1:<port>). */
  issuer: string;
  /** Registers the console as a client; the console's address is known only once it listens. */
  register(redirectUri: string): void;
  close(): Promise<void>;
}

/**
 * A real OpenID provider (oidc-provider) in this process, with its development sign-in pages: any login name and any
 * password sign in as the account of that name, whose `sub` is the name and whose email is `<name>@<emailDomain>`.
 */
export async function startTestProvider(options: { clientId: string; clientSecret: string; emailDomain: string }): Promise<TestProvider> {
  let handler: ((req: IncomingMessage, res: ServerResponse) => void) | null = null;
  const server = createServer((req, res) => {
    if (!handler) {
      res.statusCode = 503;
      res.end('provider not configured');
      return;
    }
    handler(req, res);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    issuer,
    register(redirectUri) {
      const provider = new Provider(issuer, {
        clients: [{
          client_id: options.clientId, client_secret: options.clientSecret, redirect_uris: [redirectUri],
          grant_types: ['authorization_code'], response_types: ['code'], token_endpoint_auth_method: 'client_secret_post',
        }],
        claims: { openid: ['sub'], email: ['email', 'email_verified'], profile: ['name'] },
        async findAccount(_ctx, id) {
          return { accountId: id, claims: async () => ({ sub: id, email: `${id}@${options.emailDomain}`, email_verified: true, name: id }) };
        },
        pkce: { required: () => true },
        cookies: { keys: ['samband-test-provider-cookie-key'] },
        features: { devInteractions: { enabled: true } },
      });
      handler = provider.callback() as unknown as (req: IncomingMessage, res: ServerResponse) => void;
    },
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
