import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { Logger } from '../log/logger.ts';

export type HttpHandler = (req: IncomingMessage, res: ServerResponse) => void | Promise<void>;

/** A path an adapter answers: exact, or every path below a prefix ending in `/`. */
export interface HttpMount {
  path: string;
  handler: HttpHandler;
}

export interface HttpServerOptions {
  mounts: HttpMount[];
  /**
   * `ready` when the database is reachable and migrated; `degraded` while requests wait in the local spool for the
   * database (still taking requests); `not ready` otherwise.
   */
  ready: () => Promise<'ready' | 'degraded' | 'not ready'>;
  logger: Logger;
}

/**
 * The one HTTP server every adapter mounts on, with `/healthz` and `/readyz`. Given a server already listening (the
 * one `startingServer` opened while the app was being put together), it takes over its requests.
 */
export function createHttpServer(options: HttpServerOptions, server: Server = createServer()): Server {
  const mounts = [...options.mounts].sort((a, b) => b.path.length - a.path.length);
  let draining = false;
  server.removeAllListeners('request');
  server.on('request', async (req: IncomingMessage, res: ServerResponse) => {
    const path = (req.url ?? '/').split('?')[0];
    try {
      if (path === '/healthz') return json(res, 200, { status: 'ok' });
      if (path === '/readyz') {
        const status = draining ? 'not ready' : await options.ready().catch(() => 'not ready' as const);
        return json(res, status === 'ready' ? 200 : 503, { status });
      }
      const mount = mounts.find((m) => (m.path.endsWith('/') ? path.startsWith(m.path) || path === m.path.slice(0, -1) : path === m.path));
      if (!mount) return json(res, 404, { error: 'not found' });
      await mount.handler(req, res);
    } catch (error) {
      options.logger.log('error', 'http.handler_failed', { path, error: (error as Error).message });
      if (!res.headersSent) json(res, 500, { error: 'internal error' });
      else res.end();
    }
  });
  server.on('close', () => { draining = true; });
  return server;
}

/**
 * A server that listens before the slow parts of a start (opening and migrating the database, loading the
 * configuration, loading the adapters): `/healthz` says the process is alive, `/readyz` says 503 `starting`, and every
 * other path 503 with Retry-After (Slack and the Bot Connector retry). createHttpServer takes it over once the app is
 * ready to answer.
 */
export async function startingServer(port: number, host: string): Promise<Server> {
  const server = createServer((req, res) => {
    const path = (req.url ?? '/').split('?')[0];
    if (path === '/healthz') return json(res, 200, { status: 'ok' });
    if (path === '/readyz') return json(res, 503, { status: 'starting' });
    res.setHeader('retry-after', '1');
    json(res, 503, { error: 'starting' });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => { server.off('error', reject); resolve(); });
  });
  return server;
}

function json(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify(body));
}
