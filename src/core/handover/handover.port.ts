import type { Incident, IncidentNote } from '../incident/incident.types.ts';
import type { QueuedNotification } from '../notification/notification.types.ts';
import type { OutboxTransaction } from '../shift/shift.port.ts';
import type { Handover, HandoverIncident, NewHandover } from './handover.types.ts';

export type HandoverPatch = Partial<Pick<Handover,
  'status' | 'nextCheckAt' | 'remindedAt' | 'escalatedAt' | 'acceptedAt' | 'acceptedBy' | 'acceptedLate' | 'questions'>>;

export interface HandoverTransaction extends OutboxTransaction {
  /** Inserts the handover and its incidents; null when the outgoing shift already has one (it is not replaced). */
  insert(handover: NewHandover, incidents: HandoverIncident[]): Promise<Handover | null>;
  /** Reads a handover and locks it until the transaction ends. */
  lockByNumber(number: number): Promise<Handover | null>;
  update(id: string, patch: HandoverPatch): Promise<void>;
  /** Claims handovers not accepted whose next check is due (skipping rows another replica holds). */
  claimDue(now: Date, limit: number): Promise<Handover[]>;
  /** The note messages queued for a handover, to replace them once it is accepted. */
  notesOf(handoverId: string): Promise<QueuedNotification[]>;
  /**
   * Records a scheduled send by key; false when it was done before (by this or another replica). Call first in the
   * transaction that queues the send, so the key and the messages commit together.
   */
  claimScheduled(send: { key: string; kind: string; subjectId: string; localDate: string; dueAt: Date; sentAt: Date; late: boolean }): Promise<boolean>;
  setScheduledCount(key: string, notifications: number): Promise<void>;
}

/** Handover storage. */
export interface HandoverStore {
  /** Open incidents routed to one of the agencies in one of the areas, plus those closed since `closedSince`. */
  incidentsInScope(agencyIds: string[], areaIds: string[], closedSince: Date): Promise<Incident[]>;
  /** Notes on the incidents written in [from, to). */
  notesBetween(incidentIds: string[], from: Date, to: Date): Promise<Array<IncidentNote & { incidentId: string }>>;
  findByNumber(number: number): Promise<Handover | null>;
  /** The handovers of outgoing shifts (roster, shift, date). */
  findForShifts(keys: Array<{ rosterId: string; shiftId: string; localDate: string }>): Promise<Handover[]>;
  /** Handovers that passed on an incident, oldest first. */
  forIncident(incidentId: string): Promise<Handover[]>;
  /** Recent handovers of some rosters, newest first. */
  recent(rosterIds: string[], limit: number): Promise<Handover[]>;
  transaction<T>(work: (tx: HandoverTransaction) => Promise<T>): Promise<T>;
}
