import type { Disclosure } from './disclosure.types.ts';

/** The read log: an append-only, hash-chained record of who was shown which incident's details. */
export interface AccessLog {
  /**
   * Appends the disclosures durably before the caller shows anything: a disclosure that cannot be recorded is not
   * made (the caller lets the error through). Appending nothing writes nothing.
   */
  record(disclosures: Disclosure[]): Promise<void>;
}
