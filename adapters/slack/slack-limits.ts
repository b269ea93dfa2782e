/**
 * Slack's published Block Kit and Web API limits that the renderers keep to. Slack rejects a message that breaks any
 * of them (`invalid_blocks`), so every text that comes from people is cut to fit before it is sent.
 */
export const SLACK_LIMITS = {
  /** Blocks in one message. */
  messageBlocks: 50,
  /** Blocks in one modal view. */
  modalBlocks: 100,
  /** `text` of a section block. */
  sectionText: 3000,
  /** Each entry of a section's `fields`. */
  fieldText: 2000,
  /** Entries in a section's `fields`. */
  sectionFields: 10,
  /** `text` of a header block. */
  headerText: 150,
  /** `text` of a button. */
  buttonText: 75,
  /** `value` of a button. */
  buttonValue: 2000,
  /** Elements in one actions block. */
  actionElements: 25,
  /** `action_id` and `block_id`. */
  actionId: 255,
  /** Top-level `text` (the notification fallback) of chat.postMessage. */
  fallbackText: 40000,
  /** Elements in one context block. */
  contextElements: 10,
  /** Modal title, submit and close labels. */
  modalTitle: 24,
  /** Input block label. */
  inputLabel: 2000,
  /** Input placeholder. */
  placeholder: 150,
  /** Option text of a select. */
  optionText: 75,
  /** Option value of a select. */
  optionValue: 150,
  /** Options of one static_select, and options of one option group. */
  selectOptions: 100,
  /** Option groups of one static_select. */
  optionGroups: 100,
  /** `max_length` of a plain_text_input. */
  textInput: 3000,
  /** A view's private_metadata. */
  privateMetadata: 3000,
} as const;

/**
 * Escapes the three characters Slack's mrkdwn gives meaning to, so text typed by people cannot ping channels
 * (`<!channel>`), fake links or mention users.
 */
export function escapeMrkdwn(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** Cuts text to at most `max` characters, ending with an ellipsis when it was cut. Never splits a surrogate pair. */
export function truncate(text: string, max: number): string {
  if (text.length <= max) return text;
  let cut = max - 1;
  if (cut > 0 && isHighSurrogate(text.charCodeAt(cut - 1))) cut -= 1;
  return `${text.slice(0, Math.max(0, cut))}…`;
}

/**
 * Splits text into pieces of at most `max` characters, preferring line breaks, then spaces. Pieces are cut from the
 * raw text and measured after `measure` (e.g. escaping), so escaped entities never straddle two pieces.
 */
export function splitText(text: string, max: number, measure: (piece: string) => string = (p) => p): string[] {
  const pieces: string[] = [];
  let rest = text;
  while (rest.length > 0) {
    if (measure(rest).length <= max) {
      pieces.push(rest);
      break;
    }
    let end = fitLength(rest, max, measure);
    const window = rest.slice(0, end);
    const breakAt = Math.max(window.lastIndexOf('\n'), window.lastIndexOf(' '));
    if (breakAt > end / 2) end = breakAt + 1;
    if (isHighSurrogate(rest.charCodeAt(end - 1))) end -= 1;
    pieces.push(rest.slice(0, end));
    rest = rest.slice(end);
  }
  return pieces;
}

/** The longest prefix length whose measured form fits in `max` (binary search; escaping only ever grows text). */
function fitLength(text: string, max: number, measure: (piece: string) => string): number {
  let low = 1;
  let high = Math.min(text.length, max);
  while (low < high) {
    const mid = Math.ceil((low + high) / 2);
    if (measure(text.slice(0, mid)).length <= max) low = mid;
    else high = mid - 1;
  }
  return low;
}

function isHighSurrogate(code: number): boolean {
  return code >= 0xd800 && code <= 0xdbff;
}
