import type { BarChart } from '../charts/bar-chart.ts';
import type { Locale } from '../shared/platform.types.ts';

/** What an incident button does. */
export type IncidentActionKind = 'ack' | 'responding' | 'decline' | 'close' | 'reopen';

/**
 * The value a button carries, one variant per kind of button. Every platform sends it back unchanged when it is
 * pressed; the core checks it with zod (parse-submission.ts) before it becomes a Command.
 */
export type ActionPayload =
  /** An answer or a state change of an incident, for the agency the notification was addressed to. */
  | { action: IncidentActionKind; incidentRef: string; agencyId?: string }
  /** The incoming shift accepts a handover (`questions`: with questions, typed in the reason field). */
  | { action: 'handover.accept' | 'handover.questions'; handoverRef: string }
  /** Lead agency and situation reports: take the lead for `agencyId`; post a report (its text in the reason field). */
  | { action: 'lead' | 'sitrep'; incidentRef: string; agencyId?: string }
  /** An agency's answer to a proposed action (`decline`: with a reason), or marking it done (`42/1` as `actionRef`). */
  | { action: 'action.accept' | 'action.decline' | 'action.done'; actionRef: string }
  /** Propose an action on the incident: the agency, text and optional due date typed in the reason field. */
  | { action: 'action.propose'; incidentRef: string };

/** What a button does (the `action` of its payload). */
export type ActionKind = ActionPayload['action'];

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
