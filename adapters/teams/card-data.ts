import { z } from 'zod';

/**
 * What Samband's card buttons carry. Teams merges the card's input values into the same object (Action.Execute's
 * `data`, Action.Submit's `value`), so our keys are namespaced and the inputs have ids nobody else uses.
 */
export const CARD_DATA_KEY = 'samband';
export const REASON_INPUT_ID = 'sambandReason';
/**
 * Which reason field a button reads, when its card has more than one ("Not ours" and a situation report): input ids
 * must be unique in a card, so the second is `sambandReason1` and so on, and the button names its own.
 */
export const REASON_INPUT_KEY = 'sambandInput';
const REASON_INPUT_PATTERN = /^sambandReason\d*$/;
export const VERB_ACTION = 'samband.action';
export const VERB_FORM = 'samband.form';

/** A button press: `payload` is the core's ActionPayload, checked by the core. */
const actionData = z.object({
  [CARD_DATA_KEY]: z.literal('action'),
  payload: z.unknown(),
  [REASON_INPUT_ID]: z.string().max(10_000).optional(),
  [REASON_INPUT_KEY]: z.string().regex(REASON_INPUT_PATTERN).optional(),
}).passthrough();

/** The incident form: field values are checked by the core; here only their shape (strings, bounded). */
const formValue = z.union([z.string().max(100_000), z.number()]).optional().nullable();
const formData = z.object({
  [CARD_DATA_KEY]: z.literal('form'),
  area: formValue,
  category: formValue,
  severity: formValue,
  description: formValue,
  sensitiveDetails: formValue,
});

export type CardSubmission =
  | { kind: 'action'; payload: unknown; reason?: string }
  | { kind: 'form'; values: Record<string, string> }
  | { kind: 'foreign'; value: unknown };

/** Reads what a card sent back. Data that is not Samband's is `foreign` (the core explains it is not a valid button). */
export function parseCardData(value: unknown): CardSubmission {
  const action = actionData.safeParse(value);
  if (action.success) {
    const field = action.data[action.data[REASON_INPUT_KEY] ?? REASON_INPUT_ID];
    const reason = typeof field === 'string' ? field.slice(0, 10_000).trim() : undefined;
    return { kind: 'action', payload: action.data.payload, reason: reason || undefined };
  }
  const form = formData.safeParse(value);
  if (form.success) {
    const values: Record<string, string> = {};
    for (const key of ['area', 'category', 'severity', 'description', 'sensitiveDetails'] as const) {
      const raw = form.data[key];
      if (raw !== undefined && raw !== null && String(raw).trim() !== '') values[key] = String(raw);
    }
    return { kind: 'form', values };
  }
  return { kind: 'foreign', value };
}
