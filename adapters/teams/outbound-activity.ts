import type { Activity } from 'botbuilder';
import type { IncidentFormSpec, OutboundMessage } from '../../src/core/messages/outbound.types.ts';
import type { Locale } from '../../src/core/shared/platform.types.ts';
import { CARD_CONTENT_TYPE, renderMessageCard, type AdaptiveCard, type CardNotice } from './card-render.ts';
import { renderFormCard } from './form-render.ts';

export interface ActivityOptions {
  /** The notification's idempotency key, carried in channelData so a redelivered message is recognisable. */
  idempotencyKey?: string;
  /** Raise a Teams activity-feed alert (new notifications, not replies or updates). */
  alert?: boolean;
  /** This copy may repeat an earlier one (a re-send after a crash that Teams cannot be asked about). */
  possibleRepeat?: boolean;
}

/** Samband's languages as Teams names them in activities. */
export const TEAMS_LOCALE = { sv: 'sv-SE', en: 'en-US' } as const satisfies Record<Locale, string>;

/** A message activity carrying one Adaptive Card. */
export function cardActivity(card: AdaptiveCard, locale: Locale, summary: string | undefined, options: ActivityOptions = {}): Partial<Activity> {
  const channelData: Record<string, unknown> = {};
  if (options.idempotencyKey) {
    channelData.samband = { idempotencyKey: options.idempotencyKey, ...(options.possibleRepeat ? { possibleRepeat: true } : {}) };
  }
  if (options.alert) channelData.notification = { alert: true };
  return {
    type: 'message',
    locale: TEAMS_LOCALE[locale],
    ...(summary ? { summary: summary.slice(0, 300) } : {}),
    attachments: [{ contentType: CARD_CONTENT_TYPE, content: card }],
    ...(Object.keys(channelData).length ? { channelData } : {}),
  };
}

/** The neutral message as a Teams message activity. */
export function messageActivity(message: OutboundMessage, options: ActivityOptions = {}, notice?: CardNotice): Partial<Activity> {
  return cardActivity(renderMessageCard(message, notice), message.locale, message.fallback, options);
}

/** The incident form as a Teams message activity. */
export function formActivity(form: IncidentFormSpec): Partial<Activity> {
  return cardActivity(renderFormCard(form), form.locale, form.title);
}

/** An invoke answer that replaces the card the button was on (Universal Actions). */
export function cardInvokeResponse(card: AdaptiveCard): Partial<Activity> {
  return {
    type: 'invokeResponse',
    value: { status: 200, body: { statusCode: 200, type: CARD_CONTENT_TYPE, value: card } },
  };
}

/** An invoke answer that leaves the card as it is and shows a short message. */
export function messageInvokeResponse(text: string): Partial<Activity> {
  return {
    type: 'invokeResponse',
    value: { status: 200, body: { statusCode: 200, type: 'application/vnd.microsoft.activity.message', value: text } },
  };
}

/** An invoke answer for a request that is not valid. */
export function errorInvokeResponse(status: number, message: string): Partial<Activity> {
  return {
    type: 'invokeResponse',
    value: { status: 200, body: { statusCode: status, type: 'application/vnd.microsoft.error', value: { code: 'BadRequest', message } } },
  };
}
