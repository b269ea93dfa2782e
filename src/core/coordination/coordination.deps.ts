import type { DirectoryReader } from '../directory/directory.port.ts';
import type { IncidentStore } from '../incident/incident.port.ts';
import type { Clock } from '../ports/clock.port.ts';
import type { OnDutyResolver } from '../notification/plan-notifications.ts';
import type { PlatformName } from '../shared/platform.types.ts';
import type { Person } from '../directory/directory.types.ts';
import type { Directory } from '../directory/directory.ts';
import type { Locale } from '../shared/platform.types.ts';
import type { AccessLog } from '../access/access-log.port.ts';

/** Told when new notifications are queued, so delivery starts at once instead of at the next poll. */
export interface DeliveryWakeup {
  wake(): void;
}

/** What the use cases need from the outside world, wired by the composition root. */
export interface CoordinationDeps {
  directory: DirectoryReader;
  incidents: IncidentStore;
  clock: Clock;
  onDuty: OnDutyResolver;
  delivery?: DeliveryWakeup;
  /** The read log; every query that shows an incident's details records the disclosure here first. */
  accessLog?: AccessLog;
}

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
