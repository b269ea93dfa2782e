import type { DirectoryReader } from '../directory/directory.port.ts';
import type { IncidentStore } from '../incident/incident.port.ts';
import type { Clock } from '../ports/clock.port.ts';
import type { OnDutyResolver } from '../notification/plan-notifications.ts';
import type { AccessLog } from '../access/access-log.port.ts';
import type { IdentityLinks } from '../directory/identity-links.port.ts';
import type { ShiftStore } from '../shift/shift.port.ts';
import type { HandoverStore } from '../handover/handover.port.ts';
import type { DigestStore } from '../digest/digest.port.ts';
import type { PackReader } from '../pack/pack.port.ts';
import type { ActionStore } from '../action/action.port.ts';

/** Told when new notifications are queued, so delivery starts at once instead of at the next poll. */
export interface DeliveryWakeup {
  wake(): void;
}

/**
 * What the use cases need from the outside world, wired once by the composition root (src/cli/compose-app.ts). Every
 * store is built once per process and shared by the commands, the jobs and the on-duty resolver.
 */
export interface CoordinationDeps {
  directory: DirectoryReader;
  incidents: IncidentStore;
  clock: Clock;
  onDuty: OnDutyResolver;
  /** Rosters, overrides and duty sessions (shift commands, handovers, digests, on-duty by roster). */
  shifts: ShiftStore;
  handovers: HandoverStore;
  digests: DigestStore;
  delivery?: DeliveryWakeup;
  /** The read log; every query that shows an incident's details records the disclosure here first. */
  accessLog?: AccessLog;
  /** Where accounts linked by email are recorded; without it nobody is linked by email. */
  identityLinks?: IdentityLinks;
  /** The weekly pack's own reads (trend weeks, agency actions); its other figures are the digest's. */
  packs: PackReader;
  /** The address browsers use (SAMBAND_PUBLIC_URL), for links to the web console's pages in chat; none without it. */
  publicUrl?: string;
  /** Agency actions (issue 13): proposals, answers, done, and their escalation. */
  actions: ActionStore;
}
