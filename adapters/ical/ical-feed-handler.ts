import type { IncomingMessage, ServerResponse } from 'node:http';
import type { CalendarFeed } from '../../src/core/calendar/calendar.types.ts';
import { renderIcal } from './render-ical.ts';

/** The slice of a structured logger the feed uses. */
export interface IcalLogger {
  log(level: 'debug' | 'info' | 'warn' | 'error', event: string, fields?: Record<string, unknown>): void;
}

export interface IcalFeedDeps {
  /** The feed behind a token, recorded in the read log; null for an unknown or revoked token. */
  openFeed(token: string): Promise<CalendarFeed | null>;
  now(): Date;
  logger: IcalLogger;
}

/** Unknown, revoked and malformed tokens get the same answer, so a token's existence is not told. */
function notFound(res: ServerResponse): void {
  res.writeHead(404, { 'content-type': 'text/plain; charset=utf-8', 'cache-control': 'no-store' });
  res.end('Kalendern finns inte / No such calendar\n');
}

/**
 * `GET /ical/<token>`: a private roster feed for calendar apps. The token is the only credential (calendar apps
 * cannot sign in), so it is long and random, never logged, and revocable. Anything else under /ical/ is 404.
 */
export function createIcalFeedHandler(deps: IcalFeedDeps): (req: IncomingMessage, res: ServerResponse) => Promise<void> {
  return async (req, res) => {
    const method = req.method ?? 'GET';
    if (method !== 'GET' && method !== 'HEAD') {
      res.writeHead(405, { allow: 'GET, HEAD', 'content-type': 'text/plain; charset=utf-8' });
      return void res.end('method not allowed\n');
    }
    const path = (req.url ?? '/').split('?')[0];
    const match = /^\/ical\/([^/]+?)(?:\.ics)?$/.exec(path);
    if (!match) return notFound(res);
    let token: string;
    try {
      token = decodeURIComponent(match[1]);
    } catch {
      return notFound(res);
    }
    let feed: CalendarFeed | null;
    try {
      feed = await deps.openFeed(token);
    } catch (error) {
      // Answered here, not by the server's catch-all, which would log the path: the token is a credential.
      deps.logger.log('error', 'ical.failed', { error: (error as Error).message });
      res.writeHead(503, { 'content-type': 'text/plain; charset=utf-8', 'retry-after': '60', 'cache-control': 'no-store' });
      return void res.end('Försök igen senare / Try again later\n');
    }
    if (!feed) {
      deps.logger.log('info', 'ical.not_found', {});
      return notFound(res);
    }
    const body = renderIcal(feed, deps.now());
    deps.logger.log('info', 'ical.served', { events: feed.events.length });
    res.writeHead(200, {
      'content-type': 'text/calendar; charset=utf-8',
      'content-disposition': 'inline; filename="samband.ics"',
      'cache-control': 'private, no-store',
      'x-robots-tag': 'noindex',
    });
    res.end(method === 'HEAD' ? undefined : body);
  };
}
