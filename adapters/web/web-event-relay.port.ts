/** What travels between processes: which message changed (the message itself is read from the store). */
export interface WebRelayedEvent {
  kind: 'posted' | 'updated';
  messageId: string;
}

/**
 * The way to the console's other processes (replicas on one PostgreSQL: LISTEN/NOTIFY, in src/infra/web). Without
 * one (PGlite: one process owns the database), events stay in this process.
 */
export interface WebEventRelay {
  /** Tells the other processes that a message was posted or changed here. */
  announce(event: WebRelayedEvent): Promise<void>;
  /** Calls `onEvent` for each announcement from another process (never for this process's own). */
  listen(onEvent: (event: WebRelayedEvent) => void): Promise<void>;
  close(): Promise<void>;
}
