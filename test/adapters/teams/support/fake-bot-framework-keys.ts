import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createSign, generateKeyPairSync, type KeyObject } from 'node:crypto';

/**
 * A local stand-in for the Bot Framework's token signing: an OpenID configuration and its JWKS (one RSA key,
 * endorsed for `msteams`), and tokens signed with that key as the Bot Connector signs the requests it makes to a bot.
 * botbuilder fetches the keys from here and checks the tokens itself (issuer, audience, service URL, signature).
 */
export class FakeBotFrameworkKeys {
  readonly issuer = 'https://api.botframework.test';
  private readonly kid = 'samband-test-key';
  private readonly keys = generateKeyPairSync('rsa', { modulusLength: 2048 });
  private server: Server | undefined;
  url = '';

  get openIdMetadataUrl(): string {
    return `${this.url}/.well-known/openidconfiguration`;
  }

  async start(): Promise<this> {
    this.server = createServer((req, res) => {
      res.setHeader('content-type', 'application/json');
      if (req.url === '/.well-known/openidconfiguration') {
        res.end(JSON.stringify({ issuer: this.issuer, jwks_uri: `${this.url}/keys`, id_token_signing_alg_values_supported: ['RS256'] }));
      } else if (req.url === '/keys') {
        const jwk = (this.keys.publicKey as KeyObject).export({ format: 'jwk' });
        res.end(JSON.stringify({ keys: [{ ...jwk, kid: this.kid, kty: 'RSA', use: 'sig', endorsements: ['msteams'] }] }));
      } else {
        res.statusCode = 404;
        res.end('{}');
      }
    });
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    return this;
  }

  async stop(): Promise<void> {
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }

  /** `Bearer <jwt>` as the Bot Connector at `serviceUrl` would send it to the bot whose app id is `audience`. */
  authorization(audience: string, serviceUrl: string): string {
    const part = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
    const now = Math.floor(Date.now() / 1000);
    const unsigned = `${part({ alg: 'RS256', typ: 'JWT', kid: this.kid })}.${part({
      iss: this.issuer, aud: audience, serviceurl: serviceUrl, nbf: now - 60, exp: now + 3600,
    })}`;
    return `Bearer ${unsigned}.${createSign('RSA-SHA256').update(unsigned).sign(this.keys.privateKey).toString('base64url')}`;
  }
}
