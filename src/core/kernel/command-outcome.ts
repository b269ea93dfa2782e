import type { Incident } from '../incident/incident.types.ts';
import type { IncidentFormSpec, OutboundMessage } from '../messages/outbound.types.ts';

/** What a command produced for the person who sent it. Notifications to others are queued, not returned. */
export interface CommandOutcome {
  replies: OutboundMessage[];
  /** Show the incident form (Slack modal, Teams card, web form). */
  form?: IncidentFormSpec;
  incident?: Incident;
  /** False when nothing was written (a refusal, a query, a double click). */
  changed: boolean;
}
