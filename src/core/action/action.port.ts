import type { OutboxTransaction } from '../shift/shift.port.ts';
import type { QueuedNotification } from '../notification/notification.types.ts';
import type { ActionIncident, ActionPatch, AgencyAction, NewAction } from './action.types.ts';

/** An action due for its next escalation step, with its incident. */
export interface DueAction {
  action: AgencyAction;
  incident: ActionIncident;
}

/** Action writes that commit or roll back together, each with its audit events and messages. */
export interface ActionTransaction extends OutboxTransaction {
  /** Reads the incident (with its lead agency) and locks it until the transaction ends, so actions on it queue. */
  lockIncident(number: number): Promise<ActionIncident | null>;
  /** Inserts a proposal with the incident's next number (the incident must be locked); returns it as stored. */
  insert(action: NewAction): Promise<AgencyAction>;
  /** Reads an action and locks it until the transaction ends. */
  lockAction(incidentId: string, seq: number): Promise<AgencyAction | null>;
  update(id: string, patch: ActionPatch): Promise<void>;
  /**
   * Claims up to `limit` actions, proposed or accepted, of open incidents, whose next escalation time is at or
   * before `dueBy`, earliest first, skipping rows another replica holds.
   */
  claimDue(dueBy: Date, limit: number): Promise<DueAction[]>;
  /** The proposal messages queued for an action (to replace them when its state changes). */
  proposalsOf(actionId: string): Promise<QueuedNotification[]>;
}

/** Storage of agency actions. */
export interface ActionStore {
  /** The actions of an incident, by number. */
  forIncident(incidentId: string): Promise<AgencyAction[]>;
  transaction<T>(work: (tx: ActionTransaction) => Promise<T>): Promise<T>;
}
