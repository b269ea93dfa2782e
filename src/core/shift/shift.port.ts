import type { AuditEventInput } from '../audit/audit.types.ts';
import type { NewNotification } from '../notification/notification.types.ts';
import type { RequestKeyGate } from '../coordination/request-key.port.ts';
import type { DutySession, RosterAssignment, RosterOverride, RosterSnapshot } from './shift.types.ts';

/**
 * Rosters, overrides and duty sessions as one snapshot. Implementations cache it: on-duty resolution runs inside the
 * incident registration transaction and must not wait for storage (embedded PGlite has one connection).
 */
export interface RosterSource {
  /** The current snapshot; at most a few seconds old, and fresh after a change made through this process. */
  snapshot(): Promise<RosterSnapshot>;
}

/** Writes that commit or roll back together, each with its audit event and any messages. */
export interface OutboxTransaction extends RequestKeyGate {
  enqueue(notifications: NewNotification[]): Promise<void>;
  /** Appends audit events; call last, the chain lock is held until commit. */
  audit(events: AuditEventInput[]): Promise<void>;
}

export interface ShiftTransaction extends OutboxTransaction {
  addOverrides(overrides: Array<RosterOverride & { createdBy: string }>): Promise<void>;
  addSession(session: DutySession & { createdBy: string; createdAt: Date }): Promise<void>;
  /** Ends the person's sessions of a state that run at `at` (their end becomes `at`); returns how many. */
  endSessions(personId: string, state: DutySession['state'], at: Date): Promise<number>;
  addAssignment(rosterId: string, assignment: RosterAssignment): Promise<void>;
  /** Removes a person's default assignments to a shift; returns how many. */
  removeAssignments(rosterId: string, shiftId: string, personId: string): Promise<number>;
}

/** Roster storage: the cached snapshot, and audited changes that refresh it once committed. */
export interface ShiftStore extends RosterSource {
  /** Reads storage again (commands that show the roster want the latest). */
  fresh(): Promise<RosterSnapshot>;
  transaction<T>(work: (tx: ShiftTransaction) => Promise<T>): Promise<T>;
}
