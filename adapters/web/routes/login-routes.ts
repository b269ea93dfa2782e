import type { IncomingMessage, ServerResponse } from 'node:http';
import * as oidc from 'openid-client';
import { z } from 'zod';
import type { WebConsoleDeps } from '../web-console.deps.ts';
import { redirect, sendHtml } from '../http/responses.ts';
import { esc, query } from '../render/html.ts';
import { renderPlainPage } from '../render/footer.ts';
import { fallbackLocale } from '../visitor.ts';
import { wt, type WebTextKey } from '../web-texts.ts';
import type { Locale } from '../../../src/core/shared/platform.types.ts';
import { accessOf, cookiesOf, SIGN_IN_COOKIE } from '../console-access.ts';
import { SignInFailed, type OidcClients } from '../sign-in/oidc-client.ts';
import { matchPerson } from '../sign-in/match-person.ts';
import type { SignInDeps } from '../sign-in/sign-in-deps.ts';

const lang = z.enum(['sv', 'en']).optional().catch(undefined);
const notice = z.enum(['signed_out', 'ended']).optional().catch(undefined);
const loginQuery = z.object({ lang, notice, issuer: z.string().max(80).optional().catch(undefined) });


function signInPage(deps: SignInDeps, locale: Locale, lang: Locale | undefined, message?: { key: WebTextKey; error: boolean; minutes?: number }): string {
  const note = message
    ? `<p class="${message.error ? 'error-text' : 'notice'}" role="${message.error ? 'alert' : 'status'}">${esc(wt(message.key, locale, { minutes: message.minutes ?? 0 }))}</p>`
    : '';
  const issuers = deps.clients.list().map((issuer) => `<li><a class="btn btn-primary" href="/login/start${esc(query({ issuer: issuer.id, lang }))}">`
    + `${esc(wt('login.with', locale, { issuer: issuer.label }))}</a></li>`).join('');
  const other = locale === 'sv' ? 'en' : 'sv';
  return renderPlainPage(locale, wt('login.title', locale), `<h1>${esc(wt('login.title', locale))}</h1>${note}`
    + `<p>${esc(wt('login.intro', locale))}</p><ul class="issuers">${issuers}</ul>`
    + `<p><a href="/login${esc(query({ lang: other }))}" lang="${other}">${esc(wt('lang.switch', locale))}</a></p>`, lang);
}

/** GET /login : one button per configured identity provider (no JavaScript needed). */
export async function loginPageRoute(deps: WebConsoleDeps, signIn: SignInDeps, res: ServerResponse, url: URL): Promise<void> {
  const q = loginQuery.parse(Object.fromEntries(url.searchParams));
  const locale = await fallbackLocale(deps, q.lang);
  const message = q.notice ? { key: q.notice === 'signed_out' ? 'login.signed_out' as const : 'login.ended' as const, error: false } : undefined;
  sendHtml(res, 200, signInPage(signIn, locale, q.lang, message));
}

