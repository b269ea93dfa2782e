import type { BarChart } from '../../src/core/charts/bar-chart.ts';
import { barChartPng } from './bar-chart-png.ts';
import type { MessageAction, OutboundMessage } from '../../src/core/messages/outbound.types.ts';
import type { Locale } from '../../src/core/shared/platform.types.ts';
import { CARD_DATA_KEY, REASON_INPUT_ID, REASON_INPUT_KEY, VERB_ACTION } from './card-data.ts';
import { escapeCardText, factElements, textBlocks } from './card-text.ts';
import { teamsText } from './teams-texts.ts';

export type CardElement = Record<string, unknown>;

/** An Adaptive Card as Teams takes it. */
export interface AdaptiveCard {
  type: 'AdaptiveCard';
  $schema: string;
  version: string;
  body: CardElement[];
  actions?: CardElement[];
  fallbackText?: string;
  msteams?: Record<string, unknown>;
}

export const CARD_CONTENT_TYPE = 'application/vnd.microsoft.card.adaptive';
/** Teams renders 1.5 on every client (desktop, web, mobile); Action.Execute needs 1.4. */
export const CARD_VERSION = '1.5';
/**
 * Teams refuses a message over about 28 KB (the whole activity). The card gets this much, leaving room for the
 * activity around it (conversation ids, channelData).
 */
export const MAX_CARD_BYTES = 24_000;
/** Teams shows at most six actions on a card. */
export const MAX_ACTIONS = 6;

/** A short line shown above a card, e.g. the answer to the person who pressed a button. */
export interface CardNotice {
  tone: OutboundMessage['tone'];
  text: string;
}

interface Limits {
  title: number;
  text: number;
  fact: number;
  images: boolean;
}

const START: Limits = { title: 400, text: 8000, fact: 2000, images: true };
const FLOOR: Limits = { title: 120, text: 160, fact: 80, images: false };

const TEXT_COLOR = { info: 'Default', success: 'Good', warning: 'Warning', error: 'Attention' } as const;
const CONTAINER_STYLE = { info: 'emphasis', success: 'good', warning: 'warning', error: 'attention' } as const;

/**
 * The neutral message as an Adaptive Card 1.5: title, text, facts and the message's buttons (Action.Execute, and a
 * reason form behind "Not ours"). Long texts are shortened until the card fits Teams' size limit.
 */
export function renderMessageCard(message: OutboundMessage, notice?: CardNotice): AdaptiveCard {
  let limits = START;
  for (;;) {
    const card = build(message, notice, limits);
    if (cardBytes(card) <= MAX_CARD_BYTES || limits.text <= FLOOR.text) return card;
    // Charts go first (the facts carry the same numbers), then the texts get shorter.
    if (limits.images && message.charts?.length) {
      limits = { ...limits, images: false };
      continue;
    }
    limits = {
      images: false,
      title: Math.max(FLOOR.title, Math.floor(limits.title * 0.7)),
      text: Math.max(FLOOR.text, Math.floor(limits.text / 2)),
      fact: Math.max(FLOOR.fact, Math.floor(limits.fact / 2)),
    };
  }
}

/** Size of a card as sent (UTF-8 JSON). */
export function cardBytes(card: AdaptiveCard): number {
  return Buffer.byteLength(JSON.stringify(card), 'utf8');
}

/** A card's outer frame, shared with the form card. */
export function cardFrame(body: CardElement[], actions: CardElement[], fallbackText?: string): AdaptiveCard {
  return {
    type: 'AdaptiveCard',
    $schema: 'http://adaptivecards.io/schemas/adaptive-card.json',
    version: CARD_VERSION,
    body,
    ...(actions.length ? { actions: actions.slice(0, MAX_ACTIONS) } : {}),
    ...(fallbackText ? { fallbackText } : {}),
    msteams: { width: 'Full' },
  };
}

