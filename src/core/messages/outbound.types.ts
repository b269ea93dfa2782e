import type { BarChart } from '../charts/bar-chart.ts';
import type { Locale } from '../shared/platform.types.ts';

/** What a button does. Every platform sends this back unchanged when it is pressed. */
export type ActionKind = 'ack' | 'responding' | 'decline' | 'close' | 'reopen' | ExtensionActionKind;

/**
 * A button of a later domain: `ext.<domain>.<verb>` (e.g. `ext.handover.accept`), routed to the extension that owns
 * the `ext.<domain>` command kind.
 */
export type ExtensionActionKind = `ext.${string}`;

/** The value a button carries: which incident, and for which agency the presser acts. */
export interface ActionPayload {
  action: ActionKind;
  /** The incident; for extension actions (`ext.*`) the extension's own reference, e.g. a handover `HO-0042`. */
  incidentRef: string;
  /** The agency the notification was addressed to; the presser must belong to it. */
  agencyId?: string;
}

export interface MessageAction {
  payload: ActionPayload;
  label: string;
  style?: 'primary' | 'danger';
  /** The platform must ask for a free-text reason before sending (Not ours). */
  needsReason?: { label: string; placeholder: string };
}

export interface MessageFact {
  label: string;
  value: string;
}

/**
 * The one neutral message model. Adapters render it as Block Kit, an Adaptive Card or HTML, and keep it within
 * their platform's limits; the core never formats for a platform.
 */
export interface OutboundMessage {
  locale: Locale;
  tone: 'info' | 'success' | 'warning' | 'error';
  title: string;
  text?: string;
  facts: MessageFact[];
  actions: MessageAction[];
  /** Plain-text summary for notifications and screen readers. */
  fallback: string;
  /** The incident this message is about, for threading and updates. */
  incidentRef?: string;
  /** Where the message may be seen: `reply` only by the person who asked. */
  audience?: 'reply' | 'notification';
  /**
   * Charts that go with the message (daily digests), as data: each platform draws them its own way, or not at all.
   * The facts and text already carry the same numbers, so a platform that cannot show images loses only the picture.
   */
  charts?: BarChart[];
}

export interface FormOption {
  value: string;
  label: string;
}

export interface FormField {
  id: 'area' | 'category' | 'severity' | 'description' | 'sensitiveDetails';
  label: string;
  kind: 'select' | 'text' | 'textarea';
  required: boolean;
  options?: FormOption[];
  maxLength?: number;
  placeholder?: string;
  initial?: string;
}

/** The incident form (Slack modal, Teams card, web form), built by the core so every platform asks the same. */
export interface IncidentFormSpec {
  locale: Locale;
  title: string;
  submitLabel: string;
  fields: FormField[];
}
