import type { Person } from '../directory/directory.types.ts';
import type { Directory } from '../directory/directory.ts';
import type { Locale, PlatformName } from '../shared/platform.types.ts';

/** Who acts, from where: every use case gets this and writes it into the audit trail. */
export interface Actor {
  person: Person;
  directory: Directory;
  locale: Locale;
  platform: PlatformName;
  /** Request id for the audit trail (Slack trigger id, Teams activity id, web request id). */
  requestId: string;
  /**
   * Same key for a retried delivery of the same request: registration with a known key returns the first result;
   * every other state-changing command with a known key changes nothing (see request-once.ts).
   */
  requestKey?: string;
}
