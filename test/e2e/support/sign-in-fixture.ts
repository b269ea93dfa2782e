import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import { startTestApp, type TestApp } from '../../support/test-app.ts';
import { startTestProvider, type TestProvider } from '../../support/oidc-test-provider.ts';
import { wireWeb } from '../../../src/cli/wire-web.ts';
import { BUNDLED_CONFIG_PATH } from '../../../src/infra/config/load-config-file.ts';
import type { DatabaseKind } from '../../support/test-database.ts';

export const WAIT = { timeout: 30_000 };

/** A free local port, so the console's public URL (and the provider's redirect URI) is known before it listens. */
export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/** The bundled deployment file, with Karin Dahl's account at the police's provider (`sub` polis-4711). */
function configWithProviderIdentity(): string {
  const text = readFileSync(BUNDLED_CONFIG_PATH, 'utf8').replace(
    '      - { platform: web, user: karin.dahl }\n',
    '      - { platform: web, user: karin.dahl }\n      - { platform: web, workspace: polisen-idp, user: polis-4711 }\n',
  );
  if (!text.includes('polis-4711')) throw new Error('the bundled deployment file changed: Karin Dahl not found');
  const file = join(mkdtempSync(join(tmpdir(), 'samband-signin-')), 'samband.yaml');
  writeFileSync(file, text);
  return file;
}

export interface SignInFixture {
  app: TestApp;
  social: TestProvider;
  police: TestProvider;
  close(): Promise<void>;
}

/**
 * Samband with sign-in from two identity providers, each a real oidc-provider in this process: the social services'
 * (people matched by email) and the police's (matched by `sub` against the deployment file's web identity).
 */
export async function startSignInFixture(kind: DatabaseKind = 'postgres', env: Record<string, string> = {}): Promise<SignInFixture> {
  const [social, police, port] = await Promise.all([
    startTestProvider({ clientId: 'samband-soc', clientSecret: 'soc-secret', emailDomain: 'example.se' }),
    startTestProvider({ clientId: 'samband-pol', clientSecret: 'pol-secret', emailDomain: 'polisen.example' }),
    freePort(),
  ]);
  const publicUrl = `http://127.0.0.1:${port}`;
  const issuers = [
    { id: 'socialtjansten-idp', label: 'Socialtjänsten', issuer: social.issuer, clientId: 'samband-soc', clientSecret: 'soc-secret', claim: 'email' },
    { id: 'polisen-idp', label: 'Polisen', issuer: police.issuer, clientId: 'samband-pol', clientSecret: 'pol-secret', claim: 'sub', scopes: [] },
  ];
  social.register(`${publicUrl}/auth/callback`);
  police.register(`${publicUrl}/auth/callback`);
  const app = await startTestApp(kind, {
    wires: [wireWeb],
    env: {
      PORT: String(port), SAMBAND_CONFIG: configWithProviderIdentity(), SAMBAND_OIDC_ISSUERS: JSON.stringify(issuers),
      SAMBAND_PUBLIC_URL: publicUrl, SAMBAND_SIGNIN_MAX_FAILURES: '2', ...env,
    },
  });
  return {
    app, social, police,
    async close() {
      await app.stop();
      await Promise.all([social.close(), police.close()]);
    },
  };
}

/**
 * Signs in through the sign-in page and the provider's own pages, as a person would: the provider's button, its login
 * form, its consent. Resolves on the page the console came back with.
 */
export async function signIn(context: BrowserContext, baseUrl: string, provider: string, login: string, options: { lang?: 'sv' | 'en' } = {}): Promise<Page> {
  const page = await context.newPage();
  await page.goto(`${baseUrl}/login${options.lang ? `?lang=${options.lang}` : ''}`);
  await page.getByRole('link', { name: new RegExp(provider) }).click();
  await page.locator('input[name="login"]').waitFor(WAIT);
  await page.fill('input[name="login"]', login);
  await page.fill('input[name="password"]', 'any password');
  await page.locator('button[type="submit"]').click();
  const back = (url: URL) => url.href.startsWith(baseUrl);
  const consent = page.locator('button', { hasText: 'Continue' });
  await Promise.race([page.waitForURL(back, WAIT), consent.waitFor(WAIT)]);
  if (!back(new URL(page.url()))) {
    await consent.click();
    await page.waitForURL(back, WAIT);
  }
  return page;
}
