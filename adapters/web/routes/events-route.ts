import type { IncomingMessage, ServerResponse } from 'node:http';
import type { WebConsoleDeps } from '../web-console.deps.ts';
import { resolveVisitor } from '../visitor.ts';
import { pageQuerySchema } from '../inbound-schemas.ts';
import { renderMessage } from '../render/render-message.ts';
import { sendText } from '../http/responses.ts';
import type { WebMessageEvent } from '../web-event-hub.ts';
import { accessOf } from '../console-access.ts';
import { maySupervise } from '../../../src/core/supervision/supervision-scope.ts';

/**
 * GET /events : a server-sent event stream for one persona. `chat` events carry a message of a channel the
 * persona sees, rendered for them, to add or replace in place; on the supervisor view, `activity` says something
 * changed so the panels reload. A browser reloads its channel each time its stream opens (the first time too: the
 * page was rendered before the stream existed), so nothing sent meanwhile is lost.
 */
export async function eventsRoute(deps: WebConsoleDeps, req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> {
  const q = pageQuerySchema.parse(Object.fromEntries(url.searchParams));
  const visitor = await resolveVisitor(deps, req, q.as, q.lang);
  if (!visitor) return sendText(res, 404, 'unknown persona');
  const visible = new Set(visitor.channels.map((c) => c.key));
  const supervising = q.view === 'supervisor' && maySupervise(visitor.person);

  res.writeHead(200, {
    'content-type': 'text/event-stream; charset=utf-8',
    'cache-control': 'no-store',
    'x-accel-buffering': 'no',
    connection: 'keep-alive',
  });
  const write = (event: string, data: unknown) => res.write(`event: ${event}\ndata: ${JSON.stringify(data)}\n\n`);
  res.write('retry: 2000\n\n');
  write('ready', { channels: [...visible] });

  // A signed-in stream re-checks its session before each event: a session ended meanwhile (signed out elsewhere,
  // revoked by an admin, expired) closes the stream at once instead of streaming on.
  const access = accessOf(req);
  const sessionId = access.sessionId;
  let queue = Promise.resolve();
  let closed = false;
  const stillSignedIn = async () => {
    if (!sessionId || !deps.signIn) return true;
    const check = await deps.signIn.sessions.checkId(sessionId).catch(() => ({ ok: false as const }));
    if (!check.ok && !closed) {
      write('ended', {});
      res.end();
      close();
    }
    return check.ok;
  };
  const unsubscribe = deps.hub.subscribe((event: WebMessageEvent) => {
    queue = queue.then(async () => {
      if (closed || !(await stillSignedIn())) return;
      const { record } = event;
      if (visible.has(record.channel)) {
        const html = renderMessage(record.message, { messageId: record.messageId, createdAt: record.createdAt, updatedAt: record.updatedAt }, { ...visitor.ctx, channel: record.channel });
        write('chat', { kind: event.kind, channel: record.channel, messageId: record.messageId, html });
      }
      if (supervising) write('activity', { kind: event.kind });
    });
  });
  const heartbeat = setInterval(() => {
    queue = queue.then(async () => {
      if (!closed && (await stillSignedIn())) res.write(': keep-alive\n\n');
    });
  }, deps.heartbeatMs ?? 20_000);
  const close = () => {
    closed = true;
    clearInterval(heartbeat);
    unsubscribe();
  };
  req.on('close', close);
  res.on('error', close);
}
