import type { AuditEventInput } from '../audit/audit.types.ts';
import type { CalendarToken } from './calendar.types.ts';

/** Writes that commit together with their audit events. */
export interface CalendarTokenTransaction {
  insert(token: CalendarToken): Promise<void>;
  /** Marks an unrevoked token revoked; false when there is none by that id or it was revoked before. */
  revoke(id: string, at: Date, by: string): Promise<boolean>;
  /** Appends audit events; call last (the chain lock is held until commit). */
  audit(events: AuditEventInput[]): Promise<void>;
}

/** Calendar feed tokens: looked up by the token's hash, issued and revoked in audited transactions. */
export interface CalendarTokenStore {
  /** The token whose SHA-256 is `tokenHash`, revoked or not; null when there is none. */
  byHash(tokenHash: string): Promise<CalendarToken | null>;
  /** The token with this id, revoked or not; null when there is none. */
  byId(id: string): Promise<CalendarToken | null>;
  /** Every token, newest first (for listing; the hashes say nothing of the tokens). */
  list(): Promise<CalendarToken[]>;
  transaction<T>(work: (tx: CalendarTokenTransaction) => Promise<T>): Promise<T>;
}
