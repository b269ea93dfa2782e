/** One state-changing request, recorded by its key in the transaction that carries out its change. */
export interface RequestKeyClaim {
  /** The request key the adapter or the inbox gave the request (same for every delivery of one request). */
  key: string;
  /** What the request did, e.g. `incident.note`, `shift.on` (for the record and for pruning statistics). */
  kind: string;
  /** What it was about: an incident reference, a person id, a roster id. */
  subject: string;
  at: Date;
}

/**
 * Exactly-once effect for requests that may be delivered (or run from the inbox) more than once. Every store
 * transaction a state-changing command runs in offers this.
 */
export interface RequestKeyGate {
  /**
   * Records the key in this transaction, so it exists exactly when the transaction's change commits. Returns false,
   * recording nothing, when an earlier delivery of the same request committed; a concurrent delivery still in flight
   * is waited for. Call before writing anything else.
   */
  claimRequestKey(claim: RequestKeyClaim): Promise<boolean>;
}
