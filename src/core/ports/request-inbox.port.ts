import type { PlatformName } from '../shared/platform.types.ts';

/** A request as an adapter stores it before acknowledging it. */
export interface InboxEntry {
  /** Platform-scoped request key, the same for every delivery of one request (`slack:<trigger_id>`, ...). */
  key: string;
  platform: PlatformName;
  /** The adapter's own description of the request: enough to run it again after a restart, and no secrets. */
  payload: unknown;
}

/**
 * What became of a request at the door: `stored` in the database (run it now), a `duplicate` of one already stored
 * (acknowledge, do nothing), or `spooled` to the local spool because the database could not take it (acknowledge with
 * "received, will be registered when the database is back"; it runs once the database returns).
 */
export type InboxAcceptance = 'stored' | 'duplicate' | 'spooled';

/** One run of a stored request. */
export interface InboxAttempt {
  /** 1 for the first run. */
  number: number;
  /** The last try: tell the person it failed instead of throwing (a throw is retried later, with backoff). */
  last: boolean;
  /** Run after a restart, a failure or an outage, not straight after the request: the person waits for no answer. */
  replayed: boolean;
}

/** Runs one stored request of a platform: the same work the adapter does straight after the acknowledgement. */
export type InboxHandler = (payload: unknown, attempt: InboxAttempt) => Promise<void>;

/**
 * The durable inbox: "received" means stored. Adapters accept a request before they acknowledge it, then run it;
 * whatever was accepted runs to the end exactly once per request key, across crashes, restarts, replicas and
 * database outages (the core's request keys make a repeated run change nothing).
 */
export interface RequestInbox {
  /**
   * Stores a request before it is acknowledged: in the database, or in the local spool when the database cannot take
   * it within a short time. Never throws.
   */
  accept(entry: InboxEntry): Promise<InboxAcceptance>;
  /**
   * Runs a request this process has just stored (`accept` said `stored`) and records that it finished. A failure is
   * not thrown: the request is handed back and run again later through the platform's handler.
   */
  run(key: string, work: (attempt: InboxAttempt) => Promise<void>): Promise<void>;
  /** Says how a platform's stored requests are run when they are replayed (after a restart, a failure or an outage). */
  handle(platform: PlatformName, handler: InboxHandler): void;
}
