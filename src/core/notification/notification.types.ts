import type { ChatAddress } from '../shared/platform.types.ts';
import type { OutboundMessage } from '../messages/outbound.types.ts';

export type NotificationKind =
  | 'incident.new'
  | 'incident.update'
  | 'incident.followup'
  | 'incident.escalation'
  | 'action.proposal'
  | 'action.update'
  | 'action.outcome'
  | 'action.escalation'
  /** A scheduled weekly pack (issue 13). */
  | 'pack.scheduled'
  /** Shift, handover and digest messages: stored rows keep the names they were written with. */
  | `ext.${string}`;

/** A message to deliver, written in the same transaction as the change it tells about. */
export interface NewNotification {
  id: string;
  /** Stable across retries and redeliveries; platforms get it so a duplicate is recognisable. */
  idempotencyKey: string;
  kind: NotificationKind;
  incidentId?: string;
  agencyId?: string;
  personId?: string;
  address: ChatAddress;
  message: OutboundMessage;
  /** Replace the message sent for this notification (chat.update) instead of posting a new one. */
  updatesId?: string;
  /** Post in the thread of the message sent for this notification. */
  threadOfId?: string;
  notBefore: Date;
}

/** A notification already queued, as far as later updates need to know it. */
export interface QueuedNotification {
  id: string;
  kind: string;
  agencyId: string | null;
  personId: string | null;
  address: ChatAddress;
}
