import type { types } from '@slack/bolt';
import type { MessageAction, MessageFact, OutboundMessage } from '../../src/core/messages/outbound.types.ts';
import type { Locale } from '../../src/core/shared/platform.types.ts';
import { ACTION_ID, encodeButtonValue } from './button-value.ts';
import { SLACK_LIMITS, escapeMrkdwn, splitText, truncate } from './slack-limits.ts';
import { slackText } from './slack-texts.ts';

/** A message ready for chat.postMessage, chat.update, chat.postEphemeral or a response_url. */
export interface RenderedMessage {
  text: string;
  blocks: types.KnownBlock[];
}

const TONE_EMOJI: Record<OutboundMessage['tone'], string> = {
  info: ':information_source:',
  success: ':white_check_mark:',
  warning: ':rotating_light:',
  error: ':warning:',
};

/** Most description sections a message gets; beyond this the text is cut (a chat message is not an archive). */
const MAX_TEXT_SECTIONS = 4;
/** A fact short enough to sit in a two-column field. */
const SHORT_FACT = { chars: 300, lines: 4 };

/**
 * Renders the core's neutral message as Block Kit: a header (or one line for short replies), the text, the facts as
 * fields, and the buttons. Whatever the input, the result keeps to Slack's limits (blocks per message, text per
 * section and field, button text and value); text that had to be cut says so.
 */
export function renderMessageBlocks(message: OutboundMessage): RenderedMessage {
  const { locale } = message;
  const emoji = TONE_EMOJI[message.tone];
  const short = message.facts.length === 0 && message.actions.length === 0 && !message.charts?.length && (message.text ?? '').length <= 500;
  const text = truncate(escapeMrkdwn(message.fallback || message.title), SLACK_LIMITS.fallbackText);
  if (short) {
    const body = `${emoji} *${escapeMrkdwn(message.title)}*${message.text ? `\n${escapeMrkdwn(message.text)}` : ''}`;
    return { text, blocks: [section(truncate(body, SLACK_LIMITS.sectionText))] };
  }

  const head: types.KnownBlock = {
    type: 'header',
    text: { type: 'plain_text', text: truncate(`${emoji} ${message.title}`, SLACK_LIMITS.headerText), emoji: true },
  };
  const actions = actionBlocks(message.actions, locale);
  // Header, a possible "shortened" note and at least one text section are always reserved. Charts are not drawn:
  // Slack takes images only from a public URL, and the facts carry the same numbers.
  const facts = factBlocks(message.facts, locale).slice(0, SLACK_LIMITS.messageBlocks - 3 - actions.length);
  const room = SLACK_LIMITS.messageBlocks - 2 - facts.length - actions.length;
  const { blocks: textBlocks, shown } = textSections(message.text ?? '', Math.min(MAX_TEXT_SECTIONS, Math.max(0, room)));
  const blocks: types.KnownBlock[] = [head, ...textBlocks, ...facts, ...actions];
  const total = (message.text ?? '').length;
  if (shown < total) {
    blocks.push({ type: 'context', elements: [{ type: 'mrkdwn', text: slackText('text.shortened', locale, { shown, total }) }] });
  }
  return { text, blocks: blocks.slice(0, SLACK_LIMITS.messageBlocks) };
}

function section(text: string): types.SectionBlock {
  return { type: 'section', text: { type: 'mrkdwn', text } };
}

/** The text in up to `maxSections` sections; returns how many characters of the original made it in. */
function textSections(text: string, maxSections: number): { blocks: types.KnownBlock[]; shown: number } {
  if (!text || maxSections === 0) return { blocks: [], shown: 0 };
  const pieces = splitText(text, SLACK_LIMITS.sectionText, escapeMrkdwn);
  const kept = pieces.slice(0, maxSections);
  const shown = kept.reduce((sum, piece) => sum + piece.length, 0);
  return { blocks: kept.map((piece) => section(escapeMrkdwn(piece))), shown };
}

/** Short facts two by two in fields (ten per section); long ones (the agencies' states) in their own section. */
function factBlocks(facts: MessageFact[], locale: Locale): types.KnownBlock[] {
  const blocks: types.KnownBlock[] = [];
  let fields: types.MrkdwnElement[] = [];
  const flush = () => {
    if (fields.length) blocks.push({ type: 'section', fields });
    fields = [];
  };
  for (const fact of facts) {
    const isShort = fact.label.length + fact.value.length <= SHORT_FACT.chars && fact.value.split('\n').length <= SHORT_FACT.lines;
    if (isShort) {
      fields.push({ type: 'mrkdwn', text: truncate(`*${escapeMrkdwn(fact.label)}*\n${escapeMrkdwn(fact.value)}`, SLACK_LIMITS.fieldText) });
      if (fields.length === SLACK_LIMITS.sectionFields) flush();
      continue;
    }
    flush();
    blocks.push(section(longFact(fact, locale)));
  }
  flush();
  return blocks;
}

/** A long fact cut at a line so it fits one section, saying how many lines were left out. */
function longFact(fact: MessageFact, locale: Locale): string {
  const label = `*${escapeMrkdwn(truncate(fact.label, 200))}*\n`;
  const lines = fact.value.split('\n').map(escapeMrkdwn);
  let body = '';
  let used = 0;
  for (const line of lines) {
    const candidate = body ? `${body}\n${line}` : line;
    const more = slackText('list.more', locale, { count: lines.length - used - 1 });
    if (label.length + candidate.length + more.length + 1 > SLACK_LIMITS.sectionText) break;
    body = candidate;
    used += 1;
  }
  if (used === 0) body = truncate(lines[0] ?? '', SLACK_LIMITS.sectionText - label.length - 40);
  const rest = lines.length - Math.max(used, 1);
  const tail = rest > 0 ? `\n${slackText('list.more', locale, { count: rest })}` : '';
  return truncate(`${label}${body}${tail}`, SLACK_LIMITS.sectionText);
}

/** Buttons, 25 to an actions block; a button whose value would not fit is left out rather than breaking the message. */
function actionBlocks(actions: MessageAction[], locale: Locale): types.KnownBlock[] {
  const buttons: types.Button[] = [];
  actions.forEach((action, index) => {
    const value = encodeButtonValue(action, locale);
    if (!value) return;
    const button: types.Button = {
      type: 'button',
      action_id: `${action.needsReason ? ACTION_ID.reason : ACTION_ID.answer}.${index}`,
      text: { type: 'plain_text', text: truncate(action.label, SLACK_LIMITS.buttonText), emoji: true },
      value,
    };
    if (action.style) button.style = action.style;
    buttons.push(button);
  });
  const blocks: types.KnownBlock[] = [];
  for (let i = 0; i < buttons.length; i += SLACK_LIMITS.actionElements) {
    blocks.push({ type: 'actions', block_id: `samband.actions.${i / SLACK_LIMITS.actionElements}`, elements: buttons.slice(i, i + SLACK_LIMITS.actionElements) });
  }
  return blocks.slice(0, 5);
}
