import type { IncomingMessage, ServerResponse } from 'node:http';
import type { WebConsoleDeps } from '../web-console.deps.ts';
import { loginBodySchema, pageQuerySchema } from '../inbound-schemas.ts';
import { readBody } from '../http/request-body.ts';
import { redirect, sendHtml } from '../http/responses.ts';
import { esc } from '../render/html.ts';
import { fallbackLocale } from '../visitor.ts';
import { wt } from '../web-texts.ts';
import type { Locale } from '../../../src/core/shared/platform.types.ts';

/** Slows down guessing: every wrong secret waits this long before the answer. */
const WRONG_SECRET_DELAY_MS = 400;

function loginPage(locale: Locale, error: boolean): string {
  return `<!doctype html><html lang="${locale}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">`
    + `<title>${esc(wt('login.title', locale))} – Samband</title><link rel="stylesheet" href="/static/console.css"></head>`
    + `<body><main id="main" class="wide narrow"><h1>${esc(wt('login.title', locale))}</h1>`
    + (error ? `<p class="error-text" role="alert">${esc(wt('login.wrong', locale))}</p>` : '')
    + `<form method="post" action="/login" class="login"><label for="secret">${esc(wt('login.secret', locale))}</label>`
    + `<input id="secret" name="secret" type="password" autocomplete="current-password" required>`
    + `<button type="submit" class="btn btn-primary">${esc(wt('login.submit', locale))}</button></form></main></body></html>`;
}

/** GET /login : the shared-secret form (only when the console runs behind a secret). */
export async function loginPageRoute(deps: WebConsoleDeps, _req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> {
  const q = pageQuerySchema.parse(Object.fromEntries(url.searchParams));
  sendHtml(res, 200, loginPage(await fallbackLocale(deps, q.lang), false));
}

/** POST /login : checks the secret and sets the HttpOnly session cookie. */
export async function loginRoute(deps: WebConsoleDeps, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const parsed = loginBodySchema.safeParse(await readBody(req));
  if (parsed.success && deps.gate.secretMatches(parsed.data.secret)) {
    deps.logger.log('info', 'web.login', { ok: true });
    return redirect(res, '/', { 'set-cookie': deps.gate.sessionCookie(req) });
  }
  deps.logger.log('warn', 'web.login', { ok: false });
  await new Promise((resolve) => setTimeout(resolve, WRONG_SECRET_DELAY_MS));
  sendHtml(res, 401, loginPage(await fallbackLocale(deps, undefined), true));
}

/** POST /logout : forgets the session cookie. */
export async function logoutRoute(deps: WebConsoleDeps, _req: IncomingMessage, res: ServerResponse): Promise<void> {
  redirect(res, deps.gate.requiresLogin ? '/login' : '/', { 'set-cookie': deps.gate.clearCookie() });
}