/** GET /login/start?issuer= : starts the authorization code flow with PKCE at that provider. */
export async function loginStartRoute(deps: WebConsoleDeps, signIn: SignInDeps, req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> {
  const q = loginQuery.parse(Object.fromEntries(url.searchParams));
  const locale = await fallbackLocale(deps, q.lang);
  const issuer = q.issuer ? signIn.clients.issuer(q.issuer) : undefined;
  if (!issuer) return sendHtml(res, 404, signInPage(signIn, locale, q.lang, { key: 'login.failed', error: true }));
  const keys = signIn.sessions.failureKeys(deps.gate.clientAddress(req));
  if (await signIn.sessions.limited(keys)) return refuseLimited(deps, signIn, res, locale, q.lang);
  const state = oidc.randomState();
  const nonce = oidc.randomNonce();
  const codeVerifier = oidc.randomPKCECodeVerifier();
  let target: URL;
  try {
    target = await signIn.clients.authorizationUrl(issuer, state, nonce, codeVerifier);
  } catch (error) {
    deps.logger.log('warn', 'web.signin_provider_unreachable', { issuer: issuer.id, error: (error as Error).name });
    return sendHtml(res, 503, signInPage(signIn, locale, q.lang, { key: 'login.provider_down', error: true }));
  }
  await signIn.sessions.saveRequest({ state, issuer: issuer.id, codeVerifier, nonce });
  redirect(res, target.href, { 'set-cookie': deps.gate.signInCookie(state) });
}

/**
 * GET /auth/callback : the provider sends the browser back with a code. The sign-in must have started in this browser
 * (its cookie holds the state) and finish once; the ID token's claim must name an active configured person. Every
 * failure counts towards the limit per address and, when the account is known, per account.
 */
export async function callbackRoute(deps: WebConsoleDeps, signIn: SignInDeps, req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> {
  const state = url.searchParams.get('state') ?? '';
  const fromCookie = cookiesOf(req)[SIGN_IN_COOKIE];
  const pending = state && fromCookie === state ? await signIn.sessions.takeRequest(state) : null;
  const locale = await fallbackLocale(deps, undefined);
  const ipKeys = signIn.sessions.failureKeys(deps.gate.clientAddress(req));
  const clear = { 'set-cookie': deps.gate.clearSignInCookie() };
  const fail = async (reason: string, key: WebTextKey, status: number, identity?: string) => {
    const keys = signIn.sessions.failureKeys(deps.gate.clientAddress(req), identity);
    await signIn.sessions.recordFailure(keys, reason);
    deps.logger.log('warn', 'web.signin_failed', { issuer: pending?.issuer ?? null, reason });
    if (await signIn.sessions.limited(keys)) return refuseLimited(deps, signIn, res, locale, undefined, clear);
    sendHtml(res, status, signInPage(signIn, locale, undefined, { key, error: true }), clear);
  };
  if (await signIn.sessions.limited(ipKeys)) return refuseLimited(deps, signIn, res, locale, undefined, clear);
  const issuer = pending ? signIn.clients.issuer(pending.issuer) : undefined;
  if (!pending || !issuer) return fail('unknown_state', 'login.failed', 400);
  let claims;
  try {
    claims = await signIn.clients.finish(issuer, callbackUrl(signIn, issuer, url), pending);
  } catch (error) {
    if (error instanceof SignInFailed) return fail(error.reason, 'login.failed', 400);
    throw error;
  }
  const { person, identity } = matchPerson(await deps.directory.current(), issuer, claims);
  if (await signIn.sessions.limited(signIn.sessions.failureKeys(deps.gate.clientAddress(req), identity))) {
    return refuseLimited(deps, signIn, res, locale, undefined, clear);
  }
  if (!person) return fail('unknown_person', 'login.unknown_person', 403, identity);
  const { token } = await signIn.sessions.start(person.id, issuer.id);
  deps.logger.log('info', 'web.signed_in', { issuer: issuer.id, role: person.role });
  res.writeHead(303, {
    location: '/',
    'cache-control': 'no-store',
    'referrer-policy': 'no-referrer',
    'set-cookie': [deps.gate.sessionCookie(token, signIn.sessions.settings.maxHours * 3600), deps.gate.clearSignInCookie()],
  });
  res.end();
}

/** POST /logout : ends the session in the database (refused at once everywhere) and forgets the cookie. */
export async function logoutRoute(deps: WebConsoleDeps, signIn: SignInDeps | undefined, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const access = accessOf(req);
  if (!signIn || !access.sessionId) return redirect(res, '/');
  await signIn.sessions.revoke({ id: access.sessionId }, 'signed_out', access.personId ?? 'unknown');
  deps.logger.log('info', 'web.signed_out', {});
  redirect(res, '/login?notice=signed_out', { 'set-cookie': deps.gate.clearSessionCookie() });
}

/** The provider redirects to the registered URL; the code is checked against that URL with this request's query. */
function callbackUrl(signIn: SignInDeps, issuer: Parameters<OidcClients['redirectUrl']>[0], url: URL): URL {
  const registered = new URL(signIn.clients.redirectUrl(issuer));
  registered.search = url.search;
  return registered;
}

async function refuseLimited(deps: WebConsoleDeps, signIn: SignInDeps, res: ServerResponse, locale: Locale, lang: Locale | undefined, headers: Record<string, string> = {}): Promise<void> {
  deps.logger.log('warn', 'web.signin_limited', {});
  const minutes = signIn.sessions.settings.failureWindowMinutes;
  sendHtml(res, 429, signInPage(signIn, locale, lang, { key: 'login.limited', error: true, minutes }), { 'retry-after': String(minutes * 60), ...headers });
}
