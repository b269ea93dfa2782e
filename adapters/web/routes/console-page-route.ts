import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { WebConsoleDeps } from '../web-console.deps.ts';
import type { Visitor } from '../visitor.ts';
import { resolveVisitor } from '../visitor.ts';
import { pageQuerySchema } from '../inbound-schemas.ts';
import { renderPage } from '../render/layout.ts';
import { renderChannelNav, renderConsoleMain, renderMessageList } from '../render/console-page.ts';
import { plainMessage } from '../../../src/core/messages/incident-message.ts';
import { renderMessage } from '../render/render-message.ts';
import { sendHtml, sendText } from '../http/responses.ts';
import { wt } from '../web-texts.ts';
import { renderErrorPage } from './error-page.ts';

export interface ConsolePageOptions {
  channel?: string;
  replies?: string[];
  form?: string;
  typed?: string;
  requestKey?: string;
  status?: number;
}

/** Renders the console for a visitor: sidebar of channels, the current channel, private replies, message box. */
export async function sendConsolePage(deps: WebConsoleDeps, res: ServerResponse, visitor: Visitor, options: ConsolePageOptions = {}): Promise<void> {
  const { channels } = visitor;
  const wanted = options.channel;
  const current = wanted ? channels.find((c) => c.key === wanted) : channels[0];
  const replies = [...(options.replies ?? [])];
  let status = options.status ?? 200;
  if (wanted && !current) {
    const locale = visitor.ctx.locale;
    replies.unshift(renderMessage(plainMessage(locale, 'error', wt('error.channel', locale)), { messageId: 'channel-error' }, visitor.ctx));
    status = 403;
  }
  const shown = current ?? (wanted ? undefined : channels[0]);
  const ctx = { ...visitor.ctx, channel: shown?.key };
  const messages = shown ? await deps.store.list([shown.key], deps.pageSize ?? 100) : [];
  const main = renderConsoleMain({
    ctx, channels, current: shown, messages, replies, form: options.form, requestKey: options.requestKey ?? randomUUID(), typed: options.typed,
  });
  sendHtml(res, status, renderPage({
    ctx, directory: visitor.directory, person: visitor.person, view: 'console', title: shown?.label ?? wt('app.title', ctx.locale),
    params: { channel: shown?.key }, channel: shown?.key, signedIn: visitor.signedIn, main, nav: renderChannelNav(ctx, channels, shown?.key),
  }));
}

/** GET / : the console as the persona in `as` (default: the first field staff member). */
export async function consolePageRoute(deps: WebConsoleDeps, req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> {
  const q = pageQuerySchema.parse(Object.fromEntries(url.searchParams));
  const visitor = await resolveVisitor(deps, req, q.as, q.lang);
  if (!visitor) return renderErrorPage(deps, res, 404, 'error.persona', q.lang);
  await sendConsolePage(deps, res, visitor, { channel: q.channel });
}

/** GET /channel : one channel's messages as HTML, for a browser that reconnected and may have missed some. */
export async function channelFragmentRoute(deps: WebConsoleDeps, req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> {
  const q = pageQuerySchema.parse(Object.fromEntries(url.searchParams));
  const visitor = await resolveVisitor(deps, req, q.as, q.lang);
  if (!visitor) return sendText(res, 404, 'unknown persona');
  const channel = visitor.channels.find((c) => c.key === q.channel);
  if (!channel) return sendText(res, 403, wt('error.channel', visitor.ctx.locale));
  const messages = await deps.store.list([channel.key], deps.pageSize ?? 100);
  sendText(res, 200, renderMessageList(visitor.ctx, messages), 'text/html; charset=utf-8', { 'cache-control': 'no-store' });
}
