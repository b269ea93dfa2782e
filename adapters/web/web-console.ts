import type { IncomingMessage, ServerResponse } from 'node:http';
import type { WebConsoleDeps } from './web-console.deps.ts';
import { BodyError, wantsJson } from './http/request-body.ts';
import { redirect, sendJson, sendText } from './http/responses.ts';
import { channelFragmentRoute, consolePageRoute } from './routes/console-page-route.ts';
import { commandRoute } from './routes/command-routes.ts';
import { eventsRoute } from './routes/events-route.ts';
import { supervisorPageRoute, supervisorPanelsRoute } from './routes/supervisor-routes.ts';
import { areaIncidentsRoute, areaPictureRoute, packExportRoute, packPageRoute } from './routes/area-routes.ts';
import { loginPageRoute, loginRoute, logoutRoute } from './routes/login-routes.ts';
import { readFileSync } from 'node:fs';

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
  '/logout': logoutRoute,
};

/** The stylesheet and the script, read once at start from adapters/web/static/. */
const asset = (name: string) => readFileSync(new URL(`./static/${name}`, import.meta.url), 'utf8');
const STATIC: Record<string, { body: string; type: string }> = {
  '/static/console.css': { body: asset('console.css'), type: 'text/css; charset=utf-8' },
  '/static/console.js': { body: asset('console.js'), type: 'text/javascript; charset=utf-8' },
};

/**
 * The web console's HTTP handler, mounted at `/` on the app's server. Checks who may use it (host, secret, origin),
 * then routes. Every action ends in the coordination core; nothing here decides anything about incidents.
 */
export function createWebConsole(deps: WebConsoleDeps): (req: IncomingMessage, res: ServerResponse) => Promise<void> {
  const { gate } = deps;
  return async (req, res) => {
    const url = new URL(req.url ?? '/', 'http://console.invalid');
    const path = url.pathname;
    const method = req.method ?? 'GET';
    if (!gate.hostAllowed(req)) return sendText(res, 421, 'The web console answers only on this machine (127.0.0.1 / localhost).');
    const file = STATIC[path];
    if (file && (method === 'GET' || method === 'HEAD')) return sendText(res, 200, file.body, file.type, { 'cache-control': 'no-cache' });
    if (method === 'POST' && !gate.sameOrigin(req)) return sendText(res, 403, 'cross-site request refused');
    if (gate.requiresLogin && path === '/login') {
      return withBodyErrors(res, () => (method === 'POST' ? loginRoute(deps, req, res) : loginPageRoute(deps, req, res, url)));
    }
    if (!gate.authenticated(req)) {
      if (method === 'GET' && !wantsJson(req) && path !== '/events') return redirect(res, '/login');
      return sendJson(res, 401, { error: 'sign in first: POST /login or Authorization: Bearer <SAMBAND_WEB_SECRET>' });
    }
    const route = method === 'GET' || method === 'HEAD' ? GET[path] : method === 'POST' ? POST[path] : undefined;
    if (!route) {
      const known = path in GET || path in POST;
      return sendJson(res, known ? 405 : 404, { error: known ? 'method not allowed' : 'not found' });
    }
    return withBodyErrors(res, () => route(deps, req, res, url));
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
