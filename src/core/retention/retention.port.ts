import type { AuditEventInput } from '../audit/audit.types.ts';
import type { Incident } from '../incident/incident.types.ts';
import type { OutboundMessage } from '../messages/outbound.types.ts';
import type { NewNotification, QueuedNotification } from '../notification/notification.types.ts';

/** What one erasure removed, for its audit event (counts only: the audit trail never holds the text). */
export interface ErasedCounts {
  notes: number;
  notifications: number;
  deliveryErrors: number;
  webMessages: number;
  inboxRequests: number;
  handovers: number;
  /** Situation reports whose text (and author) was removed. */
  situationReports: number;
  /** Agency actions whose text, decline reason, done note and people were erased (issue 13). */
  actions: number;
}

/** One erasure's changes: all commit together with its audit event, or none does. */
export interface RetentionTransaction {
  /** Reads the incident and locks it until the transaction ends (a hold arriving meanwhile waits, then sees it erased). */
  lockIncident(incidentId: string): Promise<Incident | null>;
  /** Messages Samband posted about the incident that exist on a platform (sent, with a platform message id). */
  postedMessages(incidentId: string): Promise<QueuedNotification[]>;
  /**
   * Removes the incident's free text and personal data: description, confidential details, reporter, who answered,
   * decline reasons, notes, the text and author of its situation reports, the incident's entries in handover notes, the stored bodies of its notifications and web
   * console messages (replaced by `replacement`), delivery error texts and its stored inbound requests. Keeps the
   * skeleton: number, area, category, severity, times, agencies and their states. Marks it erased at `at`.
   */
  erase(incident: Incident, replacement: OutboundMessage, at: Date): Promise<ErasedCounts>;
  /** Queues notifications (the replacements of posted messages). */
  enqueue(notifications: NewNotification[]): Promise<void>;
  /** Appends audit events; call last. */
  audit(events: AuditEventInput[]): Promise<void>;
}

/** Storage the retention job needs. */
export interface RetentionStore {
  /** Closed, not yet erased incidents closed at or before `closedBy` (held ones too), oldest closing first, at most `limit`. */
  closedBy(closedBy: Date, limit: number): Promise<Incident[]>;
  /** Runs `work` in one transaction. */
  transaction<T>(work: (tx: RetentionTransaction) => Promise<T>): Promise<T>;
}
