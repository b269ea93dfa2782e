import type { BarChart } from '../../../src/core/charts/bar-chart.ts';
import { barChartSvg } from './bar-chart-svg.ts';
import type { MessageAction, OutboundMessage } from '../../../src/core/messages/outbound.types.ts';
import type { Locale } from '../../../src/core/shared/platform.types.ts';
import { formatLocalClock, formatLocalTime } from '../../../src/core/messages/format-time.ts';
import { domId, esc, multiline } from './html.ts';
import { wt } from '../web-texts.ts';

/** Who the page is rendered for: buttons post back as this persona, in this language. */
export interface RenderContext {
  personaId: string;
  /** The UI language the visitor chose (`lang` parameter), when it differs from the persona's own. */
  lang?: Locale;
  locale: Locale;
  timeZone: string;
  /** The channel on screen, so a plain form post (no script) comes back to it. */
  channel?: string;
  /** The visitor's CSRF token, carried by every form that changes something. */
  csrf?: string;
}

export interface MessageMeta {
  messageId: string;
  createdAt?: Date;
  updatedAt?: Date;
}

/** The CSRF token as a hidden field, in every form that posts (never in a GET form: it would end up in URLs). */
export function csrfField(ctx: RenderContext): string {
  return ctx.csrf ? `<input type="hidden" name="csrf" value="${esc(ctx.csrf)}">` : '';
}

/** Hidden fields every console form carries so the server knows who acts. */
export function personaFields(ctx: RenderContext): string {
  return `<input type="hidden" name="as" value="${esc(ctx.personaId)}">${ctx.lang ? `<input type="hidden" name="lang" value="${esc(ctx.lang)}">` : ''}`
    + (ctx.channel ? `<input type="hidden" name="channel" value="${esc(ctx.channel)}">` : '');
}

/**
 * One OutboundMessage as an accessible HTML card: title, text, facts as a description list, and each action as a
 * real form button posting the action's payload back unchanged (the core validates it). "Not ours" asks for its
 * reason in a labelled field first.
 */
export function renderMessage(message: OutboundMessage, meta: MessageMeta, ctx: RenderContext): string {
  const id = domId('msg', meta.messageId);
  const text = message.text ? `<p class="msg-text">${multiline(message.text)}</p>` : '';
  const facts = message.facts.length
    ? `<dl class="facts">${message.facts.map((f) => `<div><dt>${esc(f.label)}</dt><dd>${multiline(f.value)}</dd></div>`).join('')}</dl>`
    : '';
  const images = (message.charts ?? []).map(renderChart).join('');
  const actions = message.actions.length
    ? `<div class="actions" role="group" aria-label="${esc(wt('msg.actions', ctx.locale))}">${message.actions.map((a, i) => renderAction(a, `${id}-a${i}`, ctx)).join('')}</div>`
    : '';
  return `<article class="msg tone-${esc(message.tone)}" id="${id}" data-message-id="${esc(meta.messageId)}"${message.incidentRef ? ` data-incident-ref="${esc(message.incidentRef)}"` : ''} lang="${esc(message.locale)}" aria-labelledby="${id}-title">`
    + `<header><h3 id="${id}-title">${esc(message.title)}</h3>${timeStamp(meta, ctx)}</header>${text}${facts}${images}${actions}</article>`;
}

/**
 * A chart as an image from a data URI: an SVG inside <img> cannot run script, whatever it holds. The facts carry the
 * same numbers for screen readers; the alt text says what the chart shows.
 */
function renderChart(chart: BarChart): string {
  const svg = barChartSvg(chart.bars, { title: chart.title, unit: chart.unit });
  const src = `data:image/svg+xml;base64,${Buffer.from(svg, 'utf8').toString('base64')}`;
  return `<figure class="msg-chart"><img src="${src}" alt="${esc(chart.alt)}"><figcaption>${esc(chart.title)}</figcaption></figure>`;
}

function timeStamp(meta: MessageMeta, ctx: RenderContext): string {
  if (!meta.createdAt) return '';
  const created = `<time datetime="${meta.createdAt.toISOString()}" title="${esc(formatLocalTime(meta.createdAt, ctx.timeZone))}">${esc(formatLocalClock(meta.createdAt, ctx.timeZone))}</time>`;
  const updated = meta.updatedAt && meta.updatedAt.getTime() - meta.createdAt.getTime() >= 1000
    ? ` <span class="updated">(${esc(wt('msg.updated', ctx.locale, { time: formatLocalClock(meta.updatedAt, ctx.timeZone) }))})</span>`
    : '';
  return `<p class="msg-time">${created}${updated}</p>`;
}

function renderAction(action: MessageAction, id: string, ctx: RenderContext): string {
  const style = action.style ? ` btn-${action.style}` : '';
  const hidden = `${personaFields(ctx)}${csrfField(ctx)}<input type="hidden" name="payload" value="${esc(JSON.stringify(action.payload))}">`;
  if (!action.needsReason) {
    return `<form class="action-form js-post" method="post" action="/action">${hidden}<button type="submit" class="btn${style}" data-action="${esc(action.payload.action)}">${esc(action.label)}</button></form>`;
  }
  return `<details class="reason"><summary class="btn${style}" data-action="${esc(action.payload.action)}">${esc(action.label)}</summary>`
    + `<form class="action-form js-post" method="post" action="/action" novalidate>${hidden}`
    + `<label for="${id}-reason">${esc(action.needsReason.label)}</label>`
    + `<input id="${id}-reason" name="reason" type="text" autocomplete="off" placeholder="${esc(action.needsReason.placeholder)}">`
    + `<button type="submit" class="btn${style}">${esc(wt('msg.send_reason', ctx.locale))}</button></form></details>`;
}
