import { z } from 'zod';
import type { ActionPayload, MessageAction } from '../../src/core/messages/outbound.types.ts';
import type { Locale } from '../../src/core/shared/platform.types.ts';
import { SLACK_LIMITS } from './slack-limits.ts';

/** Action ids of Samband's buttons: a plain answer, or one that first asks for a reason (Not ours). */
export const ACTION_ID = { answer: 'samband.answer', reason: 'samband.reason' } as const;
export const ACTION_ID_PATTERN = /^samband\.(answer|reason)(\.\d+)?$/;

/**
 * What a Samband button carries: the core's ActionPayload (`p`, handed back to the core unchanged), the language
 * of the message (`l`) and, for buttons that need a reason, the label and placeholder of the reason field (`n`).
 */
const buttonValueSchema = z.object({
  p: z.unknown(),
  l: z.enum(['sv', 'en']).default('sv'),
  n: z.object({ label: z.string().max(2000), placeholder: z.string().max(2000) }).optional(),
});

export type ButtonValue = { p: unknown; l: Locale; n?: { label: string; placeholder: string } };

/** The button's `value`, or undefined when it would not fit in Slack's limit. */
export function encodeButtonValue(action: MessageAction, locale: Locale): string | undefined {
  const payload: ActionPayload = action.payload;
  const full = JSON.stringify({ p: payload, l: locale, n: action.needsReason });
  if (full.length <= SLACK_LIMITS.buttonValue) return full;
  // The reason texts are a convenience; the payload is what matters.
  const bare = JSON.stringify({ p: payload, l: locale });
  return bare.length <= SLACK_LIMITS.buttonValue ? bare : undefined;
}

/** Reads a button's value back; undefined when it is not one of ours. */
export function decodeButtonValue(value: string | undefined): ButtonValue | undefined {
  if (!value) return undefined;
  try {
    const parsed = buttonValueSchema.safeParse(JSON.parse(value));
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined;
  }
}
