import { esc, query } from './html.ts';
import { csrfField, personaFields, renderMessage, type RenderContext } from './render-message.ts';
import type { ConsoleChannel } from '../personas.ts';
import type { WebMessageRecord } from '../web-message-store.port.ts';
import { wt } from '../web-texts.ts';

export interface ConsoleBody {
  ctx: RenderContext;
  channels: ConsoleChannel[];
  current: ConsoleChannel | undefined;
  messages: WebMessageRecord[];
  /** Replies to what this visitor just sent (shown to them only), already rendered. */
  replies: string[];
  /** The incident form, already rendered, when a command asked for it. */
  form?: string;
  requestKey: string;
  /** What was typed, kept after an error so it can be corrected. */
  typed?: string;
}

/** The channel list for the sidebar, with the current channel marked and an unread badge per channel. */
export function renderChannelNav(ctx: RenderContext, channels: ConsoleChannel[], current?: string): string {
  if (channels.length === 0) return `<nav class="channels" aria-labelledby="channels-title"><h2 id="channels-title">${esc(wt('nav.channels', ctx.locale))}</h2><p>${esc(wt('channel.none', ctx.locale))}</p></nav>`;
  const items = channels.map((c) => {
    const href = `/${query({ as: ctx.personaId, channel: c.key, lang: ctx.lang })}`;
    return `<li class="ch-${c.kind}"><a href="${esc(href)}" data-channel="${esc(c.key)}"${c.key === current ? ' aria-current="page"' : ''}>`
      + `<span class="ch-label">${esc(c.label)}</span> <span class="badge" hidden><span class="count">0</span> <span class="sr-only">${esc(wt('channel.unread', ctx.locale))}</span></span></a></li>`;
  }).join('');
  return `<nav class="channels" aria-labelledby="channels-title"><h2 id="channels-title">${esc(wt('nav.channels', ctx.locale))}</h2><ul>${items}</ul></nav>`;
}

/** A channel's messages, oldest first (the newest at the bottom, as in chat). */
export function renderMessageList(ctx: RenderContext, messages: WebMessageRecord[]): string {
  if (messages.length === 0) return `<p class="empty">${esc(wt('channel.empty', ctx.locale))}</p>`;
  return messages.map((r) => renderMessage(r.message, { messageId: r.messageId, createdAt: r.createdAt, updatedAt: r.updatedAt }, ctx)).join('');
}

/** The main area: the current channel, the visitor's private replies, the form if asked for, and the message box. */
export function renderConsoleMain(body: ConsoleBody): string {
  const { ctx } = body;
  const title = body.current?.label ?? wt('channel.none', ctx.locale);
  const replies = body.replies.join('');
  return `<section class="channel" aria-labelledby="channel-title"><h1 id="channel-title">${esc(title)}</h1>`
    + `<div id="messages" class="messages" tabindex="0" role="log" aria-live="polite" aria-relevant="additions text" aria-labelledby="channel-title">${renderMessageList(ctx, body.messages)}</div></section>`
    + `<section class="composer" aria-labelledby="replies-title">`
    + `<h2 id="replies-title" class="replies-title">${esc(wt('replies.title', ctx.locale))} <span class="hint">(${esc(wt('replies.only_you', ctx.locale))})</span></h2>`
    + `<div id="replies" class="replies" aria-live="polite">${replies}</div>`
    + `<div id="form-slot">${body.form ?? ''}</div>`
    + `<form id="command-form" class="command js-post" method="post" action="/command" autocomplete="off">${personaFields(ctx)}${csrfField(ctx)}`
    + `<input type="hidden" name="requestKey" value="${esc(body.requestKey)}">`
    + `<label for="command-text">${esc(wt('command.label', ctx.locale))}</label><p id="command-hint" class="hint">${esc(wt('command.hint', ctx.locale))}</p>`
    + `<div class="row"><input id="command-text" name="text" type="text" value="${esc(body.typed ?? '')}" aria-describedby="command-hint" spellcheck="false">`
    + `<button type="submit" class="btn btn-primary">${esc(wt('command.send', ctx.locale))}</button></div></form>`
    + `<form class="open-form js-post" method="post" action="/command">${personaFields(ctx)}${csrfField(ctx)}<input type="hidden" name="text" value="/incident">`
    + `<button type="submit" class="btn" id="open-form">${esc(wt('command.form', ctx.locale))}</button></form></section>`;
}