/** The notice block shown on top of a card. */
export function noticeBlock(notice: CardNotice, locale: Locale): CardElement {
  return {
    type: 'Container',
    style: CONTAINER_STYLE[notice.tone],
    items: textBlocks(clip(notice.text, 1000, locale), { weight: 'Bolder' }, { weight: 'Bolder' }),
  };
}

function build(message: OutboundMessage, notice: CardNotice | undefined, limits: Limits): AdaptiveCard {
  const { locale } = message;
  const body: CardElement[] = [];
  if (notice) body.push(noticeBlock(notice, locale));
  body.push({
    type: 'TextBlock',
    text: escapeCardText(clip(message.title.replace(/\s*\n\s*/g, ' '), limits.title, locale)),
    size: 'Medium',
    weight: 'Bolder',
    wrap: true,
    color: TEXT_COLOR[message.tone],
    style: 'heading',
  });
  if (message.text) body.push(...textBlocks(clip(message.text, limits.text, locale)));
  if (limits.images) body.push(...(message.charts ?? []).map(imageBlock));
  body.push(...factElements(message.facts.slice(0, 30).map((f) => ({ label: clip(f.label, 80, locale), value: clip(f.value, limits.fact, locale) }))));
  // Input ids are unique within a card: the first reason field keeps the old id (cards already posted), later ones count.
  let reasons = 0;
  const actions = message.actions.map((a) => renderAction(a, locale, a.needsReason ? `${REASON_INPUT_ID}${reasons++ || ''}` : REASON_INPUT_ID));
  return cardFrame(body, actions, clip(message.fallback, 300, locale));
}

/** Charts drawn once per chart, however many times a card is rebuilt to fit. */
const drawn = new WeakMap<BarChart, string>();

/** A chart drawn as a PNG inline (Teams shows PNG data URIs, and no SVG). */
function imageBlock(chart: BarChart): CardElement {
  let url = drawn.get(chart);
  if (!url) {
    url = `data:image/png;base64,${barChartPng(chart.bars, { title: chart.title, unit: chart.unit }).toString('base64')}`;
    drawn.set(chart, url);
  }
  return { type: 'Image', url, altText: chart.alt.slice(0, 500), size: 'Stretch' };
}

function renderAction(action: MessageAction, locale: Locale, inputId: string): CardElement {
  const style = action.style === 'primary' ? 'positive' : action.style === 'danger' ? 'destructive' : undefined;
  const execute = (title: string, withInput = false) => ({
    type: 'Action.Execute',
    title,
    verb: VERB_ACTION,
    data: { [CARD_DATA_KEY]: 'action', payload: action.payload, ...(withInput && inputId !== REASON_INPUT_ID ? { [REASON_INPUT_KEY]: inputId } : {}) },
    ...(style ? { style } : {}),
  });
  if (!action.needsReason) return execute(action.label);
  // "Not ours" asks for a reason first: the button opens a small form inside the card.
  return {
    type: 'Action.ShowCard',
    title: action.label,
    card: {
      type: 'AdaptiveCard',
      body: [{
        type: 'Input.Text',
        id: inputId,
        label: action.needsReason.label,
        placeholder: action.needsReason.placeholder,
        isMultiline: true,
        isRequired: true,
        maxLength: 2000,
        errorMessage: teamsText('reason.required', locale),
      }],
      actions: [execute(teamsText('reason.send', locale), true)],
    },
  };
}

/** Shortens text to `max` characters, marking the cut; never splits a surrogate pair. */
export function clip(text: string, max: number, locale: Locale): string {
  if (text.length <= max) return text;
  const mark = `… ${teamsText('card.truncated', locale)}`;
  let end = Math.max(0, max - mark.length);
  const code = text.charCodeAt(end - 1);
  if (code >= 0xd800 && code <= 0xdbff) end -= 1;
  return `${text.slice(0, end).trimEnd()}${mark}`;
}
