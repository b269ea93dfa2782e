import type { IncomingMessage, ServerResponse } from 'node:http';
import type { WebConsoleDeps } from './web-console.deps.ts';
import { BodyError, readBody, wantsJson } from './http/request-body.ts';
import { redirect, sendJson, sendText } from './http/responses.ts';
import { channelFragmentRoute, consolePageRoute } from './routes/console-page-route.ts';
import { commandRoute } from './routes/command-routes.ts';
import { eventsRoute } from './routes/events-route.ts';
import { supervisorPageRoute, supervisorPanelsRoute } from './routes/supervisor-routes.ts';
import { areaIncidentsRoute, areaPictureRoute, packExportRoute, packPageRoute } from './routes/area-routes.ts';
import { callbackRoute, loginPageRoute, loginStartRoute, logoutRoute } from './routes/login-routes.ts';
import { accessibilityRoute } from './routes/accessibility-route.ts';
import { renderErrorPage } from './routes/error-page.ts';
import { readFileSync } from 'node:fs';
import { fallbackLocale } from './visitor.ts';
import { esc } from './render/html.ts';
import { wt } from './web-texts.ts';

const parseLang = (value: unknown) => (value === 'sv' || value === 'en' ? value : undefined);

type Route = (deps: WebConsoleDeps, req: IncomingMessage, res: ServerResponse, url: URL) => Promise<void>;

const GET: Record<string, Route> = {
  '/': consolePageRoute,
  '/channel': channelFragmentRoute,
  '/events': eventsRoute,
  '/supervisor': supervisorPageRoute,
  '/supervisor/panels': supervisorPanelsRoute,
  '/supervisor/areas': areaPictureRoute,
  '/supervisor/area': areaIncidentsRoute,
  '/supervisor/pack': packPageRoute,
  '/supervisor/pack/export': packExportRoute,
};

const POST: Record<string, Route> = {
  '/command': commandRoute('command'),
  '/action': commandRoute('action'),
  '/form': commandRoute('form'),
  '/logout': (deps, req, res) => logoutRoute(deps, deps.signIn, req, res),
};

/** Pages anyone may see, signed in or not. */
const PUBLIC: Record<string, Route> = {
  '/accessibility': accessibilityRoute,
};

/** The stylesheet and the script, read once at start from adapters/web/static/. */
const asset = (name: string) => readFileSync(new URL(`./static/${name}`, import.meta.url), 'utf8');
const STATIC: Record<string, { body: string; type: string }> = {
  '/static/console.css': { body: asset('console.css'), type: 'text/css; charset=utf-8' },
  '/static/console.js': { body: asset('console.js'), type: 'text/javascript; charset=utf-8' },
};

/**
 * The web console's HTTP handler, mounted at `/` on the app's server. Checks who may use it (loopback in the local
 * demo, a live session with sign-in), that every POST carries the visitor's CSRF token, then routes. Every action ends
 * in the coordination core; nothing here decides anything about incidents.
 */
export function createWebConsole(deps: WebConsoleDeps): (req: IncomingMessage, res: ServerResponse) => Promise<void> {
  const { gate, signIn } = deps;
  return async (req, res) => {
    const url = new URL(req.url ?? '/', 'http://console.invalid');
    const path = url.pathname;
    const method = req.method ?? 'GET';
    const reading = method === 'GET' || method === 'HEAD';
    if (!gate.hostAllowed(req)) return sendText(res, 421, 'The web console answers only on this machine (127.0.0.1 / localhost).');
    const file = STATIC[path];
    if (file && reading) return sendText(res, 200, file.body, file.type, { 'cache-control': 'no-cache' });
    if (PUBLIC[path] && reading) return PUBLIC[path](deps, req, res, url);
    if (signIn && reading) {
      if (path === '/login') return loginPageRoute(deps, signIn, res, url);
      if (path === '/login/start') return loginStartRoute(deps, signIn, req, res, url);
      if (path === '/auth/callback') return callbackRoute(deps, signIn, req, res, url);
    }
    let access;
    try {
      access = await gate.identify(req);
    } catch (error) {
      // The database is away: a session cannot be checked, so nothing is let in (and nothing is a 500).
      deps.logger.log('warn', 'web.session_check_failed', { error: (error as Error).message });
      return sendText(res, 503, 'Samband cannot check sign-ins just now. Try again shortly.', 'text/plain; charset=utf-8', { 'retry-after': '5' });
    }
    // A person deactivated (or removed) in the deployment file: their sessions end at their next request.
    if (access?.personId && access.sessionId && !(await deps.directory.current()).person(access.personId)) {
      await signIn?.sessions.revoke({ id: access.sessionId }, 'person_inactive', 'system');
      deps.logger.log('info', 'web.session_ended', { reason: 'person_inactive' });
      access = null;
    }
    if (!access) {
      // Whole pages send the browser to sign in; fragments and streams (the script's) get 401.
      if (reading && !wantsJson(req) && (path === '/' || path === '/supervisor')) {
        return redirect(res, req.headers.cookie?.includes('samband_session=') ? '/login?notice=ended' : '/login');
      }
      return sendJson(res, 401, { error: 'sign in first: /login' });
    }
    const route = reading ? GET[path] : method === 'POST' ? POST[path] : undefined;
    if (!route) {
      const known = path in GET || path in POST;
      return sendJson(res, known ? 405 : 404, { error: known ? 'method not allowed' : 'not found' });
    }
    return withBodyErrors(res, async () => {
      const body = method === 'POST' ? await readBody(req) : undefined;
      if (method === 'POST' && !gate.postAllowed(req, body, access)) {
        deps.logger.log('warn', 'web.csrf_refused', { path });
        if (wantsJson(req)) {
          // The script shows `replies` as it shows any answer: the visitor learns to reload, in their language.
          const locale = await fallbackLocale(deps, parseLang((body as { lang?: unknown } | null)?.lang));
          return sendJson(res, 403, { ok: false, error: 'csrf', replies: [`<article class="msg tone-error"><p>${esc(wt('error.csrf', locale))}</p></article>`] });
        }
        return renderErrorPage(deps, res, 403, 'error.csrf');
      }
      await route(deps, req, res, url);
    });
  };
}

/** A body the console cannot read (too large, not JSON, another content type) is the sender's error: 4xx, not 500. */
async function withBodyErrors(res: ServerResponse, run: () => Promise<void>): Promise<void> {
  try {
    await run();
  } catch (error) {
    if (error instanceof BodyError) return sendJson(res, error.status, { error: error.message });
    throw error;
  }
}
